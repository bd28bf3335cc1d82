// Builders for the thread, moderation and realtime tests: a cast of people in every role, and
// threads and posts brought to a given state through the same model functions the pages use.
import { and, eq, sql } from "drizzle-orm";
import { beforeEach } from "vitest";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { notification } from "../../db/schema/notifications";
import { outbox } from "../../db/schema/outbox";
import { post, thread } from "../../db/schema/threads";
import { transitionPost, type PostStatus } from "../../app/models/threads/post-lifecycle.server";
import { replyToThread, startThread, type Visibility } from "../../app/models/threads/threads.server";
import { asCurrentUser, makeForum, makeUser, type MadeUser } from "../factories";

export type Person = ReturnType<typeof asCurrentUser>;

let n = 0;
const unique = (label: string) => `${label} ${++n}-${Math.random().toString(36).slice(2, 6)}`;

/** Everyone the thread features meet: two forums, and a person in every role. */
export async function makeCast() {
  const q = db();
  const forum = await makeForum(q, { name: unique("Forum") });
  const otherForum = await makeForum(q, { name: unique("Other forum") });
  const made = {
    author: await makeUser(q, { name: unique("Author"), forumIds: [forum.id] }),
    member: await makeUser(q, { name: unique("Member"), forumIds: [forum.id] }),
    outsider: await makeUser(q, { name: unique("Outsider"), forumIds: [otherForum.id] }),
    moderator: await makeUser(q, { name: unique("Moderator"), role: "moderator" }),
    moderator2: await makeUser(q, { name: unique("Second moderator"), role: "moderator" }),
    met: await makeUser(q, { name: unique("Met lead"), role: "responder", organisation: "met" }),
    mopac: await makeUser(q, { name: unique("MOPAC officer"), role: "responder", organisation: "mopac" }),
    admin: await makeUser(q, { name: unique("Admin"), role: "admin" }),
  } satisfies Record<string, MadeUser>;
  const people = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, asCurrentUser(v)])) as { [K in keyof typeof made]: Person };
  return { forum, otherForum, made, ...people };
}

export type Cast = Awaited<ReturnType<typeof makeCast>>;

/**
 * A fresh cast (two forums and one person of each role) before each test of the file; the
 * hook is registered where this is called (after `useTestDatabase()`, which empties the tables
 * first). The object's fields are replaced before every test.
 */
export function useCast(): Cast {
  const cast = {} as Cast;
  beforeEach(async () => {
    Object.assign(cast, await makeCast());
  });
  return cast;
}

export const body = (words = "what happened after I reported it") => `I want to share ${words}.`;

/** A thread whose opening post a moderator approved, so it is published. */
export async function publishedThread(cast: Cast, input: { visibility?: Visibility; title?: string; author?: Person; now?: Date } = {}) {
  const author = input.author ?? cast.author;
  const { thread: t, post: opening } = await startThread(
    author,
    { forumId: cast.forum.id, title: input.title ?? unique("Thread"), visibility: input.visibility ?? "members", body: body(), contentWarnings: [], atRisk: false },
    input.now,
  );
  await transitionPost({ postId: opening.id, actor: cast.moderator, transition: { kind: "approve" }, now: input.now });
  return { thread: t, opening };
}

/** A thread still waiting for its opening post to be approved. */
export async function pendingThread(cast: Cast, input: { visibility?: Visibility; author?: Person } = {}) {
  return startThread(input.author ?? cast.author, {
    forumId: cast.forum.id,
    title: unique("Pending thread"),
    visibility: input.visibility ?? "members",
    body: body("something still awaiting moderation"),
    contentWarnings: [],
    atRisk: false,
  });
}

export async function reply(threadId: string, author: Person, input: { body?: string; atRisk?: boolean; now?: Date; contentWarnings?: string[] } = {}) {
  return replyToThread(
    author,
    { threadId, body: input.body ?? body("a reply"), contentWarnings: input.contentWarnings ?? [], atRisk: input.atRisk ?? false },
    input.now,
  );
}

/** A reply by `author` brought to `status` through ordinary moves. */
export async function replyIn(cast: Cast, threadId: string, status: PostStatus, author: Person = cast.member) {
  if (status === "safeguarding") return reply(threadId, author, { atRisk: true });
  const p = await reply(threadId, author);
  const mod = cast.moderator;
  switch (status) {
    case "pending":
      return p;
    case "approved":
      return transitionPost({ postId: p.id, actor: mod, transition: { kind: "approve" } });
    case "rejected":
      return transitionPost({ postId: p.id, actor: mod, transition: { kind: "reject", reason: "identifying", note: "Your street is named." } });
    case "withdrawn":
      return transitionPost({ postId: p.id, actor: author, transition: { kind: "withdraw" } });
    case "hidden":
      await transitionPost({ postId: p.id, actor: mod, transition: { kind: "approve" } });
      return transitionPost({ postId: p.id, actor: mod, transition: { kind: "hide", note: "Reported and upheld." } });
  }
}

export async function postRow(id: string) {
  const [row] = await db().select().from(post).where(eq(post.id, id));
  return row;
}

export async function threadRow(id: string) {
  const [row] = await db().select().from(thread).where(eq(thread.id, id));
  return row;
}

/** Approved replies actually in the thread: what replyCount must always equal. */
export async function approvedReplies(threadId: string) {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(post)
    .where(and(eq(post.threadId, threadId), eq(post.status, "approved"), eq(post.isOpening, false)));
  return row.n;
}

export async function auditFor(postId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, postId)).orderBy(auditLog.id);
}

export async function notificationsFor(userId: string, kind?: string) {
  return db()
    .select()
    .from(notification)
    .where(and(eq(notification.userId, userId), kind ? eq(notification.kind, kind) : undefined))
    .orderBy(notification.createdAt);
}

export async function outboxTo(email: string, kind?: string) {
  return db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, email), kind ? eq(outbox.kind, kind) : undefined))
    .orderBy(outbox.createdAt);
}
