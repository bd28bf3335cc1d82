// `npm run bench`: the speed benchmark (issue 3's "Speed" section). Not a timed test: it
// prints figures and PASS/MISS against the targets, and fails only when the measurement itself
// is wrong (a non-2xx answer, a page that is not the one meant, a server that will not start).
//
//   npm run bench                      every scenario (today: threads)
//   npm run bench -- threads           only the named scenarios (threads, consultations, feedback)
//   npm run bench -- --build           rebuild (npm run build) first even if a build exists
//   npm run bench -- --median a.json b.json …   medians of earlier runs' JSON
//   BENCH_RUNS=3 npm run bench         three whole runs one after another, then their medians
//
// Environment: BENCH_DURATION (15 s), BENCH_WARMUP (4 s), BENCH_CONNECTIONS (20),
// BENCH_CPU_PROFILE=<dir> to have the production server write a V8 CPU profile there,
// BENCH_NODE_FLAGS="--max-semi-space-size=16 …" to start the production server with those Node flags,
// BENCH_SERVER_LOG=<file> to keep everything the servers print (e.g. with --trace-gc-nvp),
// BENCH_GZIP=0 to ask for uncompressed pages (browsers ask for gzip, so the default does),
// BENCH_DATABASE_URL=postgres://…/postgres to run the same benchmark on PostgreSQL instead of
// the embedded default (a throw-away database is created on that server and dropped after),
// WEB_CONCURRENCY=<n> for the server's number of processes (on PostgreSQL it defaults to the
// core count, which needs Redis: BENCH_REDIS_URL=redis://127.0.0.1:6379 hands the server one).
//
// CPU ms per request is the CPU time of every server process (the launcher and its workers)
// plus, on PostgreSQL, of the database's backend processes serving the bench's database (read
// from /proc: the bench runs on the PostgreSQL server's machine), over the requests answered.
//
// Phases (see tests/bench/scenario.ts): a fresh embedded database in a temp DATA_DIR is seeded
// in this process; SQL statements per page request are counted in this process through the
// production Remix build; the database is closed; then the production server and a bare Node
// http server run as child processes and autocannon measures both from here; scenarios that
// need it get the database back afterwards. Children and temp folders are removed on success,
// error and Ctrl-C (and by tests/bench/reaper.mjs if this process is killed outright).
process.env.NODE_ENV = "production";

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BenchError,
  processTree,
  sleep,
  treeRssMb,
  cleanup,
  benchDatabasePlace,
  currentRssMb,
  DEFAULT_LOAD,
  formatTable,
  freePort,
  benchServerEnv,
  productionServerCommand,
  installCleanupHandlers,
  median,
  measureTarget,
  onCleanup,
  openBenchDatabase,
  stopping,
  round,
  signInThroughForm,
  spawnNodeServer,
  stopChild,
  type TargetResult,
} from "./harness";
import type { Check, Scenario } from "./scenario";
import { consultationsScenario } from "./scenarios/consultations";
import { feedbackScenario } from "./scenarios/feedback";
import { threadsScenario } from "./scenarios/threads";

/** Every scenario, in the order they run. Consultations (issue 4) will be added here. */
const SCENARIOS: Scenario<any>[] = [threadsScenario, consultationsScenario, feedbackScenario];

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const resultsDir = path.join(os.tmpdir(), "vvf-bench-results");
const log = (msg: string) => console.log(`[bench] ${msg}`);

type RunReport = {
  startedAt: string;
  database?: "pglite" | "postgres";
  /** Server processes serving requests (workers; 1 = the launcher serves itself). */
  serverProcesses?: number;
  /** RSS of all server processes when ready, before any load. */
  idleRssMb?: number;
  machine: { cpus: number; cpuModel: string; node: string; totalMemMb: number };
  load: typeof DEFAULT_LOAD & { gzip: boolean };
  targets: TargetResult[];
  checks: Check[];
  phasesS: Record<string, number>;
};

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--median") return printMedians(args.slice(1));
  const runs = Number(process.env.BENCH_RUNS ?? 1);
  if (runs > 1) return runSeveral(runs, args);
  installCleanupHandlers();
  const wanted = args.filter((a) => !a.startsWith("--"));
  const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
  if (unknown.length) throw new BenchError(`Unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  const scenarios = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const gzip = process.env.BENCH_GZIP !== "0";
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      phases[name] = round((Date.now() - t) / 1000, 1);
    }
  };
  const report: RunReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", node: process.version, totalMemMb: Math.round(os.totalmem() / 2 ** 20) },
    load: { ...DEFAULT_LOAD, gzip },
    targets: [],
    checks: [],
    phasesS: phases,
  };

  ensureBuild(args.includes("--build"));
  const { dataDir, databaseUrl } = await benchDatabasePlace("vvf-bench-");
  if (databaseUrl) log(`database: PostgreSQL ${new URL(databaseUrl).pathname.slice(1)} (throw-away)`);
  else log(`database: PGlite in temp DATA_DIR ${dataDir}`);
  report.database = databaseUrl ? "postgres" : "pglite";

  // Phases 1 and 2: this process owns the database; no server is running.
  const seeded = new Map<Scenario<any>, unknown>();
  {
    const { instrumentDatabase, loadRemixHandler, signInInProcess } = await import("./query-counter");
    const handle = await phase("open + migrate", () => openBenchDatabase({ url: databaseUrl, dataDir }));
    // Closed once, by whichever comes first: the end of this block or an interrupted run.
    let closing: Promise<void> | undefined;
    const closeDatabase = () => (closing ??= handle.close());
    onCleanup(closeDatabase);
    try {
      await phase("seed", async () => {
        for (const s of scenarios) seeded.set(s, await s.seed({ db: handle.db, handle, log }));
      });
      await phase("query counts", async () => {
        const counter = instrumentDatabase(handle);
        const page = await loadRemixHandler(root);
        for (const s of scenarios) {
          if (!s.inProcess) continue;
          const ctx = { db: handle.db, page, origin: "http://127.0.0.1", counter, signIn: signInInProcess, log };
          report.checks.push(...(await s.inProcess(ctx, seeded.get(s))));
        }
      });
    } finally {
      await closeDatabase();
    }
  }

  // Phase 3: the production server and the bare server as children; load from here.
  const [appPort, barePort] = [await freePort(), await freePort()];
  // Several processes share live events and limits through Redis: only when asked for.
  const redis = databaseUrl && process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : undefined;
  const serverEnv = benchServerEnv({ port: appPort, dataDir, databaseUrl }, redis, ...scenarios.map((s) => s.serverEnv));

  // BENCH_CPU_PROFILE=<dir>: the production server writes a V8 CPU profile there when it stops.
  const profileArgs = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  // BENCH_NODE_FLAGS="--flag …": Node/V8 flags for the production server (README's flag table).
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
  if (nodeFlags.length) log(`production server started with ${nodeFlags.join(" ")}`);
  const [app, bareServer] = await phase("start servers", () =>
    Promise.all([
      spawnNodeServer({ name: "the production server", ...productionServerCommand(root, [...profileArgs, ...nodeFlags]), env: serverEnv, port: appPort, readyPath: "/support", cwd: root }),
      spawnNodeServer({ name: "the bare server", args: [path.join(root, "tests/bench/bare-server.mjs")], env: { NODE_ENV: "production", PORT: String(barePort) }, port: barePort }),
    ]),
  );
  log(`production server pid ${app.pid} at ${app.url}; bare server pid ${bareServer.pid} at ${bareServer.url}`);
  // Memory once started, before any load (it has answered only the readiness probe of /support).
  // With several processes, the workers answer the probe one by one: wait until all have started.
  const wantedProcesses = await settledProcessCount(app);
  const started = treeRssMb(app.pid);
  report.serverProcesses = wantedProcesses;
  report.idleRssMb = started.sumMb;
  const perProcess = started.perPid.length > 1 ? ` (${started.perPid.map((p) => `${p.pid === app.pid ? "launcher" : "worker"} ${p.rssMb}`).join(", ")})` : "";
  report.checks.push({ name: "Production server memory when ready, before any load (RSS, all processes)", value: `${started.sumMb} MB${perProcess}` });
  log(`server processes: ${started.perPid.length} (${wantedProcesses} serving)`);
  log(`load: ${DEFAULT_LOAD.connections} connections, ${DEFAULT_LOAD.warmupS} s warm-up + ${DEFAULT_LOAD.durationS} s per target, gzip ${gzip ? "asked for" : "off"}`);

  const browserHeaders: Record<string, string> = {
    accept: "text/html,application/xhtml+xml,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "accept-language": "en-GB,en;q=0.5",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    ...(gzip ? { "accept-encoding": "gzip, deflate, br" } : {}),
  };

  try {
    await phase("measure", async () => {
      const bare = await measureTarget({ name: "bare Node http server", url: `${bareServer.url}/`, pid: bareServer.pid, headers: browserHeaders });
      report.targets.push(bare);
      await stopChild(bareServer.child);
      const signIn = (email: string, password: string, totpSecret?: string | null) => signInThroughForm(app.url, email, password, totpSecret);
      for (const s of scenarios) {
        const ctx = {
          baseUrl: app.url,
          serverPid: app.pid,
          signIn,
          browserHeaders,
          bare,
          log,
          measure: (input: { name: string; path: string; cookie?: string }) =>
            measureTarget({
              name: input.name,
              url: `${app.url}${input.path}`,
              pid: app.pid,
              database: databaseUrl ? new URL(databaseUrl).pathname.slice(1) : undefined,
              headers: { ...browserHeaders, ...(input.cookie ? { cookie: input.cookie } : {}) },
            }),
        };
        const result = await s.live(ctx, seeded.get(s));
        report.targets.push(...result.targets);
        report.checks.push(...result.checks);
      }
      for (const t of report.targets) {
        t.ratioToBare = round(t.rps / bare.rps, 5);
        t.cpuRatioToBare = t.cpuMsPerRequest && bare.cpuMsPerRequest ? round(bare.cpuMsPerRequest / t.cpuMsPerRequest, 5) : null;
      }
      const mem = treeRssMb(app.pid);
      const hwm = processTree(app.pid).reduce((a, pid) => a + (currentRssMb(pid)?.hwmMb ?? 0), 0);
      report.checks.push({ name: "Production server memory at the end (RSS / high-water mark, all processes)", value: `${mem.sumMb} MB / ${round(hwm, 1)} MB` });
    });
  } catch (err) {
    console.error(`[bench] the production server's last output:\n${app.output().slice(-3000)}`);
    throw err;
  } finally {
    await stopChild(app.child);
  }

  // Phase 4: checks on what the load left behind, with the database back in this process.
  if (scenarios.some((s) => s.after)) {
    await phase("after", async () => {
      const { openDatabase } = await import("../../db/client");
      const handle = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
      try {
        for (const s of scenarios) if (s.after) report.checks.push(...(await s.after({ db: handle.db, handle, log }, seeded.get(s))));
      } finally {
        await handle.close();
      }
    });
  }

  printReport(report);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamped = path.join(resultsDir, `run-${report.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(stamped, JSON.stringify(report, null, 2));
  fs.copyFileSync(stamped, path.join(resultsDir, "latest.json"));
  if (process.env.BENCH_RESULT_FILE) fs.copyFileSync(stamped, process.env.BENCH_RESULT_FILE);
  log(`results written to ${path.join(resultsDir, "latest.json")} (and ${stamped})`);
}

/**
 * How many processes serve requests, once all have started: the launcher alone (1), or its
 * workers, each of which says so when it listens ("… is running at …").
 */
async function settledProcessCount(app: { pid: number; output: () => string }): Promise<number> {
  const deadline = Date.now() + 60_000;
  let stableSince = Date.now();
  let last = processTree(app.pid).length;
  while (Date.now() < deadline) {
    await sleep(250);
    const now = processTree(app.pid).length;
    if (now !== last) [last, stableSince] = [now, Date.now()];
    const running = (app.output().match(/is running at/g) ?? []).length;
    if (now === 1 && Date.now() - stableSince > 1_000) return 1;
    if (now > 1 && running >= now - 1) return now - 1;
  }
  throw new BenchError(`The server's processes did not all start within 60 s:\n${app.output().slice(-3000)}`);
}

/** BENCH_RUNS=n: n whole runs, one after another as separate processes, then their medians. */
async function runSeveral(runs: number, args: string[]) {
  const files: string[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  for (let i = 1; i <= runs; i++) {
    log(`run ${i} of ${runs}`);
    const file = path.join(resultsDir, `series-${stamp}-${i}.json`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), [fileURLToPath(import.meta.url), ...args], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, BENCH_RUNS: "1", BENCH_RESULT_FILE: file },
    });
    if (r.status !== 0) throw new BenchError(`run ${i} of ${runs} failed (exit ${r.status ?? r.signal})`);
    files.push(file);
  }
  console.log("");
  printMedians(files);
  log(`the runs' JSON: ${files.join(" ")}`);
}

/** Fails if there is no build; rebuilds when asked; warns when app/ changed after the build. */
function ensureBuild(force: boolean) {
  const buildFile = path.join(root, "build/index.js");
  // The production server runs compiled, as `npm start` runs it (build/server.js).
  // build/server.js is the launcher; build/app-server.js the server it loads (scripts/build-server.mjs).
  let rebuild = force || ["build/index.js", "build/server.js", "build/app-server.js"].some((f) => !fs.existsSync(path.join(root, f)));
  if (!rebuild) {
    const builtAt = fs.statSync(buildFile).mtimeMs;
    const newer = listFiles(path.join(root, "app")).filter((f) => /\.(tsx?|scss)$/.test(f) && fs.statSync(f).mtimeMs > builtAt);
    if (newer.length) {
      log(`WARNING: build/index.js is older than ${newer.length} file(s) in app/ (e.g. ${path.relative(root, newer[0])}); ` + "the figures are for the old build. Use `npm run bench -- --build` to rebuild first.");
    }
  }
  if (rebuild) {
    log("building (npm run build)…");
    const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new BenchError("npm run build failed");
  }
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** 0.0123 → "1/81" */
function fraction(ratio: number | null | undefined) {
  if (!ratio) return "?";
  if (ratio >= 0.999) return "1";
  return `1/${round(1 / ratio, 1)}`;
}

function verdict(pass: boolean | undefined) {
  return pass === undefined ? "" : pass ? "PASS" : "MISS";
}

function printReport(report: RunReport) {
  console.log("");
  console.log(`Database: ${report.database}; server processes serving requests: ${report.serverProcesses ?? 1}`);
  console.log(`Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.machine.totalMemMb} MB`);
  console.log(`Load: autocannon, ${report.load.connections} connections, ${report.load.warmupS} s warm-up + ${report.load.durationS} s measured per target, gzip ${report.load.gzip ? "on" : "off"}`);
  console.log("");
  console.log(
    formatTable(
      ["target", "req/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "KB/resp", "CPU ms/req", "app + db", "peak RSS MB", "vs bare", "CPU vs bare", "load avg"],
      report.targets.map((t) => [
        t.name,
        t.rps,
        t.p50Ms,
        t.p99Ms,
        t.maxMs,
        t.non2xx,
        round(t.bytesPerResponse / 1024, 1),
        t.cpuMsPerRequest ?? "?",
        appPlusDb(t),
        t.peakRssMb,
        fraction(t.ratioToBare),
        fraction(t.cpuRatioToBare),
        t.loadAvg.join("→"),
      ]),
    ),
  );
  printPerProcess(report);
  const busiest = Math.max(...report.targets.flatMap((t) => t.loadAvg));
  if (busiest > report.machine.cpus + 1) {
    console.log(
      `\nWARNING: the machine's load average reached ${busiest} on ${report.machine.cpus} CPUs: other processes were competing ` +
        "for the CPU (load average includes this benchmark's own server and client, about 2). Treat these figures as pessimistic.",
    );
  }
  console.log("");
  console.log(formatTable(["check", "value", ""], report.checks.map((c) => [c.name, c.value, verdict(c.pass)])));
  console.log("");
  printIssueTargets(report.database, report.targets, report.idleRssMb);
  console.log("");
  console.log(`Phases (s): ${Object.entries(report.phasesS).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}

/** "app + db" when the database's CPU was counted apart (PostgreSQL), else "app". */
function appPlusDb(t: Pick<TargetResult, "appCpuMsPerRequest" | "dbCpuMsPerRequest" | "cpuMsPerRequest">) {
  if (t.dbCpuMsPerRequest === null || t.dbCpuMsPerRequest === undefined) return t.appCpuMsPerRequest ?? t.cpuMsPerRequest ?? "?";
  return `${t.appCpuMsPerRequest} + ${t.dbCpuMsPerRequest}`;
}

/** With several server processes: each process's share of the CPU per request and its peak RSS. */
function printPerProcess(report: RunReport) {
  const several = report.targets.filter((t) => (t.processes?.length ?? 0) > 1);
  if (!several.length) return;
  console.log("");
  console.log("Per process (CPU ms over all requests answered; whole machine = their sum + database):");
  console.log(
    formatTable(
      ["target", "process", "CPU ms/req", "peak RSS MB"],
      several.flatMap((t) => [
        ...t.processes!.map((p) => [t.name, `${p.role} ${p.pid}`, p.cpuMsPerRequest, p.peakRssMb]),
        [t.name, "all server processes", t.appCpuMsPerRequest ?? "?", t.peakRssMb],
        ...(t.dbCpuMsPerRequest != null ? [[t.name, "database backends", t.dbCpuMsPerRequest, "-"]] : []),
        [t.name, "whole machine (app + database)", t.cpuMsPerRequest ?? "?", "-"],
      ]),
    ),
  );
}

// Issue 13's targets, judged on one run's figures or on the medians of several.
const SIGNED_IN_THREAD = "thread page, 51 posts, signed in";
const SIGNED_IN_FORUM = "forum thread list, signed in";
const RENDERED_SIGNED_OUT = "thread page, 51 posts, signed out, rendered (page cache bypassed)";

type Figures = Pick<TargetResult, "name" | "cpuMsPerRequest" | "p99Ms" | "peakRssMb">;

function issueTargets(database: RunReport["database"], targets: Figures[], idleRssMb: number | undefined): Check[] {
  const pg = database === "postgres";
  const find = (name: string) => targets.find((t) => t.name === name);
  const checks: Check[] = [];
  const cpu = (name: string, limit: number, label: string) => {
    const t = find(name);
    if (!t || t.cpuMsPerRequest == null) return;
    checks.push({ name: `${label}: CPU ≤ ${limit} ms/request (${pg ? "app + database" : "app with PGlite inside"})`, value: `${t.cpuMsPerRequest} ms`, pass: t.cpuMsPerRequest <= limit });
  };
  cpu(SIGNED_IN_THREAD, pg ? 5 : 8, "Signed-in 51-post thread");
  const thread = find(SIGNED_IN_THREAD);
  if (thread) checks.push({ name: "Signed-in 51-post thread: p99 ≤ 100 ms at 20 connections", value: `${thread.p99Ms} ms`, pass: thread.p99Ms <= 100 });
  if (pg) cpu(SIGNED_IN_FORUM, 4, "Signed-in forum list");
  cpu(RENDERED_SIGNED_OUT, 8, "Rendered (uncached) signed-out thread");
  if (idleRssMb !== undefined) checks.push({ name: "Idle RSS ≤ 150 MB (all server processes)", value: `${idleRssMb} MB`, pass: idleRssMb <= 150 });
  const peak = Math.max(...targets.filter((t) => t.name !== "bare Node http server").map((t) => t.peakRssMb));
  const peakLimit = pg ? 250 : 300;
  if (Number.isFinite(peak)) checks.push({ name: `Peak RSS under the benchmark ≤ ${peakLimit} MB (all server processes)`, value: `${peak} MB`, pass: peak <= peakLimit });
  return checks;
}

function printIssueTargets(database: RunReport["database"], targets: Figures[], idleRssMb: number | undefined) {
  console.log(`Issue 13's targets (${database}):`);
  console.log(formatTable(["target", "value", ""], issueTargets(database, targets, idleRssMb).map((c) => [c.name, c.value, verdict(c.pass)])));
}

/** Medians across earlier runs' JSON files (per target, per figure). */
function printMedians(files: string[]) {
  if (!files.length) throw new BenchError("Give the JSON files of earlier runs, e.g. $TMPDIR/vvf-bench-results/run-*.json");
  const runs = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as RunReport);
  const names = [...new Set(runs.flatMap((r) => r.targets.map((t) => t.name)))];
  const medians: Figures[] = [];
  const rows = names.map((name) => {
    const ts = runs.map((r) => r.targets.find((t) => t.name === name)).filter((t): t is TargetResult => !!t);
    const med = (k: keyof TargetResult) => round(median(ts.map((t) => Number(t[k]))), 1);
    const cpu = round(median(ts.map((t) => t.cpuMsPerRequest ?? NaN)), 3);
    const app = round(median(ts.map((t) => t.appCpuMsPerRequest ?? t.cpuMsPerRequest ?? NaN)), 3);
    const dbs = ts.map((t) => t.dbCpuMsPerRequest).filter((d): d is number => typeof d === "number");
    const db = dbs.length ? round(median(dbs), 3) : null;
    medians.push({ name, cpuMsPerRequest: cpu, p99Ms: med("p99Ms"), peakRssMb: med("peakRssMb") });
    return [
      name,
      med("rps"),
      med("p50Ms"),
      med("p99Ms"),
      med("non2xx"),
      cpu,
      appPlusDb({ appCpuMsPerRequest: app, dbCpuMsPerRequest: db, cpuMsPerRequest: cpu }),
      med("peakRssMb"),
      fraction(median(ts.map((t) => t.ratioToBare ?? NaN))),
      fraction(median(ts.map((t) => t.cpuRatioToBare ?? NaN))),
      ts.map((t) => Math.max(...t.loadAvg)).join(", "),
      ts.length,
    ];
  });
  const databases = [...new Set(runs.map((r) => r.database))];
  const processes = [...new Set(runs.map((r) => r.serverProcesses ?? 1))];
  console.log(`Medians of ${runs.length} runs (database: ${databases.join(", ")}; server processes: ${processes.join(", ")})`);
  console.log(formatTable(["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "CPU ms/req", "app + db", "peak RSS MB", "vs bare", "CPU vs bare", "peak load per run", "runs"], rows));
  const checkNames = [...new Set(runs.flatMap((r) => r.checks.map((c) => c.name)))];
  console.log("");
  console.log(
    formatTable(
      ["check", ...runs.map((_, i) => `run ${i + 1}`)],
      checkNames.map((n) => [n, ...runs.map((r) => {
        const c = r.checks.find((x) => x.name === n);
        return c ? `${c.value} ${verdict(c.pass)}`.trim() : "-";
      })]),
    ),
  );
  console.log("");
  if (databases.length === 1) {
    const idle = runs.map((r) => r.idleRssMb).filter((v): v is number => typeof v === "number");
    printIssueTargets(databases[0], medians, idle.length ? round(median(idle), 1) : undefined);
  } else console.log("(Issue 13's targets are judged per database: give runs of one database.)");
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (err) => {
    // Interrupted: the signal handler is already cleaning up and will exit.
    if (stopping()) return;
    console.error(`\n[bench] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BenchError) && err instanceof Error && err.stack) console.error(err.stack);
    await cleanup();
    process.exit(1);
  });
