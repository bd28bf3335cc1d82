// Real server processes (`node --import tsx app/server.ts`, production mode, after `npm run
// build`) on one PostgreSQL database of their own and one Redis, as behind a load balancer.
// Used by the tests that check what several processes share through Redis.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "../../db/schema/index";
import { renderMarkdown } from "../../app/services/markdown.server";
import { freePort, requireBuild } from "./server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const pgServer = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
/** The servers' auth secret: staff accounts made for them encrypt their authenticator secret with it. */
export const PROCESS_AUTH_SECRET = "process-test-secret-process-test-secret-0123";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const urlFor = (database: string) => Object.assign(new URL(pgServer.href), { pathname: `/${database}` }).href;

export type ServerProcess = { name: string; url: string; child: ChildProcess; output: string[] };

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The connection string of a database of this name on the test PostgreSQL server, made when missing. */
export async function databaseOnTestServer(dbName: string): Promise<string> {
  await admin(async (c) => {
    const found = await c.query("select 1 from pg_database where datname = $1", [dbName]);
    if (!found.rowCount) await c.query(`create database "${dbName}"`);
  });
  return urlFor(dbName);
}

/** An empty database of its own on the test PostgreSQL server, and a way to drop it. */
export async function emptyDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const dbName = `${name}_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists "${dbName}" with (force)`);
    await c.query(`create database "${dbName}"`);
  });
  return { url: urlFor(dbName), drop: () => admin(async (c) => void (await c.query(`drop database if exists "${dbName}" with (force)`))) };
}

/**
 * A fresh database named `name`, migrated, with a handle of its own (the process-wide database
 * singleton belongs to the other test files), and a way to start processes on it.
 */
export async function processCluster(name: string, env: Record<string, string> = {}) {
  requireBuild();
  const database = await emptyDatabase(name);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // Tests that terminate the database's connections terminate this pool's idle ones too.
  pool.on("error", () => undefined);
  const q = drizzle(pool, { schema });
  await migrate(q, { migrationsFolder: path.join(root, "db/migrations") });
  const servers: ServerProcess[] = [];
  const killAll = () => servers.forEach((s) => s.child.exitCode === null && s.child.kill("SIGKILL"));
  // Last resort if the worker exits without the test's afterAll: never leave servers behind.
  process.once("exit", killAll);

  async function start(processName: string): Promise<ServerProcess> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      BETTER_AUTH_SECRET: PROCESS_AUTH_SECRET,
      SEED_DEMO: "0",
      SCHEDULER: "0",
      ...env,
    };
    // Nothing from the test run leaks in: no mail provider, no test database, no Vitest workers.
    for (const k of ["RESEND_API_KEY", "TEST_DATABASE_URL", "DATA_DIR", "NODE_OPTIONS"]) delete childEnv[k];
    for (const k of Object.keys(childEnv)) if (k.startsWith("VITEST")) delete childEnv[k];
    const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    const started: ServerProcess = { name: processName, url, child, output: [] };
    servers.push(started);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server ${processName} did not start:\n${started.output.join("")}`)), 60_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        started.output.push(chunk.toString());
        if (started.output.join("").includes("is running at")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => started.output.push(chunk.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server ${processName} exited with ${code}:\n${started.output.join("")}`));
      });
    });
    return started;
  }

  async function stop(s: ServerProcess) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => s.child.once("exit", () => resolve()));
    s.child.kill("SIGTERM");
    const timer = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    db: q,
    /** The cluster database's connection string, for tests that act on it directly. */
    url: database.url,
    start,
    stop,
    close: async () => {
      await Promise.all(servers.map(stop));
      process.off("exit", killAll);
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * A public thread in `forumId` by `authorId`: an approved opening post and a reply waiting for a
 * moderator, for the tests where one process approves and the other's sockets hear it.
 */
export async function threadWithPendingReply(q: NodePgDatabase<typeof schema>, forumId: string, authorId: string) {
  const now = new Date();
  const [t] = await q.insert(schema.thread).values({ forumId, authorId, title: "Waiting times", visibility: "public", published: true }).returning();
  const text = "It took four months to hear anything back.";
  await q.insert(schema.post).values({ threadId: t.id, authorId, isOpening: true, bodySource: text, bodyHtml: renderMarkdown(text), status: "approved", approvedAt: now });
  const replyText = "The same happened to me.";
  const [r] = await q.insert(schema.post).values({ threadId: t.id, authorId, bodySource: replyText, bodyHtml: renderMarkdown(replyText), status: "pending" }).returning();
  return { threadId: t.id, replyId: r.id };
}
