// The review queue and the safeguarding list: what moderators see. Decisions themselves go
// through transitionPost (app/models/post.server.ts).
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { forum } from "../../db/schema/forums";
import { post, postReport, thread } from "../../db/schema/threads";
import { audit } from "~/services/audit.server";
import type { CurrentUser } from "~/services/session.server";
import { publishEvents, type PendingEvent } from "./notification.server";
import { transitionPost } from "./post.server";

export type QueueKind = "new" | "edited" | "reported";

const reporter = sql`reporter`;

/**
 * Pending posts (new or edited) and approved posts with open reports, oldest first. Each item
 * carries what a moderator needs to decide: the text, the detector's findings, the warnings.
 */
export async function listReviewQueue(q: Queryable, filter: { forumId?: string; kind?: QueueKind } = {}) {
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
  const items = [
    ...pending.map((p) => ({ ...p, kind: p.reviewKind as QueueKind, waitingSince: p.submittedAt, reportCount: 0 })),
    ...reported.map((p) => ({ ...p, kind: "reported" as QueueKind, waitingSince: p.firstReportedAt })),
  ];
  return items.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
}

export async function queueCounts(q: Queryable) {
  const [row] = await q
    .select({
      pending: sql<number>`(select count(*)::int from ${post} where ${post.status} = 'pending')`,
      reported: sql<number>`(select count(distinct ${postReport.postId})::int from ${postReport} join ${post} on ${post.id} = ${postReport.postId} where ${postReport.status} = 'open' and ${post.status} = 'approved')`,
      safeguarding: sql<number>`(select count(*)::int from ${post} where ${post.status} = 'safeguarding')`,
    })
    .from(sql`(select 1) as one`);
  return row;
}

/** Posts whose author is at risk, or that a moderator escalated. Moderators only. */
export async function listSafeguarding(q: Queryable) {
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

/** One item as a moderator sees it, with its reports (moderators see who reported). */
export async function getReviewItem(q: Queryable, postId: string) {
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
  if (!item) return null;
  const reports = await q
    .select({ id: postReport.id, reason: postReport.reason, status: postReport.status, createdAt: postReport.createdAt, reporterName: sql<string>`${reporter}.name` })
    .from(postReport)
    .innerJoin(sql`"user" as ${reporter}`, sql`${reporter}.id = ${postReport.reporterId}`)
    .where(eq(postReport.postId, postId))
    .orderBy(desc(postReport.createdAt));
  return { ...item, reports };
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
  await db().transaction(async (tx) => {
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

