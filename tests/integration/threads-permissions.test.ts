// The permission matrix of issue 3: signed out, member of this forum, member of another forum,
// moderator, responder and admin, against every read and write on threads, and against the
// socket rooms. Each cell is its own test, so the matrix reads in the test names.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { officialResponse, postReport, thread as threadTable } from "../../db/schema/threads";
import { getReviewItem, listReviewQueue } from "../../app/models/threads/review-queue.server";
import { PostNotFoundError, transitionPost, type Transition } from "../../app/models/threads/post-lifecycle.server";
import {
  getThreadForViewer,
  listForumThreads,
  listThreadPosts,
  PostingError,
  startThread,
} from "../../app/models/threads/threads.server";
import { canJoinRoom } from "../../app/services/rooms.server";
import { openTestDatabase, resetDatabase } from "../db";
import { body, makeCast, pendingThread, postRow, publishedThread, reply, replyIn, threadRow, type Cast, type Person } from "../support/threads";
import { ReportError, reportPost } from "../../app/models/threads/reports.server";
import { editThreadResponse, markForResponse, publishThreadResponse, ResponseError } from "../../app/models/threads/official-responses.server";

type ActorKey = "signedOut" | "member" | "outsider" | "moderator" | "responder" | "admin";
const ACTORS: { key: ActorKey; label: string }[] = [
  { key: "signedOut", label: "signed out" },
  { key: "member", label: "member of this forum" },
  { key: "outsider", label: "member of another forum" },
  { key: "moderator", label: "moderator" },
  { key: "responder", label: "responder (Met)" },
  { key: "admin", label: "admin" },
];
const SIGNED_IN = ACTORS.filter((a) => a.key !== "signedOut");

type ObjectKey = "members" | "public" | "pending";
const OBJECTS: { key: ObjectKey; label: string }[] = [
  { key: "members", label: "a members-only thread" },
  { key: "public", label: "a public thread" },
  { key: "pending", label: "a thread awaiting moderation" },
];

/** Everything the matrix reads: made once, read by every cell. */
type World = {
  cast: Cast;
  threads: Record<ObjectKey, string>;
  /** In each published thread: the opening post, an approved reply and a pending reply (all by the thread's author). */
  posts: Record<"members" | "public", { opening: string; approved: string; pending: string }>;
  pendingOpening: string;
  actor: (key: ActorKey) => Person | null;
};

async function makeWorld(): Promise<World> {
  await resetDatabase(await openTestDatabase());
  const cast = await makeCast();
  const posts = {} as World["posts"];
  const threads = {} as World["threads"];
  for (const visibility of ["members", "public"] as const) {
    const { thread, opening } = await publishedThread(cast, { visibility, title: `A ${visibility} thread` });
    const approved = await replyIn(cast, thread.id, "approved", cast.author);
    const pending = await reply(thread.id, cast.author, { body: body("a reply still waiting") });
    threads[visibility] = thread.id;
    posts[visibility] = { opening: opening.id, approved: approved.id, pending: pending.id };
  }
  const pending = await pendingThread(cast);
  threads.pending = pending.thread.id;
  const people: Record<ActorKey, Person | null> = {
    signedOut: null,
    member: cast.member,
    outsider: cast.outsider,
    moderator: cast.moderator,
    responder: cast.met,
    admin: cast.admin,
  };
  return { cast, threads, posts, pendingOpening: pending.post.id, actor: (key) => people[key] };
}

const isStaffKey = (k: ActorKey) => k === "moderator" || k === "responder" || k === "admin";

/** Who may read which thread: the heart of the matrix. */
function mayRead(actor: ActorKey, object: ObjectKey): boolean {
  if (object === "pending") return false;
  if (object === "public") return true;
  return actor === "member" || isStaffKey(actor);
}

const readCells = ACTORS.flatMap((a) => OBJECTS.map((o) => ({ ...a, object: o, ok: mayRead(a.key, o.key) })));
/** Adds the cell's verb, so a test reads "member of another forum cannot read a members-only thread". */
const verbs = <T extends { ok: boolean }>(cells: T[]) => cells.map((c) => ({ ...c, verb: c.ok ? "can" : "cannot" }));
/** [name, cell] pairs: with "%s" the test name prints as written, without quotes. */
const named = <T,>(cells: T[], name: (c: T) => string) => cells.map((c) => [name(c), c] as [string, T]);
const matrix = <T extends { ok: boolean }>(cells: T[], name: (c: T & { verb: string }) => string) => named(verbs(cells), name);

describe("reads", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  describe("getThreadForViewer", () => {
    it.each(matrix(readCells, (c) => `${c.label} ${c.verb} read ${c.object.label}`))("%s", async (_, { key, object, ok }) => {
      const t = await getThreadForViewer(w.threads[object.key], w.actor(key));
      expect(t !== null).toBe(ok);
      if (t) expect(t.viewerIsForumMember).toBe(key === "member" || isStaffKey(key));
    });

    it("the author can read their own thread while it awaits moderation", async () => {
      const t = await getThreadForViewer(w.threads.pending, w.cast.author);
      expect(t).toMatchObject({ id: w.threads.pending, published: false });
    });

    it("a malformed id reads as no thread", async () => {
      expect(await getThreadForViewer("not-a-uuid'; drop table thread; --", w.cast.admin)).toBeNull();
    });
  });

  describe("listForumThreads", () => {
    it.each(named(ACTORS, (c) => `${c.label} sees exactly the threads they may read in the forum list`))("%s", async (_, { key }) => {
      const { threads } = await listForumThreads({ forumId: w.cast.forum.id, viewer: w.actor(key) });
      const expected = OBJECTS.filter((o) => mayRead(key, o.key)).map((o) => w.threads[o.key]);
      expect(threads.map((t) => t.id).sort()).toEqual(expected.sort());
    });

    it("the author's pending thread is not listed, even for the author", async () => {
      const { threads } = await listForumThreads({ forumId: w.cast.forum.id, viewer: w.cast.author });
      expect(threads.map((t) => t.id)).not.toContain(w.threads.pending);
    });
  });

  describe("listThreadPosts", () => {
    it.each(matrix(readCells, (c) => `${c.label} ${c.verb} read the approved posts of ${c.object.label}`))("%s", async (_, { key, object, ok }) => {
      const rows = await listThreadPosts(w.threads[object.key], w.actor(key));
      const expected = !ok ? [] : [w.posts[object.key as "members" | "public"].opening, w.posts[object.key as "members" | "public"].approved];
      expect(rows.map((r) => r.id)).toEqual(expected);
      // Nobody but the author gets the Markdown source back.
      for (const r of rows) expect(r.bodySource).toBeNull();
    });

    it.each(["members", "public"] as const)("a pending reply in the %s thread shows to its author only, marked as pending", async (visibility) => {
      const own = await listThreadPosts(w.threads[visibility], w.cast.author);
      const p = w.posts[visibility];
      expect(own.map((r) => r.id)).toEqual([p.opening, p.approved, p.pending]);
      expect(own[2]).toMatchObject({ status: "pending", bodySource: expect.stringContaining("still waiting") });
      for (const a of ACTORS) {
        const rows = await listThreadPosts(w.threads[visibility], w.actor(a.key));
        expect(rows.map((r) => r.id), a.label).not.toContain(p.pending);
      }
    });

    it("the author of a thread awaiting moderation sees its opening post; nobody else sees anything", async () => {
      const own = await listThreadPosts(w.threads.pending, w.cast.author);
      expect(own.map((r) => ({ id: r.id, status: r.status }))).toEqual([{ id: w.pendingOpening, status: "pending" }]);
    });
  });

  describe("socket rooms (canJoinRoom)", () => {
    it.each(matrix(readCells.map((c) => ({ ...c, ok: c.ok && c.object.key !== "pending" })), (c) => `${c.label} ${c.verb} join the room of ${c.object.label}`))("%s", async (_, { key, object, ok }) => {
      expect(await canJoinRoom(w.actor(key) as never, `thread:${w.threads[object.key]}`)).toBe(ok);
    });

    it("not even its author can join the room of a thread awaiting moderation", async () => {
      expect(await canJoinRoom(w.cast.author, `thread:${w.threads.pending}`)).toBe(false);
    });

    const moderationCells = ACTORS.map((a) => ({ ...a, ok: a.key === "moderator" || a.key === "admin" }));
    it.each(matrix(moderationCells, (c) => `${c.label} ${c.verb} join the review queue room`))("%s", async (_, { key, ok }) => {
      expect(await canJoinRoom(w.actor(key) as never, "moderation")).toBe(ok);
    });
    it.each(matrix(moderationCells, (c) => `${c.label} ${c.verb} join a review item's presence room`))("%s", async (_, { key, ok }) => {
      expect(await canJoinRoom(w.actor(key) as never, `review-item:${w.posts.members.pending}`)).toBe(ok);
    });

    it.each(named(SIGNED_IN, (c) => `${c.label} can join their own user room and nobody else's`))("%s", async (_, { key }) => {
      const me = w.actor(key)!;
      expect(await canJoinRoom(me as never, `user:${me.id}`)).toBe(true);
      expect(await canJoinRoom(me as never, `user:${w.cast.author.id}`)).toBe(false);
    });

    it("signed out cannot join any user room, not even one named after nobody", async () => {
      for (const room of [`user:${w.cast.member.id}`, "user:undefined", "user:null", "user:"]) {
        expect(await canJoinRoom(null, room), room).toBe(false);
      }
    });

    it("rooms nobody declared, and look-alike names, are refused", async () => {
      for (const room of ["consultation:1", "moderation-extra", "thread:", "thread:not-a-uuid", `thread:${w.threads.members}x`, ""]) {
        expect(await canJoinRoom(w.cast.admin, room), room).toBe(false);
      }
    });
  });

  describe("reporter names", () => {
    it("moderators see who reported only in the item view, never in the queue; the author never does", async () => {
      const target = w.posts.public.approved;
      await reportPost(w.cast.outsider, { postId: target, reason: "It names a street." });
      const queue = await listReviewQueue({ kind: "reported" });
      expect(queue.map((i) => i.postId)).toEqual([target]);
      expect(JSON.stringify(queue)).not.toContain(w.cast.outsider.name);
      expect(JSON.stringify(queue)).not.toContain(w.cast.outsider.id);
      const item = await getReviewItem(target);
      expect(item?.reports).toEqual([expect.objectContaining({ reporterName: w.cast.outsider.name, reason: "It names a street.", status: "open" })]);
      const authorView = await listThreadPosts(w.threads.public, w.cast.author);
      expect(JSON.stringify(authorView)).not.toContain(w.cast.outsider.name);
      await db().delete(postReport);
    });
  });
});

describe("writes", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  // Signed out has no row here: every write takes a signed-in person, and the routes' guards
  // (requireUser) send anyone else to sign in before a model is called.

  const startCells = SIGNED_IN.map((a) => ({ ...a, ok: a.key === "member" || a.key === "moderator" || a.key === "admin" }));
  it.each(matrix(startCells, (c) => `${c.label} ${c.verb} start a thread in the forum`))("%s", async (_, { key, ok }) => {
    const attempt = startThread(w.actor(key)!, { forumId: w.cast.forum.id, title: `Started by ${key}`, visibility: "members", body: body(), contentWarnings: [], atRisk: false });
    if (ok) {
      const { thread, post } = await attempt;
      expect(thread).toMatchObject({ forumId: w.cast.forum.id, published: false });
      expect(post).toMatchObject({ status: "pending", isOpening: true });
    } else {
      await expect(attempt).rejects.toBeInstanceOf(PostingError);
      expect(await db().select().from(threadTable).where(eq(threadTable.title, `Started by ${key}`))).toEqual([]);
    }
  });

  const replyCells = SIGNED_IN.flatMap((a) =>
    OBJECTS.map((o) => ({ ...a, object: o, ok: o.key !== "pending" && (a.key === "member" || a.key === "moderator" || a.key === "admin") })),
  );
  it.each(matrix(replyCells, (c) => `${c.label} ${c.verb} reply to ${c.object.label}`))("%s", async (_, { key, object, ok }) => {
    const attempt = reply(w.threads[object.key], w.actor(key)!);
    if (ok) expect(await attempt).toMatchObject({ status: "pending", threadId: w.threads[object.key] });
    else await expect(attempt).rejects.toBeInstanceOf(PostingError);
  });

  it("the author cannot reply to their own thread while it awaits moderation", async () => {
    await expect(reply(w.threads.pending, w.cast.author)).rejects.toBeInstanceOf(PostingError);
  });

  const reportCells = SIGNED_IN.flatMap((a) => (["members", "public"] as const).map((v) => ({ ...a, visibility: v, ok: mayRead(a.key, v) })));
  it.each(matrix(reportCells, (c) => `${c.label} ${c.verb} report an approved post in the ${c.visibility} thread`))("%s", async (_, { key, visibility, ok }) => {
    const attempt = reportPost(w.actor(key)!, { postId: w.posts[visibility].approved, reason: `Reported by ${key}` });
    if (ok) expect(await attempt).toEqual({ alreadyReported: false, threadId: w.threads[visibility] });
    else await expect(attempt).rejects.toBeInstanceOf(ReportError);
  });

  it.each(named(SIGNED_IN, (c) => `${c.label} cannot report a post that is still pending`))("%s", async (_, { key }) => {
    await expect(reportPost(w.actor(key)!, { postId: w.posts.public.pending, reason: "x" })).rejects.toBeInstanceOf(ReportError);
  });

  it("the author cannot report their own post", async () => {
    await expect(reportPost(w.cast.author, { postId: w.posts.public.approved, reason: "x" })).rejects.toBeInstanceOf(ReportError);
  });

  const moderatorMoves: Transition[] = [
    { kind: "approve" },
    { kind: "reject", reason: "other", note: "No." },
    { kind: "redact", body: "Redacted.", note: "Redacted." },
    { kind: "set-warnings", warnings: ["violence"] },
    { kind: "escalate" },
    { kind: "reopen" },
    { kind: "hide" },
  ];
  const refusedDeciders = [...SIGNED_IN.filter((a) => a.key !== "moderator" && a.key !== "admin"), { key: "author" as const, label: "the post's author" }];
  const decisionCells = refusedDeciders.flatMap((a) => moderatorMoves.map((t) => ({ ...a, kind: t.kind, transition: t })));
  it.each(named(decisionCells, (c) => `${c.label} cannot ${c.kind} a post (moderators' decision)`))("%s", async (_, { key, transition }) => {
    const target = transition.kind === "reopen" || transition.kind === "hide" ? w.posts.members.approved : w.posts.members.pending;
    const before = await postRow(target);
    const actor = key === "author" ? w.cast.author : w.actor(key)!;
    await expect(transitionPost({ postId: target, actor: { ...actor, name: "x" }, transition })).rejects.toBeInstanceOf(PostNotFoundError);
    expect(await postRow(target)).toEqual(before);
  });

  it.each(["moderator", "admin"] as const)("%s can approve a pending post", async (key) => {
    const p = await reply(w.threads.members, w.cast.member);
    const after = await transitionPost({ postId: p.id, actor: w.actor(key)!, transition: { kind: "approve" } });
    expect(after).toMatchObject({ status: "approved", decidedById: w.actor(key)!.id });
  });

  const markCells = SIGNED_IN.map((a) => ({ ...a, ok: a.key === "moderator" || a.key === "admin" }));
  it.each(matrix(markCells, (c) => `${c.label} ${c.verb} mark a thread for response`))("%s", async (_, { key, ok }) => {
    const before = await threadRow(w.threads.members);
    const attempt = markForResponse(w.actor(key)!, { threadId: w.threads.members, organisation: "mopac", publicSummary: "Members describe delays in being told about arrests." });
    if (ok) {
      const { dueAt } = await attempt;
      expect(await threadRow(w.threads.members)).toMatchObject({ responseOrganisation: "mopac", responseDueAt: dueAt });
      await db().update(threadTable).set({ responseOrganisation: null, responseDueAt: null, responseRequestedAt: null, publicSummary: null }).where(eq(threadTable.id, w.threads.members));
    } else {
      await expect(attempt).rejects.toBeInstanceOf(PostingError);
      expect(await threadRow(w.threads.members)).toEqual(before);
    }
  });

  const publishCells = [...SIGNED_IN.map((a) => ({ ...a, ok: a.key === "responder" })), { key: "mopac" as const, label: "responder (MOPAC)", ok: true }];
  it.each(matrix(publishCells, (c) => `${c.label} ${c.verb} publish an official response`))("%s", async (_, { key, ok }) => {
    const who = key === "mopac" ? w.cast.mopac : w.actor(key)!;
    const attempt = publishThreadResponse(who, { threadId: w.threads.members, body: `Our answer (${key}).`, responderTitle: "Reform lead" });
    if (ok) {
      const r = await attempt;
      // The responder's organisation stamps the response, whatever the form said.
      expect(r).toMatchObject({ organisation: key === "mopac" ? "mopac" : "met", responderId: who.id, threadId: w.threads.members });
    } else {
      await expect(attempt).rejects.toBeInstanceOf(ResponseError);
      expect(await db().select().from(officialResponse).where(eq(officialResponse.responderId, who.id))).toEqual([]);
    }
  });

  it("not even a responder can respond to a thread awaiting moderation", async () => {
    await expect(publishThreadResponse(w.cast.met, { threadId: w.threads.pending, body: "x", responderTitle: "x" })).rejects.toBeInstanceOf(ResponseError);
  });

  const editCells = [...SIGNED_IN.map((a) => ({ ...a, ok: a.key === "responder" })), { key: "mopac" as const, label: "another responder (MOPAC)", ok: false }];
  it.each(matrix(editCells, (c) => `${c.label} ${c.verb} edit the Met's official response`))("%s", async (_, { key, ok }) => {
    const r = await publishThreadResponse(w.cast.met, { threadId: w.threads.public, body: "We will look into it.", responderTitle: "Reform lead" });
    const who = key === "mopac" ? w.cast.mopac : w.actor(key)!;
    const attempt = editThreadResponse(who, { responseId: r.id, body: `Edited by ${key}.` });
    if (ok) {
      expect(await attempt).toMatchObject({ bodySource: `Edited by ${key}.`, editedAt: expect.any(Date) });
    } else {
      await expect(attempt).rejects.toBeInstanceOf(ResponseError);
      const [row] = await db().select().from(officialResponse).where(eq(officialResponse.id, r.id));
      expect(row).toMatchObject({ bodySource: "We will look into it.", editedAt: null });
    }
  });
});
