// The dashboard's figures on a fixture with known answers (tests/integration/accountability-
// fixtures.ts explains each record). Every expected number below is worked out by hand from
// that fixture, not from the code under test.
import { db } from "../../db/client";
import {
  accountabilityFigures,
  itemsBehind,
  listPublicResponses,
  listResponseItems,
  loadAccountability,
  londonQuarter,
  median,
  timelinessOf,
  type Measure,
} from "~/models/accountability/dashboard.server";
import { londonDaysBetween } from "~/utils/clocks";
import * as dashboard from "~/routes/accountability._index";
import * as itemsPage from "~/routes/accountability.items";
import * as responsesPage from "~/routes/responses._index";
import { useTestDatabase } from "../db";
import { makeAccountabilityFixture, NOW, PUBLIC_RESPONSE_COUNT, PUBLIC_SUMMARY, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

let fx: AccountabilityFixture;
beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

describe("London calendar rules", () => {
  it("puts a due moment in the quarter of its London date, not its UTC date", () => {
    expect(londonQuarter(new Date("2026-09-30T22:59:59.999Z"))).toBe("2026-Q3"); // 23:59 BST, 30 Sep
    expect(londonQuarter(new Date("2026-09-30T23:30:00Z"))).toBe("2026-Q4"); // 00:30 BST, 1 Oct
    expect(londonQuarter(new Date("2026-12-31T23:30:00Z"))).toBe("2026-Q4"); // GMT in winter: London and UTC agree
    expect(londonQuarter(new Date("2027-01-01T00:30:00Z"))).toBe("2027-Q1");
    expect(londonQuarter(new Date("2026-03-31T23:30:00Z"))).toBe("2026-Q2"); // 00:30 BST, 1 Apr
  });

  it("counts London calendar days, whatever the clock change", () => {
    expect(londonDaysBetween(new Date("2026-10-24T12:00:00Z"), new Date("2026-10-26T12:00:00Z"))).toBe(2); // across the change to GMT
    expect(londonDaysBetween(new Date("2026-09-30T22:30:00Z"), new Date("2026-09-30T23:30:00Z"))).toBe(1); // 23:30 → 00:30 BST
    expect(londonDaysBetween(new Date("2026-08-20T10:00:00Z"), new Date("2026-08-03T09:00:00Z"))).toBe(-17); // reversed: shown, never hidden as 0
  });

  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([62, 17, 31])).toBe(31);
    expect(median([17, 31, 62, 20])).toBe(25.5);
  });
});

describe("response figures", () => {
  it("counts on time, late, overdue and not yet due per organisation and quarter", async () => {
    const { find, quarters } = accountabilityFigures(await loadAccountability(), NOW);
    expect(quarters).toEqual(["2026-Q4", "2026-Q3"]);

    // Met, Q3: T1 on time (17 days), T2 late (31 days), C1 on time (62 days).
    expect(find("met", "2026-Q3").responses).toEqual({
      due: 3, answered: 3, onTime: 2, late: 1, awaiting: 0, overdue: 0, notYetDue: 0, settled: 3, shareOnTime: 2 / 3, medianDaysToRespond: 31,
    });
    // Met, Q4: T3 overdue since 13 October.
    expect(find("met", "2026-Q4").responses).toEqual({
      due: 1, answered: 0, onTime: 0, late: 0, awaiting: 1, overdue: 1, notYetDue: 0, settled: 1, shareOnTime: 0, medianDaysToRespond: null,
    });
    expect(find("met", null).responses).toEqual({
      due: 4, answered: 3, onTime: 2, late: 1, awaiting: 1, overdue: 1, notYetDue: 0, settled: 4, shareOnTime: 0.5, medianDaysToRespond: 31,
    });
    // MOPAC, Q3: T5, answered at 23:30 BST on its due day: on time, 20 days.
    expect(find("mopac", "2026-Q3").responses).toEqual({
      due: 1, answered: 1, onTime: 1, late: 0, awaiting: 0, overdue: 0, notYetDue: 0, settled: 1, shareOnTime: 1, medianDaysToRespond: 20,
    });
    // MOPAC, Q4: T4 not yet due; C2 due 00:30 BST on 1 October (Q4 in London), overdue.
    expect(find("mopac", "2026-Q4").responses).toEqual({
      due: 2, answered: 0, onTime: 0, late: 0, awaiting: 2, overdue: 1, notYetDue: 1, settled: 1, shareOnTime: 0, medianDaysToRespond: null,
    });
    // Everyone, all quarters: medians of 17, 31, 62 and 20 → (20 + 31) / 2.
    expect(find(null, null).responses).toEqual({
      due: 7, answered: 4, onTime: 3, late: 1, awaiting: 3, overdue: 2, notYetDue: 1, settled: 6, shareOnTime: 0.5, medianDaysToRespond: 25.5,
    });
    // The facilitators are not asked for official responses.
    expect(find("facilitator", null).responses).toBeNull();
  });

  it("answering changes the figures at once, and an answer after the due date counts as late", async () => {
    const { publishThreadResponse } = await import("~/models/threads/official-responses.server");
    await publishThreadResponse(fx.people.met, { threadId: fx.threads.t3.id, body: "Your phone is ready to collect.", responderTitle: "Reform lead" }, new Date("2026-10-14T09:00:00Z"));
    const f = accountabilityFigures(await loadAccountability(), NOW).find("met", "2026-Q4").responses!;
    expect(f).toMatchObject({ due: 1, late: 1, overdue: 0, awaiting: 0, settled: 1, shareOnTime: 0, medianDaysToRespond: 29 });
  });
});

describe("action figures", () => {
  it("counts every status, overdue actions and the median time to complete", async () => {
    const { find } = accountabilityFigures(await loadAccountability(), NOW);
    // Met: A1 open (overdue), A2 in progress, A3 done in 10 days, A4 not doing, A8 open (consultation).
    expect(find("met", null).actions).toEqual({ actions: 5, open: 2, inProgress: 1, done: 1, notDoing: 1, overdue: 1, medianDaysToComplete: 10 });
    expect(find("met", "2026-Q3").actions).toEqual({ actions: 2, open: 1, inProgress: 0, done: 1, notDoing: 0, overdue: 1, medianDaysToComplete: 10 });
    expect(find("met", "2026-Q4").actions).toEqual({ actions: 3, open: 1, inProgress: 1, done: 0, notDoing: 1, overdue: 0, medianDaysToComplete: null });
    // MOPAC: A5 done in 4 days, A6 open and overdue since the end of 14 October.
    expect(find("mopac", null).actions).toEqual({ actions: 2, open: 1, inProgress: 0, done: 1, notDoing: 0, overdue: 1, medianDaysToComplete: 4 });
    // Facilitators: A7 done in 20 days.
    expect(find("facilitator", null).actions).toEqual({ actions: 1, open: 0, inProgress: 0, done: 1, notDoing: 0, overdue: 0, medianDaysToComplete: 20 });
    // Everyone: 8 public actions; A9 (private minutes) and A10 (minutes in review) are not counted.
    expect(find(null, null).actions).toEqual({ actions: 8, open: 3, inProgress: 1, done: 3, notDoing: 1, overdue: 2, medianDaysToComplete: 10 });
  });
});

describe("the records behind each figure", () => {
  it("lists exactly what each figure counts", async () => {
    const data = await loadAccountability();
    const { rows } = accountabilityFigures(data, NOW);
    const responseMeasures: [Measure, keyof NonNullable<(typeof rows)[number]["responses"]>][] = [
      ["due", "due"], ["answered", "answered"], ["on-time", "onTime"], ["late", "late"], ["awaiting", "awaiting"], ["overdue", "overdue"], ["not-yet-due", "notYetDue"], ["settled", "settled"],
    ];
    const actionMeasures: [Measure, keyof (typeof rows)[number]["actions"]][] = [
      ["actions", "actions"], ["open", "open"], ["in-progress", "inProgress"], ["done", "done"], ["not-doing", "notDoing"], ["action-overdue", "overdue"],
    ];
    for (const row of rows) {
      const scope = { organisation: row.organisation, quarter: row.quarter };
      if (row.responses) for (const [m, key] of responseMeasures) expect(itemsBehind(data, scope, m, NOW).items.length, `${m} ${JSON.stringify(scope)}`).toBe(row.responses[key]);
      for (const [m, key] of actionMeasures) expect(itemsBehind(data, scope, m, NOW).actions.length, `${m} ${JSON.stringify(scope)}`).toBe(row.actions[key]);
    }
    const late = itemsBehind(data, { organisation: "met", quarter: "2026-Q3" }, "late", NOW).items;
    expect(late.map((i) => i.id)).toEqual([fx.threads.t2.id]);
    // The members-only thread is described, not quoted, and carries the moderators' summary.
    expect(late[0].label).toBe("A members-only discussion in Riverside Forum");
    expect(late[0].summary).toBe(PUBLIC_SUMMARY);
    expect(late[0].href).toBeNull();
    // A consultation whose results are not public yet is counted, but not named.
    const c2 = itemsBehind(data, { organisation: "mopac", quarter: "2026-Q4" }, "overdue", NOW).items;
    expect(c2.map((i) => [i.id, i.label, i.href, i.forumNames])).toEqual([
      [fx.consultations.c2.id, "A consultation that closed on 9 July 2026 (its results are not published yet)", null, ["Riverside Forum"]],
    ]);
  });

  it("serves the list behind a figure at /accountability/items, with the same count", async () => {
    const run = (path: string) => itemsPage.loader({ request: new Request(`http://localhost${path}`), params: {}, context: {} });
    const overdue = (await run("/accountability/items?measure=overdue")) as Awaited<ReturnType<typeof itemsPage.loader>>;
    // At the real "now" (after 29 October 2026) T4 is overdue as well as T3 and C2.
    const realNow = accountabilityFigures(await loadAccountability(), new Date()).find(null, null).responses!;
    expect(overdue.items).toHaveLength(realNow.overdue);
    const done = (await run("/accountability/items?org=met&quarter=2026-Q3&measure=done")) as Awaited<ReturnType<typeof itemsPage.loader>>;
    expect(done.actions.map((a) => a.title)).toEqual(["Name a contact in every letter"]);
    await expect(run("/accountability/items?measure=nonsense")).rejects.toMatchObject({ status: 404 });
    await expect(run("/accountability/items?org=facilitator&measure=late")).rejects.toMatchObject({ status: 404 });
  });

  it("builds the dashboard's tables from the same figures, every figure a link to its records", async () => {
    const page = (await dashboard.loader({ request: new Request("http://localhost/accountability"), params: {}, context: {} })) as Awaited<ReturnType<typeof dashboard.loader>>;
    const met = page.sections.find((s) => s.key === "met")!;
    const q3 = met.responses.find((r) => r.quarterCode === "2026-Q3")!;
    expect(q3.cells.late).toEqual({ text: "1", href: "/accountability/items?org=met&quarter=2026-Q3&measure=late" });
    expect(q3.cells.share.text).toBe("67%");
    expect(q3.cells.median.text).toBe("31 days");
    const facilitators = page.sections.find((s) => s.key === "facilitator")!;
    expect(facilitators.responses).toEqual([]);
    expect(facilitators.actions[0].cells.done).toEqual({ text: "1", href: "/accountability/items?org=facilitator&measure=done" });
    // Charts: the on-time share per quarter (oldest first) for the Met and MOPAC, with links.
    expect(page.onTimeChart.map((g) => g.label)).toEqual(["July to September 2026", "October to December 2026"]);
    expect(page.onTimeChart[0].values.met).toMatchObject({ value: 67, text: "67% (2 of 3)" });
  });
});

describe("official responses", () => {
  it("lists every public response newest first, with whether it was on time", async () => {
    const { responses } = await listPublicResponses({}, 50);
    expect(responses).toHaveLength(PUBLIC_RESPONSE_COUNT);
    const times = responses.map((r) => r.publishedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const items = await listResponseItems();
    const state = (id: string) => timelinessOf(responses.find((r) => r.id === id)!, items).state;
    expect(state(fx.responses.r1.id)).toBe("on-time");
    expect(state(fx.responses.r1b.id)).toBe("follow-up");
    expect(state(fx.responses.r1c.id)).toBe("no-deadline");
    expect(state(fx.responses.r2.id)).toBe("late");
    expect(state(fx.responses.r5.id)).toBe("on-time");
    expect(state(fx.responses.rc1.id)).toBe("on-time");
    expect(state(fx.responses.rm1.id)).toBe("no-deadline");
  });

  it("filters by organisation, kind and forum, and pages by keyset", async () => {
    const ids = async (filter: Parameters<typeof listPublicResponses>[0]) => (await listPublicResponses(filter, 50)).responses.map((r) => r.id);
    expect(await ids({ organisation: "mopac" })).toEqual([fx.responses.r5.id, fx.responses.r1c.id]);
    expect(await ids({ kind: "consultation" })).toEqual([fx.responses.rc1.id]);
    expect((await listPublicResponses({ kind: "consultation" })).responses[0].target).toEqual({
      label: "Letters when a case closes", summary: null, href: `/consultations/${fx.consultations.c1.id}`, forumNames: ["Riverside Forum"],
    });
    expect(await ids({ kind: "meeting" })).toEqual([fx.responses.rm1.id]);
    expect(await ids({ kind: "action" })).toEqual([fx.responses.ra1.id]);
    expect(await ids({ forumId: fx.forums.privateForum.id })).toEqual([]);
    expect((await ids({ forumId: fx.forums.publicForum.id })).length).toBe(PUBLIC_RESPONSE_COUNT);

    const all = await ids({});
    const first = await listPublicResponses({}, 3);
    const second = await listPublicResponses({ before: first.next }, 3);
    const third = await listPublicResponses({ before: second.next }, 3);
    expect([...first.responses, ...second.responses, ...third.responses].map((r) => r.id)).toEqual(all);
    expect(third.next).toBeNull();
  });

  it("/responses reads its filters from the address and ignores unknown values", async () => {
    const run = async (query: string) =>
      (await responsesPage.loader({ request: new Request(`http://localhost/responses${query}`), params: {}, context: {} })) as Awaited<ReturnType<typeof responsesPage.loader>>;
    expect((await run("?org=met&kind=thread")).responses).toHaveLength(3);
    expect((await run("?org=police&kind=nonsense")).responses).toHaveLength(PUBLIC_RESPONSE_COUNT);
    const membersOnly = (await run("?org=met&kind=thread")).responses.find((r) => r.id === fx.responses.r2.id)!;
    expect(membersOnly.target).toEqual({ label: "A members-only discussion in Riverside Forum", summary: PUBLIC_SUMMARY, href: null, forumNames: ["Riverside Forum"] });
    expect(membersOnly.timeliness.state).toBe("late");
  });
});
