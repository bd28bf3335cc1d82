// The benchmark's plumbing: temp folders and child processes that are always cleaned up (even
// on an error or Ctrl-C), free ports, waiting for a server, sampling a process's memory, and
// one autocannon wrapper that refuses anything but 127.0.0.1. Nothing here knows about
// threads or posts; scenarios (tests/bench/scenarios/) do.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

/** A failure of the measurement itself, explained in its message (no stack trace needed). */
export class BenchError extends Error {}

/**
 * The A/B tools' variants (`label|checkout…`), checked before anything is seeded: at least one,
 * each checkout with a build (`file`, relative to it), no two with one label.
 */
export function checkVariants(variants: { label: string; checkout: string }[], file: string, usage: string) {
  if (variants.length === 0) throw new BenchError(`Name at least one variant, e.g. ${usage}`);
  for (const v of variants) {
    if (!fs.existsSync(path.join(v.checkout, file))) throw new BenchError(`${v.label}: no build in ${v.checkout} (run npm run build there)`);
  }
  const labels = variants.map((v) => v.label);
  const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
  if (repeated) throw new BenchError(`Two variants are called "${repeated}": give each its own label`);
}

// ---------------------------------------------------------------------------------------------
// Cleanup

const children = new Set<ChildProcess>();
const childMarkers = new Map<ChildProcess, string>();
const tempDirs = new Set<string>();
const databases: { serverUrl: string; name: string }[] = [];
const cleanupHooks: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;

// What the reaper (tests/bench/reaper.mjs) undoes if this process dies without cleaning up.
const stateFile = path.join(os.tmpdir(), `vvf-bench-state-${process.pid}.json`);
function writeState() {
  const state = {
    children: [...children].filter((c) => c.pid).map((c) => ({ pid: c.pid, marker: childMarkers.get(c) ?? "" })),
    tempDirs: [...tempDirs],
    databases,
  };
  fs.writeFileSync(stateFile, JSON.stringify(state));
}

/** Something else to undo at the end (after the children have stopped), e.g. drop a database. */
export function onCleanup(hook: () => Promise<void>) {
  cleanupHooks.push(hook);
}

/** A throw-away PostgreSQL database the reaper drops if this process is killed. */
export function registerDatabase(serverUrl: string, name: string) {
  databases.push({ serverUrl, name });
  writeState();
}

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  writeState();
  return dir;
}

/** Stops one child we started: SIGTERM (the app closes its database), then SIGKILL. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
  writeState();
}

function removeDir(dir: string) {
  try {
    // Retries cover a database still flushing files while we remove them.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    tempDirs.delete(dir);
    writeState();
  } catch (err) {
    console.error(`[bench] could not remove ${dir}: ${err instanceof Error ? err.message : err}`);
  }
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.allSettled([...children].map((c) => stopChild(c)));
    for (const hook of cleanupHooks.splice(0).reverse()) {
      await hook().catch((err) => console.error(`[bench] cleanup step failed: ${err instanceof Error ? err.message : err}`));
    }
    for (const dir of [...tempDirs]) removeDir(dir);
    // Cleaned up: the reaper sees the state file gone and exits.
    if (!tempDirs.size) fs.rmSync(stateFile, { force: true });
  })();
  return cleaning;
}

/** True once cleanup has begun: nothing new may be started. */
export const stopping = () => cleaning !== undefined;

let handlersInstalled = false;
/** Cleans up on Ctrl-C, SIGTERM and uncaught errors, then exits. */
export function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  writeState();
  const reaper = spawn(process.execPath, [fileURLToPath(new URL("./reaper.mjs", import.meta.url)), stateFile, String(process.pid)], {
    detached: true,
    stdio: "ignore",
  });
  reaper.unref();
  let bailed = false;
  const bail = (code: number, why: string) => {
    // npm, tsx and the terminal may each deliver the same Ctrl-C: clean up once, ignore repeats.
    if (bailed) return;
    bailed = true;
    console.error(`\n[bench] ${why}: stopping children and removing temp folders…`);
    cleanup().finally(() => process.exit(code));
  };
  process.on("SIGINT", () => bail(130, "interrupted"));
  process.on("SIGTERM", () => bail(143, "terminated"));
  process.on("SIGHUP", () => bail(129, "hung up"));
  // While stopping, work still in flight fails as its database goes away: that is expected.
  process.on("uncaughtException", (err) => {
    if (bailed) return;
    console.error(err);
    bail(1, "uncaught error");
  });
  process.on("unhandledRejection", (err) => {
    if (bailed) return;
    console.error(err);
    bail(1, "unhandled rejection");
  });
  // Last resort if something calls process.exit directly: children must not outlive us.
  process.once("exit", () => {
    for (const c of children) c.kill("SIGKILL");
    for (const dir of [...tempDirs]) removeDir(dir);
  });
}

// ---------------------------------------------------------------------------------------------
// Child processes

export const LOOPBACK = "127.0.0.1";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, LOOPBACK, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Spawned = { child: ChildProcess; pid: number; url: string; output: () => string };

/**
 * Starts `node <args>`, or `command <args>` when given (never through npx, nor a shell that stays:
 * the pid we sample must be the server's own), and waits until `readyPath` answers on 127.0.0.1.
 */
export async function spawnNodeServer(input: {
  name: string;
  /** What to run (default: this node); a shell script that ends in `exec node …` keeps the pid. */
  command?: string;
  args: string[];
  /** What the reaper looks for in the process's command line (default: the arguments). */
  marker?: string;
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath?: string;
  timeoutMs?: number;
  cwd?: string;
}): Promise<Spawned> {
  if (stopping()) throw new Error(`not starting ${input.name}: the benchmark is stopping`);
  const child = spawn(input.command ?? process.execPath, input.args, {
    cwd: input.cwd ?? process.cwd(),
    env: input.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  childMarkers.set(child, input.marker ?? input.args.join("\0"));
  writeState();
  let log = "";
  // BENCH_SERVER_LOG=<file>: everything the servers print (e.g. --trace-gc output) also goes there.
  const logFile = process.env.BENCH_SERVER_LOG ? fs.openSync(process.env.BENCH_SERVER_LOG, "a") : undefined;
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (logFile !== undefined) fs.writeSync(logFile, chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://${LOOPBACK}:${input.port}`;
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  while (true) {
    if (child.exitCode !== null) throw new BenchError(`${input.name} exited with code ${child.exitCode} before it was ready:\n${log}`);
    try {
      const res = await httpGet(`${url}${input.readyPath ?? "/"}`, {}, 2_000);
      if (res.status > 0) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new BenchError(`${input.name} did not answer within ${(input.timeoutMs ?? 60_000) / 1000} s:\n${log}`);
    await sleep(100);
  }
  return { child, pid: child.pid!, url, output: () => log };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A plain HTTP request to 127.0.0.1 (no redirects followed, no compression asked for). */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  timeoutMs = 10_000,
): Promise<HttpResult> {
  assertLoopback(url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

export const httpGet = (url: string, headers: Record<string, string> = {}, timeoutMs?: number) => httpRequest(url, { headers }, timeoutMs);

// ---------------------------------------------------------------------------------------------
// Memory

function readRssKb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    const hwm = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    return Number.isFinite(rss) ? { rss, hwm } : null;
  } catch {
    return null;
  }
}

/** Samples a process's resident memory every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number, everyMs = 200) {
  let peakKb = readRssKb(pid)?.rss ?? 0;
  const timer = setInterval(() => {
    const now = readRssKb(pid);
    if (now && now.rss > peakKb) peakKb = now.rss;
  }, everyMs);
  timer.unref();
  return {
    stop(): number {
      clearInterval(timer);
      const last = readRssKb(pid);
      if (last && last.rss > peakKb) peakKb = last.rss;
      return Math.round((peakKb / 1024) * 10) / 10;
    },
  };
}

/** A process and all its descendants (the cluster launcher's workers), by scanning /proc. */
export function processTree(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of safeReaddir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The PostgreSQL server's backend processes serving one database, found by their process title
 * ("postgres: 15/main: <user> <database> 127.0.0.1(port) idle"): the bench's throw-away database
 * has a name of its own, so other work on the same PostgreSQL server is not counted. Shared
 * background processes (WAL writer, checkpointer) are left out: they serve every database.
 */
export function postgresBackends(database: string): number[] {
  const pids: number[] = [];
  for (const name of safeReaddir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const title = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      if (title.startsWith("postgres: ") && title.includes(` ${database} `)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/**
 * CPU time of a changing set of processes over a window, sampled every `everyMs`: a process
 * present at the start counts from its CPU time then; one that appears later counts from zero
 * (all its CPU is inside the window); one that exits counts up to its last sample.
 */
export function sampleCpu(listPids: () => number[], everyMs = 250) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const pid of listPids()) {
    const t = cpuTimeMs(pid);
    if (t !== null) first.set(pid, t), last.set(pid, t);
  }
  const sample = () => {
    for (const pid of listPids()) {
      const t = cpuTimeMs(pid);
      if (t === null) continue;
      if (!first.has(pid)) first.set(pid, 0);
      last.set(pid, t);
    }
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    /** CPU ms used in the window, per process id. */
    stop(): Map<number, number> {
      clearInterval(timer);
      sample();
      return new Map([...last].map(([pid, t]) => [pid, t - (first.get(pid) ?? 0)]));
    },
  };
}

/** Samples the summed resident memory of a changing set of processes; peak of the sum and per process, in MB. */
export function sampleTreeRss(listPids: () => number[], everyMs = 200) {
  let peakSumKb = 0;
  const peakKb = new Map<number, number>();
  const sample = () => {
    let sum = 0;
    for (const pid of listPids()) {
      const now = readRssKb(pid);
      if (!now) continue;
      sum += now.rss;
      if (now.rss > (peakKb.get(pid) ?? 0)) peakKb.set(pid, now.rss);
    }
    if (sum > peakSumKb) peakSumKb = sum;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakSumMb: mb(peakSumKb), peakPerPidMb: new Map([...peakKb].map(([pid, kb]) => [pid, mb(kb)])) };
    },
  };
}

/** Current resident memory of a process tree: the sum and per process, in MB. */
export function treeRssMb(rootPid: number) {
  const perPid = processTree(rootPid).map((pid) => ({ pid, rssMb: currentRssMb(pid)?.rssMb ?? 0 }));
  return { sumMb: round(perPid.reduce((a, p) => a + p.rssMb, 0), 1), perPid };
}

/** CPU time (user + system) a process has used so far, in ms; null when /proc is not there. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

export function currentRssMb(pid: number) {
  const now = readRssKb(pid);
  return now ? { rssMb: Math.round(now.rss / 102.4) / 10, hwmMb: Math.round(now.hwm / 102.4) / 10 } : null;
}

// ---------------------------------------------------------------------------------------------
// Load

export function assertLoopback(url: string) {
  const { hostname } = new URL(url);
  if (hostname !== LOOPBACK) throw new BenchError(`The benchmark only sends load to ${LOOPBACK}, not to ${hostname}`);
}

export type LoadOptions = {
  connections: number;
  durationS: number;
  warmupS: number;
};

export const DEFAULT_LOAD: LoadOptions = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
  durationS: Number(process.env.BENCH_DURATION ?? 15),
  warmupS: Number(process.env.BENCH_WARMUP ?? 4),
};

export type TargetResult = {
  name: string;
  url: string;
  /** Mean requests per second over the measured window (after the warm-up). */
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Bytes per response as received (compressed when the target asked for it). */
  bytesPerResponse: number;
  /** Server CPU time (user + system) per request during the measurement, app and database
   * together (robust to other load): every process of the server (the launcher and its
   * workers) plus, on PostgreSQL, the database's backends serving the bench's database. */
  cpuMsPerRequest: number | null;
  /** The server's processes only (launcher + workers). */
  appCpuMsPerRequest?: number | null;
  /** PostgreSQL's backend processes for the bench database (null on the embedded PGlite, which runs inside the server). */
  dbCpuMsPerRequest?: number | null;
  /** Each server process: its CPU ms over all requests, its peak RSS; role "launcher", "worker" or "server". */
  processes?: { pid: number; role: string; cpuMsPerRequest: number; peakRssMb: number }[];
  /** Peak resident memory of the server during warm-up and measurement: of all its processes together. */
  peakRssMb: number;
  /** The machine's 1-minute load average before and after (other work on the box skews figures). */
  loadAvg: [number, number];
  /** rps / the bare server's rps (filled in by the runner). */
  ratioToBare?: number;
  /** The bare server's CPU ms per request / this target's: the same ratio judged by CPU cost,
   * which other load on the machine disturbs much less than requests/s. */
  cpuRatioToBare?: number | null;
  /** Anything else a scenario wants in the table's notes and the JSON. */
  notes?: string[];
};

function runAutocannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // Ctrl-C should stop the load at once, not after the full duration.
    const stop = () => instance.stop();
    const instance = autocannon(opts, (err, result) => {
      process.off("SIGINT", stop);
      if (err) reject(err);
      else resolve(result);
    });
    process.on("SIGINT", stop);
  });
}

/**
 * Warm-up then measurement with autocannon against one URL, sampling the server's memory.
 * A single non-2xx answer, error or timeout fails the whole benchmark loudly.
 */
export async function measureTarget(input: {
  name: string;
  url: string;
  pid: number;
  /** On PostgreSQL: the database's name, whose backends' CPU is counted with the server's. */
  database?: string;
  headers?: Record<string, string>;
  load?: Partial<LoadOptions>;
}): Promise<TargetResult> {
  assertLoopback(input.url);
  const load = { ...DEFAULT_LOAD, ...input.load };
  const base = { url: input.url, connections: load.connections, headers: input.headers ?? {}, timeout: 10 };
  const loadBefore = round(os.loadavg()[0], 2);
  const serverPids = () => processTree(input.pid);
  const rss = sampleTreeRss(serverPids);
  process.stdout.write(`[bench] ${input.name}: warm-up ${load.warmupS} s, `);
  const warm = await runAutocannon({ ...base, duration: load.warmupS });
  failOnBadAnswers(`${input.name} (warm-up)`, warm, { allowNone: true });
  process.stdout.write(`measuring ${load.durationS} s… `);
  const appCpu = sampleCpu(serverPids);
  const dbCpu = input.database ? sampleCpu(() => postgresBackends(input.database!)) : undefined;
  const result = await runAutocannon({ ...base, duration: load.durationS });
  const appUsed = appCpu.stop();
  const dbUsed = dbCpu?.stop();
  const memory = rss.stop();
  const peakRssMb = memory.peakSumMb;
  failOnBadAnswers(input.name, result);
  const n = result.requests.total;
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const appMs = appUsed.size && n ? round(sum(appUsed) / n, 3) : null;
  const dbMs = dbUsed && n ? round(sum(dbUsed) / n, 3) : null;
  const several = appUsed.size > 1;
  const processes = [...appUsed].map(([pid, ms]) => ({
    pid,
    role: !several ? "server" : pid === input.pid ? "launcher" : "worker",
    cpuMsPerRequest: n ? round(ms / n, 3) : 0,
    peakRssMb: memory.peakPerPidMb.get(pid) ?? 0,
  }));
  const measured: TargetResult = {
    name: input.name,
    url: input.url,
    rps: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    peakRssMb,
    cpuMsPerRequest: appMs === null ? null : round(appMs + (dbMs ?? 0), 3),
    appCpuMsPerRequest: appMs,
    dbCpuMsPerRequest: dbMs,
    processes,
    loadAvg: [loadBefore, round(os.loadavg()[0], 2)],
  };
  const split = dbMs === null ? "" : ` (app ${appMs} + database ${dbMs})`;
  console.log(`${measured.rps} req/s, p99 ${measured.p99Ms} ms, ${measured.cpuMsPerRequest} ms CPU/request${split} (load average ${measured.loadAvg.join(" → ")})`);
  return measured;
}

function failOnBadAnswers(name: string, result: autocannon.Result, options: { allowNone?: boolean } = {}) {
  const codes = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => /^\d+$/.test(code))
    .map(([code, s]) => `${code}×${s.count}`)
    .join(", ");
  const load = os.loadavg()[0];
  const busy = load > os.cpus().length + 1 ? ` The machine's load average is ${round(load, 1)} on ${os.cpus().length} CPUs: other work is starving the server.` : "";
  if (result.requests.total === 0 && !options.allowNone) {
    throw new BenchError(`${name}: not one request completed in ${result.duration} s (status codes: ${codes || "none"}): the server is stuck or the machine is saturated.${busy}`);
  }
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new BenchError(
      `${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts (status codes: ${codes || "none"}). ` +
        `Every answer must be a 2xx within ${10} s for the figures to mean anything.${busy}`,
    );
  }
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Reporting

/** A plain text table with right-aligned numbers. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The database and a signed-in reader

/**
 * Where a bench's database lives: a fresh DATA_DIR in a temp folder (PGlite), or, with
 * BENCH_DATABASE_URL, a throw-away database on that PostgreSQL, dropped at cleanup. Production on
 * PostgreSQL needs a secret; this process and the servers it starts share the one set here.
 */
export async function benchDatabasePlace(prefix: string): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = path.join(makeTempDir(prefix), "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const databaseUrl = process.env.BENCH_DATABASE_URL ? await createThrowAwayDatabase(process.env.BENCH_DATABASE_URL) : undefined;
  if (databaseUrl) process.env.BETTER_AUTH_SECRET = crypto.randomBytes(48).toString("base64");
  return { dataDir, databaseUrl };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A fresh database on the given PostgreSQL server, dropped again at cleanup. */
export async function createThrowAwayDatabase(serverUrl: string): Promise<string> {
  const { default: pg } = await import("pg");
  const host = new URL(serverUrl).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new BenchError("BENCH_DATABASE_URL must point at a PostgreSQL on this machine");
  const name = `vvf_bench_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  registerDatabase(serverUrl, name);
  onCleanup(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * POST /login as the sign-in form does; the session cookie comes back on the redirect (after
 * the code step, for accounts with two-factor, answered with a code made from `totpSecret`).
 */
export async function signInThroughForm(baseUrl: string, email: string, password: string, totpSecret?: string | null): Promise<string> {
  const { cookieHeader } = await import("./query-counter");
  let res = await httpRequest(`${baseUrl}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: "/forums" }).toString(),
  });
  if (totpSecret && String(res.headers.location ?? "").startsWith("/login/code")) {
    const { totpCode } = await import("../support/two-factor");
    const challenge = cookieHeader((res.headers["set-cookie"] ?? []).filter((c) => !/^[^=]+=;/.test(c)));
    res = await httpRequest(`${baseUrl}/login/code`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl, cookie: challenge },
      body: new URLSearchParams({ method: "app", code: totpCode(totpSecret), redirectTo: "/forums" }).toString(),
    });
  }
  const setCookie = res.headers["set-cookie"] ?? [];
  if (res.status !== 302 || !setCookie.some((c) => c.includes("session_token="))) {
    throw new BenchError(`Signing in ${email} through POST /login answered ${res.status} without a session cookie: ${res.body.slice(0, 300)}`);
  }
  return cookieHeader(setCookie);
}

/**
 * The bench's database, opened in this process and migrated, with the sign-in secret the
 * production server will read too: for seeding before any server starts (close it first).
 */
export async function openBenchDatabase(where: { url?: string; dataDir: string }) {
  const { openDatabase } = await import("../../db/client");
  const { migrateDatabase } = await import("../../db/migrate");
  const { authSecret } = await import("../../app/services/config.server");
  const { initAuth } = await import("../../app/services/auth.server");
  const handle = await openDatabase(where.url ? { url: where.url } : { dataDir: where.dataDir });
  await migrateDatabase(handle);
  initAuth(authSecret({ dataDir: handle.dataDir, kind: handle.kind }));
  return handle;
}

/**
 * How `npm start` starts the production server in `checkout`: its start script
 * (`scripts/start.sh`, which sets the environment and node's flags for the database in use and
 * then becomes node with `exec`, so the pid is the server's own), with `nodeFlags` passed on to
 * node. A checkout from before that script (an A/B "before") is started as its start script
 * then did: `node build/server.js` with NODE_ENV=production.
 */
export function productionServerCommand(checkout: string, nodeFlags: string[]): { command: string; args: string[]; marker?: string } {
  const script = path.join(checkout, "scripts/start.sh");
  // After its exec the process's command line is node's: the reaper recognises it by the server's file.
  if (fs.existsSync(script)) return { command: "sh", args: [script, ...nodeFlags], marker: "build/server.js" };
  return { command: process.execPath, args: [...nodeFlags, "build/server.js"] };
}

/**
 * The production server's environment under the bench: this one's, without a demo, mail,
 * Redis, proxy settings, NODE_OPTIONS or MALLOC_ARENA_MAX (the start script sets its own), on the
 * bench's database; then `extra` (a scenario's or a variant's settings), last one wins.
 */
export function benchServerEnv(input: { port: number; dataDir: string; databaseUrl?: string }, ...extra: (Record<string, string> | undefined)[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "PUBLIC_URL", "TRUST_PROXY", "NODE_OPTIONS", "MALLOC_ARENA_MAX"]) delete env[k];
  Object.assign(env, { NODE_ENV: "production", PORT: String(input.port), HOST: "127.0.0.1", DATA_DIR: input.dataDir, SEED_DEMO: "0" });
  if (input.databaseUrl) env.DATABASE_URL = input.databaseUrl;
  for (const e of extra) Object.assign(env, e);
  return env;
}
