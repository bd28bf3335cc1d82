// Live updates over Socket.IO against the real server (app/server.ts, started in this process
// after `npm run build`): a socket is authenticated from the session cookie and joins only the
// rooms its user may read; approvals, queue changes, presence and notifications reach the
// sockets that should hear them and no others. Changes are made by calling the models in this
// process, which share the server's Socket.IO instance, as the pages' actions do.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";
import { useTestDatabase } from "../db";
import { makeCast, publishedThread, reply, type Cast } from "../support/threads";
import { eventsOf, join, openSocket, signIn, waitFor, type Client, useTestServer } from "../support/server";
import { publishThreadResponse } from "../../app/models/threads/official-responses.server";

useTestDatabase();

const server = useTestServer();
let cast: Cast;
let membersThread: string;
let publicThread: string;
const sockets: Client[] = [];

beforeEach(async () => {
  cast = await makeCast();
  membersThread = (await publishedThread(cast, { visibility: "members" })).thread.id;
  publicThread = (await publishedThread(cast, { visibility: "public" })).thread.id;
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

async function socketFor(who: keyof Cast["made"] | null) {
  const cookie = who ? await signIn(server.url, cast.made[who]) : undefined;
  const socket = await openSocket(server.url, cookie);
  sockets.push(socket);
  return socket;
}

describe("thread rooms", () => {
  it("a signed-out socket cannot join a members-only thread's room but can join a public one", async () => {
    const s = await socketFor(null);
    expect(await join(s, `thread:${membersThread}`)).toEqual({ ok: false, error: "not allowed" });
    expect(await join(s, `thread:${publicThread}`)).toEqual({ ok: true });
  });

  it("a member of another forum cannot join a members-only thread's room", async () => {
    const s = await socketFor("outsider");
    expect(await join(s, `thread:${membersThread}`)).toMatchObject({ ok: false });
    expect(await join(s, `thread:${publicThread}`)).toEqual({ ok: true });
  });

  it("a forum member joins and sees a reply appear when a moderator approves it; a refused socket hears nothing", async () => {
    const member = await socketFor("member");
    const outsider = await socketFor("outsider");
    expect(await join(member, `thread:${membersThread}`)).toEqual({ ok: true });
    expect(await join(outsider, `thread:${membersThread}`)).toMatchObject({ ok: false });
    const p = await reply(membersThread, cast.author);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: p.version });
    expect(await waitFor(member, "post:approved")).toEqual({ postId: p.id });
    expect(eventsOf(outsider, "post:approved")).toEqual([]);
  });

  it("a socket forged with a bad cookie counts as signed out", async () => {
    const s = await openSocket(server.url, "vvf.session_token=forged.value");
    sockets.push(s);
    expect(await join(s, `thread:${membersThread}`)).toMatchObject({ ok: false });
    expect(await join(s, "moderation")).toMatchObject({ ok: false });
  });

  it("a signed-out reader of a public thread sees an official response arrive", async () => {
    const reader = await socketFor(null);
    expect(await join(reader, `thread:${publicThread}`)).toEqual({ ok: true });
    const r = await publishThreadResponse(cast.met, { threadId: publicThread, body: "We have changed the process.", responderTitle: "Reform lead" });
    expect(await waitFor(reader, "response:published")).toEqual({ responseId: r.id });
  });
});

describe("the review queue", () => {
  it("a member cannot join the moderation room; a moderator can, and hears when a member posts", async () => {
    const member = await socketFor("member");
    const moderator = await socketFor("moderator");
    expect(await join(member, "moderation")).toMatchObject({ ok: false });
    expect(await join(moderator, "moderation")).toEqual({ ok: true });
    await reply(publicThread, cast.member);
    expect(await waitFor(moderator, "queue:changed")).toEqual({ status: "pending" });
    expect(eventsOf(member, "queue:changed")).toEqual([]);
  });

  it("moderators looking at the same item see each other, and see when one leaves", async () => {
    const p = await reply(membersThread, cast.member);
    const room = `review-item:${p.id}`;
    const first = await socketFor("moderator");
    const second = await socketFor("moderator2");
    const member = await socketFor("member");
    expect(await join(member, room)).toMatchObject({ ok: false });
    expect(await join(first, room)).toEqual({ ok: true });
    expect(await join(second, room)).toEqual({ ok: true });
    const both = [cast.moderator.name, cast.moderator2.name].sort();
    type Presence = { room: string; viewers: string[] };
    const hasBoth = (p: Presence) => p.room === room && [...p.viewers].sort().join() === both.join();
    await waitFor<Presence>(first, "presence", hasBoth);
    await waitFor<Presence>(second, "presence", hasBoth);
    const alreadySeen = second.received.length;
    first.disconnect();
    const after = await waitFor<Presence>(second, "presence", (p) => p.room === room, { since: alreadySeen });
    expect(after.viewers).toEqual([cast.moderator2.name]);
    expect(eventsOf(member, "presence")).toEqual([]);
  });
});

describe("an open review item", () => {
  it("a moderator looking at it hears when another decides it (an event, no content); a member cannot listen", async () => {
    const p = await reply(membersThread, cast.member);
    const room = `review-item:${p.id}`;
    const looking = await socketFor("moderator2");
    const member = await socketFor("member");
    expect(await join(looking, room)).toEqual({ ok: true });
    expect(await join(member, room)).toMatchObject({ ok: false });
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" } });
    expect(await waitFor(looking, "item:decided")).toEqual({ postId: p.id, status: "approved" });
    expect(eventsOf(member, "item:decided")).toEqual([]);
  });
});

describe("a person's own room", () => {
  it("the author's socket is told when their post is approved; other people's sockets are not", async () => {
    const author = await socketFor("member");
    const someoneElse = await socketFor("outsider");
    // The own room is joined on connection, without asking; nobody can join another's.
    expect(await join(someoneElse, `user:${cast.member.id}`)).toMatchObject({ ok: false });
    const p = await reply(publicThread, cast.member);
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" } });
    const note = await waitFor<{ message: string; url: string }>(author, "notification");
    expect(note.message).toContain("was approved");
    expect(note.url).toBe(`/threads/${publicThread}#post-${p.id}`);
    expect(eventsOf(someoneElse, "notification")).toEqual([]);
  });
});

describe("the session, for pages and sockets alike", () => {
  it("once a person is suspended, their session counts as signed out: pages send them to sign in, sockets join nothing of theirs", async () => {
    const cookie = await signIn(server.url, cast.made.moderator);
    const before = await fetch(`${server.url}/moderation`, { headers: { cookie }, redirect: "manual" });
    expect(before.status).toBe(200);
    const earlier = await openSocket(server.url, cookie);
    sockets.push(earlier);
    expect(await join(earlier, "moderation")).toEqual({ ok: true });

    await db().update(user).set({ status: "suspended" }).where(eq(user.id, cast.moderator.id));

    const after = await fetch(`${server.url}/moderation`, { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const later = await openSocket(server.url, cookie);
    sockets.push(later);
    expect(await join(later, "moderation")).toMatchObject({ ok: false });
    expect(await join(later, `user:${cast.moderator.id}`)).toMatchObject({ ok: false });
    expect(await join(later, `thread:${membersThread}`)).toMatchObject({ ok: false });
  });
});
