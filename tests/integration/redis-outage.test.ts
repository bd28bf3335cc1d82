// Redis away and back (issue 15, item 6): two real server processes (production mode, after
// `npm run build`) on a PostgreSQL database of their own and a redis-server this file starts
// and stops itself on a spare port. A process started while Redis is down starts and serves
// pages, logging the outage once; when Redis comes, both join it and events flow between them;
// when it goes, pages and sign-ins keep working; when it returns, events flow again.
//
// PostgreSQL (127.0.0.1:5432) and the redis-server binary are on every machine that runs this
// project's tests, so this file runs the same on both passes of the integration suite.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, thread } from "../../db/schema/threads";
import { renderMarkdown } from "../../app/services/markdown.server";
import { makeForum, makeUser, type MadeUser } from "../factories";
import { PROCESS_AUTH_SECRET, processCluster, type ServerProcess } from "../support/processes";
import { freePort, join, openSocket, signIn, waitFor, type Client } from "../support/server";

let cluster: Awaited<ReturnType<typeof processCluster>>;
let redisPort: number;
let redis: ChildProcess | undefined;
let A: ServerProcess;
let B: ServerProcess;
let member: MadeUser;
let moderator: MadeUser;
let threadId: string;
const replies: string[] = [];
const sockets: Client[] = [];

/** Starts redis-server on the spare port (no persistence) and waits until it accepts commands. */
async function startRedis() {
  const child = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  redis = child;
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 15_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
}

async function stopRedis() {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

const log = (s: ServerProcess) => s.output.join("");
const count = (text: string, part: string) => text.split(part).length - 1;

/** Waits (bounded) until the process's log has said `part` `times` times. */
async function logSays(s: ServerProcess, part: string, times = 1) {
  for (let i = 0; i < 300 && count(log(s), part) < times; i++) await new Promise((r) => setTimeout(r, 50));
  expect(count(log(s), part), log(s)).toBeGreaterThanOrEqual(times);
}

async function threadPageWorks(s: ServerProcess, cookie?: string) {
  const res = await fetch(`${s.url}/threads/${threadId}`, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("Four months without a word.");
}

/** Approves a pending reply through A's moderation page; resolves with the event B's reader hears. */
async function approveOnAHeardOnB(replyId: string, reader: Client) {
  const cookie = await signIn(A.url, moderator);
  const res = await fetch(`${A.url}/moderation/items/${replyId}`, {
    method: "POST",
    headers: { cookie, origin: A.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "approve", version: "1" }),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return waitFor(reader, "post:approved", (p: { postId: string }) => p.postId === replyId);
}

beforeAll(async () => {
  redisPort = await freePort();
  cluster = await processCluster("vvf_redis_outage", { REDIS_URL: `redis://127.0.0.1:${redisPort}`, PAGE_CACHE_MS: "0" });
  const q = cluster.db;
  const forum = await makeForum(q, { name: "Redis outage forum", slug: "redis-outage" });
  member = await makeUser(q, { name: "Patient Member", forumIds: [forum.id] });
  moderator = await makeUser(q, { name: "Moderator Outage", role: "moderator", authSecret: PROCESS_AUTH_SECRET });
  const [t] = await q.insert(thread).values({ forumId: forum.id, authorId: member.id, title: "No news", visibility: "public", published: true }).returning();
  threadId = t.id;
  const opening = "Four months without a word.";
  await q.insert(post).values({ threadId, authorId: member.id, isOpening: true, bodySource: opening, bodyHtml: renderMarkdown(opening), status: "approved", approvedAt: new Date() });
  for (const text of ["Same here.", "And here."]) {
    const [r] = await q.insert(post).values({ threadId, authorId: member.id, bodySource: text, bodyHtml: renderMarkdown(text), status: "pending" }).returning();
    replies.push(r.id);
  }
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await cluster?.close();
  await stopRedis();
});

describe("Redis away and back, under two processes", () => {
  it("a process started while Redis is down starts, serves pages and signs people in, and logs the outage once", async () => {
    A = await cluster.start("A");
    await threadPageWorks(A);
    const cookie = await signIn(A.url, member);
    await threadPageWorks(A, cookie);
    await logSays(A, "[redis] Redis at");
    // Reconnecting keeps failing meanwhile, but the log says so once, not once a try.
    await threadPageWorks(A);
    expect(count(log(A), "[redis]")).toBe(1);
    expect(log(A)).not.toMatch(/ECONNREFUSED.*\n.*ECONNREFUSED/);
  }, 120_000);

  it("when Redis comes, both processes join it and an approval on A reaches a reader on B", async () => {
    await startRedis();
    await logSays(A, "[redis] connected to Redis");
    B = await cluster.start("B");
    const reader = await openSocket(B.url);
    sockets.push(reader);
    expect(await join(reader, `thread:${threadId}`)).toEqual({ ok: true });
    expect(await approveOnAHeardOnB(replies[0], reader)).toEqual({ postId: replies[0] });
  }, 120_000);

  it("when Redis goes, pages and sign-ins keep working on both; when it returns, events flow again", async () => {
    await stopRedis();
    await logSays(A, "[redis] Redis at", 2);
    await logSays(B, "[redis] Redis at");
    for (const s of [A, B]) {
      await threadPageWorks(s);
      // Sign-in limits fall back to the process's memory: a sign-in neither waits nor fails.
      await threadPageWorks(s, await signIn(s.url, member));
    }

    await startRedis();
    await logSays(A, "[redis] connected to Redis", 2);
    await logSays(B, "[redis] connected to Redis");
    const reader = await openSocket(B.url);
    sockets.push(reader);
    expect(await join(reader, `thread:${threadId}`)).toEqual({ ok: true });
    expect(await approveOnAHeardOnB(replies[1], reader)).toEqual({ postId: replies[1] });
    for (const s of [A, B]) expect(s.child.exitCode).toBeNull();
    // Each outage was one line per process, however long the retries went on.
    expect(count(log(A), "is unavailable")).toBe(2);
    expect(count(log(B), "is unavailable")).toBe(1);
  }, 120_000);
});
