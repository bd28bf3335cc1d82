// My Met Service, part 5: each month's London-wide report awaits the Met's official response
// once the month is over, with a public 20-working-day clock — on /my-met-service, on
// /accountability's figures and lists, on /responses, in the feed and in open data, like every
// other clock. Only a Met responder answers it, once, through /respond/my-met-service/:month.
import { parse } from "csv-parse/sync";
import { db } from "../../db/client";
import { accountabilityFigures, listPublicResponses, listResponseItems, loadAccountability } from "~/models/accountability/dashboard.server";
import { answerFeedbackLink } from "~/models/feedback/answers.server";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import { buildOpenDataFile, DATASETS } from "~/models/accountability/open-data.server";
import { loadMyMetService } from "~/models/feedback/public-figures.server";
import { listAnswerable, publishFeedbackReportResponse, ResponseConflictError } from "~/models/responses/official-responses.server";
import { ResponseError } from "~/models/threads/official-responses.server";
import * as respondList from "~/routes/respond._index";
import * as respondReport from "~/routes/respond.my-met-service.$month";
import * as publicPage from "~/routes/my-met-service.($month)";
import * as openDataFile from "~/routes/open-data.$file";
import * as feedRoute from "~/routes/feeds.$feed";
import { feedbackReportDueAt } from "~/utils/clocks";
import { londonDate } from "~/utils/working-days";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer, makeUser } from "../factories";
import { cookieFor, run } from "../support/routes";

useTestDatabase();

const DAY = 24 * 60 * 60 * 1000;
const WORDS = "We will train every officer in Newham on keeping victims informed by March.";

/** Ratings in the month of `at` (five 4s and five 5s in Newham), and one link this month. */
async function ratingsIn(at: Date) {
  const officer = await makeOfficer(db(), { borough: "newham" });
  for (let i = 0; i < 10; i++) {
    const { token } = await issueFeedbackLink(asCurrentUser(officer), { contactDate: londonDate(at), contactKind: "attended-report", channel: "qr" }, at);
    await answerFeedbackLink(token, { rating: i < 5 ? 4 : 5, keptInformed: "yes", treatedWithRespect: "yes", toldRights: "yes" }, at);
  }
  await issueFeedbackLink(asCurrentUser(officer), { contactDate: londonDate(new Date()), contactKind: "other", channel: "qr" });
}

async function download(file: string) {
  const response = (await openDataFile.loader({ request: new Request(`http://localhost/open-data/${file}`), params: { file }, context: {} })) as Response;
  return response.text();
}

describe("a month's My Met Service report", () => {
  it("awaits the Met's response once the month's figures are final, with its 20-working-day clock on the public page and in the accountability figures; the month in progress shows nothing yet", async () => {
    const past = new Date(Date.now() - 100 * DAY);
    const month = londonDate(past).slice(0, 7);
    const thisMonth = londonDate(new Date()).slice(0, 7);
    await ratingsIn(past);

    const items = (await listResponseItems()).filter((i) => i.kind === "feedback-report");
    expect(items).toEqual([expect.objectContaining({ organisation: "met", href: `/my-met-service/${month}`, dueAt: feedbackReportDueAt(month), answeredAt: null })]);
    expect(items[0].label).toMatch(/^My Met Service report: \w+ \d{4}$/);
    // 100 days ago: its month was final at least 6 weeks ago, and 20 working days have passed since: overdue, and counted so.
    const figures = accountabilityFigures(await loadAccountability(), new Date());
    expect(figures.find("met", null).responses).toMatchObject({ due: 1, overdue: 1, awaiting: 1 });

    const page = await run(publicPage.loader as never, `/my-met-service/${month}`, { params: { month } });
    expect(page.status).toBe(200);
    expect(page.data.report).toMatchObject({ state: "awaiting", dueAt: feedbackReportDueAt(month).toISOString() });
    expect(page.data.figures.contacts.boroughs).toEqual([expect.objectContaining({ borough: "newham", shown: true, figure: expect.objectContaining({ ratings: 10, mean: 4.5, issued: 10, share: 100 }) })]);
    // The month in progress shows no figure at all, only when its figures will be published.
    const current = await run(publicPage.loader as never, `/my-met-service/${thisMonth}`, { params: { month: thisMonth } });
    expect(current.status).toBe(200);
    expect(current.data).toMatchObject({ figures: null, report: null, months: [expect.objectContaining({ month })], pending: { publishedOn: expect.stringMatching(/^\d{1,2} \w+ \d{4}$/) } });
    // The newest published month is the page's default.
    expect((await run(publicPage.loader as never, "/my-met-service", { params: {} })).data.month).toBe(month);
    expect((await run(publicPage.loader as never, "/my-met-service/2001-01", { params: { month: "2001-01" } })).status).toBe(404);
    expect((await run(publicPage.loader as never, "/my-met-service/soon", { params: { month: "soon" } })).status).toBe(404);

    const reportsCsv = await download("feedback-reports.csv");
    expect(reportsCsv.split("\n")[0].split(",")).toEqual(DATASETS["feedback-reports"].columns.map((c) => c.name));
    const reports = parse(reportsCsv, { columns: true }) as Record<string, string>[];
    expect(reports).toEqual([expect.objectContaining({ month, response_due_at: feedbackReportDueAt(month).toISOString(), responded_at: "", response_timeliness: "overdue" })]);
  });

  it("publishes a month only once its figures can no longer change: nothing of it on the page, in the open data or on /respond before", async () => {
    // Contacts on 20 May 2026, answered that day: May is final at the end of 28 June.
    await ratingsIn(new Date("2026-05-20T11:00:00Z"));
    const before = await loadMyMetService(null, new Date("2026-06-28T12:00:00Z"));
    expect(before).toMatchObject({ months: [], month: null, figures: null, upcoming: { month: "2026-05", publishedOn: "29 June 2026" } });
    expect((await loadMyMetService("2026-05", new Date("2026-06-28T12:00:00Z")))?.figures).toBeNull();
    const openData = JSON.parse(await buildOpenDataFile("feedback.json", "https://vvf.example", new Date("2026-06-28T12:00:00Z")));
    expect(openData.data.map((m: { month: string }) => m.month)).not.toContain("2026-05");
    // Nor is its report awaited yet: /respond does not list it, and the Met cannot answer it.
    expect((await listAnswerable("met", new Date("2026-06-28T12:00:00Z"))).feedbackReports.map((r) => r.month)).not.toContain("2026-05");
    expect((await listAnswerable("met", new Date("2026-06-29T12:00:00Z"))).feedbackReports.map((r) => r.month)).toContain("2026-05");
    const afterOpenData = JSON.parse(await buildOpenDataFile("feedback.json", "https://vvf.example", new Date("2026-06-29T12:00:00Z")));
    expect(afterOpenData.data.map((m: { month: string }) => m.month)).toContain("2026-05");
    const after = await loadMyMetService(null, new Date("2026-06-29T00:30:00Z"));
    expect(after).toMatchObject({ months: ["2026-05"], month: "2026-05", report: { state: "awaiting" } });
    expect(after?.figures?.contacts.london).toMatchObject({ ratings: 10 });
  });

  it("is answered once by a Met responder through its respond page, on time or late against its clock; MOPAC, other roles and the month in progress are refused", async () => {
    const past = new Date(Date.now() - 100 * DAY);
    const month = londonDate(past).slice(0, 7);
    const thisMonth = londonDate(new Date()).slice(0, 7);
    await ratingsIn(past);
    const met = await makeUser(db(), { role: "responder", organisation: "met" });
    const mopac = await makeUser(db(), { role: "responder", organisation: "mopac" });
    const moderator = await makeUser(db(), { role: "moderator" });

    await expect(publishFeedbackReportResponse(asCurrentUser(mopac), { month, responderTitle: "MOPAC", body: WORDS })).rejects.toThrow("Only the Metropolitan Police responds");
    await expect(publishFeedbackReportResponse(asCurrentUser(moderator), { month, responderTitle: "Mod", body: WORDS })).rejects.toBeInstanceOf(ResponseError);
    await expect(publishFeedbackReportResponse(asCurrentUser(met), { month: thisMonth, responderTitle: "Lead", body: WORDS })).rejects.toBeInstanceOf(ResponseConflictError);

    // /respond lists it for the Met (with its clock), not for MOPAC; MOPAC's respond page is refused.
    expect((await listAnswerable("met")).feedbackReports.map((r) => r.month)).toEqual([month]);
    expect((await listAnswerable("mopac")).feedbackReports).toEqual([]);
    const metCookie = await cookieFor(met);
    const listed = await run(respondList.loader as never, "/respond", { cookie: metCookie });
    expect(listed.data.items.filter((i: { kind: string }) => i.kind === "feedback-report")).toEqual([
      expect.objectContaining({ href: `/respond/my-met-service/${month}`, kindLabel: "My Met Service report", clock: expect.objectContaining({ overdue: true, text: expect.stringMatching(/^Overdue by \d+ days$/) }) }),
    ]);
    expect((await run(respondReport.loader as never, `/respond/my-met-service/${month}`, { cookie: await cookieFor(mopac), params: { month } })).status).toBe(403);

    // Through the page: a blank form is re-shown, then the response is published and shown on the report.
    const path = `/respond/my-met-service/${month}`;
    expect((await run(respondReport.loader as never, path, { cookie: metCookie, params: { month } })).data.offer.state).toBe("may-respond");
    const blank = await run(respondReport.action as never, path, { cookie: metCookie, params: { month }, form: { responderTitle: "", body: " " } });
    expect(blank.status).toBe(400);
    const done = await run(respondReport.action as never, path, { cookie: metCookie, params: { month }, form: { responderTitle: "Reform lead, Victim Care", body: WORDS } });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toMatch(new RegExp(`^/my-met-service/${month}\\?done=response#response-`));

    // Once: a second publish (another tab) is refused cleanly.
    await expect(publishFeedbackReportResponse(asCurrentUser(met), { month, responderTitle: "Lead", body: "Again" })).rejects.toBeInstanceOf(ResponseConflictError);
    const again = await run(respondReport.action as never, path, { cookie: metCookie, params: { month }, form: { responderTitle: "Lead", body: "Again" } });
    expect(again.status).toBe(409);

    const page = await run(publicPage.loader as never, `/my-met-service/${month}`, { params: { month } });
    expect(page.data.report).toMatchObject({ state: "answered" });
    expect(page.data.responses).toEqual([expect.objectContaining({ organisation: "met", bodyHtml: expect.stringContaining("keeping victims informed") })]);
    // Answered after its due date: late, everywhere the clock is read.
    const figures = accountabilityFigures(await loadAccountability(), new Date());
    expect(figures.find("met", null).responses).toMatchObject({ due: 1, late: 1, overdue: 0 });
    const { responses } = await listPublicResponses({ kind: "feedback-report" });
    expect(responses).toEqual([expect.objectContaining({ kind: "feedback-report", target: expect.objectContaining({ href: `/my-met-service/${month}` }) })]);
    const feed = (await (feedRoute.loader({ request: new Request("http://localhost/feeds/responses.atom"), params: { feed: "responses.atom" }, context: {} }) as Promise<Response>)).text();
    expect(await feed).toContain("My Met Service report");
    const rows = parse(await download("responses.csv"), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ kind: "feedback-report", timeliness: "late", due_at: feedbackReportDueAt(month).toISOString() })]);
    const reports = parse(await download("feedback-reports.csv"), { columns: true }) as Record<string, string>[];
    expect(reports[0]).toMatchObject({ month, response_timeliness: "late" });
    expect(reports[0].response_url).toMatch(/\/responses\//);
    expect((await listAnswerable("met")).feedbackReports).toEqual([]);
  });

  it("answered within 20 working days of the month's publication counts as on time", async () => {
    // A month published at least 6 weeks ago, answered 10 days before its response was due.
    const past = new Date(Date.now() - 100 * DAY);
    const month = londonDate(past).slice(0, 7);
    await ratingsIn(past);
    const met = await makeUser(db(), { role: "responder", organisation: "met" });
    expect((await loadMyMetService(month))?.report?.state).toBe("awaiting");
    const answeredAt = new Date(feedbackReportDueAt(month).getTime() - 10 * DAY);
    await publishFeedbackReportResponse(asCurrentUser(met), { month, responderTitle: "Lead", body: WORDS }, answeredAt);
    const items = (await listResponseItems()).filter((i) => i.kind === "feedback-report");
    expect(items[0].answeredAt).toEqual(answeredAt);
    const figures = accountabilityFigures(await loadAccountability(), new Date());
    expect(figures.find("met", null).responses).toMatchObject({ due: 1, onTime: 1 });
  });
});
