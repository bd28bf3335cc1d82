// My Met Service, part 4: what staff see. An officer sees their own figures only, once at least
// 5 victims have answered, by month and kind of contact (never a contact or a day), and their
// comments only once a moderator approved (or redacted) them; the Met's supervisors see London,
// boroughs, officers and the commendations list; MOPAC, moderators, members and the public see
// none of it. Every figure holds under every subtraction (tests/support/suppression-check.ts).
import { db } from "../../db/client";
import { feedbackAnswer } from "../../db/schema/feedback";
import { answerFeedbackLink, answerStandingForm } from "~/models/feedback/answers.server";
import { CommentReviewError, decideComment, listPendingComments } from "~/models/feedback/comments.server";
import { figureWindow, listCommendations, officerFigures, suppressFigures, supervisorFigures, type Figures, type Layer, type TaggedRating } from "~/models/feedback/figures.server";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import type { ConsultationResults } from "~/models/consultations/results.server";
import { useFeedbackLimitStore } from "~/services/feedback-limits.server";
import type { ContactKind } from "~/utils/feedback";
import * as moderationPage from "~/routes/moderation.feedback";
import * as officerPage from "~/routes/officer._index";
import * as supervisorPage from "~/routes/respond.feedback";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer, makeUser, type MadeUser } from "../factories";
import { cookieFor, run } from "../support/routes";
import { startTestServer } from "../support/server";
import { derivedCountViolations, type Truth } from "../support/suppression-check";

useTestDatabase();

const HOUR = 60 * 60 * 1000;
const PASSWORD = "a long enough password";

/** Noon on the 10th–20th of the month `k` months before this one: inside the figures' window. */
function monthsAgo(k: number, day = 15) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, day, 12));
}

/** A victim's answer to a link the officer issued at `at` (answered an hour later). */
async function rate(officer: MadeUser, rating: number, at: Date, options: { kind?: ContactKind; comment?: string } = {}) {
  const issued = await issueFeedbackLink(asCurrentUser(officer), { contactDate: at.toISOString().slice(0, 10), contactKind: options.kind ?? "attended-report", channel: "qr" }, at);
  return answerFeedbackLink(issued.token, { rating, keptInformed: "yes", treatedWithRespect: "yes", toldRights: "partly", comment: options.comment ?? null }, new Date(at.getTime() + HOUR));
}

// ---------------------------------------------------------------------------------------------
// The rule, against an attacker who tries every subtraction

const VALUES = ["1", "2", "3", "4", "5"];

/** The figures as the consultation results' check reads them: the groups are its "forums", the rating its one scale question. */
function asResults(f: Figures): ConsultationResults {
  const cells = f.layers.flat();
  const options = (values: (number | null)[]) => values.map((count, i) => ({ label: VALUES[i], count, percent: null }));
  return {
    respondents: f.count,
    forums: cells.map((c) => ({ forumId: c.key, forumName: c.label, respondents: c.count })),
    questions: [
      {
        id: "rating",
        number: 1,
        prompt: "Rating",
        kind: "scale",
        kindLabel: "Scale",
        required: true,
        maxChoices: null,
        answered: f.count,
        options: options(f.distribution),
        mean: f.mean,
        written: [],
        byForum: cells.map((c) =>
          c.distribution && c.count !== null
            ? { forumId: c.key, forumName: c.label, suppressed: false as const, answered: c.count, options: options(c.distribution), mean: c.mean }
            : { forumId: c.key, forumName: c.label, suppressed: true as const },
        ),
      },
    ],
  };
}

function truthOf(ratings: TaggedRating[], layers: Layer[]): Truth {
  return {
    forumIds: layers.flat().map((c) => c.key),
    questions: [{ id: "rating", kind: "scale", maxChoices: null, values: VALUES }],
    respondents: ratings.map((r) => ({ forumIds: r.tags.filter((t) => layers.flat().some((c) => c.key === t)), answers: new Map([["rating", [String(r.rating)]]]) })),
  };
}

/** A small deterministic random generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const pick = <T,>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
/** Mostly good ratings, as victims give them, with a few low ones. */
const someRating = (r: () => number) => pick(r, [5, 5, 5, 5, 4, 4, 4, 3, 2, 1]);

describe("the small-number rule on staff figures", () => {
  const months: Layer = ["2026-06", "2026-07", "2026-08"].map((m) => ({ key: `month:${m}`, label: m }));
  const kinds: Layer = ["attended-report", "took-statement", "gave-update"].map((k) => ({ key: `kind:${k}`, label: k }));

  it("an officer's figures by month and kind of contact: no figure, and no subtraction of one from another, counts 1 to 4 ratings (300 random officers)", () => {
    const r = random(14);
    let shownSomething = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(r() * 70);
      // Some officers work mostly one kind of contact or one month: lopsided groups are where subtraction bites.
      const monthBias = r();
      const ratings = Array.from({ length: n }, () => ({
        rating: someRating(r),
        tags: [r() < monthBias ? months[0].key : pick(r, months).key, r() < 0.5 ? kinds[0].key : pick(r, kinds).key],
      }));
      const figures = suppressFigures(ratings, [months, kinds]);
      expect(derivedCountViolations(asResults(figures), truthOf(ratings, [months, kinds])), `trial ${trial}`).toEqual([]);
      if (figures.layers.flat().some((c) => c.count !== null && c.count > 0)) shownSomething++;
      if (n >= 5) expect(figures.count).toBe(n);
      else expect(figures.count === null || figures.count === 0).toBe(true);
    }
    // The rule hides what it must, not everything.
    expect(shownSomething).toBeGreaterThan(100);
  });

  it("the supervisors' page, boroughs, officers (and leaflet answers with no officer), months and kinds decided together: every subtraction across all of them is 0 or at least 5 (120 random forces)", () => {
    const r = random(33);
    const boroughs: Layer = ["borough:hackney", "borough:newham"].map((key) => ({ key, label: key }));
    const officers: Layer = ["officer:a", "officer:b", "officer:c"].map((key) => ({ key, label: key }));
    const twoMonths = months.slice(0, 2);
    const twoKinds = kinds.slice(0, 2);
    const home: Record<string, string> = { "officer:a": "borough:hackney", "officer:b": "borough:hackney", "officer:c": "borough:newham" };
    const layers = [boroughs, officers, twoMonths, twoKinds];
    let shown = 0;
    for (let trial = 0; trial < 120; trial++) {
      const n = Math.floor(r() * 90);
      const ratings = Array.from({ length: n }, () => {
        const when = [r() < 0.6 ? twoMonths[0].key : pick(r, twoMonths).key, r() < 0.6 ? twoKinds[0].key : pick(r, twoKinds).key];
        if (r() < 0.15) return { rating: someRating(r), tags: [pick(r, boroughs).key, ...when] };
        const officer = r() < 0.4 ? "officer:a" : pick(r, officers).key;
        return { rating: someRating(r), tags: [home[officer], officer, ...when] };
      });
      const figures = suppressFigures(ratings, layers);
      expect(derivedCountViolations(asResults(figures), truthOf(ratings, layers)), `trial ${trial}`).toEqual([]);
      if (figures.layers.flat().some((c) => c.count !== null && c.count > 0)) shown++;
    }
    expect(shown).toBeGreaterThan(30);
  });

  it("the attacker's check catches figures published without the rule (it is not a check that passes everything)", () => {
    const ratings = [...Array.from({ length: 6 }, () => ({ rating: 5, tags: [months[0].key, kinds[0].key] })), { rating: 2, tags: [months[1].key, kinds[0].key] }];
    const naive: Figures = {
      count: 7,
      distribution: [0, 1, 0, 0, 6],
      mean: 4.57,
      layers: [months.map((m) => ({ ...m, count: ratings.filter((r) => r.tags.includes(m.key)).length, mean: null, distribution: null })), kinds.map((k) => ({ ...k, count: k.key === kinds[0].key ? 7 : 0, mean: null, distribution: null }))],
    };
    const violations = derivedCountViolations(asResults(naive), truthOf(ratings, [months, kinds]));
    expect(violations.some((v) => v.includes("published 1"))).toBe(true);
    // Hiding the 1 alone is not enough: the total minus the 6 gives it back.
    naive.layers[0][1].count = null;
    naive.distribution = [0, null, 0, 0, 6];
    expect(derivedCountViolations(asResults(naive), truthOf(ratings, [months, kinds])).length).toBeGreaterThan(0);
  });

  it("complementary suppression: a month of 6 beside a month of 1 hides both (the total minus the 6 would give the 1); the mean shows only with every rating's count", () => {
    const ratings = [...Array.from({ length: 6 }, () => ({ rating: 5, tags: [months[0].key, kinds[0].key] })), { rating: 2, tags: [months[1].key, kinds[0].key] }];
    const figures = suppressFigures(ratings, [months, kinds]);
    expect(figures.count).toBe(7);
    expect(figures.layers[0].map((c) => c.count)).toEqual([null, null, 0]);
    // Every rating was "attended a report": 7 of them, the others none.
    expect(figures.layers[1].map((c) => c.count)).toEqual([7, 0, 0]);
    // 6 gave 5 and 1 gave 2: "5" leaves out 1 person, so the distribution hides it and the mean is not shown.
    expect(figures.distribution).toEqual([0, null, 0, 0, null]);
    expect(figures.mean).toBeNull();

    const even = [...Array.from({ length: 5 }, () => ({ rating: 5, tags: [months[0].key, kinds[0].key] })), ...Array.from({ length: 5 }, () => ({ rating: 4, tags: [months[1].key, kinds[0].key] }))];
    const shown = suppressFigures(even, [months, kinds]);
    expect(shown.mean).toBe(4.5);
    expect(shown.layers[0].map((c) => [c.count, c.mean])).toEqual([
      [5, 5],
      [5, 4],
      [0, null],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// An officer's own figures

describe("an officer's own figures", () => {
  it("appear once at least 5 victims have answered, count only their own answers, up to the end of last month, by month and kind of contact", async () => {
    const me = await makeOfficer(db(), { borough: "hackney", password: PASSWORD });
    const colleague = await makeOfficer(db(), { borough: "hackney" });
    for (const rating of [5, 5, 4, 5]) await rate(me, rating, monthsAgo(1));
    for (let i = 0; i < 6; i++) await rate(colleague, 1, monthsAgo(1));
    const waiting = await officerFigures(asCurrentUser(me));
    expect(waiting.figures.count).toBeNull();
    expect(waiting.figures.layers.flat().every((c) => c.count === null || c.count === 0)).toBe(true);

    // An answer this month does not count yet: no figure moves on the day of a contact.
    await rate(me, 5, new Date(Date.now() - 2 * HOUR));
    expect((await officerFigures(asCurrentUser(me))).figures.count).toBeNull();

    await rate(me, 4, monthsAgo(1, 12), { kind: "took-statement" });
    const mine = await officerFigures(asCurrentUser(me));
    // Five of theirs: 5, 5, 4, 5 and 4. The colleague's six 1s are nowhere.
    expect(mine.figures.count).toBe(5);
    const lastMonth = mine.figures.layers[0].find((c) => c.key === `month:${figureWindow().months.at(-1)}`);
    expect(lastMonth?.count).toBe(5);
    // 4 "attended a report" and 1 "took a statement": both hidden (one is 1, the other leaves 1 out).
    expect(mine.figures.layers[1].find((c) => c.key === "kind:attended-report")?.count).toBeNull();
    expect(mine.figures.layers[1].find((c) => c.key === "kind:took-statement")?.count).toBeNull();
    // Two 4s and three 5s: each rating's count is hidden, so is the mean.
    expect(mine.figures.distribution).toEqual([0, 0, 0, null, null]);
    expect(mine.figures.mean).toBeNull();

    // The page says the same, to them only.
    const page = await run(officerPage.loader, "/officer", { cookie: await cookieFor(me) });
    expect(page.status).toBe(200);
    expect(page.data.figures.count).toBe(5);
    expect(JSON.stringify(page.data)).not.toContain(colleague.shoulderNumber);
  });

  it("shows the comments a moderator approved or redacted, never a pending or rejected one, and never the words a redaction took out", async () => {
    const me = await makeOfficer(db(), { borough: "newham", password: PASSWORD });
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    await rate(me, 5, monthsAgo(2), { comment: "Approved words: the officer listened." });
    await rate(me, 4, monthsAgo(2), { comment: "Redacted words: call Jo Bloggs on 07700 900982." });
    await rate(me, 2, monthsAgo(2), { comment: "Rejected words: rude." });
    await rate(me, 3, monthsAgo(2), { comment: "Pending words: fine." });
    await rate(me, 5, monthsAgo(2));
    const pending = await listPendingComments(moderator);
    const byText = (start: string) => pending.find((c) => c.comment.startsWith(start))!.id;
    await decideComment(moderator, byText("Approved"), { intent: "approve" });
    await decideComment(moderator, byText("Redacted"), { intent: "redact", text: "Redacted words: call [name removed] on [number removed]." });
    await decideComment(moderator, byText("Rejected"), { intent: "reject" });

    const page = await run(officerPage.loader, "/officer", { cookie: await cookieFor(me) });
    expect(page.status).toBe(200);
    expect([...page.data.comments].sort()).toEqual(["Approved words: the officer listened.", "Redacted words: call [name removed] on [number removed]."]);
    const body = JSON.stringify(page.data);
    for (const hidden of ["Jo Bloggs", "07700", "Rejected words", "Pending words"]) expect(body).not.toContain(hidden);
  });

  it("shows no comment at all while fewer than 5 have answered", async () => {
    const me = await makeOfficer(db(), { borough: "newham" });
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    await rate(me, 5, monthsAgo(1), { comment: "Kind and clear." });
    for (const c of await listPendingComments(moderator)) await decideComment(moderator, c.id, { intent: "approve" });
    const mine = await officerFigures(asCurrentUser(me));
    expect(mine.figures.count).toBeNull();
    expect(mine.comments).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The Met's supervisors

describe("the supervisors' view", () => {
  it("shows London by month and kind (leaflet answers apart), every borough and officer by shoulder number and name, all under one decision of the rule", async () => {
    useFeedbackLimitStore(null);
    const a = await makeOfficer(db(), { borough: "hackney", name: "PC Alpha", shoulderNumber: "AB101" });
    const b = await makeOfficer(db(), { borough: "hackney", name: "PC Bravo", shoulderNumber: "AB102" });
    const c = await makeOfficer(db(), { borough: "newham", name: "PC Charlie", shoulderNumber: "CD201" });
    for (let i = 0; i < 6; i++) await rate(a, 5, monthsAgo(1));
    for (let i = 0; i < 5; i++) await rate(b, 4, monthsAgo(2), { kind: "gave-update" });
    for (let i = 0; i < 2; i++) await rate(c, 4, monthsAgo(1));
    for (let i = 0; i < 5; i++) await answerStandingForm("newham", { rating: 4, keptInformed: "yes", treatedWithRespect: "yes", toldRights: "yes" }, { address: `192.0.2.${i}` }, monthsAgo(1, 16));
    const met = asCurrentUser(await makeUser(db(), { role: "responder", organisation: "met" }));
    const seen = await supervisorFigures(met);
    expect(seen.london.count).toBe(18);
    // By kind, Newham's answers beside its hidden officer would split into the leaflets' 5 and
    // PC Charlie's 2 last month: the rule hides every kind with answers (those with none read 0).
    expect(seen.london.layers[1].map((k) => [k.key, k.count])).toEqual([
      ["kind:attended-report", null],
      ["kind:took-statement", 0],
      ["kind:gave-update", null],
      ["kind:other", 0],
      ["kind:standing", null],
    ]);
    // Last month: six 5s and seven 4s; the month before: five 4s.
    expect(seen.london.layers[0].slice(-2).map((m) => [m.count, m.mean])).toEqual([
      [5, 4],
      [13, 4.46],
    ]);
    const places = Object.fromEntries(seen.places.layers.flat().map((cell) => [cell.label, cell]));
    expect(places.Hackney).toMatchObject({ count: 11, mean: 4.55 });
    expect(places.Newham).toMatchObject({ count: 7, mean: 4 });
    expect(places["AB101 PC Alpha"]).toMatchObject({ count: 6, mean: 5 });
    expect(places["AB102 PC Bravo"]).toMatchObject({ count: 5, mean: 4 });
    // PC Charlie's 2 ratings are hidden: Newham minus nothing shown is Charlie's 2 with the leaflets' 5, which is safe.
    expect(places["CD201 PC Charlie"].count).toBeNull();
    expect(seen.officers[`officer:${c.id}`]).toMatchObject({ borough: "Newham", shoulderNumber: "CD201" });
  });

  it("lists as commendations only ratings of 4 or 5 whose comment a moderator approved for recognition; a lower rating cannot be", async () => {
    const o = await makeOfficer(db(), { borough: "havering", name: "PC Delta", shoulderNumber: "HV300" });
    const moderatorUser = await makeUser(db(), { role: "moderator", password: PASSWORD });
    const moderator = asCurrentUser(moderatorUser);
    await rate(o, 5, monthsAgo(1), { comment: "Commended: she stayed until my sister arrived." });
    await rate(o, 4, monthsAgo(1), { comment: "Only approved: helpful." });
    await rate(o, 3, monthsAgo(1), { comment: "Middling: could not commend." });
    await rate(o, 5, monthsAgo(1), { comment: "Redacted and commended: thank you PC Jones at 12 High Street." });
    const pending = await listPendingComments(moderator);
    const id = (start: string) => pending.find((c) => c.comment.startsWith(start))!.id;
    const cookie = await cookieFor(moderatorUser);
    const commended = await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "commend", answerId: id("Commended") } });
    expect(commended.status).toBe(302);
    expect(commended.headers.get("location")).toBe("/moderation/feedback?done=commend");
    await decideComment(moderator, id("Only approved"), { intent: "approve" });
    await expect(decideComment(moderator, id("Middling"), { intent: "commend" })).rejects.toThrow(CommentReviewError);
    const refused = await run(moderationPage.action, "/moderation/feedback", { cookie, form: { intent: "commend", answerId: id("Middling") } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const redacted = await run(moderationPage.action, "/moderation/feedback", {
      cookie,
      form: { intent: "redact", answerId: id("Redacted"), text: "Redacted and commended: thank you [name removed].", commend: "yes" },
    });
    expect(redacted.status).toBe(302);

    const met = await makeUser(db(), { role: "responder", organisation: "met", password: PASSWORD });
    const list = await listCommendations(asCurrentUser(met));
    expect(list.map((c) => c.comment).sort()).toEqual(["Commended: she stayed until my sister arrived.", "Redacted and commended: thank you [name removed]."]);
    expect(list[0]).toMatchObject({ borough: "Havering", officer: "HV300 PC Delta", rating: 5 });
    const page = await run(supervisorPage.loader, "/respond/feedback", { cookie: await cookieFor(met) });
    expect(page.status).toBe(200);
    expect(page.data.commendations).toHaveLength(2);
    expect(JSON.stringify(page.data)).not.toContain("12 High Street");
    expect(JSON.stringify(page.data)).not.toContain("Middling");
    // The middling comment is still waiting: refusing to commend it decided nothing.
    expect((await listPendingComments(moderator)).map((c) => c.comment)).toEqual(["Middling: could not commend."]);
  });
});

// ---------------------------------------------------------------------------------------------
// Who sees what

describe("access", () => {
  it("officers see their own page only; the supervisors' page is the Met's responders' and admins' alone; staff without two-factor set up are sent to set it up", async () => {
    const officer = await makeOfficer(db(), { borough: "redbridge", password: PASSWORD });
    for (let i = 0; i < 5; i++) await rate(officer, 5, monthsAgo(1));
    const people = {
      officer,
      met: await makeUser(db(), { role: "responder", organisation: "met", password: PASSWORD }),
      mopac: await makeUser(db(), { role: "responder", organisation: "mopac", password: PASSWORD }),
      admin: await makeUser(db(), { role: "admin", password: PASSWORD }),
      moderator: await makeUser(db(), { role: "moderator", password: PASSWORD }),
      member: await makeUser(db(), { role: "member", password: PASSWORD }),
    };
    const expected: Record<keyof typeof people, { officer: number; supervisor: number }> = {
      officer: { officer: 200, supervisor: 403 },
      met: { officer: 403, supervisor: 200 },
      mopac: { officer: 403, supervisor: 403 },
      admin: { officer: 403, supervisor: 200 },
      moderator: { officer: 403, supervisor: 403 },
      member: { officer: 403, supervisor: 403 },
    };
    for (const [who, person] of Object.entries(people) as [keyof typeof people, MadeUser][]) {
      const cookie = await cookieFor(person);
      const own = await run(officerPage.loader, "/officer", { cookie });
      const supervised = await run(supervisorPage.loader, "/respond/feedback", { cookie });
      expect({ who, officer: own.status, supervisor: supervised.status }).toEqual({ who, ...expected[who] });
      if (supervised.status === 403) expect(JSON.stringify(supervised.data)).not.toContain(officer.shoulderNumber);
    }
    // Signed out: the sign-in page, and nothing else.
    for (const path of ["/officer", "/respond/feedback"]) {
      const signedOut = await run(path === "/officer" ? officerPage.loader : supervisorPage.loader, path);
      expect(signedOut.status).toBe(302);
      expect(signedOut.headers.get("location")).toMatch(/^\/login/);
    }
    // A Met responder who has not set up two-factor yet is sent to do so first.
    const unset = await makeUser(db(), { role: "responder", organisation: "met", password: PASSWORD, twoFactor: false });
    const first = await run(supervisorPage.loader, "/respond/feedback", { cookie: await cookieFor(unset) });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toMatch(/^\/account\/two-factor/);
    expect(await db().select().from(feedbackAnswer)).toHaveLength(5);
  });
});

// ---------------------------------------------------------------------------------------------
// The victim's link page, as the real server sends it

describe("/feedback/<token> through the server", () => {
  it("is never stored by a cache, never named to other sites, and still takes the form's POST without JavaScript", async () => {
    const officer = await makeOfficer(db(), { borough: "hackney" });
    const issued = await issueFeedbackLink(asCurrentUser(officer), { contactDate: new Date().toISOString().slice(0, 10), contactKind: "gave-update", channel: "qr" });
    const server = await startTestServer();
    try {
      for (const path of [`/feedback/${issued.token}`, `/feedback/${"x".repeat(32)}`]) {
        const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
        await response.text();
        // same-origin: other sites (the support services' links, Exit this page) are sent no referrer;
        // "no-referrer" would turn the form's own POST into Origin "null", which the site refuses.
        expect({ path, status: response.status, cacheControl: response.headers.get("cache-control"), referrer: response.headers.get("referrer-policy") }).toEqual({
          path,
          status: path.includes(issued.token) ? 200 : 404,
          cacheControl: "private, no-store",
          referrer: "same-origin",
        });
      }
      // A form sent as a browser without JavaScript sends it from this page: stored, then thanks.
      const sent = await fetch(`${server.url}/feedback/${issued.token}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, "sec-fetch-site": "same-origin" },
        body: new URLSearchParams({ rating: "5", keptInformed: "yes", treatedWithRespect: "yes", toldRights: "yes", comment: "" }),
      });
      expect(sent.status).toBe(302);
      expect(sent.headers.get("location")).toBe("/feedback/thanks");
    } finally {
      await server.close();
    }
  });
});
