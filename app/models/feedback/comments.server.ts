// What moderators do with My Met Service: review victims' comments (approve, redact and
// approve, or reject) before any member of staff reads them — they are never public — and deal
// with the contacts left by victims who would like to hear about the Victim Voice Forum.
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { feedbackAnswer, feedbackInterest } from "../../../db/schema/feedback";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { boroughName } from "~/utils/boroughs";
import { FEEDBACK_COMMENT_MAX } from "~/utils/feedback";
import { can } from "~/utils/permissions";
import { detectPii } from "~/utils/pii";
import type { PiiFinding } from "~/utils/pii-labels";
import { isUuid } from "~/utils/uuid";
import { database, transaction } from "../database.server";

export class CommentReviewError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function requireModerator(actor: CurrentUser) {
  if (!can(actor.role, "moderation:review")) throw new CommentReviewError("Only moderators can review feedback comments");
}

/** Comments waiting for a moderator, oldest first, with the borough and month they came from. */
export async function listPendingComments(actor: CurrentUser) {
  requireModerator(actor);
  const rows = await database()
    .select({
      id: feedbackAnswer.id,
      borough: feedbackAnswer.borough,
      channel: feedbackAnswer.channel,
      rating: feedbackAnswer.rating,
      comment: feedbackAnswer.comment,
      findings: feedbackAnswer.commentFindings,
      answeredAt: feedbackAnswer.answeredAt,
    })
    .from(feedbackAnswer)
    .where(eq(feedbackAnswer.commentStatus, "pending"))
    .orderBy(asc(feedbackAnswer.answeredAt), asc(feedbackAnswer.id));
  return rows.map((r) => ({ ...r, comment: r.comment ?? "", boroughName: boroughName(r.borough), findings: (r.findings ?? []) as PiiFinding[] }));
}

export async function countPendingComments() {
  const [row] = await database()
    .select({ n: sql<number>`count(*)::int` })
    .from(feedbackAnswer)
    .where(eq(feedbackAnswer.commentStatus, "pending"));
  return row?.n ?? 0;
}

/**
 * approve: staff who supervise feedback (and the officer, for their own) may read it; commend:
 * approved and put on the supervisors' commendations list (ratings of 4 or 5 only); redact:
 * the text replaced, then approved (or commended).
 */
export type CommentDecision = { intent: "approve" } | { intent: "commend" } | { intent: "reject" } | { intent: "redact"; text: string; commend?: boolean };

/** The lowest rating whose comment may be put on the commendations list. */
export const COMMENDABLE_RATING = 4;

/**
 * Decides a pending comment: a conditional update, so two moderators deciding at once cannot
 * both win. A redaction replaces the text (the findings are recomputed on it) and approves it.
 */
export async function decideComment(actor: CurrentUser, answerId: string, decision: CommentDecision, now = new Date()) {
  requireModerator(actor);
  if (!isUuid(answerId)) throw new CommentReviewError("This comment has already been reviewed");
  const changes: Partial<typeof feedbackAnswer.$inferInsert> = {
    commentStatus: decision.intent === "reject" ? "rejected" : decision.intent === "commend" || (decision.intent === "redact" && decision.commend) ? "commended" : "approved",
    commentReviewedBy: actor.id,
    commentReviewedAt: now,
  };
  if (decision.intent === "redact") {
    const text = decision.text.trim();
    if (!text) throw new CommentReviewError("Enter the comment as it should read, or reject it", "text");
    if (text.length > FEEDBACK_COMMENT_MAX) throw new CommentReviewError(`The comment must be ${FEEDBACK_COMMENT_MAX.toLocaleString("en-GB")} characters or fewer`, "text");
    changes.comment = text;
    changes.commentFindings = detectPii(text);
  }
  return transaction(async (tx) => {
    const [row] = await tx
      .update(feedbackAnswer)
      .set(changes)
      .where(
        and(
          eq(feedbackAnswer.id, answerId),
          eq(feedbackAnswer.commentStatus, "pending"),
          changes.commentStatus === "commended" ? gte(feedbackAnswer.rating, COMMENDABLE_RATING) : undefined,
        ),
      )
      .returning({ id: feedbackAnswer.id });
    if (!row && changes.commentStatus === "commended") {
      const [pending] = await tx.select({ rating: feedbackAnswer.rating }).from(feedbackAnswer).where(and(eq(feedbackAnswer.id, answerId), eq(feedbackAnswer.commentStatus, "pending")));
      if (pending) throw new CommentReviewError(`Only comments with a rating of ${COMMENDABLE_RATING} or 5 can be approved for recognition`);
    }
    if (!row) throw new CommentReviewError("This comment has already been reviewed");
    await audit(tx, { actorId: actor.id, action: `feedback-comment.${decision.intent}`, targetType: "feedback-answer", targetId: answerId });
    return row;
  });
}

/**
 * Contacts left by victims who would like to hear about the forum, in the order of their random
 * ids: never in the order they arrived, which could be lined up with the answers.
 */
export async function listInterest(actor: CurrentUser) {
  requireModerator(actor);
  return database().select().from(feedbackInterest).orderBy(asc(feedbackInterest.id));
}

export async function countInterest() {
  const [row] = await database().select({ n: sql<number>`count(*)::int` }).from(feedbackInterest);
  return row?.n ?? 0;
}

/** Dealt with (invited, or not): the contact is deleted. The audit entry does not hold it. */
export async function dealWithInterest(actor: CurrentUser, id: string) {
  requireModerator(actor);
  if (!isUuid(id)) throw new CommentReviewError("This contact has already been dealt with");
  return transaction(async (tx) => {
    const [row] = await tx.delete(feedbackInterest).where(eq(feedbackInterest.id, id)).returning({ id: feedbackInterest.id });
    if (!row) throw new CommentReviewError("This contact has already been dealt with");
    await audit(tx, { actorId: actor.id, action: "feedback-interest.dealt-with", targetType: "feedback-interest", targetId: id });
    return row;
  });
}
