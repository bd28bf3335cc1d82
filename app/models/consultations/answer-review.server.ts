// Written consultation answers in the review queue: the same queue, the same decisions and the
// same identifying-details highlights as posts (app/models/moderation.server.ts lists and
// dispatches them here). Two differences, both for anonymity: nothing here knows or shows who
// wrote an answer (responses carry no person), and the moves that need an author to talk to —
// escalating to safeguarding, content warnings, reports — do not apply.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { consultation, consultationForum, consultationQuestion, consultationTextAnswer } from "../../../db/schema/consultations";
import { forum } from "../../../db/schema/forums";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { detectPii } from "~/utils/pii";
import type { CurrentUser } from "~/services/session.server";
import { rejectionText } from "~/utils/content-warnings";
import { isUuid } from "~/utils/uuid";
import type { ReviewDecision } from "../threads/review-queue.server";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { DecisionConflictError, PostNotFoundError } from "../threads/post-lifecycle.server";
import { formatLondonTimeOnDay } from "~/utils/london-clock";

export const ANSWER_SOURCE = "consultation-answer" as const;
/** What the queue shows instead of a name: consultations are anonymous, to moderators too. */
export const ANONYMOUS = "Anonymous member";

export type AnswerStatus = "pending" | "approved" | "rejected" | "hidden";
type AnswerMove = "approve" | "reject" | "redact" | "reopen" | "hide";

/** Which statuses each decision starts from (the post table's, minus what needs an author). */
export const ANSWER_ALLOWED_FROM: Record<AnswerMove, readonly AnswerStatus[]> = {
  approve: ["pending"],
  reject: ["pending"],
  redact: ["pending", "approved"],
  reopen: ["rejected", "hidden"],
  hide: ["approved"],
};

const NEXT: Record<AnswerMove, AnswerStatus> = { approve: "approved", reject: "rejected", redact: "approved", reopen: "pending", hide: "hidden" };

const targetForumNames = sql<string>`coalesce((select string_agg(f.name, ', ' order by f.name) from ${consultationForum} cf join ${forum} f on f.id = cf.forum_id where cf.consultation_id = ${consultation.id}), '')`;

const columns = {
  postId: consultationTextAnswer.id,
  threadId: consultation.id,
  threadTitle: consultation.title,
  forumName: targetForumNames,
  question: consultationQuestion.prompt,
  bodySource: consultationTextAnswer.body,
  piiFindings: consultationTextAnswer.piiFindings,
  status: consultationTextAnswer.status,
  reviewKind: consultationTextAnswer.reviewKind,
  version: consultationTextAnswer.version,
  submittedAt: consultationTextAnswer.submittedAt,
};

/** Common fields that make an answer look like a review item to the queue pages. */
const asItem = <T extends { submittedAt: Date }>(row: T) => ({
  ...row,
  source: ANSWER_SOURCE,
  visibility: "members",
  isOpening: false,
  authorName: ANONYMOUS,
  contentWarnings: [] as string[],
  atRisk: false,
});

/** Written answers waiting for review, oldest first, as review-queue items. */
export async function listPendingAnswers(filter: { forumId?: string } = {}) {
    const q = database();
  const rows = await q
    .select(columns)
    .from(consultationTextAnswer)
    .innerJoin(consultation, eq(consultation.id, consultationTextAnswer.consultationId))
    .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationTextAnswer.questionId))
    .where(
      and(
        eq(consultationTextAnswer.status, "pending"),
        filter.forumId
          ? sql`exists (select 1 from ${consultationForum} cf where cf.consultation_id = ${consultation.id} and cf.forum_id = ${filter.forumId})`
          : undefined,
      ),
    )
    .orderBy(consultationTextAnswer.submittedAt);
  return rows.map((row) => ({ ...asItem(row), forumId: filter.forumId ?? null, kind: ANSWER_SOURCE, waitingSince: row.submittedAt, reportCount: 0 }));
}

/** Written answers to one consultation still waiting for a moderator. */
export async function pendingAnswerCount(consultationId: string): Promise<number> {
    const q = database();
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(consultationTextAnswer)
    .where(and(eq(consultationTextAnswer.consultationId, consultationId), eq(consultationTextAnswer.status, "pending")));
  return row?.n ?? 0;
}

/** One written answer as a moderator sees it: its text and findings, never its author. */
export async function getAnswerReviewItem(answerId: string) {
    const q = database();
  if (!isUuid(answerId)) return null;
  const [row] = await q
    .select({
      ...columns,
      rejectionReason: consultationTextAnswer.rejectionReason,
      rejectionNote: consultationTextAnswer.rejectionNote,
      redactionNote: consultationTextAnswer.redactionNote,
      decidedAt: consultationTextAnswer.decidedAt,
      decidedById: consultationTextAnswer.decidedById,
      decidedByName: user.name,
    })
    .from(consultationTextAnswer)
    .innerJoin(consultation, eq(consultation.id, consultationTextAnswer.consultationId))
    .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationTextAnswer.questionId))
    .leftJoin(user, eq(user.id, consultationTextAnswer.decidedById))
    .where(eq(consultationTextAnswer.id, answerId));
  if (!row) return null;
  return { ...asItem(row), bodyHtml: "", reports: [] as { id: string; reason: string; status: string; createdAt: Date; reporterName: string }[] };
}

export async function isConsultationAnswer(id: string): Promise<boolean> {
    const q = database();
  if (!isUuid(id)) return false;
  const rows = await q.select({ id: consultationTextAnswer.id }).from(consultationTextAnswer).where(eq(consultationTextAnswer.id, id));
  return rows.length > 0;
}

const PAST: Record<AnswerStatus, string> = { pending: "sent back for review", approved: "approved", rejected: "rejected", hidden: "hidden" };

/**
 * A moderator's decision on a written answer, made as posts' are: a conditional update on the
 * status and the version the moderator read (the member may have changed the answer meanwhile),
 * with its audit entry in the same transaction. Returns the queue page's outcome.
 */
export async function decideConsultationAnswer(moderator: Pick<CurrentUser, "id" | "role" | "name">, answerId: string, d: ReviewDecision, now = new Date()): Promise<string> {
  if (moderator.role !== "moderator" && moderator.role !== "admin") throw new PostNotFoundError("Only moderators can make that decision");
  if (!(d.intent in ANSWER_ALLOWED_FROM)) {
    throw new DecisionConflictError("That decision does not apply to consultation answers. Nothing was changed.", { status: "", decidedBy: null, decidedAt: null });
  }
  const move = d.intent as AnswerMove;
  const from = ANSWER_ALLOWED_FROM[move];
  const events: PendingEvent[] = [];
  await transaction(async (tx) => {
    // Locked until commit, so the audit entry names the status the decision was made from.
    const [before] = await tx.select({ status: consultationTextAnswer.status }).from(consultationTextAnswer).where(eq(consultationTextAnswer.id, answerId)).for("update");
    if (!before) throw new PostNotFoundError("That answer does not exist");
    const changes: Partial<typeof consultationTextAnswer.$inferInsert> = {
      status: NEXT[move],
      version: sql`${consultationTextAnswer.version} + 1` as unknown as number,
      decidedById: moderator.id,
      decidedAt: now,
    };
    if (d.intent === "reject") {
      changes.rejectionReason = d.reason;
      changes.rejectionNote = d.note?.trim() || null;
    }
    if (d.intent === "redact") {
      changes.body = d.body;
      changes.redactionNote = d.note;
      changes.redactedAt = now;
      changes.piiFindings = detectPii(d.body);
    }
    if (d.intent === "reopen") {
      changes.decidedById = null;
      changes.decidedAt = null;
      changes.submittedAt = now;
    }
    const [after] = await tx
      .update(consultationTextAnswer)
      .set(changes)
      .where(and(eq(consultationTextAnswer.id, answerId), inArray(consultationTextAnswer.status, [...from]), eq(consultationTextAnswer.version, d.version)))
      .returning({ id: consultationTextAnswer.id, consultationId: consultationTextAnswer.consultationId, questionId: consultationTextAnswer.questionId, status: consultationTextAnswer.status });
    if (!after) {
      const [current] = await tx
        .select({ status: consultationTextAnswer.status, version: consultationTextAnswer.version, decidedAt: consultationTextAnswer.decidedAt, decidedByName: user.name })
        .from(consultationTextAnswer)
        .leftJoin(user, eq(user.id, consultationTextAnswer.decidedById))
        .where(eq(consultationTextAnswer.id, answerId));
      if (!current) throw new PostNotFoundError("That answer does not exist");
      const stale = current.version !== d.version && (current.status === "pending" || from.includes(current.status as AnswerStatus));
      const when = current.decidedAt
        ? ` at ${formatLondonTimeOnDay(current.decidedAt)}`
        : "";
      throw new DecisionConflictError(
        stale
          ? "This answer changed while you were looking at it (the member changed it, or another moderator did). Please read it again before deciding."
          : `This answer has already been ${PAST[current.status as AnswerStatus] ?? current.status}${current.decidedByName ? ` by ${current.decidedByName}` : ""}${when}. Nothing was changed.`,
        { status: current.status, decidedBy: current.decidedByName, decidedAt: current.decidedAt },
      );
    }
    await audit(tx, {
      actorId: moderator.id,
      action: `consultation-answer.${move}`,
      targetType: "consultation-answer",
      targetId: answerId,
      reason: d.intent === "reject" ? rejectionText(d.reason, d.note) : d.intent === "redact" || d.intent === "hide" ? (d.note ?? null) : null,
      details: { consultationId: after.consultationId, questionId: after.questionId, from: before.status, to: after.status },
    });
    events.push(
      { room: "moderation", event: "queue:changed", payload: { postId: answerId, status: after.status } },
      // A moderator who has this answer open hears that it was decided (their page reloads its data).
      { room: `review-item:${answerId}`, event: "item:decided", payload: { postId: answerId, status: after.status } },
    );
  });
  publishEvents(events);
  return `answer-${{ approve: "approved", reject: "rejected", redact: "redacted", reopen: "reopened", hide: "hidden" }[move]}`;
}

