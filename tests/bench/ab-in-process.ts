// `npm run bench:ab:in-process -- "label|checkout" …`: what one page costs in CPU in each of
// several builds, measured in one process, taking turns. Each checkout needs `npm run build`.
//
//   npm run bench:ab:in-process -- "before|../before-checkout" "after"
//
// Environment: BENCH_AB_ROUNDS (12), BENCH_AB_REQUESTS (100 per build per round), BENCH_AB_PAGE
// (thread: the signed-in 51-post thread; forum: the signed-in forum list; signed-out: the 51-post
// thread rendered for nobody), BENCH_DATABASE_URL as for `npm run bench`.
//
// Why beside `npm run bench:ab`: this machine's figures through the server drift by 10–30%
// within minutes, which hides a change of 10%. Here every build's production Remix bundle is
// loaded into this one process and answers the same page in turn (batches of
// BENCH_AB_REQUESTS, the order rotating each round), one request at a time, without HTTP,
// Express or concurrency; each batch's process CPU time is that build's figure for the round,
// and each round's ratio to the first build is taken before the median. The database (PGlite
// in this process, or PostgreSQL's backends, which are not counted) and the process's state
// (sessions, database handle) are shared by the builds; each build keeps its own module caches.
// Garbage collection is charged to the batch it happens in. It measures the page's own work, one
// request at a time: what concurrency does to memory and to the collector (requests that live
// long enough to be promoted) does not show here. On 2026-12-06 it saw React's renderToString as
// 0.90–1.11× the streaming renderer while, through the server on PGlite, renderToString was worse
// in every round (README, Speed). The server's figures (`npm run bench`, `bench:ab`) remain the
// ones changes are judged by.
process.env.NODE_ENV = "production";

import path from "node:path";
import { benchDatabasePlace, BenchError, checkVariants, cleanup, installCleanupHandlers, median, openBenchDatabase, round } from "./harness";
import { loadRemixHandler, signInInProcess } from "./query-counter";
import { PASSWORD, threadsScenario } from "./scenarios/threads";

const log = (msg: string) => console.log(`[bench:ab:in-process] ${msg}`);

async function main() {
  const variants = process.argv.slice(2).map((spec) => {
    const [label, checkout = ""] = spec.split("|");
    if (!label) throw new BenchError(`A build needs a label first: "${spec}"`);
    return { label, checkout: path.resolve(checkout || process.cwd()) };
  });
  checkVariants(variants, "build/index.js", 'npm run bench:ab:in-process -- "before|../before" "after"');
  const whole = (name: string, fallback: number) => {
    const n = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new BenchError(`${name} must be a whole number (1 or more), not "${process.env[name]}"`);
    return n;
  };
  const rounds = whole("BENCH_AB_ROUNDS", 12);
  const requests = whole("BENCH_AB_REQUESTS", 100);
  const page = process.env.BENCH_AB_PAGE ?? "thread";
  if (!["thread", "forum", "signed-out"].includes(page)) throw new BenchError(`BENCH_AB_PAGE is thread, forum or signed-out, not "${page}"`);
  installCleanupHandlers();

  const { dataDir, databaseUrl } = await benchDatabasePlace("vvf-bench-ab-in-process-");
  const handle = await openBenchDatabase({ url: databaseUrl, dataDir });
  try {
    const seeded = await threadsScenario.seed({ db: handle.db, handle, log });
    const pages = [];
    for (const v of variants) pages.push(await loadRemixHandler(v.checkout));
    const signedIn = page !== "signed-out";
    const cookie = signedIn ? await signInInProcess(seeded.reader.email, PASSWORD) : undefined;
    const url = `http://localhost${page === "forum" ? `/forums/${seeded.forumSlug}` : `/threads/${seeded.big.id}`}`;
    // As a browser asks, so that the signed-in page is compressed here as through the server.
    const headers: Record<string, string> = { accept: "text/html", "accept-encoding": "gzip, deflate, br", ...(cookie ? { cookie } : {}) };

    // Every build answers the page meant, signed in or out as meant, before anything is measured.
    for (const [i, v] of variants.entries()) {
      const check = await pages[i](url, { ...headers, "accept-encoding": "identity" });
      if (check.status !== 200 || check.body.includes('href="/login"') === signedIn) {
        throw new BenchError(`${v.label}: ${url} answered ${check.status}, ${signedIn ? "not signed in" : "signed in"}`);
      }
      if (page === "thread") {
        const shown = seeded.big.bodies.filter((b) => check.body.includes(b)).length;
        if (shown !== seeded.big.bodies.length) throw new BenchError(`${v.label}: the page shows ${shown} of ${seeded.big.bodies.length} approved posts`);
      }
      const answer = await pages[i](url, headers);
      if (answer.status !== 200) throw new BenchError(`${v.label}: ${url} answered ${answer.status} when asked as a browser asks`);
    }
    log(`database: ${databaseUrl ? "PostgreSQL" : "PGlite"}; page: ${page}; ${rounds} rounds of ${requests} requests per build; warming up…`);
    for (const p of pages) for (let i = 0; i < 2 * requests; i++) await p(url, headers);

    const perRound: number[][] = variants.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < variants.length; k++) {
        const i = (k + r) % variants.length;
        const before = process.cpuUsage();
        for (let n = 0; n < requests; n++) await pages[i](url, headers);
        const used = process.cpuUsage(before);
        perRound[i].push((used.user + used.system) / 1000 / requests);
      }
    }
    console.log(`\nCPU ms per request in this process, ${page} page, medians of ${rounds} rounds (each round's figures after them):`);
    for (const [i, v] of variants.entries()) {
      const ratio = i === 0 ? "" : `  ${round(median(perRound[i].map((x, r) => x / perRound[0][r])), 3)}× ${variants[0].label} (median of the rounds' ratios)`;
      console.log(`${v.label.padEnd(14)} ${round(median(perRound[i]), 3)} ms${ratio}\n  ${perRound[i].map((x) => round(x, 2)).join(", ")}`);
    }
  } finally {
    await handle.close();
  }
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (err) => {
    console.error(err instanceof BenchError ? `[bench:ab:in-process] ${err.message}` : err);
    await cleanup();
    process.exit(1);
  },
);
