// The safeguarding list: posts whose author said they are at risk now, or that a moderator
// escalated. Moderators only; never published as written.
import { asc, eq } from "drizzle-orm";
import { user } from "../../../db/schema/auth";
import { forum } from "../../../db/schema/forums";
import { post, thread } from "../../../db/schema/threads";
import { database } from "../database.server";

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
