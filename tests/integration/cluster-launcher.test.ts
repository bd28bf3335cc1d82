// The launcher (app/launcher.ts, compiled to build/server.js: what `npm start` runs) with
// WEB_CONCURRENCY=2 on PostgreSQL and Redis: two worker processes serve requests, a live event
// sent by one reaches a browser connected to the other, and a scheduled job that both workers
// run at the same moment takes effect once. On the embedded database the same setting leaves
// one process. Which process answered a connection is read from /proc (this test runs on Linux,
// beside the servers): the worker holding the server side of the client's TCP connection.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema/audit";
import { consultation, consultationForum } from "../../db/schema/consultations";
import { notification } from "../../db/schema/notifications";
import { renderMarkdown } from "../../app/services/markdown.server";
import { makeForum, makeUser, type MadeUser } from "../factories";
import { PROCESS_AUTH_SECRET, processCluster, redisUrl, threadWithPendingReply } from "../support/processes";
import { compiledServer, freePort, join, openSocket, signIn, waitFor, type Client } from "../support/server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const children: ChildProcess[] = [];
const sockets: Client[] = [];
const agents: http.Agent[] = [];
const folders: string[] = [];

type Launched = { child: ChildProcess; port: number; url: string; output: () => string };

/** `node build/server.js` as `npm start` runs it; resolves once `ready` appears in its output. */
async function launch(env: Record<string, string>, ready: RegExp): Promise<Launched> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, SEED_DEMO: "0", ...env };
  for (const k of ["RESEND_API_KEY", "NOTIFY_API_KEY", "TEST_DATABASE_URL", "NODE_OPTIONS", "SCHEDULER"]) delete childEnv[k];
  for (const k of Object.keys(childEnv)) if (k.startsWith("VITEST")) delete childEnv[k];
  for (const k of ["DATABASE_URL", "REDIS_URL"]) if (!env[k]) delete childEnv[k];
  const child = spawn(process.execPath, [compiledServer], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 90_000);
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      if (ready.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${log}`));
    });
  });
  return { child, port, url, output: () => log };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = fs.readFileSync(`/proc/${n}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Which of `pids` holds the server side of the connection from 127.0.0.1:`clientPort` to `serverPort`. */
function servingProcess(pids: number[], serverPort: number, clientPort: number): number | undefined {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  let inode: string | undefined;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      if (f[1].endsWith(`:${hex(serverPort)}`) && f[2].endsWith(`:${hex(clientPort)}`) && f[3] === "01") inode = f[9];
    }
  }
  if (!inode) return undefined;
  return pids.find((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`);
    } catch {
      return false;
    }
  });
}

/** A request on a connection of its own (kept open), with the client port it went from. */
function request(agent: http.Agent, url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; location?: string; clientPort: number }>((resolve, reject) => {
    const req = http.request(url, { agent, method: options.method ?? "GET", headers: options.headers }, (res) => {
      const clientPort = res.socket.localPort!;
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, clientPort }));
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** The local port of a Socket.IO client's WebSocket connection. */
function socketClientPort(socket: Client): number {
  const engine = (socket.io as unknown as { engine: { transport: { name: string; ws: { _socket: { localPort: number } } } } }).engine;
  expect(engine.transport.name).toBe("websocket");
  return engine.transport.ws._socket.localPort;
}

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const a of agents.splice(0)) a.destroy();
  await Promise.all(children.map(stop));
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe("WEB_CONCURRENCY=2 on PostgreSQL with Redis", () => {
  let cluster: Awaited<ReturnType<typeof processCluster>>;
  let server: Launched;
  let workers: number[];
  let member: MadeUser;
  let moderator: MadeUser;
  let threadId: string;
  let replyId: string;
  let consultationId: string;
  // Holds the due consultation's row, so both workers' first scheduled pass wait on it together.
  let holder: pg.Client;

  beforeAll(async () => {
    cluster = await processCluster("vvf_cluster_test");
    const q = cluster.db;
    const forum = await makeForum(q, { name: "Cluster forum", slug: "cluster-forum" });
    member = await makeUser(q, { name: "Member of the forum", forumIds: [forum.id] });
    moderator = await makeUser(q, { name: "Moderator", role: "moderator", authSecret: PROCESS_AUTH_SECRET });
    ({ threadId, replyId } = await threadWithPendingReply(q, forum.id, member.id));
    const now = new Date();
    // A scheduled consultation whose opening time has passed: the first scheduled pass of
    // every worker opens it, and tells the forum's member.
    const proposal = "We propose to answer every report within a month.";
    const [c] = await q
      .insert(consultation)
      .values({
        title: "Answering reports",
        summary: "How quickly reports are answered",
        proposalSource: proposal,
        proposalHtml: renderMarkdown(proposal),
        organisation: "met",
        opensAt: new Date(now.getTime() - 60_000),
        closesAt: new Date(now.getTime() + 14 * 24 * 3600_000),
        scheduledAt: now,
        scheduledById: moderator.id,
        createdById: moderator.id,
      })
      .returning();
    consultationId = c.id;
    await q.insert(consultationForum).values({ consultationId: c.id, forumId: forum.id });
    holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("select id from consultation where id = $1 for update", [consultationId]);

    server = await launch(
      { DATABASE_URL: cluster.url, REDIS_URL: redisUrl, BETTER_AUTH_SECRET: PROCESS_AUTH_SECRET, WEB_CONCURRENCY: "2" },
      /all 2 workers are listening/,
    );
    workers = childrenOf(server.child.pid!);
  }, 120_000);

  afterAll(async () => {
    await holder?.query("rollback").catch(() => undefined);
    await holder?.end().catch(() => undefined);
    if (server) await stop(server.child);
    await cluster?.close();
  });

  it("runs two worker processes under the launcher, and both serve requests", async () => {
    expect(workers).toHaveLength(2);
    expect(server.output()).toContain("starting 2 server processes");
    const served = new Set<number | undefined>();
    // Node's cluster hands new connections to the workers in turn.
    for (let i = 0; i < 6; i++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const res = await request(agent, `${server.url}/support`);
      expect(res.status).toBe(200);
      served.add(servingProcess(workers, server.port, res.clientPort));
    }
    expect([...served].sort()).toEqual([...workers].sort());
  });

  it("a live event sent by one worker reaches a browser connected to the other", async () => {
    // Readers connect until there is one on each worker.
    const readerOn = new Map<number, Client>();
    for (let i = 0; i < 8 && readerOn.size < 2; i++) {
      const socket = await openSocket(server.url);
      sockets.push(socket);
      const pid = servingProcess(workers, server.port, socketClientPort(socket));
      if (pid !== undefined && !readerOn.has(pid)) readerOn.set(pid, socket);
    }
    expect([...readerOn.keys()].sort()).toEqual([...workers].sort());
    for (const socket of readerOn.values()) expect(await join(socket, `thread:${threadId}`)).toEqual({ ok: true });

    // The moderator approves the reply on a connection whose worker is known.
    const cookie = await signIn(server.url, moderator);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const warm = await request(agent, `${server.url}/support`, { headers: { cookie } });
    const approver = servingProcess(workers, server.port, warm.clientPort);
    expect(workers).toContain(approver);
    const res = await request(agent, `${server.url}/moderation/items/${replyId}`, {
      method: "POST",
      headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "approve", version: "1" }).toString(),
    });
    expect(res.clientPort).toBe(warm.clientPort);
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(res.location).toMatch(/\/moderation\?done=approved$/);

    const other = readerOn.get(workers.find((w) => w !== approver)!)!;
    expect(await waitFor(other, "post:approved")).toEqual({ postId: replyId });
    expect(await waitFor(readerOn.get(approver!)!, "post:approved")).toEqual({ postId: replyId });
  });

  it("a due scheduled job that both workers run at once takes effect once", async () => {
    // Both workers' first pass is waiting on the consultation's row (held since before they started).
    const waiting = async () => {
      const { rows } = await holder.query<{ n: number }>(
        // Nothing else in this database holds a lock: whoever waits on one waits, directly or
        // behind the other worker, for the held row. (The second waiter queues on the row's
        // tuple lock, and pg_stat_activity may still show its previous statement.)
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return rows[0].n;
    };
    for (let i = 0; i < 300 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 200));
    const activity = await holder.query("select pid, state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity where datname = current_database()");
    expect(await waiting(), `${JSON.stringify(activity.rows, null, 1)}\n${server.output().slice(-2000)}`).toBe(2);
    await holder.query("commit");

    const q = cluster.db;
    const opened = async () => (await q.select({ status: consultation.status }).from(consultation).where(eq(consultation.id, consultationId)))[0].status;
    for (let i = 0; i < 150 && (await opened()) !== "open"; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await opened()).toBe("open");
    // Both passes are over once nobody waits on the row any more.
    for (let i = 0; i < 150 && (await waiting()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await waiting()).toBe(0);

    const audits = await q.select().from(auditLog).where(and(eq(auditLog.action, "consultation.open"), eq(auditLog.targetId, consultationId)));
    expect(audits).toHaveLength(1);
    const told = await q.select().from(notification).where(and(eq(notification.userId, member.id), eq(notification.url, `/consultations/${consultationId}`)));
    expect(told).toHaveLength(1);
  }, 120_000);
});

describe("WEB_CONCURRENCY=2 on the embedded database", () => {
  it("stays one process, which serves the site itself", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-cluster-"));
    folders.push(dataDir);
    const server = await launch({ DATA_DIR: dataDir, WEB_CONCURRENCY: "2" }, /is running at/);
    try {
      expect(childrenOf(server.child.pid!)).toEqual([]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const res = await request(agent, `${server.url}/support`);
      expect(res.status).toBe(200);
      expect(servingProcess([server.child.pid!], server.port, res.clientPort)).toBe(server.child.pid);
      expect(server.output()).toContain("One server process: the embedded database runs in one process (WEB_CONCURRENCY=2 is ignored)");
      expect(server.output()).not.toContain("[cluster]");
    } finally {
      await stop(server.child);
    }
  }, 120_000);
});
