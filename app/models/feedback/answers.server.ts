// A victim's answer to My Met Service, with no account: through a single-use link (claimed in
// the same transaction as the answer is stored, so of any number of simultaneous submits one
// wins) or through a leaflet's standing QR code for a borough (limited per address and per
// borough). The comment is checked for identifying details before it is sent, waits for a
// moderator and is never public. "Tell me about the Victim Voice Forum" leaves a contact that is
// stored apart from the answer so that the two cannot be joined (decision 029).
import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { feedbackAnswer, feedbackInterest, feedbackLink, type FeedbackAnswer } from "../../../db/schema/feedback";
import { hashToken } from "~/models/people/invitations.server";
import { consumeStandingAnswer, refundStandingAnswer, type FeedbackLimitRefusal } from "~/services/feedback-limits.server";
import { isBorough } from "~/utils/boroughs";
import { normaliseUkMobile, type YesPartlyNo } from "~/utils/feedback";
import { londonDate } from "~/utils/london-clock";
import { detectPii } from "~/utils/pii";
import type { PiiFinding } from "~/utils/pii-labels";
import { database, transaction } from "../database.server";
import { countRating, monthOfDate } from "./counts.server";
import { linkState, type LinkState } from "./links.server";

/** The link can no longer take an answer: used, expired, or never issued. */
export class FeedbackLinkGoneError extends Error {
  constructor(readonly state: Exclude<LinkState, "open">) {
    super(state === "unknown" ? "We cannot find this feedback link" : state === "used" ? "This feedback link has already been used" : "This feedback link has expired");
  }
}

/** Too many answers through a standing form from one address or for one borough. */
export class FeedbackLimitError extends Error {
  constructor(readonly refusal: FeedbackLimitRefusal) {
    super(
      refusal.scope === "address"
        ? "We have had several answers from your connection in the last hour. Please try again later."
        : "This borough's form has had a lot of answers in the last hour. Please try again later.",
    );
  }
}

export class FeedbackAnswerError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type AnswerInput = {
  rating: number;
  keptInformed: YesPartlyNo;
  treatedWithRespect: YesPartlyNo;
  toldRights: YesPartlyNo;
  comment?: string | null;
  /** An email address or UK mobile number, when the victim would like to hear about the forum. */
  interestContact?: string | null;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address (lower case) or a UK mobile number (+447…), or null when it is neither. */
export function normaliseInterestContact(value: string): string | null {
  const trimmed = value.trim();
  if (EMAIL.test(trimmed) && trimmed.length <= 254) return trimmed.toLowerCase();
  return normaliseUkMobile(trimmed);
}

export type CommentCheck = { hash: string; fields: { name: "comment"; label: string; text: string; findings: PiiFinding[] }[] };

/**
 * What the identifying-details check finds in a comment, to show the victim before it is sent:
 * null when nothing was found, or when they chose "Send anyway" for this exact text.
 */
export function checkComment(comment: string | null | undefined, confirmed?: string | null): CommentCheck | null {
  const text = comment?.trim() ?? "";
  if (!text) return null;
  const findings = detectPii(text);
  if (!findings.length) return null;
  const hash = createHash("sha256").update("feedback-comment\u0000").update(text).digest("hex");
  if (confirmed && confirmed === hash) return null;
  return { hash, fields: [{ name: "comment", label: "Your comment", text, findings }] };
}

function answerValues(input: AnswerInput) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new FeedbackAnswerError("Choose how well the officer treated you", "rating");
  const comment = input.comment?.trim() || null;
  return {
    rating: input.rating,
    keptInformed: input.keptInformed,
    treatedWithRespect: input.treatedWithRespect,
    toldRights: input.toldRights,
    comment,
    commentFindings: comment ? detectPii(comment) : null,
    commentStatus: comment ? "pending" : null,
  };
}

function interestOf(input: AnswerInput): string | null {
  if (!input.interestContact?.trim()) return null;
  const contact = normaliseInterestContact(input.interestContact);
  if (!contact) throw new FeedbackAnswerError("Enter an email address like name@example.com, or a UK mobile number like 07700 900 982", "interestContact");
  return contact;
}

/**
 * The contact goes in a transaction of its own, after the answer's has committed: rows written
 * in one transaction share its id (xmin), which would join them. Only the month is kept.
 */
async function storeInterest(contact: string | null, now: Date) {
  if (!contact) return;
  await transaction(async (tx) => {
    await tx.insert(feedbackInterest).values({ contact, month: londonDate(now).slice(0, 7) });
  });
}

/** Stores the one answer a single-use link takes. Throws FeedbackLinkGoneError when it cannot. */
export async function answerFeedbackLink(token: string, input: AnswerInput, now = new Date()): Promise<FeedbackAnswer> {
  const values = answerValues(input);
  const contact = interestOf(input);
  const stored = await transaction(async (tx) => {
    // The claim is a conditional update: simultaneous submits queue on the row's lock and
    // every one after the first finds it used.
    const [link] = await tx
      .update(feedbackLink)
      .set({ usedAt: now })
      .where(and(eq(feedbackLink.tokenHash, hashToken(token)), isNull(feedbackLink.usedAt), gt(feedbackLink.expiresAt, now)))
      .returning();
    if (!link) return null;
    const [answer] = await tx
      .insert(feedbackAnswer)
      .values({ ...values, linkId: link.id, channel: "link", officerId: link.officerId, borough: link.borough, contactKind: link.contactKind, answeredAt: now })
      .returning();
    // Counted in the month of the contact, as the link was (its report already exists).
    await countRating(tx, { borough: link.borough, month: monthOfDate(link.contactDate), source: "link", contactKind: link.contactKind, rating: values.rating }, { ensureReport: false });
    return answer;
  });
  if (!stored) {
    const [row] = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await database().select().from(feedbackLink).where(eq(feedbackLink.tokenHash, hashToken(token))) : [];
    throw new FeedbackLinkGoneError(linkState(row, now) === "open" ? "used" : (linkState(row, now) as Exclude<LinkState, "open">));
  }
  await storeInterest(contact, now);
  return stored;
}

/** Stores an answer through a borough's standing form (no officer, no contact), within the limits. */
export async function answerStandingForm(borough: string, input: AnswerInput, client: { address: string | null }, now = new Date()): Promise<FeedbackAnswer> {
  if (!isBorough(borough)) throw new FeedbackLinkGoneError("unknown");
  const values = answerValues(input);
  const contact = interestOf(input);
  const refusal = await consumeStandingAnswer({ address: client.address, borough }, now.getTime());
  if (refusal) throw new FeedbackLimitError(refusal);
  try {
    const answer = await transaction(async (tx) => {
      const [row] = await tx
        .insert(feedbackAnswer)
        .values({ ...values, channel: "standing", borough, answeredAt: now })
        .returning();
      await countRating(tx, { borough, month: monthOfDate(londonDate(now)), source: "standing", contactKind: null, rating: values.rating }, { ensureReport: true });
      return row;
    });
    await storeInterest(contact, now);
    return answer;
  } catch (err) {
    await refundStandingAnswer({ address: client.address, borough });
    throw err;
  }
}
