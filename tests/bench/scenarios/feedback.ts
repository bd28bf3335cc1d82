// Issue 14's benchmark (`npm run bench -- feedback`, meant for PostgreSQL: BENCH_DATABASE_URL):
// 10,000 victims answer My Met Service through their single-use links, posted as the form does
// (no JavaScript), 50 at a time; then the public page's cost as the ratings grow from 10^4 to
// 10^5 and 10^6.
//
// - seed: 7 officers (one per pilot borough) issue 10,000 links through the model
//   (issueFeedbackLink: the link, its count and its audit entry, as in use).
// - live: every link answered once by POST /feedback/<token>, 50 at a time (ratings/s, p50,
//   p99); 50 links answered again must all be refused (410) and store nothing; the public page
//   /my-met-service under autocannon (served by the server's page cache, as the public gets it).
// - after (the server stopped, the database back here): exactly 10,000 answers, each link used
//   once, the kept counts equal to a recount; then the page's own cost — rendered through the
//   production build in this process, no page cache, with its SQL statements counted — at 10^4
//   ratings, and again after bulk-adding ratings (rows and counts, in SQL) to 10^5 and 10^6.
//   Beside it, what counting the answers for the page would cost at each size.
//
// Figures are printed, never asserted: the machine is shared. PASS/MISS marks only correctness
// (exact counts) and the page's statements staying the same at every size.
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { feedbackAnswer, feedbackLink } from "../../../db/schema/feedback";
import { asCurrentUser, makeOfficer } from "../../factories";
import { BenchError, cpuTimeMs, httpGet, round, sampleRss, type TargetResult } from "../harness";
import type { Check } from "../scenario";
import { defineScenario } from "../scenario";

const RATINGS = Number(process.env.BENCH_FEEDBACK_RATINGS ?? 10_000);
const CONNECTIONS = 50;
/** The sizes the page is measured at after the burst (BENCH_FEEDBACK_SIZES=20000,50000 for a quick run). */
const SIZES = (process.env.BENCH_FEEDBACK_SIZES ?? "100000,1000000").split(",").map(Number);
const PILOT = ["havering", "barking-and-dagenham", "redbridge", "waltham-forest", "newham", "hackney", "tower-hamlets"];
const KINDS = ["attended-report", "took-statement", "gave-update", "other"];
const root = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));

type Seeded = { tokens: string[]; linkIds: string[] };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

/** Victim i's answer, as the form posts it: ratings mostly 4 and 5, some of each. */
function formBody(i: number) {
  const rating = [5, 4, 5, 3, 4, 5, 2, 4, 5, 1][i % 10];
  return new URLSearchParams({ rating: String(rating), keptInformed: ["yes", "partly", "no"][i % 3], treatedWithRespect: "yes", toldRights: ["yes", "no"][i % 2], comment: "", wantsToHear: "no" }).toString();
}

async function burst(input: { baseUrl: string; tokens: string[]; connections: number; pid: number; expect: (status: number, location?: string) => boolean }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const latencies: number[] = [];
  const problems: string[] = [];
  let next = 0;
  const post = (token: string, body: string) =>
    new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = http.request(`${input.baseUrl}/feedback/${token}`, { method: "POST", agent, headers: { origin: input.baseUrl, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  const rss = sampleRss(input.pid);
  const loadBefore = round(os.loadavg()[0], 2);
  const cpuBefore = cpuTimeMs(input.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: input.connections }, async () => {
      while (next < input.tokens.length) {
        const i = next++;
        const t = performance.now();
        const res = await post(input.tokens[i], formBody(i));
        latencies.push(performance.now() - t);
        if (!input.expect(res.status, res.location)) problems.push(`#${i}: ${res.status} → ${res.location ?? "no redirect"}`);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const cpuAfter = cpuTimeMs(input.pid);
  agent.destroy();
  return { elapsedS, sorted: [...latencies].sort((a, b) => a - b), problems, peakRssMb: rss.stop(), cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null, loadAvg: [loadBefore, round(os.loadavg()[0], 2)] as [number, number] };
}

/** London months, newest first: the current one and the 11 before. */
function lastMonths(n: number) {
  const now = new Date();
  const months: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 15));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export const feedbackScenario = defineScenario<Seeded>({
  name: "feedback",

  async seed({ db, log }) {
    const started = Date.now();
    const { issueFeedbackLink } = await import("../../../app/models/feedback/links.server");
    const { londonDate } = await import("../../../app/utils/working-days");
    const officers: ReturnType<typeof asCurrentUser>[] = [];
    for (const borough of PILOT) officers.push(asCurrentUser(await makeOfficer(db, { borough, name: `Bench officer ${borough}`, email: `bench-officer-${borough}@bench.vvf.test` })));
    const tokens: string[] = [];
    const linkIds: string[] = [];
    const today = londonDate(new Date());
    for (let from = 0; from < RATINGS; from += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, RATINGS - from) }, (_, j) => {
          const i = from + j;
          return issueFeedbackLink(officers[i % officers.length], { contactDate: today, contactKind: KINDS[i % KINDS.length] as never, channel: "qr" });
        }),
      );
      for (const b of batch) {
        tokens.push(b.token);
        linkIds.push(b.link.id);
      }
    }
    log(`feedback: ${tokens.length.toLocaleString("en-GB")} links issued by ${officers.length} officers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { tokens, linkIds };
  },

  async live({ baseUrl, serverPid, measure, browserHeaders, log }, seeded) {
    const form = await httpGet(`${baseUrl}/feedback/${seeded.tokens[0]}`, { ...browserHeaders, "accept-encoding": "identity" });
    if (form.status !== 200 || !form.body.includes('name="rating"')) throw new BenchError(`The feedback page answered ${form.status} without the rating form`);

    log(`feedback: ${seeded.tokens.length.toLocaleString("en-GB")} answers, ${CONNECTIONS} at a time…`);
    const result = await burst({ baseUrl, tokens: seeded.tokens, connections: CONNECTIONS, pid: serverPid, expect: (status, location) => status === 302 && location === "/feedback/thanks" });
    if (result.problems.length) throw new BenchError(`${result.problems.length} of ${seeded.tokens.length} answers were not accepted, e.g. ${result.problems.slice(0, 3).join("; ")}`);
    const n = seeded.tokens.length;
    const submit: TargetResult = {
      name: `answer a feedback link (${n.toLocaleString("en-GB")} links, ${CONNECTIONS} at a time)`,
      url: `${baseUrl}/feedback/<token>`,
      rps: round(n / result.elapsedS, 1),
      p50Ms: round(percentile(result.sorted, 0.5), 1),
      p90Ms: round(percentile(result.sorted, 0.9), 1),
      p99Ms: round(percentile(result.sorted, 0.99), 1),
      maxMs: round(result.sorted[result.sorted.length - 1] ?? 0, 1),
      requests: n,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      bytesPerResponse: 0,
      cpuMsPerRequest: result.cpuMs === null ? null : round(result.cpuMs / n, 3),
      peakRssMb: result.peakRssMb,
      loadAvg: result.loadAvg,
      notes: ["each answer is a form POST answered by a redirect (302) to the thanks page: that is success here", `${round(result.elapsedS, 1)} s for all`],
    };
    log(`feedback: ${submit.rps} ratings/s, p50 ${submit.p50Ms} ms, p99 ${submit.p99Ms} ms, max ${submit.maxMs} ms`);

    // Each link takes one answer: 50 used links answered again, at once, are all refused.
    const again = await burst({ baseUrl, tokens: seeded.tokens.slice(0, CONNECTIONS), connections: CONNECTIONS, pid: serverPid, expect: (status) => status === 410 });

    // These answers are this month's: held back until the month is final (4 weeks after it), so
    // the month's page says when it will be published and shows no figure yet.
    const thisMonth = new Date().toISOString().slice(0, 7);
    const held = await httpGet(`${baseUrl}/my-met-service/${thisMonth}`, { ...browserHeaders, "accept-encoding": "identity" });
    if (held.status !== 200 || !held.body.includes("will be published on") || held.body.includes('data-testid="boroughs-contacts"')) {
      throw new BenchError(`/my-met-service/${thisMonth} answered ${held.status} without saying when its figures will be published, or with figures`);
    }
    const page = await httpGet(`${baseUrl}/my-met-service`, { ...browserHeaders, "accept-encoding": "identity" });
    if (page.status !== 200) throw new BenchError(`/my-met-service answered ${page.status}`);
    const pageTarget = await measure({ name: `/my-met-service, ${n.toLocaleString("en-GB")} ratings, signed out (page cache)`, path: "/my-met-service" });
    pageTarget.notes = ["the server's page cache renders it about once every 2 s; its own cost is measured in-process below"];
    return {
      targets: [submit, pageTarget],
      checks: [
        { name: "Feedback ratings submitted per second", value: `${submit.rps} ratings/s (${CONNECTIONS} at a time)` },
        { name: "Feedback answer p99", value: `${submit.p99Ms} ms` },
        { name: `Used links answered again (${CONNECTIONS} at once): refused with 410`, value: `${CONNECTIONS - again.problems.length} of ${CONNECTIONS}`, pass: again.problems.length === 0 },
      ],
    };
  },

  async after({ db, handle, log }, seeded) {
    const checks: Check[] = [];
    const [{ answers }] = await db.select({ answers: sql<number>`count(*)::int` }).from(feedbackAnswer);
    const [{ used }] = await db.select({ used: sql<number>`count(*)::int` }).from(feedbackLink).where(sql`${feedbackLink.usedAt} is not null`);
    const [{ answered }] = await db.select({ answered: sql<number>`count(distinct ${feedbackAnswer.linkId})::int` }).from(feedbackAnswer);
    const n = seeded.tokens.length;
    checks.push(
      { name: `Stored feedback answers (exactly ${n.toLocaleString("en-GB")})`, value: answers, pass: answers === n },
      { name: "Links used (each once)", value: `${used} used, ${answered} answered`, pass: used === n && answered === n },
    );
    const kept = async () => (await db.execute<{ n: number }>(sql`select coalesce(sum(count), 0)::int as n from feedback_rating_count`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
    const keptTotal = async () => {
      const r = await kept();
      return Number((r.rows ?? r)[0].n);
    };
    const k = await keptTotal();
    checks.push({ name: "Ratings in the kept counts (= stored answers)", value: k, pass: k === answers });

    // The page's own cost, in this process through the production build (no page cache).
    const { instrumentDatabase, loadRemixHandler } = await import("../query-counter");
    const counter = instrumentDatabase(handle);
    const page = await loadRemixHandler(root);
    const { loadMyMetService } = await import("../../../app/models/feedback/public-figures.server");
    const rows = async () => {
      const r = (await db.execute<{ n: number }>(sql`select count(*)::int as n from feedback_answer`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
      return Number((r.rows ?? r)[0].n);
    };
    const measurePage = async () => {
      for (let i = 0; i < 3; i++) await page("http://127.0.0.1/my-met-service");
      const renders: number[] = [];
      const models: number[] = [];
      for (let i = 0; i < 20; i++) {
        let t = performance.now();
        const res = await page("http://127.0.0.1/my-met-service");
        renders.push(performance.now() - t);
        if (res.status !== 200) throw new BenchError(`/my-met-service answered ${res.status} in-process`);
        t = performance.now();
        await loadMyMetService(null);
        models.push(performance.now() - t);
      }
      const { queries } = await counter.record(() => page("http://127.0.0.1/my-met-service"));
      // What the page would cost if it counted the answers at each request instead.
      const recounts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await db.execute(sql`select borough, channel, rating, count(*) from feedback_answer group by 1, 2, 3`);
        recounts.push(performance.now() - t);
      }
      return { ratings: await rows(), renderMs: round(median(renders), 1), modelMs: round(median(models), 2), statements: queries.length, recountMs: round(median(recounts), 1) };
    };
    // Bulk-add ratings (rows and their counts, as the server keeps them), spread over 12 months
    // and the 7 pilot boroughs.
    const months = lastMonths(12);
    const addRatings = async (add: number) => {
      const started = performance.now();
      const monthList = sql.raw(`(array[${months.map((m) => `'${m}'`).join(",")}])`);
      const boroughList = sql.raw(`(array[${PILOT.map((b) => `'${b}'`).join(",")}])`);
      const kindList = sql.raw(`(array[${KINDS.map((b) => `'${b}'`).join(",")}])`);
      await db.execute(sql`create temporary table bench_new as
        select ${boroughList}[1 + (g % 7)] as borough, ${monthList}[1 + ((g / 7) % 12)] as month, ${kindList}[1 + ((g / 3) % 4)] as kind,
               (array[5,4,5,3,4,5,2,4,5,1])[1 + (g % 10)]::smallint as rating
        from generate_series(1, ${add}) g`);
      await db.execute(sql`insert into feedback_answer (channel, borough, contact_kind, rating, kept_informed, treated_with_respect, told_rights, answered_at)
        select 'link', borough, kind, rating, 'yes', 'yes', 'yes', (month || '-15T12:00:00Z')::timestamptz from bench_new`);
      await db.execute(sql`insert into feedback_rating_count (borough, month, source, contact_kind, rating, count)
        select borough, month, 'link', kind, rating, count(*)::int from bench_new group by 1, 2, 4, 5
        on conflict (borough, month, source, contact_kind, rating) do update set count = feedback_rating_count.count + excluded.count`);
      await db.execute(sql`insert into feedback_link_count (borough, month, contact_kind, issued)
        select borough, month, kind, (count(*) * 3 / 2)::int from bench_new group by 1, 2, 3
        on conflict (borough, month, contact_kind) do update set issued = feedback_link_count.issued + excluded.issued`);
      await db.execute(sql`insert into feedback_report (month) select distinct month from bench_new on conflict do nothing`);
      await db.execute(sql`drop table bench_new`);
      await db.execute(sql`analyze feedback_answer`);
      log(`feedback: ${add.toLocaleString("en-GB")} ratings added in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    const report = (p: Awaited<ReturnType<typeof measurePage>>) =>
      log(`feedback: page at ${p.ratings.toLocaleString("en-GB")} ratings: render ${p.renderMs} ms, model ${p.modelMs} ms, ${p.statements} statements; a recount would take ${p.recountMs} ms`);
    // First a few in every month and borough, so that every point has the same 12 months and 7
    // boroughs on the page and only the number of ratings changes.
    await addRatings(7 * 12 * 10);
    const points = [await measurePage()];
    report(points[0]);
    for (const size of SIZES) {
      const add = size - (await rows());
      if (add <= 0) continue;
      await addRatings(add);
      points.push(await measurePage());
      report(points[points.length - 1]);
    }
    const first = points[0];
    const last = points[points.length - 1];
    for (const p of points) {
      checks.push({
        name: `/my-met-service at ${p.ratings.toLocaleString("en-GB")} ratings (in-process, median of 20)`,
        value: `render ${p.renderMs} ms, model ${p.modelMs} ms, ${p.statements} SQL statements; counting the answers instead: ${p.recountMs} ms`,
      });
    }
    checks.push(
      { name: `Page render ratio ${last.ratings.toLocaleString("en-GB")} ÷ ${first.ratings.toLocaleString("en-GB")} ratings`, value: round(last.renderMs / first.renderMs, 2) },
      { name: `Page model ratio ${last.ratings.toLocaleString("en-GB")} ÷ ${first.ratings.toLocaleString("en-GB")} ratings`, value: round(last.modelMs / first.modelMs, 2) },
      { name: `A recount's ratio ${last.ratings.toLocaleString("en-GB")} ÷ ${first.ratings.toLocaleString("en-GB")} ratings (what the kept counts avoid)`, value: round(last.recountMs / first.recountMs, 1) },
      { name: "Page SQL statements the same at every size", value: points.map((p) => p.statements).join(", "), pass: points.every((p) => p.statements === first.statements) },
    );
    const after = await keptTotal();
    checks.push({ name: "Ratings in the kept counts after the bulk load (= stored answers)", value: after, pass: after === (await rows()) });
    return checks;
  },
});
