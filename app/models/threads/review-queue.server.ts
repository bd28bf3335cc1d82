// The review queue and the safeguarding list: what moderators see. Decisions themselves go
// through transitionPost (app/models/post.server.ts).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { forum } from "../../../db/schema/forums";
import { officialResponse, post, postReport, thread } from "../../../db/schema/threads";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { z } from "zod";
import { CONTENT_WARNINGS, REJECTION_REASONS, type ContentWarning, type RejectionReason } from "~/utils/content-warnings";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { transitionPost } from "./post-lifecycle.server";
import { decideConsultationAnswer, getAnswerReviewItem, isConsultationAnswer, listPendingAnswers } from "../consultations/answer-review.server";

/** "consultation-answer": a written answer to a consultation (app/models/consultation-moderation.server.ts). */
export type QueueKind = "new" | "edited" | "reported" | "consultation-answer";

const reporter = sql`reporter`;

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

/** Posts whose author is at risk, or that a moderator escalated. Moderators only. */
export async function listSafeguarding() {
    const q = database();
  return q
    .select({
      postId: post.id,
      threadId: thread.id,
      threadTitle: thread.title,
      forumName: forum.name,
      authorName: user.name,
      atRisk: post.atRisk,
      bodySource: post.bodySource,
      contentWarnings: post.contentWarnings,
      piiFindings: post.piiFindings,
      version: post.version,
      submittedAt: post.submittedAt,
      decidedAt: post.decidedAt,
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .innerJoin(user, eq(user.id, post.authorId))
    .where(eq(post.status, "safeguarding"))
    .orderBy(asc(post.submittedAt));
}

/**
 * One item as a moderator sees it, with its reports (moderators see who reported). An id that
 * is not a post's may be a written consultation answer's (`source` tells them apart).
 */
export async function getReviewItem(postId: string) {
    const q = database();
  if (!/^[0-9a-f-]{36}$/i.test(postId)) return null;
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
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .innerJoin(user, eq(user.id, post.authorId))
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

export class ReportDecisionError extends Error {}

/**
 * Settles a post's open reports: dismiss them (the post stays), or hide the post (through
 * transitionPost, which upholds them). Conditional on the reports still being open.
 */
export async function decideReports(moderator: Pick<CurrentUser, "id" | "role" | "name">, input: { postId: string; decision: "dismiss" | "hide"; note?: string }) {
  if (input.decision === "hide") {
    return transitionPost({ postId: input.postId, actor: moderator, transition: { kind: "hide", note: input.note } });
  }
  const events: PendingEvent[] = [];
  await transaction(async (tx) => {
    const dismissed = await tx
      .update(postReport)
      .set({ status: "dismissed", decidedById: moderator.id, decidedAt: new Date() })
      .where(and(eq(postReport.postId, input.postId), eq(postReport.status, "open")))
      .returning({ id: postReport.id });
    if (!dismissed.length) throw new ReportDecisionError("These reports have already been dealt with by another moderator. Nothing was changed.");
    await audit(tx, { actorId: moderator.id, action: "report.dismiss", targetType: "post", targetId: input.postId, reason: input.note ?? null, details: { reports: dismissed.length } });
    events.push({ room: "moderation", event: "queue:changed", payload: { postId: input.postId } });
  });
  publishEvents(events);
  return null;
}


// ---------------------------------------------------------------------------------------------
// Official responses as their responder sees them (the /respond pages).

/** The title a responder last signed a response with, to prefill the next one. */
export async function lastResponderTitle(responderId: string): Promise<string | null> {
    const q = database();
  const [row] = await q
    .select({ title: officialResponse.responderTitle })
    .from(officialResponse)
    .where(eq(officialResponse.responderId, responderId))
    .orderBy(desc(officialResponse.publishedAt))
    .limit(1);
  return row?.title ?? null;
}

/** The Markdown of a responder's own responses on a thread, for their edit forms. */
export async function listOwnResponseSources(input: { threadId: string; responderId: string }) {
    const q = database();
  return q
    .select({ id: officialResponse.id, bodySource: officialResponse.bodySource })
    .from(officialResponse)
    .where(
      and(
        eq(officialResponse.targetType, "thread"),
        eq(officialResponse.threadId, input.threadId),
        eq(officialResponse.responderId, input.responderId),
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// A moderator's decision on one review item, as the item page's forms send it. Every form
// carries the `version` the moderator read, so a decision on something that changed meanwhile
// is refused (DecisionConflictError) rather than applied to text nobody has read.

const version = z.number({ required_error: "Reload the page and try again", invalid_type_error: "Reload the page and try again" }).int().min(1);
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
