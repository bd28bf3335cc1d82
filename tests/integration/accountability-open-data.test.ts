// Open data downloads and the public pages: the files follow the data dictionary, hold the
// fixture's public records with their figures, and — like every public page's data — contain
// nothing members-only (the fixture's SECRETS).
import { FIGURE_HIDDEN_NOTE } from "~/models/consultations/results.server";
import { parse } from "csv-parse/sync";
import * as openDataFile from "~/routes/open-data.$file";
import * as openDataPage from "~/routes/open-data._index";
import * as home from "~/routes/_index";
import * as responses from "~/routes/responses._index";
import * as responsePage from "~/routes/responses.$id";
import * as dashboard from "~/routes/accountability._index";
import * as itemsPage from "~/routes/accountability.items";
import { DATASETS, OPEN_DATA_FILES } from "~/models/accountability/open-data.server";
import { RESPONSE_MEASURES, ACTION_MEASURES } from "~/models/accountability/dashboard.server";
import { publicUrl } from "~/services/config.server";
import { useTestDatabase } from "../db";
import { makeAccountabilityFixture, PUBLIC_RESPONSE_COUNT, PUBLIC_SUMMARY, SECRETS, type AccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

async function download(file: string) {
  const response = (await openDataFile.loader({ request: new Request(`http://localhost/open-data/${file}`), params: { file }, context: {} })) as Response;
  return { response, body: await response.text() };
}

/** A signed-out visit: the loader's data, as the page would render it. */
async function pageData(loader: Loader, path: string, params: Record<string, string> = {}) {
  return JSON.stringify(await loader({ request: new Request(`http://localhost${path}`), params, context: {} }));
}

let fx: AccountabilityFixture;
beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

describe("open data", () => {
  it("serves every file with the dictionary's columns, cacheable by anyone", async () => {
    // My Met Service's files hold nothing in this fixture: feedback-suppression.test.ts and
    // feedback-reports.test.ts read them with figures in.
    for (const [file, dataset] of Object.entries(OPEN_DATA_FILES).filter(([, d]) => !d.startsWith("feedback"))) {
      const { response, body } = await download(file);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      const columns = DATASETS[dataset].columns.map((c) => c.name);
      if (file.endsWith(".csv")) {
        expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(response.headers.get("content-disposition")).toBe(`attachment; filename="victim-voice-forum-${file}"`);
        const rows = parse(body, { columns: true }) as Record<string, string>[];
        expect(body.split("\n")[0].split(","), file).toEqual(columns);
        expect(rows.length, file).toBeGreaterThan(0);
      } else {
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
        const json = JSON.parse(body);
        expect(json.dataset).toBe(DATASETS[dataset].title);
        expect(Array.isArray(json.data)).toBe(true);
        // Every column of the dictionary is in every JSON row (which may carry more, e.g. history).
        const row = json.data[0];
        const flat = dataset === "consultations" ? { ...row, ...row.questions[0], ...row.questions[0].options[0] } : row;
        for (const c of columns.filter((c) => !["scope", "option", "count", "percent", "note"].includes(c))) expect(flat, `${file}: ${c}`).toHaveProperty(c);
      }
    }
  });

  it("lists the public responses with their timeliness", async () => {
    const rows = parse((await download("responses.csv")).body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(PUBLIC_RESPONSE_COUNT);
    const late = rows.find((r) => r.response_id === fx.responses.r2.id)!;
    expect(late).toMatchObject({
      kind: "thread",
      answers: "A members-only discussion in Riverside Forum",
      moderator_summary: PUBLIC_SUMMARY,
      target_url: "",
      organisation: "met",
      timeliness: "late",
      days_to_respond: "31",
      due_at: "2026-09-29T22:59:59.999Z",
    });
    expect(rows.find((r) => r.response_id === fx.responses.r1.id)).toMatchObject({ timeliness: "on-time", days_to_respond: "17", target_url: `${publicUrl()}/threads/${fx.threads.t1.id}` });
  });

  it("lists public actions with their update history, and guards spreadsheets against formulas", async () => {
    const actions = parse((await download("actions.csv")).body, { columns: true }) as Record<string, string>[];
    expect(actions).toHaveLength(8);
    expect(actions.find((a) => a.action_id === fx.actions.a3.id)).toMatchObject({ status: "done", days_to_complete: "10", due_quarter: "2026-Q3", updates: "2", overdue: "false" });
    const json = JSON.parse((await download("actions.json")).body);
    const a3 = json.data.find((a: { action_id: string }) => a.action_id === fx.actions.a3.id);
    expect(a3.history.map((u: { status_to: string }) => u.status_to)).toEqual(["in-progress", "done"]);
    const updates = parse((await download("action-updates.csv")).body, { columns: true }) as Record<string, string>[];
    expect(updates).toHaveLength(2);
    expect(updates[1].note).toBe("'=SUM(A1:A2) This has been done.");
  });

  it("gives consultation aggregates, never anyone's own answer", async () => {
    const rows = parse((await download("consultations.csv")).body, { columns: true }) as Record<string, string>[];
    const all = rows.filter((r) => r.question_kind === "single" && r.scope === "All forums");
    // 4 said Yes and 2 No of 6: each is 1 to 4 people, so neither is published (small-number rule).
    expect(all.map((r) => [r.option, r.count, r.percent, r.answered, r.note])).toEqual([
      ["Yes", "", "", "6", FIGURE_HIDDEN_NOTE],
      ["No", "", "", "6", FIGURE_HIDDEN_NOTE],
    ]);
    expect(rows[0]).toMatchObject({ consultation_id: fx.consultations.c1.id, respondents: "6", response_timeliness: "on-time" });
    // One written answer published: a count of 1, so not given (the answer itself is on the page).
    expect(rows.find((r) => r.question_kind === "text")).toMatchObject({ count: "", answered: "" });
  });

  it("gives the dashboard's figures", async () => {
    const rows = parse((await download("accountability.csv")).body, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.organisation === "met" && r.quarter === "2026-Q3")).toMatchObject({ items_due: "3", answered_on_time: "2", answered_late: "1", median_days_to_respond: "31", actions: "2", actions_done: "1" });
    expect(rows.find((r) => r.organisation === "facilitator" && r.quarter === "all")).toMatchObject({ items_due: "", actions: "1", actions_done: "1", median_days_to_complete: "20" });
  });

  it("answers an unknown file with 404", async () => {
    await expect(openDataFile.loader({ request: new Request("http://localhost/open-data/users.csv"), params: { file: "users.csv" }, context: {} })).rejects.toMatchObject({ status: 404 });
  });
});

describe("nothing members-only in any download or public page", () => {
  it("keeps every secret out of every file", async () => {
    for (const file of Object.keys(OPEN_DATA_FILES)) {
      const { body } = await download(file);
      for (const [what, secret] of Object.entries(SECRETS)) expect(body, `${what} in ${file}`).not.toContain(secret);
    }
  });

  it("keeps every secret out of every public page, signed out", async () => {
    const pages: [Loader, string, Record<string, string>?][] = [
      [home.loader as Loader, "/"],
      [responses.loader as Loader, "/responses"],
      [responses.loader as Loader, `/responses?forum=${fx.forums.privateForum.slug}`],
      [dashboard.loader as Loader, "/accountability"],
      [openDataPage.loader as Loader, "/open-data"],
      ...[...Object.keys(RESPONSE_MEASURES), ...Object.keys(ACTION_MEASURES)].map((m): [Loader, string] => [itemsPage.loader as Loader, `/accountability/items?measure=${m}`]),
      ...Object.values(fx.responses).map((r): [Loader, string, Record<string, string>] => [responsePage.loader as Loader, `/responses/${r.id}`, { id: r.id }]),
    ];
    for (const [loader, path, params] of pages) {
      const data = await pageData(loader, path, params);
      for (const [what, secret] of Object.entries(SECRETS)) expect(data, `${what} on ${path}`).not.toContain(secret);
    }
  });

  it("has no public page for a response on something private", async () => {
    const { db } = await import("../../db/client");
    const { officialResponse } = await import("../../db/schema/threads");
    const { eq } = await import("drizzle-orm");
    const [hidden] = await db().select().from(officialResponse).where(eq(officialResponse.targetId, fx.meetings.m2.id));
    await expect(responsePage.loader({ request: new Request(`http://localhost/responses/${hidden.id}`), params: { id: hidden.id }, context: {} })).rejects.toMatchObject({ status: 404 });
  });
});
