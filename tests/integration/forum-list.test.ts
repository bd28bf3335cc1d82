// The forum page's two reads (its forum, and its threads 25 at a time) are prepared statements,
// made once per database handle (preparedQuery in app/models/database.server.ts). These tests
// show that what a reader sees still follows the data as it is at each request — a membership
// taken away or given, a thread hidden — that every kind of reader walks the pages of the list
// without a thread lost or shown twice, and that inside a transaction the reads run on the
// transaction's connection.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { forumMembership } from "../../db/schema/forums";
import { thread } from "../../db/schema/threads";
import { transaction } from "../../app/models/database.server";
import { addForumMember, getForumForUser, removeForumMember } from "../../app/models/people/forums.server";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";
import { decodeCursor, listForumThreads, type ThreadCursor, type Viewer } from "../../app/models/threads/threads.server";
import { openTestDatabase, resetDatabase } from "../db";
import { makeCast, publishedThread, type Cast } from "../support/threads";

beforeEach(async () => resetDatabase(await openTestDatabase()));

/** Every thread of the forum as `viewer` reaches it page by page, following the "Older threads" cursor. */
async function walk(cast: Cast, viewer: Viewer, limit: number) {
  const seen: string[] = [];
  let after: ThreadCursor | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const { threads, next } = await listForumThreads({ forumId: cast.forum.id, viewer, after, limit });
    seen.push(...threads.map((t) => t.title));
    if (!next) return seen;
    after = decodeCursor(next);
  }
  throw new Error("the list never ended");
}

describe("the forum list, page by page", () => {
  it("shows each reader every thread they may read, newest activity first, once, across pages", async () => {
    const cast = await makeCast();
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute));
    // Two threads share a last-activity time: the cursor must still separate them.
    const made = [
      { title: "one (public)", visibility: "public", now: at(1) },
      { title: "two (members)", visibility: "members", now: at(2) },
      { title: "three (public)", visibility: "public", now: at(3) },
      { title: "four (members)", visibility: "members", now: at(3) },
      { title: "five (members)", visibility: "members", now: at(5) },
    ] as const;
    for (const m of made) await publishedThread(cast, m);
    const newestFirst = ["five (members)", "three (public)", "four (members)", "two (members)", "one (public)"];
    // Same-time threads come in id order, newest id first; which of the two that is depends on the ids.
    const sameTime = async () => {
      const rows = await db().select({ id: thread.id, title: thread.title }).from(thread).where(sql`${thread.lastActivityAt} = ${at(3).toISOString()}`);
      return rows.sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => r.title);
    };
    const [first, second] = await sameTime();
    const expected = newestFirst.map((t) => (t === "three (public)" ? first : t === "four (members)" ? second : t));

    for (const limit of [1, 2, 25]) {
      expect(await walk(cast, cast.member, limit)).toEqual(expected);
      expect(await walk(cast, cast.moderator, limit)).toEqual(expected);
      expect(await walk(cast, cast.outsider, limit)).toEqual(expected.filter((t) => t.includes("public")));
      expect(await walk(cast, null, limit)).toEqual(expected.filter((t) => t.includes("public")));
    }
  });
});

describe("the forum list follows the data at every request", () => {
  it("a member taken out of the forum no longer finds it, nor its members-only threads; given back, they do", async () => {
    const cast = await makeCast();
    await publishedThread(cast, { title: "members only", visibility: "members" });
    await publishedThread(cast, { title: "for everyone", visibility: "public" });
    const titles = async () => (await listForumThreads({ forumId: cast.forum.id, viewer: cast.member })).threads.map((t) => t.title).sort();

    expect((await getForumForUser(cast.forum.slug, cast.member))?.id).toBe(cast.forum.id);
    expect(await titles()).toEqual(["for everyone", "members only"]);

    await removeForumMember(cast.admin, cast.forum.id, cast.member.id);
    expect(await getForumForUser(cast.forum.slug, cast.member)).toBeNull();
    expect(await titles()).toEqual(["for everyone"]);

    await addForumMember(cast.admin, cast.forum.id, cast.member.id);
    expect((await getForumForUser(cast.forum.slug, cast.member))?.id).toBe(cast.forum.id);
    expect(await titles()).toEqual(["for everyone", "members only"]);
  });

  it("staff find every forum by its address, and nobody finds one that does not exist", async () => {
    const cast = await makeCast();
    expect((await getForumForUser(cast.otherForum.slug, cast.moderator))?.id).toBe(cast.otherForum.id);
    expect(await getForumForUser(cast.otherForum.slug, cast.member)).toBeNull();
    expect(await getForumForUser("no-such-forum", cast.moderator)).toBeNull();
  });

  it("a thread hidden by a moderator leaves the list on the next request", async () => {
    const cast = await makeCast();
    const { opening } = await publishedThread(cast, { title: "soon hidden", visibility: "public" });
    const titles = async (viewer: Viewer) => (await listForumThreads({ forumId: cast.forum.id, viewer })).threads.map((t) => t.title);
    expect(await titles(cast.member)).toEqual(["soon hidden"]);
    await transitionPost({ postId: opening.id, actor: cast.moderator, transition: { kind: "hide", note: "Report upheld." } });
    expect(await titles(cast.member)).toEqual([]);
    expect(await titles(cast.moderator)).toEqual([]);
    expect(await titles(null)).toEqual([]);
  });

  it("inside a transaction the reads see its own uncommitted changes, and nothing once it rolls back", async () => {
    const cast = await makeCast();
    await publishedThread(cast, { title: "members only", visibility: "members" });
    const rollBack = new Error("roll back");
    await expect(
      transaction(async (tx) => {
        await tx.insert(forumMembership).values({ forumId: cast.forum.id, userId: cast.outsider.id });
        expect((await getForumForUser(cast.forum.slug, cast.outsider))?.id).toBe(cast.forum.id);
        expect((await listForumThreads({ forumId: cast.forum.id, viewer: cast.outsider })).threads.map((t) => t.title)).toEqual(["members only"]);
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    expect(await getForumForUser(cast.forum.slug, cast.outsider)).toBeNull();
    expect((await listForumThreads({ forumId: cast.forum.id, viewer: cast.outsider })).threads).toEqual([]);
  });
});
