// Issue 3's benchmark: a public thread with 51 approved posts of about 450 characters, 200
// more threads in the same forum, and the pages people read most — the thread signed out and
// signed in, and the forum's thread list. The data is made through the app's own model
// functions (startThread / replyToThread, then a moderator's approve transition), so bodies
// are rendered by renderMarkdown and the thread counters are kept by the app, not by us.
import { and, eq, sql } from "drizzle-orm";
import { post, thread } from "../../../db/schema/threads";
import { makeForum, makeUser, type MadeUser } from "../../factories";
import { postBody, threadTitle } from "../corpus";
import type { Check } from "../scenario";
import { defineScenario } from "../scenario";
import { BenchError } from "../harness";
import { summariseQuery } from "../query-counter";
import { DAY, HOUR } from "../../../app/utils/time";

export const PASSWORD = "bench password 2026";
/** Not a session cookie: the page is rendered signed out, but the page cache does not answer it. */
export const BYPASS_COOKIE = "vvf-bench=uncached";
const BIG_THREAD_REPLIES = 50;
const SMALL_THREAD_REPLIES = 4;
const OTHER_THREADS = 200;

export type Seeded = {
  forumSlug: string;
  reader: { email: string; name: string };
  big: { id: string; bodies: string[] };
  small: { id: string; bodies: string[] };
};

async function approvedBodies(db: import("../../../db/client").Db, threadId: string) {
  const rows = await db
    .select({ html: post.bodyHtml })
    .from(post)
    .where(and(eq(post.threadId, threadId), eq(post.status, "approved")));
  return rows.map((r) => r.html);
}

/** How many of `bodies` appear verbatim in `html` (the page must show every approved post). */
function countShown(html: string, bodies: string[]) {
  return bodies.filter((b) => html.includes(b)).length;
}

export const threadsScenario = defineScenario<Seeded>({
  name: "threads",

  async seed({ db, log }) {
    const started = Date.now();
    const { startThread, replyToThread } = await import("../../../app/models/threads/threads.server");
    const { transitionPost } = await import("../../../app/models/threads/post-lifecycle.server");
    const { renderMarkdown } = await import("../../../app/services/markdown.server");

    const forum = await makeForum(db, {
      name: "Bench Victim Voice Forum",
      slug: "bench",
      description: "A forum made by the benchmark: 200 threads and one long public thread.",
    });
    const moderator = await makeUser(db, { name: "Bench Moderator", email: "moderator@bench.vvf.test", role: "moderator", password: PASSWORD, forumIds: [forum.id] });
    const names = ["Quiet Heron", "Blue Lantern", "Oak Leaf", "Silver Birch", "Morning Tide", "River Stone"];
    const members: MadeUser[] = [];
    for (const [i, name] of names.entries()) {
      members.push(await makeUser(db, { name, email: `member${i + 1}@bench.vvf.test`, role: "member", password: PASSWORD, forumIds: [forum.id] }));
    }
    const reader = members[0];
    const mod = { id: moderator.id, role: moderator.role, name: moderator.name };
    const approve = (postId: string, at: Date) => transitionPost({ postId, actor: mod, transition: { kind: "approve" }, now: at });
    const now = Date.now();
    let seed = 1;

    /** A thread as members make it: opening post, replies, each approved an hour after it was sent. */
    const makeThread = async (n: number, input: { visibility: "public" | "members"; replies: number; startedAt: number; gapMs: number }) => {
      const author = members[n % members.length];
      const created = await startThread(
        author,
        { forumId: forum.id, title: threadTitle(n), body: postBody(seed++), contentWarnings: [], visibility: input.visibility, atRisk: false },
        new Date(input.startedAt),
      );
      await approve(created.post.id, new Date(input.startedAt + HOUR));
      for (let r = 1; r <= input.replies; r++) {
        const at = input.startedAt + r * input.gapMs;
        const replier = members[(n + r) % members.length];
        const reply = await replyToThread(replier, { threadId: created.thread.id, body: postBody(seed++), contentWarnings: [], atRisk: false }, new Date(at));
        await approve(reply.id, new Date(at + HOUR));
      }
      return created.thread.id;
    };

    // The long public thread: 51 posts over about six weeks.
    const bigId = await makeThread(0, { visibility: "public", replies: BIG_THREAD_REPLIES, startedAt: now - 45 * DAY, gapMs: 20 * HOUR });
    // 200 more threads over the last 200 days; a third members-only, every tenth with replies.
    // The first is the small public thread (5 posts) that query counts compare against.
    let smallId = "";
    for (let i = 0; i < OTHER_THREADS; i++) {
      const id = await makeThread(i + 1, {
        visibility: i === 0 || i % 3 !== 0 ? "public" : "members",
        replies: i === 0 ? SMALL_THREAD_REPLIES : i % 10 === 0 ? 2 : 0,
        startedAt: now - (OTHER_THREADS - i) * DAY,
        gapMs: 3 * HOUR,
      });
      if (i === 0) smallId = id;
      if ((i + 1) % 50 === 0) log(`threads: ${i + 1}/${OTHER_THREADS} more threads made`);
    }

    // The data must be exactly what the app makes: check the app's own bookkeeping.
    const [big] = await db.select().from(thread).where(eq(thread.id, bigId));
    const bigPosts = await db.select().from(post).where(eq(post.threadId, bigId));
    const lastApproval = Math.max(...bigPosts.map((p) => p.approvedAt!.getTime()));
    const problems = [
      big.replyCount !== BIG_THREAD_REPLIES && `replyCount is ${big.replyCount}`,
      !big.published && "the thread is not published",
      big.visibility !== "public" && "the thread is not public",
      big.lastActivityAt.getTime() !== lastApproval && "lastActivityAt is not the last approval",
      bigPosts.length !== BIG_THREAD_REPLIES + 1 && `${bigPosts.length} posts`,
      bigPosts.some((p) => p.status !== "approved") && "a post is not approved",
      bigPosts.some((p) => p.bodyHtml !== renderMarkdown(p.bodySource)) && "a bodyHtml is not renderMarkdown(bodySource)",
    ].filter(Boolean);
    if (problems.length) throw new BenchError(`The generated thread is not what the app makes: ${problems.join("; ")}`);
    const [{ threads, avgLength }] = await db
      .select({ threads: sql<number>`count(distinct ${thread.id})::int`, avgLength: sql<number>`avg(length(${post.bodySource}))::int` })
      .from(thread)
      .innerJoin(post, eq(post.threadId, thread.id))
      .where(and(eq(thread.forumId, forum.id), eq(thread.published, true)));
    log(`threads: ${threads} published threads in /forums/${forum.slug}, posts average ${avgLength} characters, made in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    return {
      forumSlug: forum.slug,
      reader: { email: reader.email, name: reader.name },
      big: { id: bigId, bodies: await approvedBodies(db, bigId) },
      small: { id: smallId, bodies: await approvedBodies(db, smallId) },
    };
  },

  async inProcess({ page, origin, counter, signIn, log }, seeded) {
    const cookie = await signIn(seeded.reader.email, PASSWORD);
    const measure = async (label: string, path: string, headers: Record<string, string>, bodies?: string[]) => {
      // One request first so per-process caches (the root loader's demo flag) are warm.
      const warm = await page(`${origin}${path}`, headers);
      if (warm.status !== 200) throw new BenchError(`${label}: ${path} answered ${warm.status} in process`);
      const { value, queries } = await counter.record(() => page(`${origin}${path}`, headers));
      if (value.status !== 200) throw new BenchError(`${label}: ${path} answered ${value.status} in process`);
      if (bodies && countShown(value.body, bodies) !== bodies.length) {
        throw new BenchError(`${label}: the page shows ${countShown(value.body, bodies)} of ${bodies.length} approved posts`);
      }
      return { label, count: queries.length, queries: queries.map((q) => summariseQuery(q.sql)), full: queries.map((q) => q.sql) };
    };
    const signedIn = { cookie };
    const rows = [
      await measure(`thread, ${seeded.small.bodies.length} posts, signed out`, `/threads/${seeded.small.id}`, {}, seeded.small.bodies),
      await measure(`thread, ${seeded.big.bodies.length} posts, signed out`, `/threads/${seeded.big.id}`, {}, seeded.big.bodies),
      await measure(`thread, ${seeded.small.bodies.length} posts, signed in`, `/threads/${seeded.small.id}`, signedIn, seeded.small.bodies),
      await measure(`thread, ${seeded.big.bodies.length} posts, signed in`, `/threads/${seeded.big.id}`, signedIn, seeded.big.bodies),
      await measure("forum thread list (25 of 201), signed in", `/forums/${seeded.forumSlug}`, signedIn),
    ];
    for (const r of rows) log(`queries: ${String(r.count).padStart(2)}  ${r.label}  [${r.queries.join(" | ")}]`);
    const checks: Check[] = rows.map((r) => ({ name: `SQL statements per request: ${r.label}`, value: r.count, detail: r.full.join("\n") }));

    // CPU per page in this process, one request at a time: what each page costs without HTTP,
    // Express, compression or concurrency, and much less sensitive to other load on the machine
    // than requests/s. /support (no loader data) is the floor any page pays for React + Remix.
    const cpuPerPage = async (label: string, path: string, headers: Record<string, string>, n = 20) => {
      for (let i = 0; i < 3; i++) await page(`${origin}${path}`, headers);
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) await page(`${origin}${path}`, headers);
      const used = process.cpuUsage(before);
      const ms = Math.round(((used.user + used.system) / 1000 / n) * 10) / 10;
      log(`in-process CPU: ${String(ms).padStart(5)} ms/request  ${label}`);
      checks.push({ name: `In-process CPU ms per request: ${label}`, value: ms });
    };
    await cpuPerPage("/support (static page: the React + Remix floor)", "/support", {});
    await cpuPerPage(`thread, ${seeded.small.bodies.length} posts, signed out`, `/threads/${seeded.small.id}`, {});
    await cpuPerPage(`thread, ${seeded.big.bodies.length} posts, signed out`, `/threads/${seeded.big.id}`, {});
    await cpuPerPage(`thread, ${seeded.big.bodies.length} posts, signed in`, `/threads/${seeded.big.id}`, signedIn);
    await cpuPerPage(`thread, ${seeded.big.bodies.length} posts, signed out, loader data only (.data)`, `/threads/${seeded.big.id}.data`, {});
    await cpuPerPage("forum thread list, signed in", `/forums/${seeded.forumSlug}`, signedIn);
    checks.push(
      {
        name: "Thread page queries do not grow with posts (signed out)",
        value: `${rows[0].count} → ${rows[1].count}`,
        pass: rows[0].count === rows[1].count,
      },
      {
        name: "Thread page queries do not grow with posts (signed in)",
        value: `${rows[2].count} → ${rows[3].count}`,
        pass: rows[2].count === rows[3].count,
      },
    );
    return checks;
  },

  async live({ signIn, measure, bare, baseUrl, browserHeaders, log }, seeded) {
    const { httpGet } = await import("../harness");
    const cookie = await signIn(seeded.reader.email, PASSWORD);
    const threadPath = `/threads/${seeded.big.id}`;
    const forumPath = `/forums/${seeded.forumSlug}`;

    // Before measuring, make sure each target is the page we mean (a 200 that is a login
    // redirect's target or an error page would flatter the figures).
    const plain = { ...browserHeaders, "accept-encoding": "identity" };
    const out = await httpGet(`${baseUrl}${threadPath}`, plain);
    const inn = await httpGet(`${baseUrl}${threadPath}`, { ...plain, cookie });
    const list = await httpGet(`${baseUrl}${forumPath}`, { ...plain, cookie });
    // The page cache (app/services/page-cache.server.ts) shares pages only with requests that
    // carry no cookie; a cookie that is not a session (as a browser may hold for any site) makes
    // the server render the signed-out page for every request.
    const uncached = { ...plain, cookie: BYPASS_COOKIE };
    const rendered = [await httpGet(`${baseUrl}${threadPath}`, uncached), await httpGet(`${baseUrl}${threadPath}`, uncached)];
    const problems = [
      out.status !== 200 && `signed-out thread page answered ${out.status}`,
      countShown(out.body, seeded.big.bodies) !== seeded.big.bodies.length && `signed-out thread page shows ${countShown(out.body, seeded.big.bodies)}/51 posts`,
      !out.body.includes('href="/login"') && "signed-out thread page has no sign-in link",
      inn.status !== 200 && `signed-in thread page answered ${inn.status}`,
      countShown(inn.body, seeded.big.bodies) !== seeded.big.bodies.length && `signed-in thread page shows ${countShown(inn.body, seeded.big.bodies)}/51 posts`,
      !inn.body.includes(seeded.reader.name) && "signed-in thread page does not show the member's name",
      list.status !== 200 && `forum page answered ${list.status}`,
      (list.body.match(/href="\/threads\//g) ?? []).length < 25 && "forum page lists fewer than 25 threads",
      rendered.some((r) => r.status !== 200) && "the uncached signed-out thread page did not answer 200",
      rendered.some((r) => countShown(r.body, seeded.big.bodies) !== seeded.big.bodies.length || !r.body.includes('href="/login"')) &&
        "the uncached signed-out thread page is not the signed-out page with every post",
      rendered.some((r) => r.headers["x-page-cache"]) && `the page cache still answered a request with a non-session cookie (X-Page-Cache: ${rendered[1].headers["x-page-cache"]})`,
    ].filter(Boolean);
    if (problems.length) throw new BenchError(`The pages are not what the benchmark expects: ${problems.join("; ")}`);
    log(`pages: thread ${out.body.length} bytes signed out, ${inn.body.length} signed in; forum list ${list.body.length} bytes (uncompressed HTML)`);

    const signedOut = await measure({ name: "thread page, 51 posts, signed out", path: threadPath });
    const signedIn = await measure({ name: "thread page, 51 posts, signed in", path: threadPath, cookie });
    const forum = await measure({ name: "forum thread list, signed in", path: forumPath, cookie });
    const renderedOut = await measure({ name: "thread page, 51 posts, signed out, rendered (page cache bypassed)", path: threadPath, cookie: BYPASS_COOKIE });
    renderedOut.notes = [`${rendered[0].body.length} bytes of HTML before compression; cookie ${BYPASS_COOKIE} keeps the page cache out`];
    signedOut.notes = [`${out.body.length} bytes of HTML before compression`];
    signedIn.notes = [`${inn.body.length} bytes of HTML before compression`];
    forum.notes = [`${list.body.length} bytes of HTML before compression`];

    const ratio = signedOut.rps / bare.rps;
    const checks: Check[] = [
      {
        name: "Signed-out 51-post thread ≥ 1/100 of the bare server's requests/s",
        value: `${signedOut.rps} vs ${bare.rps} req/s = 1/${Math.round(1 / ratio)}`,
        pass: ratio >= 0.01,
      },
      { name: "Signed-out 51-post thread p99 ≤ 100 ms", value: `${signedOut.p99Ms} ms`, pass: signedOut.p99Ms <= 100 },
    ];
    if (signedOut.cpuMsPerRequest && bare.cpuMsPerRequest) {
      // The same target judged by server CPU per request, which neighbours on a busy machine
      // disturb far less than requests/s: on an idle machine rps ≈ 1000 / CPU ms for one process.
      const cpuRatio = bare.cpuMsPerRequest / signedOut.cpuMsPerRequest;
      checks.push({
        name: "Same, judged by server CPU ms per request (bare / thread)",
        value: `${bare.cpuMsPerRequest} / ${signedOut.cpuMsPerRequest} ms = 1/${Math.round(1 / cpuRatio)}`,
        pass: cpuRatio >= 0.01,
      });
    }
    return { targets: [signedOut, signedIn, forum, renderedOut], checks };
  },
});
