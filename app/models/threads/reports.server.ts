import { transitionPost } from "./post-lifecycle.server";
import { publishEvents, type PendingEvent, emailModeratorsAboutQueue } from "../notifications/notifications.server";
import type { CurrentUser } from "~/services/session.server";
import { audit } from "~/models/audit/audit-log.server";
import { transaction } from "../database.server";
import { post, postReport, thread } from "../../../db/schema/threads";
import { and, eq } from "drizzle-orm";
// Reports: any member may report an approved post they can read; moderators settle a post's
// reports by dismissing them or hiding the post. The author never learns who reported.
import { readableThreads, queueEvents } from "./threads.server";

export class ReportError extends Error {}

/** Reports an approved post the reporter can read. The author never learns who reported. */
export async function reportPost(reporter: Pick<CurrentUser, "id" | "role">, input: { postId: string; reason: string }, now = new Date()) {
  const events: PendingEvent[] = [];
  const result = await transaction(async (tx) => {
    const [target] = await tx
      .select({ id: post.id, threadId: post.threadId, authorId: post.authorId })
      .from(post)
      .innerJoin(thread, eq(thread.id, post.threadId))
      .where(and(eq(post.id, input.postId), eq(post.status, "approved"), readableThreads(reporter)));
    if (!target) throw new ReportError("That post cannot be reported");
    if (target.authorId === reporter.id) throw new ReportError("You cannot report your own post. You can withdraw it instead");
    const inserted = await tx.insert(postReport).values({ postId: target.id, reporterId: reporter.id, reason: input.reason }).onConflictDoNothing().returning();
    events.push(...queueEvents("reported"));
    // A report is a new item in the review queue: moderators hear of it as of new posts.
    if (inserted.length) events.push(...(await emailModeratorsAboutQueue(tx, now)));
    return { alreadyReported: inserted.length === 0, threadId: target.threadId };
  });
  publishEvents(events);
  return result;
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
