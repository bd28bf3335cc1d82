// Threads: who may read what, the forum list (keyset-paginated), the thread page, starting a
// thread, replying, reporting, marking for response and official responses. Every read takes
// the viewer and filters in SQL, so a forgotten check in a route cannot leak a members-only
// thread.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, exists, inArray, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { officialResponse, post, thread } from "../../../db/schema/threads";
import { database, preparedRead, transaction, type Queryable } from "../database.server";
import { renderMarkdown } from "~/services/markdown.server";
import { detectPii, type PiiFinding } from "~/utils/pii";
import type { CurrentUser } from "~/services/session.server";
import { can, isStaff } from "~/utils/permissions";
import { emailModeratorsAboutQueue, publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { isUuid } from "~/utils/uuid";

export type Viewer = Pick<CurrentUser, "id" | "role"> | null;
export type Visibility = "members" | "public";

export const FORMER_MEMBER = "Former member";

/** SQL: the threads `viewer` may read. Unpublished threads are handled separately (authors). */
export function readableThreads(viewer: Viewer): SQL {
  return readableThreadsFor(viewerKind(viewer), viewer?.id ?? "");
}

/** Who is reading, as far as the rule for reading a thread is concerned. */
type ViewerKind = "nobody" | "staff" | "member";
function viewerKind(viewer: Viewer): ViewerKind {
  return !viewer ? "nobody" : isStaff(viewer.role) ? "staff" : "member";
}

/** The rule of readableThreads for a kind of viewer, the viewer's id a value or a placeholder. */
function readableThreadsFor(kind: ViewerKind, viewerId: string | SQLWrapper): SQL {
  if (kind === "nobody") return and(eq(thread.published, true), eq(thread.visibility, "public"))!;
  if (kind === "staff") return eq(thread.published, true);
  return and(
    eq(thread.published, true),
    or(
      eq(thread.visibility, "public"),
      exists(
        database()
          .select({ one: sql`1` })
          .from(forumMembership)
          .where(and(eq(forumMembership.forumId, thread.forumId), eq(forumMembership.userId, viewerId))),
      ),
    ),
  )!;
}

const authorName = sql<string>`case when ${user.deletedAt} is not null then ${FORMER_MEMBER} else ${user.name} end`;

export type ThreadCursor = { at: string; id: string };

export function encodeCursor(c: ThreadCursor) {
  return Buffer.from(`${c.at}|${c.id}`).toString("base64url");
}

export function decodeCursor(raw: string | null | undefined): ThreadCursor | null {
  if (!raw) return null;
  const [at, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (!at || !id || Number.isNaN(Date.parse(at)) || !isUuid(id)) return null;
  return { at, id };
}

/**
 * A forum's approved threads, newest activity first. Keyset pagination on (lastActivityAt, id):
 * each page costs the same however deep it is, and nothing shifts when new posts arrive.
 */
export async function listForumThreads(input: { forumId: string; viewer: Viewer; after?: ThreadCursor | null; limit?: number }) {
  const limit = input.limit ?? 25;
  const after = input.after;
  const values = { forumId: input.forumId, viewerId: input.viewer?.id ?? "", limit: limit + 1 };
  const kind = viewerKind(input.viewer);
  const rows = after
    ? await forumThreadsAfterRead(kind, { ...values, afterAt: new Date(after.at).toISOString(), afterId: after.id })
    : await forumThreadsRead(kind, values);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    threads: page,
    next: rows.length > limit && last ? encodeCursor({ at: last.lastActivityAt.toISOString(), id: last.id }) : null,
  };
}

/** The forum page's list (first page, or the page after a cursor), prepared once per kind of viewer. */
function forumThreadsQuery(q: Queryable, kind: ViewerKind, afterCursor: boolean) {
  const afterAt = sql.placeholder("afterAt");
  const afterId = sql.placeholder("afterId");
  return q
    .select({
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      replyCount: thread.replyCount,
      lastActivityAt: thread.lastActivityAt,
      createdAt: thread.createdAt,
      authorName,
      responseOrganisation: thread.responseOrganisation,
      responseDueAt: thread.responseDueAt,
      hasOfficialResponse: sql<boolean>`exists (select 1 from ${officialResponse} where ${officialResponse.threadId} = ${thread.id})`,
    })
    .from(thread)
    .innerJoin(user, eq(user.id, thread.authorId))
    .where(
      and(
        eq(thread.forumId, sql.placeholder("forumId")),
        readableThreadsFor(kind, viewerId$),
        afterCursor ? or(lt(thread.lastActivityAt, afterAt), and(eq(thread.lastActivityAt, afterAt), lt(thread.id, afterId))) : undefined,
      ),
    )
    .orderBy(desc(thread.lastActivityAt), desc(thread.id))
    .limit(sql.placeholder("limit"));
}
const forumThreadsRead = preparedRead("forum_threads", (q, kind: ViewerKind) => forumThreadsQuery(q, kind, false));
const forumThreadsAfterRead = preparedRead("forum_threads_after", (q, kind: ViewerKind) => forumThreadsQuery(q, kind, true));

/**
 * Public threads for someone signed out: the home page's recent ones (every forum) or one
 * forum's public listing. The filter is `readableThreads(null)` — published and public — so a
 * members-only thread is never listed, not even by its title.
 */
export async function listPublicThreads(input: { forumId?: string; after?: ThreadCursor | null; limit?: number } = {}) {
  const q = database();
  const limit = input.limit ?? 25;
  const after = input.after;
  const rows = await q
    .select({
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      replyCount: thread.replyCount,
      lastActivityAt: thread.lastActivityAt,
      createdAt: thread.createdAt,
      authorName,
      forumName: forum.name,
      forumSlug: forum.slug,
      responseOrganisation: thread.responseOrganisation,
      responseDueAt: thread.responseDueAt,
      hasOfficialResponse: sql<boolean>`exists (select 1 from ${officialResponse} where ${officialResponse.threadId} = ${thread.id})`,
    })
    .from(thread)
    .innerJoin(user, eq(user.id, thread.authorId))
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .where(
      and(
        readableThreads(null),
        input.forumId ? eq(thread.forumId, input.forumId) : undefined,
        after
          ? or(lt(thread.lastActivityAt, new Date(after.at)), and(eq(thread.lastActivityAt, new Date(after.at)), lt(thread.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(thread.lastActivityAt), desc(thread.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    threads: page,
    next: rows.length > limit && last ? encodeCursor({ at: last.lastActivityAt.toISOString(), id: last.id }) : null,
  };
}

/** An official response on a thread, as the thread page shows it. */
export type ThreadPageResponse = { id: string; organisation: string; responderTitle: string; bodyHtml: string; publishedAt: Date; editedAt: Date | null };

// The thread's official responses as one JSON column of the thread's own row (the thread page
// then needs no statement of its own for them).
const responsesJson = sql<unknown>`(select coalesce(json_agg(json_build_object(
    'id', ${officialResponse.id}, 'organisation', ${officialResponse.organisation}, 'responderTitle', ${officialResponse.responderTitle},
    'bodyHtml', ${officialResponse.bodyHtml}, 'publishedAt', ${officialResponse.publishedAt}, 'editedAt', ${officialResponse.editedAt}
  ) order by ${officialResponse.publishedAt}), '[]'::json)
  from ${officialResponse} where ${officialResponse.targetType} = 'thread' and ${officialResponse.threadId} = ${thread.id})`;

function readResponses(value: unknown): ThreadPageResponse[] {
  const rows = (typeof value === "string" ? JSON.parse(value) : value) as { id: string; organisation: string; responderTitle: string; bodyHtml: string; publishedAt: string; editedAt: string | null }[];
  return rows.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt), editedAt: r.editedAt ? new Date(r.editedAt) : null }));
}

/** A post on the thread page, as listThreadPosts returns it. */
export type ThreadPagePost = Omit<Awaited<ReturnType<typeof listThreadPosts>>[number], "bodyHtml"> & {
  /** Null for an approved post by someone else: see approvedPostBodies. */
  bodyHtml: string | null;
};

/**
 * The thread page in one statement: the thread, its official responses and its posts (as
 * listThreadPosts gives them: approved posts, and the viewer's own that are not approved yet),
 * or null when the viewer may not read it (the same rule as getThreadForViewer). The posts come
 * as a JSON column of the thread's row, so they are read only when the thread itself is, and a
 * page costs one round trip to the database instead of two.
 */
export async function getThreadPageForViewer(threadId: string, viewer: Viewer) {
  const found = await getThreadForViewer(threadId, viewer, { withResponses: true });
  if (!found) return null;
  const { responsesJson: raw, postsJson, ...thread } = found;
  return { ...thread, responses: readResponses(raw), posts: readPosts(postsJson) };
}

/** SQL: the post is the viewer's own (the viewer's id the `viewerId` placeholder). */
function ownPost(kind: ViewerKind): SQL {
  return kind === "nobody" ? sql`false` : sql`${post.authorId} = ${viewerId$}`;
}

/**
 * SQL: the posts of a readable thread the viewer sees: approved posts, and the viewer's own that
 * are not approved yet. One rule for the thread page's JSON column and for listThreadPosts' rows.
 */
function shownPosts(kind: ViewerKind): SQL {
  return kind === "nobody"
    ? eq(post.status, "approved")
    : or(eq(post.status, "approved"), and(eq(post.authorId, viewerId$), inArray(post.status, ["pending", "rejected", "safeguarding"])))!;
}

/** The posts column of the thread page. */
function postsJson(kind: ViewerKind): SQL<unknown> {
  const own = ownPost(kind);
  // Each post is an array, in PostJson's order (no key names to write and read 51 times).
  // An approved post by someone else looks the same to every reader and is rendered once
  // (app/services/post-fragments.server.tsx): its body and the author's own details are left
  // out (the last element is null), and the body is read with approvedPostBodies only when its
  // markup has not been made yet. The body is most of a post's bytes, and writing it into JSON
  // most of this statement's work.
  return sql<unknown>`(select coalesce(json_agg(json_build_array(
      ${post.id}, ${post.isOpening}, ${post.version}, ${post.status}, ${post.authorId}, ${authorName},
      ${post.contentWarnings}, ${post.approvedAt}, ${post.submittedAt},
      case when ${post.status} = 'approved' and not (${own}) then null else json_build_array(
        ${post.bodyHtml}, case when ${own} then ${post.bodySource} else null end, ${post.rejectionReason},
        ${post.rejectionNote}, ${post.redactionNote}, ${post.redactedAt}) end
    ) order by ${post.isOpening} desc, coalesce(${post.approvedAt}, ${post.submittedAt}), ${post.id}), '[]'::json)
    from ${post} inner join ${user} on ${user.id} = ${post.authorId}
    where ${post.threadId} = ${thread.id} and ${shownPosts(kind)})`;
}

type PostJson = [
  id: string,
  isOpening: boolean,
  version: number,
  status: string,
  authorId: string,
  authorName: string,
  contentWarnings: string[],
  approvedAt: string | null,
  submittedAt: string,
  ownDetails: [bodyHtml: string, bodySource: string | null, rejectionReason: string | null, rejectionNote: string | null, redactionNote: string | null, redactedAt: string | null] | null,
];

function readPosts(value: unknown): ThreadPagePost[] {
  const rows = (typeof value === "string" ? JSON.parse(value) : value) as PostJson[];
  return rows.map(([id, isOpening, version, status, authorId, authorName, contentWarnings, approvedAt, submittedAt, details]) => ({
    id,
    isOpening,
    version,
    status,
    authorId,
    authorName,
    contentWarnings,
    approvedAt: approvedAt ? new Date(approvedAt) : null,
    submittedAt: new Date(submittedAt),
    bodyHtml: details ? details[0] : null,
    bodySource: details ? details[1] : null,
    rejectionReason: details ? details[2] : null,
    rejectionNote: details ? details[3] : null,
    redactionNote: details ? details[4] : null,
    redactedAt: details?.[5] ? new Date(details[5]) : null,
  }));
}

/**
 * The bodies of approved posts of a thread, by id, with the version each body belongs to: for
 * the thread page's posts whose shared markup is not made yet. A post hidden or withdrawn since
 * the page read it is not returned.
 */
export async function approvedPostBodies(threadId: string, ids: string[]): Promise<Map<string, { version: number; bodyHtml: string }>> {
  if (!ids.length) return new Map();
  const rows = await database()
    .select({ id: post.id, version: post.version, bodyHtml: post.bodyHtml })
    .from(post)
    .where(and(eq(post.threadId, threadId), inArray(post.id, ids), eq(post.status, "approved")));
  return new Map(rows.map((r) => [r.id, { version: r.version, bodyHtml: r.bodyHtml }]));
}

/** A thread the viewer may read — or their own thread still awaiting moderation — else null. */
export async function getThreadForViewer(threadId: string, viewer: Viewer, options: { withResponses?: boolean } = {}) {
  if (!isUuid(threadId)) return null;
  const kind = viewerKind(viewer);
  const [row] = await (options.withResponses ? threadPageRead : threadRead)(kind, { threadId, viewerId: viewer?.id ?? "" });
  return row ? { ...row, viewerIsForumMember: row.viewerIsForumMember === true } : null;
}

const threadId$ = sql.placeholder("threadId");
const viewerId$ = sql.placeholder("viewerId");

/** The thread as getThreadForViewer reads it (with its official responses for the thread page). */
function threadQuery(q: Queryable, kind: ViewerKind, withResponses: boolean) {
  // Whether the viewer belongs to the thread's forum comes in the same statement (staff count
  // as members of every forum).
  const member: SQL<boolean> =
    kind === "nobody"
      ? sql<boolean>`false`
      : kind === "staff"
        ? sql<boolean>`true`
        : sql<boolean>`exists (select 1 from ${forumMembership} where ${forumMembership.forumId} = ${thread.forumId} and ${forumMembership.userId} = ${viewerId$})`;
  return q
    .select({
      id: thread.id,
      title: thread.title,
      visibility: thread.visibility,
      published: thread.published,
      forumId: thread.forumId,
      forumName: forum.name,
      forumSlug: forum.slug,
      authorId: thread.authorId,
      replyCount: thread.replyCount,
      responseOrganisation: thread.responseOrganisation,
      responseDueAt: thread.responseDueAt,
      publicSummary: thread.publicSummary,
      createdAt: thread.createdAt,
      viewerIsForumMember: member,
      responsesJson: withResponses ? responsesJson : sql<unknown>`null`,
      postsJson: withResponses ? postsJson(kind) : sql<unknown>`null`,
    })
    .from(thread)
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .where(and(eq(thread.id, threadId$), readableOrOwn(kind)));
}
const threadRead = preparedRead("thread", (q, kind: ViewerKind) => threadQuery(q, kind, false));
const threadPageRead = preparedRead("thread_page", (q, kind: ViewerKind) => threadQuery(q, kind, true));

/** SQL: the thread is readable by the viewer, or (signed in) is their own, awaiting moderation. */
function readableOrOwn(kind: ViewerKind): SQL {
  return kind === "nobody" ? readableThreadsFor(kind, viewerId$) : or(readableThreadsFor(kind, viewerId$), eq(thread.authorId, viewerId$))!;
}

/**
 * The posts on a thread page in one query: approved posts for everyone who may read the
 * thread, plus the viewer's own posts that are not (yet) approved, with their status.
 */
export async function listThreadPosts(threadId: string, viewer: Viewer) {
  return threadPostsRead(viewerKind(viewer), { threadId, viewerId: viewer?.id ?? "" });
}

const threadPostsRead = preparedRead("thread_posts", (q, kind: ViewerKind) =>
  q
    .select({
      id: post.id,
      isOpening: post.isOpening,
      bodyHtml: post.bodyHtml,
      bodySource: sql<string | null>`case when ${ownPost(kind)} then ${post.bodySource} else null end`,
      contentWarnings: post.contentWarnings,
      status: post.status,
      authorId: post.authorId,
      authorName,
      approvedAt: post.approvedAt,
      submittedAt: post.submittedAt,
      rejectionReason: post.rejectionReason,
      rejectionNote: post.rejectionNote,
      redactionNote: post.redactionNote,
      redactedAt: post.redactedAt,
      version: post.version,
    })
    .from(post)
    .innerJoin(user, eq(user.id, post.authorId))
    .innerJoin(thread, eq(thread.id, post.threadId))
    .where(
      and(
        eq(post.threadId, threadId$),
        // The thread itself must be readable (or the viewer's own, awaiting moderation).
        readableOrOwn(kind),
        shownPosts(kind),
      ),
    )
    .orderBy(desc(post.isOpening), asc(sql`coalesce(${post.approvedAt}, ${post.submittedAt})`), asc(post.id)),
);

export async function listThreadResponses(threadId: string) {
    const q = database();
  return q
    .select({
      id: officialResponse.id,
      organisation: officialResponse.organisation,
      responderTitle: officialResponse.responderTitle,
      responderName: user.name,
      bodyHtml: officialResponse.bodyHtml,
      publishedAt: officialResponse.publishedAt,
      editedAt: officialResponse.editedAt,
      responderId: officialResponse.responderId,
    })
    .from(officialResponse)
    .innerJoin(user, eq(user.id, officialResponse.responderId))
    .where(and(eq(officialResponse.targetType, "thread"), eq(officialResponse.threadId, threadId)))
    .orderBy(asc(officialResponse.publishedAt));
}

export class PostingError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type NewPostInput = { body: string; contentWarnings: string[]; atRisk: boolean };

function newPostValues(input: NewPostInput) {
  return {
    bodySource: input.body,
    bodyHtml: renderMarkdown(input.body),
    contentWarnings: input.contentWarnings,
    atRisk: input.atRisk,
    // "I am at risk now" goes straight to the safeguarding list, never the ordinary queue.
    status: input.atRisk ? "safeguarding" : "pending",
    piiFindings: detectPii(input.body),
  };
}

export function queueEvents(status: string): PendingEvent[] {
  return [{ room: "moderation", event: "queue:changed", payload: { status } }];
}

export async function startThread(
  author: Pick<CurrentUser, "id" | "role">,
  input: NewPostInput & { forumId: string; title: string; visibility: Visibility },
  now = new Date(),
) {
  if (!can(author.role, "post:create")) throw new PostingError("Your account cannot start threads");
  const events: PendingEvent[] = [];
  const created = await transaction(async (tx) => {
    // Ownership lives in the query: only a member of the forum (or staff) can post in it.
    const allowed = isStaff(author.role)
      ? await tx.select({ id: forum.id }).from(forum).where(eq(forum.id, input.forumId))
      : await tx
          .select({ id: forumMembership.forumId })
          .from(forumMembership)
          .where(and(eq(forumMembership.forumId, input.forumId), eq(forumMembership.userId, author.id)));
    if (!allowed.length) throw new PostingError("You can only start threads in your own forums", "forumId");
    const [t] = await tx
      .insert(thread)
      .values({ forumId: input.forumId, authorId: author.id, title: input.title, visibility: input.visibility, createdAt: now, lastActivityAt: now })
      .returning();
    const [p] = await tx
      .insert(post)
      .values({ threadId: t.id, authorId: author.id, isOpening: true, submittedAt: now, createdAt: now, ...newPostValues(input) })
      .returning();
    events.push(...queueEvents(p.status), ...(await emailModeratorsAboutQueue(tx, now)));
    return { thread: t, post: p };
  });
  publishEvents(events);
  return created;
}

export async function replyToThread(author: Pick<CurrentUser, "id" | "role">, input: NewPostInput & { threadId: string }, now = new Date()) {
  if (!can(author.role, "post:create")) throw new PostingError("Your account cannot reply to threads");
  const events: PendingEvent[] = [];
  const created = await transaction(async (tx) => {
    const t = await getThreadForViewer(input.threadId, author);
    if (!t || !t.published) throw new PostingError("That thread is not open for replies");
    if (!t.viewerIsForumMember) throw new PostingError("Only members of this forum can reply here");
    const [p] = await tx
      .insert(post)
      .values({ threadId: t.id, authorId: author.id, isOpening: false, submittedAt: now, createdAt: now, ...newPostValues(input) })
      .returning();
    events.push(...queueEvents(p.status), ...(await emailModeratorsAboutQueue(tx, now)));
    return p;
  });
  publishEvents(events);
  return created;
}

/** The viewer's own posts, with their status: what they wrote and what happened to it. */
export async function listOwnPosts(authorId: string) {
    const q = database();
  return q
    .select({ id: post.id, threadId: post.threadId, threadTitle: thread.title, status: post.status, submittedAt: post.submittedAt, rejectionReason: post.rejectionReason })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .where(eq(post.authorId, authorId))
    .orderBy(desc(post.submittedAt))
    .limit(100);
}

// ---------------------------------------------------------------------------------------------
// The member-facing post forms (start a thread, reply, edit and send again) share these fields
// and the identifying-details check, so all three pages behave the same.

// The field schemas live in app/utils/post-fields.ts: routes build their zod schemas at module
// level, which also runs in the browser, where a .server module is empty.
export { BODY_LENGTH, postFormFields, threadTitleField, TITLE_LENGTH } from "~/utils/post-fields";

export type PiiCheck = {
  /** Sent back as `piiConfirmed` by "Post anyway"; any edit to the text changes it. */
  hash: string;
  fields: { name: "title" | "body"; label: string; text: string; findings: PiiFinding[] }[];
};

/** SHA-256 of the exact title and body the author confirmed (title is "" for replies). */
export function piiConfirmationHash(title: string, body: string): string {
  return createHash("sha256").update(title).update("\u0000").update(body).digest("hex");
}

/**
 * Looks for likely identifying details before a post is saved. Returns null when there are
 * none, or when the author already chose "Post anyway" for this exact text; otherwise what to
 * show them.
 */
export function checkIdentifyingDetails(input: { title?: string; body: string; confirmed?: string | null }): PiiCheck | null {
  const title = input.title ?? "";
  const fields: PiiCheck["fields"] = [];
  if (title) {
    const findings = detectPii(title);
    if (findings.length) fields.push({ name: "title", label: "Your title", text: title, findings });
  }
  const bodyFindings = detectPii(input.body);
  if (bodyFindings.length) fields.push({ name: "body", label: "Your post", text: input.body, findings: bodyFindings });
  if (!fields.length) return null;
  const hash = piiConfirmationHash(title, input.body);
  if (input.confirmed && input.confirmed === hash) return null;
  return { hash, fields };
}

/** The author's own post that they may still edit and send again (pending or rejected), or null. */
export async function getOwnPostForEditing(input: { postId: string; threadId: string; authorId: string }) {
    const q = database();
  if (!isUuid(input.postId) || !isUuid(input.threadId)) return null;
  const [row] = await q
    .select({
      id: post.id,
      threadId: post.threadId,
      threadTitle: thread.title,
      isOpening: post.isOpening,
      status: post.status,
      bodySource: post.bodySource,
      contentWarnings: post.contentWarnings,
      rejectionReason: post.rejectionReason,
      rejectionNote: post.rejectionNote,
      submittedAt: post.submittedAt,
    })
    .from(post)
    .innerJoin(thread, eq(thread.id, post.threadId))
    .where(
      and(
        eq(post.id, input.postId),
        eq(post.threadId, input.threadId),
        eq(post.authorId, input.authorId),
        inArray(post.status, ["pending", "rejected"]),
      ),
    );
  return row ?? null;
}
