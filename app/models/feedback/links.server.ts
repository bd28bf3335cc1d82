// Feedback links: issued by an officer after one contact with a victim, used once, expired
// after 14 days. Only the token's SHA-256 is stored; the token reaches the victim as a QR code
// shown at once, or through the outbox (email or text), whose row forgets the address once done.
import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { feedbackLink, type FeedbackLink } from "../../../db/schema/feedback";
import { audit } from "~/models/audit/audit-log.server";
import { hashToken } from "~/models/people/invitations.server";
import { publicUrl } from "~/services/config.server";
import { feedbackRequestMessage } from "~/services/emails.server";
import { enqueueMail } from "~/services/mail.server";
import type { CurrentUser } from "~/services/session.server";
import { FEEDBACK_LINK_DAYS, normaliseUkMobile, type ContactKind, type LinkChannel } from "~/utils/feedback";
import { addLondonDays, londonDate } from "~/utils/london-clock";
import { can } from "~/utils/permissions";
import { DAY } from "~/utils/time";
import { database, transaction } from "../database.server";
import { countIssuedLink } from "./counts.server";
import { findOfficer } from "./officers.server";

export class FeedbackError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type IssueInput = {
  contactDate: string;
  contactKind: ContactKind;
  channel: LinkChannel;
  /** The victim's email address (channel email) or mobile number (channel text). */
  address?: string | null;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function feedbackUrl(token: string) {
  return `${publicUrl()}/feedback/${token}`;
}

/** The standing feedback form of a borough: the address in its leaflet's QR code. */
export function standingFeedbackUrl(borough: string) {
  return `${publicUrl()}/feedback/borough/${borough}`;
}

/** The contact's date: a real London day, today or in the link's lifetime before it. */
function checkContactDate(value: string, now: Date) {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new FeedbackError("Enter the date of the contact, like 27 3 2026", "contactDate");
  }
  const today = londonDate(now);
  if (value > today) throw new FeedbackError("The date of the contact must be today or in the past", "contactDate");
  if (value < addLondonDays(today, -FEEDBACK_LINK_DAYS)) throw new FeedbackError(`The contact must be in the last ${FEEDBACK_LINK_DAYS} days`, "contactDate");
}

/**
 * Issues a link for one contact. With channel email or text the message is queued in the same
 * transaction; the address goes only into that outbox row. Returns the token: the caller shows
 * it (QR code) or forgets it (sent).
 */
export async function issueFeedbackLink(actor: CurrentUser, input: IssueInput, now = new Date()) {
  if (!can(actor.role, "feedback:request")) throw new FeedbackError("Only police officers can ask for feedback");
  checkContactDate(input.contactDate, now);
  let address: string | null = null;
  if (input.channel === "email") {
    address = (input.address ?? "").trim().toLowerCase();
    if (!EMAIL.test(address) || address.length > 254) throw new FeedbackError("Enter an email address in the correct format, like name@example.com", "email");
  } else if (input.channel === "text") {
    address = normaliseUkMobile(input.address ?? "");
    if (!address) throw new FeedbackError("Enter a UK mobile number, like 07700 900 982", "phone");
  }
  const place = await findOfficer(actor.id);
  if (!place) throw new FeedbackError("Your account has no borough yet. Please ask an administrator");
  const token = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + FEEDBACK_LINK_DAYS * DAY);
  return transaction(async (tx) => {
    const [link] = await tx
      .insert(feedbackLink)
      .values({
        tokenHash: hashToken(token),
        officerId: actor.id,
        borough: place.borough.slug,
        contactDate: input.contactDate,
        contactKind: input.contactKind,
        channel: input.channel,
        expiresAt,
        createdAt: now,
      })
      .returning();
    await countIssuedLink(tx, link);
    if (address && input.channel !== "qr") {
      await enqueueMail(tx, { ...feedbackRequestMessage({ channel: input.channel, to: address, url: feedbackUrl(token), expiresAt }), idempotencyKey: `feedback-request:${link.id}` });
    }
    await audit(tx, {
      actorId: actor.id,
      action: "feedback-link.issue",
      targetType: "feedback-link",
      targetId: link.id,
      details: { channel: input.channel, contactKind: input.contactKind, borough: place.borough.slug },
    });
    return { link, token, url: feedbackUrl(token) };
  });
}

export type LinkState = "open" | "used" | "expired" | "unknown";

export function linkState(row: Pick<FeedbackLink, "usedAt" | "expiresAt"> | null | undefined, now = new Date()): LinkState {
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  return "open";
}

/** The link a token opens, and its state. */
export async function findFeedbackLink(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return { state: "unknown" as const, link: null };
  const [row] = await database().select().from(feedbackLink).where(eq(feedbackLink.tokenHash, hashToken(token)));
  return { state: linkState(row, now), link: row ?? null };
}

/**
 * Claims an open link for its one answer: a conditional update, so of any number of
 * simultaneous submits exactly one wins. Call inside the transaction that stores the answer.
 */
export async function claimFeedbackLink(token: string, now = new Date()) {
  const [claimed] = await database()
    .update(feedbackLink)
    .set({ usedAt: now })
    .where(and(eq(feedbackLink.tokenHash, hashToken(token)), isNull(feedbackLink.usedAt), gt(feedbackLink.expiresAt, now)))
    .returning();
  return claimed ?? null;
}
