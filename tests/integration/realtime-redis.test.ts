// Several server processes behind a load balancer share Socket.IO events through Redis
// (PRODUCT.md "Real time", issue 3 "Live updates"). Two real server processes (`app/server.ts`,
// production mode, after `npm run build`) run against one PostgreSQL database and one Redis; an
// approval a moderator makes through process A's moderation page reaches a browser connected
// to process B, and two moderators on different processes see each other on the same item.
//
// PostgreSQL and Redis run on every machine that runs this project's CI (STACK-NOTES.md); the
// database is a fresh one of its own, so other files using the "test" database are untouched.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema/index";
import { post, thread } from "../../db/schema/threads";
import { renderMarkdown } from "../../app/services/markdown.server";
import { makeForum, makeUser, type MadeUser } from "../factories";
import { freePort, join, openSocket, requireBuild, signIn, waitFor, type Client } from "../support/server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const pgServer = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dbName = `vvf_redis_test_${process.pid}`;
const urlFor = (database: string) => Object.assign(new URL(pgServer.href), { pathname: `/${database}` }).href;

type ServerProcess = { name: string; url: string; child: ChildProcess; output: string[] };
const servers: ServerProcess[] = [];
const sockets: Client[] = [];
let pool: pg.Pool | undefined;

/** Runs `node --import tsx app/server.ts` as `npm start` does, and waits until it listens. */
async function startProcess(name: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATABASE_URL: urlFor(dbName),
    REDIS_URL: redisUrl,
    BETTER_AUTH_SECRET: "redis-test-secret-redis-test-secret-0123456789",
    SEED_DEMO: "0",
  };
  // Nothing from the test run leaks in: no mail provider, no test database, no Vitest workers.
  for (const k of ["RESEND_API_KEY", "TEST_DATABASE_URL", "DATA_DIR", "NODE_OPTIONS"]) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const started: ServerProcess = { name, url, child, output: [] };
  servers.push(started);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server ${name} did not start:\n${started.output.join("")}`)), 60_000);
    const onData = (chunk: Buffer) => {
      started.output.push(chunk.toString());
      if (started.output.join("").includes("is running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => started.output.push(chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server ${name} exited with ${code}:\n${started.output.join("")}`));
    });
  });
  return started;
}

async function stopProcess(s: ServerProcess) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => s.child.once("exit", () => resolve()));
  s.child.kill("SIGTERM");
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// Last resort if the worker exits without afterAll (e.g. a crash): never leave servers behind.
const killAll = () => servers.forEach((s) => s.child.exitCode === null && s.child.kill("SIGKILL"));
process.once("exit", killAll);

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let A: ServerProcess;
let B: ServerProcess;
let member: MadeUser;
let moderator: MadeUser;
let moderator2: MadeUser;
let threadId: string;
let replyId: string;

beforeAll(async () => {
  requireBuild();
  await admin(async (c) => {
    await c.query(`drop database if exists "${dbName}" with (force)`);
    await c.query(`create database "${dbName}"`);
  });
  // A handle of this file's own: the process-wide database singleton belongs to the other files.
  pool = new pg.Pool({ connectionString: urlFor(dbName), max: 2 });
  const q = drizzle(pool, { schema });
  await migrate(q, { migrationsFolder: path.join(root, "db/migrations") });
  const forum = await makeForum(q, { name: "Redis forum", slug: "redis-forum" });
  member = await makeUser(q, { name: "Member on B", forumIds: [forum.id] });
  moderator = await makeUser(q, { name: "Moderator on A", role: "moderator" });
  moderator2 = await makeUser(q, { name: "Moderator on B", role: "moderator" });
  const now = new Date();
  const [t] = await q.insert(thread).values({ forumId: forum.id, authorId: member.id, title: "Waiting times", visibility: "public", published: true }).returning();
  const text = "It took four months to hear anything back.";
  await q.insert(post).values({ threadId: t.id, authorId: member.id, isOpening: true, bodySource: text, bodyHtml: renderMarkdown(text), status: "approved", approvedAt: now });
  const replyText = "The same happened to me.";
  const [r] = await q.insert(post).values({ threadId: t.id, authorId: member.id, bodySource: replyText, bodyHtml: renderMarkdown(replyText), status: "pending" }).returning();
  threadId = t.id;
  replyId = r.id;
  // Both already migrated; started together, as behind a load balancer.
  [A, B] = await Promise.all([startProcess("A"), startProcess("B")]);
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await Promise.all(servers.map(stopProcess));
  process.off("exit", killAll);
  await pool?.end();
  await admin((c) => c.query(`drop database if exists "${dbName}" with (force)`));
});

async function socketOn(server: ServerProcess, who: MadeUser | null) {
  const socket = await openSocket(server.url, who ? await signIn(server.url, who.email, who.password) : undefined);
  sockets.push(socket);
  return socket;
}

describe("two server processes sharing Socket.IO through Redis", () => {
  it("an approval made through process A's moderation page reaches readers connected to process B", async () => {
    const author = await socketOn(B, member);
    const reader = await socketOn(B, null);
    expect(await join(author, `thread:${threadId}`)).toEqual({ ok: true });
    expect(await join(reader, `thread:${threadId}`)).toEqual({ ok: true });

    const cookie = await signIn(A.url, moderator.email, moderator.password);
    const res = await fetch(`${A.url}/moderation/items/${replyId}`, {
      method: "POST",
      headers: { cookie, origin: A.url, "content-type": "application/x-www-form-urlencoded" },
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
