// Issue 4's benchmark: 1,000 members each submit a 6-question response (through the answer
// page's own form post, as a browser without JavaScript does) as fast as the server takes them,
// then the results page is loaded by signed-out readers under autocannon. Reports responses/s
// and latency of the burst, checks that exactly 1,000 responses are stored (in the staff page's
// count while the server runs, and in the database afterwards), and that 50 members changing
// their answers adds none.
//
// The consultation is made with the app's own model functions (createConsultation,
// addQuestion, scheduleConsultation). Sessions: one member signs in through better-auth in
// this process; the other 999 sessions are written as better-auth writes them (a session row,
// and the token signed with the server's secret in the cookie), checked against that real
// sign-in, because 1,000 password checks would take better-auth's scrypt about 4 minutes.
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { session } from "../../../db/schema/auth";
import { consultationAnswer, consultationResponse, consultationTextAnswer } from "../../../db/schema/consultations";
import { makeForum, makeUser, type MadeUser } from "../../factories";
import { BenchError, cpuTimeMs, DEFAULT_LOAD, httpGet, httpRequest, round, sampleRss, type TargetResult } from "../harness";
import type { Check } from "../scenario";
import { defineScenario } from "../scenario";
import { DAY } from "../../../app/utils/time";

const MEMBERS = Number(process.env.BENCH_CONSULTATION_MEMBERS ?? 1000);
const CHANGERS = 50;
const PASSWORD = "bench password 2026";

type Question = { id: string; kind: string; options: { id: string; label: string }[] };
type Seeded = { consultationId: string; moderatorEmail: string; moderatorTotpSecret: string | null; cookies: string[]; questions: Question[] };

/** Member i's answers to the six questions, as the answer form posts them. */
function formBody(questions: Question[], i: number, change = false): string {
  const form = new URLSearchParams({ intent: "submit" });
  const [q1, q2, q3, q4, q5, q6] = questions;
  const k = change ? i + 1 : i;
  form.append(`q-${q1.id}`, q1.options[k % q1.options.length].id);
  form.append(`q-${q2.id}`, q2.options[k % q2.options.length].id);
  form.append(`q-${q2.id}`, q2.options[(k + 2) % q2.options.length].id);
  form.append(`q-${q3.id}`, String((k % 5) + 1));
  form.append(`q-${q4.id}`, q4.options[(k * 7) % q4.options.length].id);
  form.append(`q-${q5.id}`, String(((k * 3) % 5) + 1));
  if (k % 4 === 0) form.append(`q-${q6.id}`, `Member ${k} says: keep the letters short, and name someone I can actually reach in the evenings.`);
  return form.toString();
}

/** better-auth's signed cookie value: the token and its HMAC-SHA256 with the secret, base64. */
function signToken(token: string, secret: string) {
  const signature = crypto.createHmac("sha256", secret).update(token).digest("base64");
  return encodeURIComponent(`${token}.${signature}`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;

/** Posts every body once, `connections` at a time, and times each; anything but the redirect to "answered" fails loudly. */
async function burst(input: { baseUrl: string; path: string; expectedLocation: string; posts: { cookie: string; body: string }[]; connections: number; pid: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const latencies: number[] = [];
  const problems: string[] = [];
  let bytes = 0;
  let next = 0;
  const post = (p: { cookie: string; body: string }) =>
    new Promise<{ status: number; location?: string; size: number }>((resolve, reject) => {
      const req = http.request(`${input.baseUrl}${input.path}`, { method: "POST", agent, headers: { cookie: p.cookie, origin: input.baseUrl, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(p.body) } }, (res) => {
        let size = 0;
        res.on("data", (c: Buffer) => (size += c.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, size }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(p.body);
    });
  const rss = sampleRss(input.pid);
  const loadBefore = round(os.loadavg()[0], 2);
  const cpuBefore = cpuTimeMs(input.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: input.connections }, async () => {
      while (next < input.posts.length) {
        const i = next++;
        const t = performance.now();
        const res = await post(input.posts[i]);
        latencies.push(performance.now() - t);
        bytes += res.size;
        if (res.status !== 302 || res.location !== input.expectedLocation) problems.push(`#${i}: ${res.status} → ${res.location ?? "no redirect"}`);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const cpuAfter = cpuTimeMs(input.pid);
  agent.destroy();
  if (problems.length) throw new BenchError(`${problems.length} of ${input.posts.length} submissions were not accepted, e.g. ${problems.slice(0, 3).join("; ")}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { elapsedS, sorted, bytes, peakRssMb: rss.stop(), cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null, loadAvg: [loadBefore, round(os.loadavg()[0], 2)] as [number, number] };
}

/** HTML without the comments React puts between adjacent text nodes. */
const text = (html: string) => html.replace(/<!-- -->/g, "");

/** The staff page's response count ("1,000 responses"). */
function shownCount(html: string): number {
  const m = /data-testid="response-count"[\s\S]*?<strong[^>]*>([\d,]+)\s+responses?</.exec(text(html));
  if (!m) throw new BenchError("The consultation page shows staff no response count");
  return Number(m[1].replace(/,/g, ""));
}

export const consultationsScenario = defineScenario<Seeded>({
  name: "consultations",

  async seed({ db, log }) {
    const started = Date.now();
    const { createConsultation, addQuestion, listQuestions } = await import("../../../app/models/consultations/consultations.server");
    const { scheduleConsultation } = await import("../../../app/models/consultations/lifecycle.server");
    const { auth } = await import("../../../app/services/auth.server");
    const { signInInProcess } = await import("../query-counter");

    const forum = await makeForum(db, { name: "Bench consultation forum", slug: "bench-consultation" });
    const moderator = await makeUser(db, { name: "Bench Consultation Moderator", email: "consultation-moderator@bench.vvf.test", role: "moderator", password: PASSWORD });
    const members: MadeUser[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      members.push(await makeUser(db, { name: `Consulted member ${i + 1}`, email: `consulted${i + 1}@bench.vvf.test`, password: PASSWORD, forumIds: [forum.id] }));
    }
    log(`consultations: ${MEMBERS} members made in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const actor = { id: moderator.id, role: moderator.role, organisation: null };
    const now = new Date();
    const c = await createConsultation(actor, {
      title: "Bench: telling victims when their case closes",
      summary: "A consultation made by the benchmark, answered by every member of its forum.",
      proposal: "## The proposal\n\nEvery closure letter names a **contact** and a phone line, and arrives within five working days.",
      organisation: "met",
      forumIds: [forum.id],
      opensAt: new Date(now.getTime() - 60_000),
      closesAt: new Date(now.getTime() + 7 * DAY),
    });
    const q = (kind: "single" | "multiple" | "scale" | "text", prompt: string, options: string[] = [], extra: Record<string, unknown> = {}) =>
      addQuestion(actor, c.id, { kind, prompt, helpText: "", required: kind !== "text", options, maxChoices: null, scaleLowLabel: kind === "scale" ? "Strongly disagree" : null, scaleHighLabel: kind === "scale" ? "Strongly agree" : null, maxLength: kind === "text" ? 1000 : null, ...extra });
    await q("single", "Should every closure letter name a contact?", ["Yes", "No", "Not sure"]);
    await q("multiple", "Which updates matter most?", ["Arrest", "Charge", "Court date", "Case closed", "Release"], { maxChoices: 2 });
    await q("scale", "How much do you agree with the proposal?");
    await q("single", "How would you like to be told?", ["Letter", "Email", "Phone call", "Text message"]);
    await q("scale", "How much do you trust the Met to keep you informed?");
    await q("text", "Anything else?");
    if ((await scheduleConsultation(actor, c.id)) !== "opened") throw new BenchError("The benchmark's consultation did not open");
    const questions = (await listQuestions(c.id)).map((x) => ({ id: x.id, kind: x.kind, options: x.options }));

    // One real sign-in, then the other sessions as better-auth makes them, checked against it.
    const secret = auth().options.secret as string;
    const real = await signInInProcess(members[0].email, PASSWORD);
    const [name, value] = real.split(";").map((s) => s.trim()).find((s) => s.includes("session_token="))!.split("=");
    const token = decodeURIComponent(value).split(".")[0];
    if (signToken(token, secret) !== value) throw new BenchError("The benchmark signs session cookies differently from better-auth");
    const cookies = [real];
    const expiresAt = new Date(Date.now() + 7 * DAY);
    for (let from = 1; from < members.length; from += 250) {
      const batch = members.slice(from, from + 250).map((m) => ({ id: crypto.randomUUID(), token: crypto.randomBytes(24).toString("base64url"), userId: m.id, expiresAt }));
      await db.insert(session).values(batch);
      cookies.push(...batch.map((s) => `${name}=${signToken(s.token, secret)}`));
    }
    log(`consultations: consultation open with 6 questions, ${cookies.length} sessions, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { consultationId: c.id, moderatorEmail: moderator.email, moderatorTotpSecret: moderator.totpSecret, cookies, questions };
  },

  async live({ baseUrl, serverPid, signIn, measure, browserHeaders, log }, seeded) {
    const id = seeded.consultationId;
    const path = `/consultations/${id}/answer`;
    const expectedLocation = `/consultations/${id}?answered=1`;
    // The answer form is the page we mean (a redirect to sign in would flatter the figures).
    const form = await httpGet(`${baseUrl}${path}`, { ...browserHeaders, "accept-encoding": "identity", cookie: seeded.cookies[0] });
    if (form.status !== 200 || !form.body.includes('data-testid="answer-form"')) throw new BenchError(`The answer page answered ${form.status} without the answer form`);

    const connections = DEFAULT_LOAD.connections;
    log(`consultations: ${seeded.cookies.length} members submit, ${connections} at a time…`);
    const posts = seeded.cookies.map((cookie, i) => ({ cookie, body: formBody(seeded.questions, i) }));
    const result = await burst({ baseUrl, path, expectedLocation, posts, connections, pid: serverPid });
    const submit: TargetResult = {
      name: `submit a 6-question response (${seeded.cookies.length.toLocaleString("en-GB")} members, ${connections} at a time)`,
      url: `${baseUrl}${path}`,
      rps: round(seeded.cookies.length / result.elapsedS, 1),
      p50Ms: round(percentile(result.sorted, 0.5), 1),
      p90Ms: round(percentile(result.sorted, 0.9), 1),
      p99Ms: round(percentile(result.sorted, 0.99), 1),
      maxMs: round(result.sorted[result.sorted.length - 1] ?? 0, 1),
      requests: seeded.cookies.length,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      bytesPerResponse: Math.round(result.bytes / seeded.cookies.length),
      cpuMsPerRequest: result.cpuMs === null ? null : round(result.cpuMs / seeded.cookies.length, 3),
      peakRssMb: result.peakRssMb,
      loadAvg: result.loadAvg,
      notes: ["each answer is a form POST answered by a redirect (302) to the consultation: that is success here", `${round(result.elapsedS, 1)} s for all`],
    };
    log(`consultations: ${submit.rps} responses/s, p50 ${submit.p50Ms} ms, p99 ${submit.p99Ms} ms, max ${submit.maxMs} ms`);

    // Staff see the count: it must be exactly one per member. Then 50 members change their answers.
    const staff = await signIn(seeded.moderatorEmail, PASSWORD, seeded.moderatorTotpSecret);
    const staffPage = async () => (await httpGet(`${baseUrl}/consultations/${id}`, { ...browserHeaders, "accept-encoding": "identity", cookie: staff })).body;
    const afterBurst = shownCount(await staffPage());
    await burst({ baseUrl, path, expectedLocation, posts: posts.slice(0, CHANGERS).map((p, i) => ({ ...p, body: formBody(seeded.questions, i, true) })), connections, pid: serverPid });
    const afterChanges = shownCount(await staffPage());

    // Close it, publish the results, and load the results page under autocannon, signed out.
    const act = async (body: Record<string, string>) => {
      const res = await httpRequest(`${baseUrl}/consultations/${id}`, { method: "POST", headers: { cookie: staff, origin: baseUrl, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() });
      if (res.status !== 302) throw new BenchError(`${body.intent} answered ${res.status}: ${res.body.slice(0, 300)}`);
    };
    await act({ intent: "close-early", reason: "The benchmark has its answers." });
    await act({ intent: "publish-results" });
    const resultsPath = `/consultations/${id}/results`;
    const fetched = await httpGet(`${baseUrl}${resultsPath}`, { ...browserHeaders, "accept-encoding": "identity" });
    const page = { status: fetched.status, body: text(fetched.body) };
    const expectedYes = Array.from({ length: seeded.cookies.length }, (_, i) => (i < CHANGERS ? i + 1 : i)).filter((k) => k % 3 === 0).length;
    const problems = [
      page.status !== 200 && `the results page answered ${page.status}`,
      !page.body.includes(`${seeded.cookies.length.toLocaleString("en-GB")} people answered.`) && "the results page does not show the number of respondents",
      !new RegExp(`<th scope="row" class="govuk-table__header">Yes</th><td class="govuk-table__cell govuk-table__cell--numeric">${expectedYes}</td>`).test(page.body) && `the results page does not count ${expectedYes} "Yes" answers to question 1`,
    ].filter(Boolean);
    if (problems.length) throw new BenchError(`The results page is not what the benchmark expects: ${problems.join("; ")}`);
    const resultsTarget = await measure({ name: `results page, ${seeded.cookies.length.toLocaleString("en-GB")} responses, signed out`, path: resultsPath });
    resultsTarget.notes = [`${page.body.length} bytes of HTML before compression`];

    const checks: Check[] = [
      { name: "Consultation responses submitted per second", value: `${submit.rps} responses/s (${connections} at a time)` },
      { name: "Consultation response p99", value: `${submit.p99Ms} ms` },
      { name: `Responses shown to staff after ${seeded.cookies.length.toLocaleString("en-GB")} submissions`, value: afterBurst, pass: afterBurst === seeded.cookies.length },
      { name: `Responses shown after ${CHANGERS} members changed their answers`, value: afterChanges, pass: afterChanges === seeded.cookies.length },
      { name: "Results page p99 (20 connections)", value: `${resultsTarget.p99Ms} ms` },
    ];
    return { targets: [submit, resultsTarget], checks };
  },

  async after({ db }, seeded) {
    const [{ responses }] = await db.select({ responses: sql<number>`count(*)::int` }).from(consultationResponse).where(eq(consultationResponse.consultationId, seeded.consultationId));
    const [{ answers }] = await db
      .select({ answers: sql<number>`count(distinct ${consultationAnswer.responseId})::int` })
      .from(consultationAnswer)
      .innerJoin(consultationResponse, eq(consultationResponse.id, consultationAnswer.responseId))
      .where(eq(consultationResponse.consultationId, seeded.consultationId));
    const [{ written }] = await db.select({ written: sql<number>`count(*)::int` }).from(consultationTextAnswer).where(eq(consultationTextAnswer.consultationId, seeded.consultationId));
    const expectedWritten = Array.from({ length: seeded.cookies.length }, (_, i) => (i < CHANGERS ? i + 1 : i)).filter((k) => k % 4 === 0).length;
    return [
      { name: `Stored consultation responses (exactly ${seeded.cookies.length.toLocaleString("en-GB")})`, value: responses, pass: responses === seeded.cookies.length },
      { name: "Stored responses with answers", value: answers, pass: answers === seeded.cookies.length },
      { name: "Stored written answers (after the changes)", value: written, pass: written === expectedWritten },
    ];
  },
});
