// What `npm start` runs (compiled to build/server.js by scripts/build-server.mjs): the site in
// this process, or, on PostgreSQL with Redis, several server processes with Node's cluster
// module so every core serves pages (issue 13; decision in docs/decisions, "cluster launcher").
//
// - WEB_CONCURRENCY is the number of server processes. Unset, it is the number of cores when
//   the site runs on PostgreSQL with Redis (DATABASE_URL and REDIS_URL set), otherwise 1.
// - The embedded database (PGlite) lives inside one process and holds a lock on its folder:
//   without DATABASE_URL there is always exactly one process, whatever WEB_CONCURRENCY says.
// - Several processes share live events (Socket.IO) and the attempt limits through Redis, so
//   more than one without REDIS_URL is refused at start rather than silently half-working.
// - Node's cluster module hands each new connection to a worker (round-robin in the launcher);
//   a connection stays on its worker. The browser's socket is one WebSocket connection
//   (app/utils/socket.client.ts asks for "websocket" first and engine.io-client does not fall
//   back without tryAllTransports), so no sticky sessions are needed.
// - Scheduled jobs and the outbox run in every worker: each job is made of conditional updates
//   and the outbox claims rows with FOR UPDATE SKIP LOCKED, so several processes never do a
//   thing twice (tests/integration/cluster-launcher.test.ts shows it with two workers).
// - With one process there is no launcher process at all: the server runs right here.
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";

type ServerModule = typeof import("./server-module");

/** How many server processes to run, and why (for the start-up line). */
export function serverProcesses(env: Record<string, string | undefined>, cores = os.availableParallelism()): { count: number; why: string } {
  const asked = env.WEB_CONCURRENCY?.trim();
  const onPostgres = Boolean(env.DATABASE_URL);
  if (asked !== undefined && asked !== "" && !/^[1-9]\d*$/.test(asked)) {
    throw new LaunchError(`WEB_CONCURRENCY must be a whole number of processes (1 or more), not "${asked}".`);
  }
  if (!onPostgres) {
    const ignored = asked && asked !== "1" ? ` (WEB_CONCURRENCY=${asked} is ignored)` : "";
    return { count: 1, why: `the embedded database runs in one process${ignored}` };
  }
  if (asked) {
    const count = Number(asked);
    if (count > 1 && !env.REDIS_URL) {
      throw new LaunchError(
        `WEB_CONCURRENCY=${count} needs REDIS_URL: several processes share live events and attempt limits through Redis. ` +
          "Set REDIS_URL, or WEB_CONCURRENCY=1.",
      );
    }
    return { count, why: "WEB_CONCURRENCY" };
  }
  if (!env.REDIS_URL) return { count: 1, why: "no REDIS_URL to share live events between processes" };
  return { count: cores, why: `one per core (${cores})` };
}

export class LaunchError extends Error {}

/**
 * V8 lets its old generation grow to about four times what the last full collection kept
 * before it collects again; under load a server process's requests fill it with garbage that
 * lived through a few young collections (a page's data lives as long as the page takes), so
 * its resident memory rose by some 150 MB. Twice what was kept is the limit here (issue 13;
 * decision in docs/decisions, "heap growth"). Set in every server process (the launcher runs
 * this file in each), unless the operator gave --heap-growing-percent themselves, on node's
 * command line or in NODE_OPTIONS.
 */
export const HEAP_GROWING_PERCENT = 100;

/** The V8 flags the launcher sets in this process, given how node was started. */
export function launcherV8Flags(execArgv: readonly string[], nodeOptions = ""): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  return given ? [] : [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
}

/** The compiled server (app/server-module.ts), beside this file: build/app-server.js. */
async function loadServer(): Promise<ServerModule> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return (await import(pathToFileURL(path.join(here, "app-server.js")).href)) as ServerModule;
}

/** The site in this process: started, announced, and closed on SIGINT/SIGTERM. */
async function serveHere() {
  const { startServer, DatabaseLockedError } = await loadServer();
  try {
    const started = await startServer();
    console.log(`Victim Voice Forum is running at ${started.url} (database: ${started.database.kind}, process ${process.pid})`);
    let closing = false;
    const shutdown = () => {
      if (closing) return;
      closing = true;
      started.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  } catch (err) {
    if (err instanceof DatabaseLockedError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  }
}

/**
 * The launcher: forks `count` workers (each runs serveHere; the first alone until it listens),
 * replaces a worker that dies after it
 * was serving, and stops everything if one fails before it ever listened (a bad configuration
 * or an unreachable database would otherwise restart forever). SIGINT/SIGTERM stop the workers
 * gracefully, then the launcher.
 */
function launch(count: number) {
  const listening = new WeakSet<Worker>();
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => listening.add(worker));
  };
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    let left = workers.length;
    if (left === 0) process.exit(code);
    const force = setTimeout(() => workers.forEach((w) => w.process.kill("SIGKILL")), 15_000);
    force.unref();
    for (const w of workers) {
      w.once("exit", () => {
        if (--left === 0) process.exit(code);
      });
      w.process.kill("SIGTERM");
    }
  };
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker)) {
      console.error(`[cluster] a worker (process ${worker.process.pid}) stopped before it was serving (${signal ?? `exit ${code}`}): stopping the site.`);
      stopAll(code || 1);
      return;
    }
    console.error(`[cluster] worker process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another.`);
    fork();
  });
  let ready = 0;
  cluster.on("listening", () => {
    ready++;
    // The first worker migrates the database while it starts; the others start once it is
    // serving, and find nothing left to apply (processes that do start together, on several
    // machines, take turns under db/migrate.ts's advisory lock).
    if (ready === 1) for (let i = 1; i < count; i++) fork();
    if (ready === count) console.log(`[cluster] all ${count} workers are listening`);
  });
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  fork();
}

function main() {
  for (const flag of launcherV8Flags(process.execArgv, process.env.NODE_OPTIONS)) v8.setFlagsFromString(flag);
  if (cluster.isWorker) return serveHere();
  let plan: { count: number; why: string };
  try {
    plan = serverProcesses(process.env);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  if (plan.count === 1) {
    if (process.env.WEB_CONCURRENCY && process.env.WEB_CONCURRENCY.trim() !== "1") console.log(`One server process: ${plan.why}.`);
    return serveHere();
  }
  console.log(`[cluster] starting ${plan.count} server processes (${plan.why}); launcher process ${process.pid}`);
  launch(plan.count);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) void main();
