// `npm run bench`: the speed benchmark (issue 3's "Speed" section). Not a timed test: it
// prints figures and PASS/MISS against the targets, and fails only when the measurement itself
// is wrong (a non-2xx answer, a page that is not the one meant, a server that will not start).
//
//   npm run bench                      every scenario (today: threads)
//   npm run bench -- threads           only the named scenarios (threads, consultations, feedback)
//   npm run bench -- --build           rebuild (npm run build) first even if a build exists
//   npm run bench -- --median a.json b.json …   medians of earlier runs' JSON
//
// Environment: BENCH_DURATION (15 s), BENCH_WARMUP (4 s), BENCH_CONNECTIONS (20),
// BENCH_CPU_PROFILE=<dir> to have the production server write a V8 CPU profile there,
// BENCH_GZIP=0 to ask for uncompressed pages (browsers ask for gzip, so the default does),
// BENCH_DATABASE_URL=postgres://…/postgres to run the same benchmark on PostgreSQL instead of
// the embedded default (a throw-away database is created on that server and dropped after).
//
// Phases (see tests/bench/scenario.ts): a fresh embedded database in a temp DATA_DIR is seeded
// in this process; SQL statements per page request are counted in this process through the
// production Remix build; the database is closed; then the production server and a bare Node
// http server run as child processes and autocannon measures both from here; scenarios that
// need it get the database back afterwards. Children and temp folders are removed on success,
// error and Ctrl-C (and by tests/bench/reaper.mjs if this process is killed outright).
process.env.NODE_ENV = "production";

import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BenchError,
  cleanup,
  currentRssMb,
  DEFAULT_LOAD,
  formatTable,
  freePort,
  httpRequest,
  installCleanupHandlers,
  makeTempDir,
  measureTarget,
  onCleanup,
  registerDatabase,
  stopping,
  round,
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
  machine: { cpus: number; cpuModel: string; node: string; totalMemMb: number };
  load: typeof DEFAULT_LOAD & { gzip: boolean };
  targets: TargetResult[];
  checks: Check[];
  phasesS: Record<string, number>;
};

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--median") return printMedians(args.slice(1));
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
  const tmp = makeTempDir("vvf-bench-");
  const dataDir = path.join(tmp, "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const databaseUrl = process.env.BENCH_DATABASE_URL ? await createThrowAwayDatabase(process.env.BENCH_DATABASE_URL) : undefined;
  if (databaseUrl) {
    // Production on PostgreSQL needs a secret; the server and this process share it.
    process.env.BETTER_AUTH_SECRET = crypto.randomBytes(48).toString("base64");
    log(`database: PostgreSQL ${new URL(databaseUrl).pathname.slice(1)} (throw-away)`);
  } else log(`database: PGlite in temp DATA_DIR ${dataDir}`);
  report.database = databaseUrl ? "postgres" : "pglite";

  // Phases 1 and 2: this process owns the database; no server is running.
  const seeded = new Map<Scenario<any>, unknown>();
  {
    const { openDatabase } = await import("../../db/client");
    const { migrateDatabase } = await import("../../db/migrate");
    const { authSecret } = await import("../../app/services/config.server");
    const { initAuth } = await import("../../app/services/auth.server");
    const { instrumentDatabase, loadRemixHandler, signInInProcess } = await import("./query-counter");
    const handle = await phase("open + migrate", async () => {
      const h = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
      await migrateDatabase(h);
      initAuth(authSecret({ dataDir: h.dataDir, kind: h.kind }));
      return h;
    });
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
  const serverEnv: NodeJS.ProcessEnv = { ...process.env };
  // The embedded database, no demo data, no mail worker, no Redis, no external database.
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "PUBLIC_URL", "TRUST_PROXY", "NODE_OPTIONS"]) delete serverEnv[k];
  Object.assign(serverEnv, { NODE_ENV: "production", PORT: String(appPort), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "0" });
  if (databaseUrl) serverEnv.DATABASE_URL = databaseUrl;
  for (const s of scenarios) Object.assign(serverEnv, s.serverEnv);

  // BENCH_CPU_PROFILE=<dir>: the production server writes a V8 CPU profile there when it stops.
  const profileArgs = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  const [app, bareServer] = await phase("start servers", () =>
    Promise.all([
      spawnNodeServer({ name: "the production server", args: [...profileArgs, "build/server.js"], env: serverEnv, port: appPort, readyPath: "/support", cwd: root }),
      spawnNodeServer({ name: "the bare server", args: [path.join(root, "tests/bench/bare-server.mjs")], env: { NODE_ENV: "production", PORT: String(barePort) }, port: barePort }),
    ]),
  );
  log(`production server pid ${app.pid} at ${app.url}; bare server pid ${bareServer.pid} at ${bareServer.url}`);
  // Memory once started, before any load (it has answered only the readiness probe of /support).
  const started = currentRssMb(app.pid);
  if (started) report.checks.push({ name: "Production server memory when ready, before any load (RSS)", value: `${started.rssMb} MB` });
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
      const mem = currentRssMb(app.pid);
      if (mem) report.checks.push({ name: "Production server memory at the end (RSS / high-water mark)", value: `${mem.rssMb} MB / ${mem.hwmMb} MB` });
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
  log(`results written to ${path.join(resultsDir, "latest.json")} (and ${stamped})`);
}

/** A fresh database on the given PostgreSQL server, dropped again at cleanup. */
async function createThrowAwayDatabase(serverUrl: string): Promise<string> {
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

/** Fails if there is no build; rebuilds when asked; warns when app/ changed after the build. */
function ensureBuild(force: boolean) {
  const buildFile = path.join(root, "build/index.js");
  // The production server runs compiled, as `npm start` runs it (build/server.js).
  let rebuild = force || !fs.existsSync(buildFile) || !fs.existsSync(path.join(root, "build/server.js"));
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

/**
 * POST /login as the sign-in form does; the session cookie comes back on the redirect (after
 * the code step, for accounts with two-factor, answered with a code made from `totpSecret`).
 */
async function signInThroughForm(baseUrl: string, email: string, password: string, totpSecret?: string | null): Promise<string> {
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
  console.log(`Database: ${report.database}`);
  console.log(`Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.machine.totalMemMb} MB`);
  console.log(`Load: autocannon, ${report.load.connections} connections, ${report.load.warmupS} s warm-up + ${report.load.durationS} s measured per target, gzip ${report.load.gzip ? "on" : "off"}`);
  console.log("");
  console.log(
    formatTable(
      ["target", "req/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "KB/resp", "CPU ms/req", "peak RSS MB", "vs bare", "CPU vs bare", "load avg"],
      report.targets.map((t) => [
        t.name,
        t.rps,
        t.p50Ms,
        t.p99Ms,
        t.maxMs,
        t.non2xx,
        round(t.bytesPerResponse / 1024, 1),
        t.cpuMsPerRequest ?? "?",
        t.peakRssMb,
        fraction(t.ratioToBare),
        fraction(t.cpuRatioToBare),
        t.loadAvg.join("→"),
      ]),
    ),
  );
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
  console.log(`Phases (s): ${Object.entries(report.phasesS).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians across earlier runs' JSON files (per target, per figure). */
function printMedians(files: string[]) {
  if (!files.length) throw new BenchError("Give the JSON files of earlier runs, e.g. $TMPDIR/vvf-bench-results/run-*.json");
  const runs = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as RunReport);
  const names = [...new Set(runs.flatMap((r) => r.targets.map((t) => t.name)))];
  const rows = names.map((name) => {
    const ts = runs.map((r) => r.targets.find((t) => t.name === name)).filter((t): t is TargetResult => !!t);
    const med = (k: keyof TargetResult) => round(median(ts.map((t) => Number(t[k]))), 1);
    const cpu = round(median(ts.map((t) => t.cpuMsPerRequest ?? NaN)), 3);
    return [
      name,
      med("rps"),
      med("p50Ms"),
      med("p99Ms"),
      med("non2xx"),
      cpu,
      med("peakRssMb"),
      fraction(median(ts.map((t) => t.ratioToBare ?? NaN))),
      fraction(median(ts.map((t) => t.cpuRatioToBare ?? NaN))),
      ts.map((t) => Math.max(...t.loadAvg)).join(", "),
      ts.length,
    ];
  });
  console.log(`Medians of ${runs.length} runs`);
  console.log(formatTable(["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "CPU ms/req", "peak RSS MB", "vs bare", "CPU vs bare", "peak load per run", "runs"], rows));
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
