// What the public sees of My Met Service (issue 14 part 5): ratings by borough and month — how
// many, their mean and how they spread over 1 to 5 — and the share of contacts that led to
// feedback, read from the counts kept up to date on write (counts.server.ts), never by counting
// answers. Each month's London-wide figures are that month's report, which awaits the Met's
// official response (reports.server.ts).
//
// Two groups of people, never added together, so no subtraction runs across them:
// - after a contact: the victims an officer gave a single-use link, in the month of the contact
//   (each link is one person: answered with a rating, or not);
// - through a leaflet: answers through a borough's standing QR code, in the month they arrived.
// Months are never added together either: each month's figures are about different people.
//
// Small numbers: the consultation results' rule (consultations/suppression.server.ts, decision
// 023; here decision 033), with boroughs in place of forums. A figure counting 1 to 4 people is
// hidden, and so is one whose complement (e.g. ratings other than 5) is 1 to 4; hidden ratings
// are hidden with others until they add up to 5 or more; the mean only when no rating is hidden.
// A borough is shown only when all its figures are safe and what London minus the shown boroughs
// gives back is safe too; else the shown borough with the fewest ratings is left out as well.
import { desc, eq, sql } from "drizzle-orm";
import { feedbackLinkCount, feedbackRatingCount, feedbackReport } from "../../../db/schema/feedback";
import { cellSafe, publishable, suppressTotal } from "~/models/consultations/suppression.server";
import { boroughName } from "~/utils/boroughs";
import { listResponsesOn } from "~/models/responses/official-responses.server";
import { feedbackMonthFinalAt, feedbackReportDueAt, latestFinalFeedbackMonth } from "~/utils/clocks";
import { formatLondonDate } from "~/utils/london-time";
import { monthLabel } from "~/utils/months";
import { FEEDBACK_SMALL_NUMBERS, RATING_VALUES } from "~/utils/feedback-figures";
import { allQueries, database } from "../database.server";

export { FEEDBACK_SMALL_NUMBERS, RATING_VALUES };

/** One borough's counts in one group of people: ratings[0] is how many rated 1. */
export type BoroughCounts = { borough: string; issued: number; ratings: number[] };

/** A published figure: null where hidden. */
export type FeedbackFigure = {
  /** How many ratings. */
  ratings: number | null;
  /** How many rated 1, 2, 3, 4, 5 (index 0 is 1). */
  distribution: (number | null)[];
  /** The mean rating, to 2 decimal places: only when no rating is hidden. */
  mean: number | null;
  /** After a contact only: single-use links issued (contacts asked for feedback). */
  issued: number | null;
  /** After a contact only: answered ÷ issued, a percentage to 1 decimal place. */
  share: number | null;
};

export type BoroughFigure = { borough: string; name: string } & ({ shown: true; figure: FeedbackFigure } | { shown: false });

export type GroupFigures = { london: FeedbackFigure; boroughs: BoroughFigure[] };

export type Group = "contacts" | "leaflets";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const addRatings = (rows: { ratings: number[] }[]) => RATING_VALUES.map((_, i) => sum(rows.map((r) => r.ratings[i] ?? 0)));
const percent = (count: number, base: number) => (base ? Math.round((count / base) * 1000) / 10 : 0);
const meanOf = (ratings: number[]) => {
  const n = sum(ratings);
  return n ? Math.round((sum(ratings.map((c, i) => c * (i + 1))) / n) * 100) / 100 : null;
};

function fullFigure(c: { issued: number; ratings: number[] }, withIssued: boolean): FeedbackFigure {
  const n = sum(c.ratings);
  return { ratings: n, distribution: [...c.ratings], mean: meanOf(c.ratings), issued: withIssued ? c.issued : null, share: withIssued ? percent(n, c.issued) : null };
}

/**
 * What of one group's month may be published. `withIssued`: the group after a contact, whose
 * people are the links issued (so those not answered are counted, and protected, too).
 *
 * London first: the consultation rule on its ratings (suppressTotal: rules 1 and 2), and the
 * links issued only when they and those not answered are 0 or at least 5. Then the boroughs,
 * which never overlap: a borough's ratings are shown only when all of them are safe (cellSafe),
 * and the boroughs not shown, taken together ("the rest" = London minus the shown ones), must be
 * safe in every figure that subtraction gives back — each rating London shows, and the ratings
 * London hides taken together. While the rest is not, the shown borough with the fewest ratings
 * joins it (complementary suppression). The same again for the contacts: among the boroughs
 * shown, links issued (and so the share) only where they and those not answered are safe, and
 * so are the rest's when London shows its own. Every figure anyone can then work out is a sum of
 * these safe parts, so it is 0 or at least 5 (tests/support/suppression-check.ts tries every
 * subtraction).
 */
export function publishGroup(counts: BoroughCounts[], withIssued: boolean): GroupFigures {
  const cells = counts.map((c) => ({ ...c, n: sum(c.ratings) }));
  const ratings = addRatings(cells);
  const n = sum(ratings);
  const issued = sum(cells.map((c) => c.issued));
  const total = suppressTotal({ kind: "scale", maxChoices: null }, { answered: n, values: ratings });
  const issuedShown = withIssued && publishable(issued) && publishable(issued - n);
  const london: FeedbackFigure = {
    ratings: total.answered,
    distribution: total.values,
    mean: total.answered && total.values.every((v) => v !== null) ? meanOf(ratings) : null,
    issued: issuedShown ? issued : null,
    share: issuedShown && total.answered !== null ? percent(n, issued) : null,
  };

  const londonShows = RATING_VALUES.map((_, i) => total.answered !== null && total.values[i] !== null);
  const smallestOf = (list: typeof cells) => list.reduce((a, b) => (b.n < a.n || (b.n === a.n && b.borough < a.borough) ? b : a));

  // The ratings: a borough is shown with all its ratings safe, and the rest (London minus the
  // shown boroughs) safe in each rating London shows and in the ratings London hides together.
  const ratingsRestSafe = (rest: typeof cells) => {
    if (total.answered === null) return true;
    const r = addRatings(rest);
    const parts = r.filter((_, i) => londonShows[i]);
    if (londonShows.some((shows) => !shows)) parts.push(sum(r.filter((_, i) => !londonShows[i])));
    return parts.every(publishable);
  };
  let shown = cells.filter((c) => cellSafe({ answered: c.n, values: c.ratings }));
  while (shown.length && !ratingsRestSafe(cells.filter((c) => !shown.includes(c)))) {
    const smallest = smallestOf(shown);
    shown = shown.filter((c) => c !== smallest);
  }

  // The contacts (after a contact only): a shown borough's links issued and share too, when its
  // links issued and not answered are safe, and the rest's links issued and not answered (London
  // minus the boroughs whose contacts are shown) are safe where London shows its own.
  const contactsSafe = (c: { issued: number; n: number }) => publishable(c.issued) && publishable(c.issued - c.n);
  const contactsRestSafe = (rest: typeof cells) => !issuedShown || contactsSafe({ issued: sum(rest.map((c) => c.issued)), n: sum(rest.map((c) => c.n)) });
  let withContacts = withIssued ? shown.filter(contactsSafe) : [];
  while (withContacts.length && !contactsRestSafe(cells.filter((c) => !withContacts.includes(c)))) {
    const smallest = smallestOf(withContacts);
    withContacts = withContacts.filter((c) => c !== smallest);
  }
  const figureOf = (c: (typeof cells)[number]): FeedbackFigure => {
    const f = fullFigure(c, withIssued);
    return withContacts.includes(c) ? f : { ...f, issued: null, share: null };
  };
  const boroughs = [...cells]
    .sort((a, b) => boroughName(a.borough).localeCompare(boroughName(b.borough)))
    .map((c): BoroughFigure => (shown.includes(c) ? { borough: c.borough, name: boroughName(c.borough), shown: true, figure: figureOf(c) } : { borough: c.borough, name: boroughName(c.borough), shown: false }));
  return { london, boroughs };
}

// ---------------------------------------------------------------------------------------------
// Reading the counts

/** Every month with a link or an answer (each has a report), newest first. */
export async function listFeedbackMonths(): Promise<string[]> {
  const rows = await database().select({ month: feedbackReport.month }).from(feedbackReport).orderBy(desc(feedbackReport.month));
  return rows.map((r) => r.month);
}

/**
 * The months whose figures are final at `now` and so published, newest first. A month still
 * changing (until 4 weeks after it, ~/utils/clocks feedbackMonthFinalAt) is never shown: read
 * from one day to the next, its change would tell what one victim said.
 */
export async function listPublishedFeedbackMonths(now = new Date()): Promise<string[]> {
  const latest = latestFinalFeedbackMonth(now);
  return (await listFeedbackMonths()).filter((m) => m <= latest);
}

type RatingRow = { month: string; borough: string; source: string; rating: number; count: number };
type IssuedRow = { month: string; borough: string; issued: number };

function groupsFrom(ratingRows: RatingRow[], issuedRows: IssuedRow[]): Record<Group, BoroughCounts[]> {
  const make = (source: string, withIssued: boolean) => {
    const byBorough = new Map<string, BoroughCounts>();
    const at = (borough: string) => byBorough.get(borough) ?? byBorough.set(borough, { borough, issued: 0, ratings: [0, 0, 0, 0, 0] }).get(borough)!;
    if (withIssued) for (const r of issuedRows) at(r.borough).issued += Number(r.issued);
    for (const r of ratingRows) if (r.source === source) at(r.borough).ratings[r.rating - 1] += Number(r.count);
    return [...byBorough.values()];
  };
  return { contacts: make("link", true), leaflets: make("standing", false) };
}

async function readCounts(month: string | null) {
  const q = database();
  const rc = feedbackRatingCount;
  const lc = feedbackLinkCount;
  return allQueries(
    () =>
      q
        .select({ month: rc.month, borough: rc.borough, source: rc.source, rating: rc.rating, count: sql<number>`sum(${rc.count})::int` })
        .from(rc)
        .where(month ? eq(rc.month, month) : undefined)
        .groupBy(rc.month, rc.borough, rc.source, rc.rating),
    () =>
      q
        .select({ month: lc.month, borough: lc.borough, issued: sql<number>`sum(${lc.issued})::int` })
        .from(lc)
        .where(month ? eq(lc.month, month) : undefined)
        .groupBy(lc.month, lc.borough),
  );
}

export type MonthFigures = { month: string; label: string; contacts: GroupFigures; leaflets: GroupFigures };

/** One month's published figures, by borough and London-wide. */
export async function feedbackMonthFigures(month: string): Promise<MonthFigures> {
  const [ratingRows, issuedRows] = await readCounts(month);
  const groups = groupsFrom(ratingRows, issuedRows);
  return { month, label: monthLabel(month), contacts: publishGroup(groups.contacts, true), leaflets: publishGroup(groups.leaflets, false) };
}

/** Every published month's figures, newest first (for the trend and open data): a few rows per month and borough, whatever the number of ratings. */
export async function allFeedbackMonthFigures(now = new Date()): Promise<MonthFigures[]> {
  const [months, [ratingRows, issuedRows]] = await Promise.all([listPublishedFeedbackMonths(now), readCounts(null)]);
  return months.map((month) => {
    const groups = groupsFrom(
      ratingRows.filter((r) => r.month === month),
      issuedRows.filter((r) => r.month === month),
    );
    return { month, label: monthLabel(month), contacts: publishGroup(groups.contacts, true), leaflets: publishGroup(groups.leaflets, false) };
  });
}

// ---------------------------------------------------------------------------------------------
// /my-met-service

export type ReportState = { state: "awaiting" | "answered"; dueAt: Date; answeredAt: Date | null };

/**
 * Everything /my-met-service shows for a month (the newest published when none is asked for);
 * a month not final yet gives only the day its figures will be published; null when that month
 * has no report.
 */
export async function loadMyMetService(month: string | null, now = new Date()) {
  const [all, published] = await Promise.all([listFeedbackMonths(), allFeedbackMonthFigures(now)]);
  const months = published.map((m) => m.month);
  if (month && !all.includes(month)) return null;
  const chosen = month ?? months[0] ?? null;
  const publishedOn = (m: string) => formatLondonDate(new Date(feedbackMonthFinalAt(m).getTime() + 1));
  // The next month to be published: the oldest not final yet.
  const next = [...all].reverse().find((m) => !months.includes(m)) ?? null;
  const upcoming = next ? { month: next, publishedOn: publishedOn(next) } : null;
  if (!chosen) return { months, month: null, figures: null, pending: null, upcoming, trend: [], report: null, responses: [] };
  if (!months.includes(chosen)) {
    return { months, month: chosen, figures: null, pending: { publishedOn: publishedOn(chosen) }, upcoming, trend: published.slice(0, 12), report: null, responses: [] };
  }
  const figures = published.find((m) => m.month === chosen)!;
  const [report] = await database().select().from(feedbackReport).where(eq(feedbackReport.month, chosen));
  const responses = report ? await listResponsesOn("feedback-report", report.id) : [];
  const first = responses.find((r) => r.organisation === "met") ?? null;
  const reportState: ReportState = { state: first ? "answered" : "awaiting", dueAt: feedbackReportDueAt(chosen), answeredAt: first?.publishedAt ?? null };
  return { months, month: chosen, figures, pending: null, upcoming, trend: published.slice(0, 12), report: reportState, responses };
}
