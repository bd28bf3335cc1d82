// `npm run bench:ab -- <variant> <variant> …`: one page of issue 13's benchmark measured under
// several variants of the server, in interleaved rounds on one seeded database, then each
// variant's medians side by side. On this shared 2-core machine figures drift by 10–30% within
// minutes, so a change is judged against its "before" measured in the same rounds, never
// against a figure from another run (README, "Speed").
//
// A variant is "label|checkout|node flags|ENV=value,ENV=value" (everything after the label may
// be left out): `checkout` is a folder whose server is started as its `npm start` starts it
// (scripts/start.sh, or build/server.js in a checkout from before that script; default: this
// one; a git worktree of the commit before a change makes the "before"), then Node flags and
// extra environment for the server. For example:
//
//   npm run bench:ab -- "before|../before" "after"
//   npm run bench:ab -- "default" "semi-16||--max-semi-space-size=16" "arenas-8|||MALLOC_ARENA_MAX=8"
//
// Environment: BENCH_AB_ROUNDS (3), BENCH_AB_PAGE (thread: the signed-in 51-post thread;
// forum: the signed-in forum list; rendered: the thread signed out, page cache bypassed),
// BENCH_DATABASE_URL (PostgreSQL, as for `npm run bench`; default the embedded PGlite), and
// BENCH_DURATION / BENCH_WARMUP / BENCH_CONNECTIONS as for `npm run bench`. Each variant's
// build must exist (npm run build in its checkout).
process.env.NODE_ENV = "production";

import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  benchServerEnv,
  productionServerCommand,
  BenchError,
  checkVariants,
  cleanup,
  benchDatabasePlace,
  formatTable,
  freePort,
  httpGet,
  installCleanupHandlers,
  median as medianOf,
  measureTarget,
  openBenchDatabase,
  round,
  signInThroughForm,
  spawnNodeServer,
  stopChild,
  type TargetResult,
} from "./harness";
import { BYPASS_COOKIE, PASSWORD, threadsScenario, type Seeded } from "./scenarios/threads";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const log = (msg: string) => console.log(`[bench:ab] ${msg}`);

type Variant = { label: string; checkout: string; flags: string[]; env: Record<string, string> };

function parseVariant(spec: string): Variant {
  const [label, checkout = "", flags = "", env = ""] = spec.split("|");
  if (!label) throw new BenchError(`A variant needs a label first: "${spec}"`);
  const pairs = env.split(",").filter(Boolean).map((kv) => {
    const eq = kv.indexOf("=");
    if (eq < 1) throw new BenchError(`"${kv}" in variant "${label}" is not ENV=value`);
    return [kv.slice(0, eq), kv.slice(eq + 1)] as const;
  });
  return { label, checkout: path.resolve(checkout || root), flags: flags.split(/\s+/).filter(Boolean), env: Object.fromEntries(pairs) };
}

async function main() {
  const variants = process.argv.slice(2).map(parseVariant);
  checkVariants(variants, "build/server.js", 'npm run bench:ab -- "before|../before" "after"');
  const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new BenchError(`BENCH_AB_ROUNDS must be a whole number of rounds (1 or more), not "${process.env.BENCH_AB_ROUNDS}"`);
  const page = process.env.BENCH_AB_PAGE ?? "thread";
  if (!["thread", "forum", "rendered"].includes(page)) throw new BenchError(`BENCH_AB_PAGE is thread, forum or rendered, not "${page}"`);
  installCleanupHandlers();

  // The database, seeded once in this process and closed before any server starts.
  const { dataDir, databaseUrl } = await benchDatabasePlace("vvf-bench-ab-");
  let seeded: Seeded;
  {
    const handle = await openBenchDatabase({ url: databaseUrl, dataDir });
    try {
      seeded = await threadsScenario.seed({ db: handle.db, handle, log });
    } finally {
      await handle.close();
    }
  }
  const database = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : undefined;
  log(`database: ${database ? `PostgreSQL ${database}` : "PGlite"}; page: ${page}; ${rounds} round(s) of ${variants.map((v) => v.label).join(", ")}`);

  const results = new Map<string, TargetResult[]>(variants.map((v) => [v.label, []]));
  for (let r = 1; r <= rounds; r++) {
    for (const v of variants) {
      const port = await freePort();
      const env = benchServerEnv({ port, dataDir, databaseUrl }, threadsScenario.serverEnv, v.env);
      const app = await spawnNodeServer({ name: v.label, ...productionServerCommand(v.checkout, v.flags), env, port, readyPath: "/support", cwd: v.checkout });
      try {
        const cookie = page === "rendered" ? BYPASS_COOKIE : await signInThroughForm(app.url, seeded.reader.email, PASSWORD);
        const pagePath = page === "forum" ? `/forums/${seeded.forumSlug}` : `/threads/${seeded.big.id}`;
        // The page meant, signed in or out as meant: not a redirect's target or an error page.
        const check = await httpGet(`${app.url}${pagePath}`, { cookie, "accept-encoding": "identity" });
        const signedIn = page !== "rendered";
        if (check.status !== 200 || check.body.includes('href="/login"') === signedIn) {
          throw new BenchError(`${v.label}: ${pagePath} answered ${check.status}, ${signedIn ? "not signed in" : "signed in"}`);
        }
        const measured = await measureTarget({
          name: `${v.label}, round ${r}`,
          url: `${app.url}${pagePath}`,
          pid: app.pid,
          database,
          headers: { accept: "text/html", "accept-encoding": "gzip, deflate, br", cookie },
        });
        results.get(v.label)!.push(measured);
      } finally {
        await stopChild(app.child);
      }
    }
  }

  const median = (xs: (number | null | undefined)[]) => {
    const known = xs.filter((x): x is number => typeof x === "number");
    return known.length ? round(medianOf(known), 3) : "—";
  };
  const each = (ms: TargetResult[], pick: (m: TargetResult) => number | null | undefined) => ms.map((m) => pick(m) ?? "—").join(", ");
  const rows = [...results].map(([label, ms]) => [
    label,
    median(ms.map((m) => m.rps)),
    median(ms.map((m) => m.p50Ms)),
    `${median(ms.map((m) => m.p99Ms))} (${each(ms, (m) => m.p99Ms)})`,
    `${median(ms.map((m) => m.cpuMsPerRequest))} (${each(ms, (m) => m.cpuMsPerRequest)})`,
    `${median(ms.map((m) => m.peakRssMb))} (${each(ms, (m) => m.peakRssMb)})`,
  ]);
  console.log("");
  console.log(`Medians of ${rounds} interleaved round(s), ${page} page (each round's figures in brackets):`);
  console.log(formatTable(["variant", "req/s", "p50 ms", "p99 ms", "CPU ms/request (app + database)", "peak RSS MB"], rows));
  await cleanup();
}

main().catch(async (err) => {
  console.error(err instanceof BenchError ? `[bench:ab] ${err.message}` : err);
  await cleanup();
  process.exit(1);
});
