// Several server processes behind a load balancer share Socket.IO events through Redis
// (PRODUCT.md "Real time", issue 3 "Live updates"). Two real server processes (`app/server.ts`,
// production mode, after `npm run build`) run against one PostgreSQL database and one Redis; an
// approval a moderator makes through process A's moderation page reaches a browser connected
// to process B, and two moderators on different processes see each other on the same item.
//
// PostgreSQL and Redis run on every machine that runs this project's CI (STACK-NOTES.md); the
// database is a fresh one of its own, so other files using the "test" database are untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeForum, makeUser, type MadeUser } from "../factories";
import { PROCESS_AUTH_SECRET, processCluster, threadWithPendingReply, type ServerProcess } from "../support/processes";
import { fromSite, join, openSocket, signIn, waitFor, type Client } from "../support/server";

const sockets: Client[] = [];
let cluster: Awaited<ReturnType<typeof processCluster>>;

let A: ServerProcess;
let B: ServerProcess;
let member: MadeUser;
let moderator: MadeUser;
let moderator2: MadeUser;
let threadId: string;
let replyId: string;

beforeAll(async () => {
  // A fresh database of this file's own, migrated, and two processes on it and one Redis.
  cluster = await processCluster("vvf_redis_test");
  const q = cluster.db;
  const forum = await makeForum(q, { name: "Redis forum", slug: "redis-forum" });
  member = await makeUser(q, { name: "Member on B", forumIds: [forum.id] });
  moderator = await makeUser(q, { name: "Moderator on A", role: "moderator", authSecret: PROCESS_AUTH_SECRET });
  moderator2 = await makeUser(q, { name: "Moderator on B", role: "moderator", authSecret: PROCESS_AUTH_SECRET });
  ({ threadId, replyId } = await threadWithPendingReply(q, forum.id, member.id));
  // Both already migrated; started together, as behind a load balancer.
  [A, B] = await Promise.all([cluster.start("A"), cluster.start("B")]);
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await cluster?.close();
});

async function socketOn(server: ServerProcess, who: MadeUser | null) {
  const socket = await openSocket(server.url, who ? await signIn(server.url, who) : undefined);
  sockets.push(socket);
  return socket;
}

describe("two server processes sharing Socket.IO through Redis", () => {
  it("an approval made through process A's moderation page reaches readers connected to process B", async () => {
    const author = await socketOn(B, member);
    const reader = await socketOn(B, null);
    expect(await join(author, `thread:${threadId}`)).toEqual({ ok: true });
    expect(await join(reader, `thread:${threadId}`)).toEqual({ ok: true });

    const cookie = await signIn(A.url, moderator);
    const res = await fromSite(`${A.url}/moderation/items/${replyId}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "approve", version: "1" }),
      redirect: "manual",
    });
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 500))).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(res.headers.get("location")).toMatch(/\/moderation\?done=approved$/);

    expect(await waitFor(reader, "post:approved")).toEqual({ postId: replyId });
    expect(await waitFor(author, "post:approved")).toEqual({ postId: replyId });
    // The author's own room, on B, hears the notification A sent.
    const note = await waitFor<{ message: string }>(author, "notification");
    expect(note.message).toContain("was approved");
  });

  it("two moderators on different processes see each other looking at the same item", async () => {
    const room = `review-item:${replyId}`;
    const onA = await socketOn(A, moderator);
    const onB = await socketOn(B, moderator2);
    expect(await join(onA, room)).toEqual({ ok: true });
    expect(await join(onB, room)).toEqual({ ok: true });
    type Presence = { room: string; viewers: string[] };
    const both = (p: Presence) => p.room === room && [...p.viewers].sort().join("|") === [moderator.name, moderator2.name].sort().join("|");
    await waitFor<Presence>(onA, "presence", both);
    await waitFor<Presence>(onB, "presence", both);
  });
});
