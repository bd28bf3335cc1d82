// The words of every email, in plain English. Each returns a MailMessage for enqueueMail().
import type { MailMessage } from "./mail.server";
import { escapeHtml } from "~/utils/html";

const SIGN_OFF = "The Victim Voice Forum team";

function layout(paragraphs: string[], link?: { url: string; label: string }): { text: string; html: string } {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : []), "", SIGN_OFF].join("\n\n");
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : "",
    `<p>${SIGN_OFF}</p>`,
  ].join("\n");
  return { text, html };
}

export function invitationEmail(input: {
  to: string;
  url: string;
  roleLabel: string;
  forumNames: string[];
  expiresAt: Date;
  /** Officers join My Met Service (asking victims for feedback), not a forum. */
  officer?: { shoulderNumber: string; boroughName: string };
}): MailMessage {
  const forums = input.forumNames.length ? input.forumNames.join(", ") : "the Victim Voice Forum";
  const body = layout(
    [
      `You have been invited to join ${forums} as a ${input.roleLabel.toLowerCase()}.`,
      input.officer
        ? `As police officer ${input.officer.shoulderNumber} in ${input.officer.boroughName}, you will use My Met Service to ask victims you speak to how well they were treated, and see your own anonymous figures.`
        : "The forum is a safe, moderated space where people who have been victims of crime share their experience and hold the Metropolitan Police and MOPAC to account.",
      "When you join you choose a display name. It is the only name other people will see, so please do not use your real name, your email address or your phone number.",
      `This invitation can be used once and expires on ${input.expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" })}.`,
      "If you were not expecting this email, you can ignore it.",
    ],
    { url: input.url, label: "Accept your invitation" },
  );
  return { kind: "invitation", to: input.to, subject: "Your invitation to the Victim Voice Forum", ...body };
}

export function passwordResetEmail(input: { to: string; displayName: string; url: string }): MailMessage {
  const body = layout(
    [
      `Hello ${input.displayName},`,
      "Someone asked to reset the password for your Victim Voice Forum account. If it was you, use the link below within one hour.",
      "If it was not you, you can ignore this email: your password has not changed.",
    ],
    { url: input.url, label: "Choose a new password" },
  );
  return { kind: "password-reset", to: input.to, subject: "Reset your Victim Voice Forum password", ...body };
}

export function verificationEmail(input: { to: string; displayName: string; url: string }): MailMessage {
  const body = layout(
    [`Hello ${input.displayName},`, "Please confirm this email address for your Victim Voice Forum account."],
    { url: input.url, label: "Confirm your email address" },
  );
  return { kind: "email-verification", to: input.to, subject: "Confirm your email address", ...body };
}

/**
 * The feedback request a victim gets after speaking to an officer: by email, or as a text
 * message (short, with no name of the forum or the crime, in case someone else reads it).
 * Both are erased from the outbox once sent or failed for good.
 */
export function feedbackRequestMessage(input: { channel: "email" | "text"; to: string; url: string; expiresAt: Date }): MailMessage {
  const until = input.expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", timeZone: "Europe/London" });
  if (input.channel === "text") {
    return {
      kind: "feedback-request",
      channel: "text",
      to: input.to,
      subject: "Feedback request (text message)",
      text: `Metropolitan Police: how well did our officer treat you? Tell us in under a minute, anonymously, until ${until}: ${input.url}`,
      eraseWhenDone: true,
    };
  }
  const body = layout(
    [
      "You spoke to one of our officers recently. How well did they treat you?",
      "Telling us takes under a minute. You do not need an account, and the officer will never know who said what.",
      `The link works once, until ${until}.`,
    ],
    { url: input.url, label: "Give your feedback" },
  );
  return { kind: "feedback-request", channel: "email", to: input.to, subject: "How well did our officer treat you?", eraseWhenDone: true, ...body };
}
