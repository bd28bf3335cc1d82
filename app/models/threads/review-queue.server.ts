// The review queue and the safeguarding list: what moderators see. Decisions themselves go
// through transitionPost (app/models/post.server.ts).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { user } from "../../../db/schema/auth";
import { forum } from "../../../db/schema/forums";
import { post, postReport, thread } from "../../../db/schema/threads";
import { database } from "../database.server";
import type { CurrentUser } from "~/services/session.server";
import { z } from "zod";
import { CONTENT_WARNINGS, REJECTION_REASONS, type ContentWarning, type RejectionReason } from "~/utils/content-warnings";
import { ALLOWED_FROM, transitionPost, type PostStatus } from "./post-lifecycle.server";
import { ANSWER_ALLOWED_FROM, decideConsultationAnswer, getAnswerReviewItem, isConsultationAnswer, listPendingAnswers, type AnswerStatus } from "../consultations/answer-review.server";
import { decideReports } from "./reports.server";
import { isUuid } from "~/utils/uuid";
import { MAX_INTEGER } from "~/utils/form-input";

/** "consultation-answer": a written answer to a consultation (app/models/consultation-moderation.server.ts). */
export type QueueKind = "new" | "edited" | "reported" | "consultation-answer";

const reporter = sql`reporter`;
/** Who made the item's last decision (the author is joined as `user`). */
const decider = alias(user, "decider");

/**
 * Pending posts (new or edited) and approved posts with open reports, oldest first. Each item
 * carries what a moderator needs to decide: the text, the detector's findings, the warnings.
 */
export async function listReviewQueue(filter: { forumId?: string; kind?: QueueKind } = {}) {
    const q = database();
  const base = {
    postId: post.id,
    threadId: thread.id,
    threadTitle: thread.title,
    forumId: forum.id,
    forumName: forum.name,
    visibility: thread.visibility,
    isOpening: post.isOpening,
    authorName: user.name,
    bodySource: post.bodySource,
    contentWarnings: post.contentWarnings,
    piiFindings: post.piiFindings,
    status: post.status,
    reviewKind: post.reviewKind,
    version: post.version,
    submittedAt: post.submittedAt,
  };
  const wantPending = !filter.kind || filter.kind === "new" || filter.kind === "edited";
  const wantReported = !filter.kind || filter.kind === "reported";
  const wantAnswers = !filter.kind || filter.kind === "consultation-answer";
  const pending = wantPending
    ? await q
        .select(base)
        .from(post)
        .innerJoin(thread, eq(thread.id, post.threadId))
        .innerJoin(forum, eq(forum.id, thread.forumId))
        .innerJoin(user, eq(user.id, post.authorId))
        .where(
          and(
            eq(post.status, "pending"),
            filter.forumId ? eq(thread.forumId, filter.forumId) : undefined,
            filter.kind === "new" || filter.kind === "edited" ? eq(post.reviewKind, filter.kind) : undefined,
          ),
        )
        .orderBy(asc(post.submittedAt))
    : [];
  const reported = wantReported
    ? await q
        .select({
          ...base,
          firstReportedAt: sql<Date>`min(${postReport.createdAt})`.mapWith((v) => new Date(v)),
          reportCount: sql<number>`count(${postReport.id})::int`,
        })
        .from(postReport)
        .innerJoin(post, eq(post.id, postReport.postId))
        .innerJoin(thread, eq(thread.id, post.threadId))
        .innerJoin(forum, eq(forum.id, thread.forumId))
        .innerJoin(user, eq(user.id, post.authorId))
        .where(and(eq(postReport.status, "open"), eq(post.status, "approved"), filter.forumId ? eq(thread.forumId, filter.forumId) : undefined))
        .groupBy(post.id, thread.id, forum.id, user.id)
        .orderBy(asc(sql`min(${postReport.createdAt})`))
    : [];
  const answers = wantAnswers ? await listPendingAnswers({ forumId: filter.forumId }) : [];
  const items = [
    ...pending.map((p) => ({ ...p, kind: p.reviewKind as QueueKind, waitingSince: p.submittedAt, reportCount: 0, source: "post" as const, question: null })),
    ...reported.map((p) => ({ ...p, kind: "reported" as QueueKind, waitingSince: p.firstReportedAt, source: "post" as const, question: null })),
    ...answers.map((a) => ({ ...a, kind: a.kind as QueueKind })),
  ];
  return items.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
}

export async function queueCounts() {
    const q = database();
  const [row] = await q
    .select({
      // Qualified by hand: inside a sub-select Drizzle writes bare column names, and "status"
      // and "id" exist in both tables.
      pending: sql<number>`(select count(*)::int from post p where p.status = 'pending') + (select count(*)::int from consultation_text_answer a where a.status = 'pending')`,
      reported: sql<number>`(select count(distinct r.post_id)::int from post_report r join post p on p.id = r.post_id where r.status = 'open' and p.status = 'approved')`,
      safeguarding: sql<number>`(select count(*)::int from post p where p.status = 'safeguarding')`,
    })
    .from(sql`(select 1) as one`);
  return row;
}

/**
 * One item as a moderator sees it, with its reports (moderators see who reported). An id that
 * is not a post's may be a written consultation answer's (`source` tells them apart).
 */
export async function getReviewItem(postId: string) {
    const q = database();
  if (!isUuid(postId)) return null;
  const [item] = await q
    .select({
      postId: post.id,
      threadId: thread.id,
      threadTitle: thread.title,
      visibility: thread.visibility,
      forumName: forum.name,
      isOpening: post.isOpening,
      authorName: user.name,
      atRisk: post.atRisk,
      bodySource: post.bodySource,
      bodyHtml: post.bodyHtml,
      contentWarnings: post.contentWarnings,
      piiFindings: post.piiFindings,
      status: post.status,
      reviewKind: post.reviewKind,
      version: post.version,
      rejectionReason: post.rejectionReason,
      rejectionNote: post.rejectionNote,
      redactionNote: post.redactionNote,
      submittedAt: post.submittedAt,
      decidedAt: post.decidedAt,
      decidedById: post.decidedById,
      decidedByName: decider.name,
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .innerJoin(user, eq(user.id, post.authorId))
    .leftJoin(decider, eq(decider.id, post.decidedById))
    .where(eq(post.id, postId));
  if (!item) return getAnswerReviewItem(postId);
  const reports = await q
    .select({ id: postReport.id, reason: postReport.reason, status: postReport.status, createdAt: postReport.createdAt, reporterName: sql<string>`${reporter}.name` })
    .from(postReport)
    .innerJoin(sql`"user" as ${reporter}`, sql`${reporter}.id = ${postReport.reporterId}`)
    .where(eq(postReport.postId, postId))
    .orderBy(desc(postReport.createdAt));
  return { ...item, reports, source: "post" as const, question: null };
}

// ---------------------------------------------------------------------------------------------
// Official responses as their responder sees them (the /respond pages).
// ---------------------------------------------------------------------------------------------
// A moderator's decision on one review item, as the item page's forms send it. Every form
// carries the `version` the moderator read, so a decision on something that changed meanwhile
// is refused (DecisionConflictError) rather than applied to text nobody has read.

// A version the database's integer cannot hold is refused here like any other wrong one.
const version = z
  .number({ required_error: "Reload the page and try again", invalid_type_error: "Reload the page and try again" })
  .int("Reload the page and try again")
  .min(1, "Reload the page and try again")
  .max(MAX_INTEGER, "Reload the page and try again");
const optionalNote = z.string().trim().max(2000, "The note must be 2000 characters or fewer").optional();

export const reviewDecisionSchema = z
  .discriminatedUnion(
    "intent",
    [
      z.object({ intent: z.literal("approve"), version }),
      z.object({
        intent: z.literal("reject"),
        version,
        reason: z.enum(Object.keys(REJECTION_REASONS) as [RejectionReason, ...RejectionReason[]], { errorMap: () => ({ message: "Choose a reason for rejecting the post" }) }),
        note: optionalNote,
      }),
      z.object({
        intent: z.literal("redact"),
        version,
        body: z.string({ required_error: "Enter the text to publish" }).trim().max(20_000, "The text must be 20,000 characters or fewer"),
        note: z.string({ required_error: "Write a redaction note: the author sees it" }).trim().max(2000, "The note must be 2000 characters or fewer"),
      }),
      z.object({
        intent: z.literal("set-warnings"),
        version,
        warnings: z.array(z.enum(Object.keys(CONTENT_WARNINGS) as [ContentWarning, ...ContentWarning[]], { errorMap: () => ({ message: "Choose warnings from the list" }) })).default([]),
      }),
      z.object({ intent: z.literal("escalate"), version, note: optionalNote }),
      z.object({ intent: z.literal("reopen"), version }),
      z.object({ intent: z.literal("hide"), version, note: optionalNote }),
      z.object({ intent: z.literal("dismiss-reports"), version, note: optionalNote }),
    ],
    { errorMap: () => ({ message: "Choose a decision" }) },
  )
  .superRefine((v, ctx) => {
    if (v.intent === "reject" && v.reason === "other" && !v.note) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Explain the reason: the author will read it" });
    }
  });

export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
export type ReviewIntent = ReviewDecision["intent"];

/** The post move behind each decision (dismissing reports moves no post). */
const MOVES: Record<Exclude<ReviewIntent, "dismiss-reports">, keyof typeof ALLOWED_FROM> = {
  approve: "approve",
  reject: "reject",
  redact: "redact",
  "set-warnings": "set-warnings",
  escalate: "escalate",
  reopen: "reopen",
  hide: "hide",
};

/**
 * The decisions a moderator is offered on a review item: those its status allows. A written
 * consultation answer takes only the decisions that need no author to talk to (no warnings, no
 * escalation); reports can be dismissed while a published post has open ones.
 */
export function decisionsOffered(item: { source: "post" | "consultation-answer"; status: string; reports: { status: string }[] }): Record<ReviewIntent, boolean> {
  const isAnswer = item.source === "consultation-answer";
  const offered = Object.fromEntries(
    Object.entries(MOVES).map(([intent, move]) => [
      intent,
      isAnswer ? (ANSWER_ALLOWED_FROM[move as keyof typeof ANSWER_ALLOWED_FROM]?.includes(item.status as AnswerStatus) ?? false) : ALLOWED_FROM[move].includes(item.status as PostStatus),
    ]),
  ) as Record<ReviewIntent, boolean>;
  offered["dismiss-reports"] = item.status === "approved" && item.reports.some((r) => r.status === "open");
  return offered;
}

/** What the queue page says after each decision (`/moderation?done=<outcome>`). */
const OUTCOME: Record<ReviewIntent, string> = {
  approve: "approved",
  reject: "rejected",
  redact: "redacted",
  "set-warnings": "warnings",
  escalate: "escalated",
  reopen: "reopened",
  hide: "hidden",
  "dismiss-reports": "dismissed",
};

/**
 * Applies one decision. Post moves go through transitionPost with the version the moderator
 * read; dismissing reports is conditional on them still being open. Throws
 * DecisionConflictError / ReportDecisionError (their messages name what happened) or
 * PostNotFoundError.
 */
export async function decideReviewItem(moderator: Pick<CurrentUser, "id" | "role" | "name">, postId: string, d: ReviewDecision): Promise<string> {
  if (await isConsultationAnswer(postId)) return decideConsultationAnswer(moderator, postId, d);
  const move = { postId, actor: moderator, expectedVersion: d.version };
  switch (d.intent) {
    case "approve":
    case "reopen":
      await transitionPost({ ...move, transition: { kind: d.intent } });
      break;
    case "reject":
      await transitionPost({ ...move, transition: { kind: "reject", reason: d.reason, note: d.note || undefined } });
      break;
    case "redact":
      await transitionPost({ ...move, transition: { kind: "redact", body: d.body, note: d.note } });
      break;
    case "set-warnings":
      await transitionPost({ ...move, transition: { kind: "set-warnings", warnings: d.warnings } });
      break;
    case "escalate":
    case "hide":
      await transitionPost({ ...move, transition: { kind: d.intent, note: d.note || undefined } });
      break;
    case "dismiss-reports":
      await decideReports(moderator, { postId, decision: "dismiss", note: d.note || undefined });
      break;
  }
  return OUTCOME[d.intent];
}
