// The benchmark's plumbing: temp folders and child processes that are always cleaned up (even
// on an error or Ctrl-C), free ports, waiting for a server, sampling a process's memory, and
// one autocannon wrapper that refuses anything but 127.0.0.1. Nothing here knows about
// threads or posts; scenarios (tests/bench/scenarios/) do.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

/** A failure of the measurement itself, explained in its message (no stack trace needed). */
export class BenchError extends Error {}

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
 * Starts `node <args>` (never through npx or a shell, so the pid we sample is the server's own)
 * and waits until `readyPath` answers on 127.0.0.1.
 */
export async function spawnNodeServer(input: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath?: string;
  timeoutMs?: number;
  cwd?: string;
}): Promise<Spawned> {
  if (stopping()) throw new Error(`not starting ${input.name}: the benchmark is stopping`);
  const child = spawn(process.execPath, input.args, {
    cwd: input.cwd ?? process.cwd(),
    env: input.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  childMarkers.set(child, input.args.join("\0"));
  writeState();
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
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
  /** Server CPU time (user + system) per request during the measurement: robust to other load. */
  cpuMsPerRequest: number | null;
  /** Peak resident memory of the server process during warm-up and measurement. */
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
  headers?: Record<string, string>;
  load?: Partial<LoadOptions>;
}): Promise<TargetResult> {
  assertLoopback(input.url);
  const load = { ...DEFAULT_LOAD, ...input.load };
  const base = { url: input.url, connections: load.connections, headers: input.headers ?? {}, timeout: 10 };
  const loadBefore = round(os.loadavg()[0], 2);
  const rss = sampleRss(input.pid);
  process.stdout.write(`[bench] ${input.name}: warm-up ${load.warmupS} s, `);
  const warm = await runAutocannon({ ...base, duration: load.warmupS });
  failOnBadAnswers(`${input.name} (warm-up)`, warm, { allowNone: true });
  process.stdout.write(`measuring ${load.durationS} s… `);
  const cpuBefore = cpuTimeMs(input.pid);
  const result = await runAutocannon({ ...base, duration: load.durationS });
  const cpuAfter = cpuTimeMs(input.pid);
  const peakRssMb = rss.stop();
  failOnBadAnswers(input.name, result);
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
    cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && result.requests.total ? round((cpuAfter - cpuBefore) / result.requests.total, 3) : null,
    loadAvg: [loadBefore, round(os.loadavg()[0], 2)],
  };
  console.log(`${measured.rps} req/s, p99 ${measured.p99Ms} ms, ${measured.cpuMsPerRequest} ms CPU/request (load average ${measured.loadAvg.join(" → ")})`);
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
