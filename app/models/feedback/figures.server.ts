// What staff see of My Met Service (issue 14, part 4). An officer sees their own figures only,
// once at least 5 victims have answered; the force's supervisors (Met responders and admins) see
// London, every borough, every officer, trends by month and kind of contact, and the
// commendations list. Every figure goes through the consultation results' small-number rule
// (app/models/consultations/suppression.server.ts, decision 023) so that none, read alone or
// subtracted from another, counts 1 to 4 ratings; decision 034 says how it is applied here.
//
// Figures count answers up to the end of the last complete London month, so that no figure moves
// on the day of one contact: nobody can read a single victim's rating by watching it change.
// Computed from the answers themselves: staff pages are rarely opened.
import { and, desc, eq, gte, inArray, isNotNull, lt } from "drizzle-orm";
import { user } from "../../../db/schema/auth";
import { feedbackAnswer, officer } from "../../../db/schema/feedback";
import { publishable, shownForums, suppressTotal, type SuppressionRespondent } from "~/models/consultations/suppression.server";
import type { CurrentUser } from "~/services/session.server";
import { boroughName } from "~/utils/boroughs";
import { CONTACT_KIND_LABELS, isContactKind } from "~/utils/feedback";
import { londonDate, londonWallTime } from "~/utils/london-clock";
import { monthLabel } from "~/utils/months";
import { can, canSuperviseFeedback } from "~/utils/permissions";
import { database } from "../database.server";
import { findOfficer, type OfficerPlace } from "./officers.server";

export class FiguresAccessError extends Error {
  readonly status = 403;
}

/** Comment statuses a member of staff may read: approved, or approved for recognition. */
export const READABLE_COMMENT = ["approved", "commended"] as const;

/** How many complete months the staff figures go back. */
export const FIGURE_MONTHS = 12;

export const RATING_VALUES = ["1", "2", "3", "4", "5"] as const;

/** One rating as the rule needs it: its value and the groups it falls in (month, kind, borough, officer). */
export type TaggedRating = { rating: number; tags: string[] };

/** A group's figures: count null where hidden; distribution (index 0 = rating 1) and mean only where every rating's count is safe. */
export type FigureCell = { key: string; label: string; count: number | null; mean: number | null; distribution: number[] | null };

export type Figures = {
  /** Ratings counted; null: 1 to 4. */
  count: number | null;
  /** Per rating 1 to 5, null where hidden. */
  distribution: (number | null)[];
  /** Shown only when no rating's count is hidden (as for consultations). */
  mean: number | null;
  /** Breakdowns, in the order given: each group's figures. */
  layers: FigureCell[][];
};

export type Layer = { key: string; label: string }[];

const mean2 = (values: number[]) => {
  const n = values.reduce((s, v) => s + v, 0);
  return n ? Math.round((values.reduce((s, v, i) => s + v * (i + 1), 0) / n) * 100) / 100 : null;
};

function distributionOf(rows: { forumIds: string[]; answers: Map<string, string[]> }[]) {
  const values = [0, 0, 0, 0, 0];
  for (const r of rows) values[Number(r.answers.get("rating")![0]) - 1]++;
  return values;
}

/** Splits a group by the forums already shown: the smallest groups the published figures tell apart. */
function splitBy(shown: string[], group: SuppressionRespondent[]) {
  const parts = new Map<string, SuppressionRespondent[]>();
  for (const p of group) {
    const key = shown.map((f) => (p.forumIds.includes(f) ? "1" : "0")).join("");
    parts.set(key, [...(parts.get(key) ?? []), p]);
  }
  return [...parts.values()];
}

/** Every count, and everyone it leaves out, is 0 or at least 5: the group's whole distribution may be shown. */
const distributionSafe = (group: SuppressionRespondent[]) => {
  const values = distributionOf(group);
  return publishable(group.length) && values.every((v) => publishable(v) && publishable(group.length - v));
};

/**
 * The figures that may be shown of some ratings and their breakdowns (layers, e.g. months then
 * kinds of contact). Layer by layer, a group is shown beside the total only while every group
 * of ratings that the shown groups and the total tell apart (for example "in June but not a
 * statement", or "in a month not shown") is 0 or at least 5; otherwise the smallest group is
 * left out (the consultation results' complementary suppression, with the earlier layers kept
 * first). A group's distribution and mean are shown on the same rule applied to each rating's
 * count and to those who gave another rating.
 */
export function suppressFigures(ratings: TaggedRating[], layers: Layer[]): Figures {
  const people: SuppressionRespondent[] = ratings.map((r) => ({ forumIds: r.tags, answers: new Map([["rating", [String(r.rating)]]]) }));
  const sizes = new Map<string, number>();
  for (const r of ratings) for (const t of r.tags) sizes.set(t, (sizes.get(t) ?? 0) + 1);
  const size = (key: string) => sizes.get(key) ?? 0;

  let counted: string[] = [];
  let distributed: string[] = [];
  for (const layer of layers) {
    // A group nobody is in is shown as 0: it tells nothing apart.
    const keys = layer.map((c) => c.key).filter((k) => size(k) > 0);
    const empty = layer.map((c) => c.key).filter((k) => size(k) === 0);
    const priorCounted = counted;
    const keepCounts = shownForums(keys, people, (group) => splitBy(priorCounted, group).every((g) => publishable(g.length)), size);
    counted = [...counted, ...keepCounts, ...empty];
    const priorDistributed = distributed;
    const keepDistributions = shownForums(keepCounts, people, (group) => splitBy(priorDistributed, group).every(distributionSafe), size);
    distributed = [...distributed, ...keepDistributions];
  }

  const all = distributionOf(people);
  const total = suppressTotal({ kind: "scale", maxChoices: null }, { answered: ratings.length, values: all });
  const noneHidden = ratings.length > 0 && total.values.every((v) => v !== null);
  return {
    count: publishable(ratings.length) ? ratings.length : null,
    distribution: total.answered === null ? all.map(() => null) : total.values,
    mean: noneHidden ? mean2(all) : null,
    layers: layers.map((layer) =>
      layer.map(({ key, label }) => {
        const values = distributionOf(people.filter((p) => p.forumIds.includes(key)));
        const whole = distributed.includes(key);
        return { key, label, count: counted.includes(key) ? size(key) : null, distribution: whole ? values : null, mean: whole ? mean2(values) : null };
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Months

/** The first day of the London month `offset` months from `month` (YYYY-MM). */
function shiftMonth(month: string, offset: number) {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return d.toISOString().slice(0, 7);
}

/** Midnight in London at the start of a month (YYYY-MM), as an instant. */
function monthStart(month: string) {
  return londonWallTime(`${month}-01`, "00:00")!;
}


/** The complete months the staff figures cover (oldest first), and the instants they start and end. */
export function figureWindow(now = new Date()) {
  const current = londonDate(now).slice(0, 7);
  const months = Array.from({ length: FIGURE_MONTHS }, (_, i) => shiftMonth(current, i - FIGURE_MONTHS));
  return { months, from: monthStart(months[0]), until: monthStart(current) };
}

const monthLayer = (months: string[]): Layer => months.map((m) => ({ key: `month:${m}`, label: monthLabel(m) }));
const KIND_LAYER: Layer = [
  ...Object.entries(CONTACT_KIND_LABELS).map(([key, label]) => ({ key: `kind:${key}`, label })),
  { key: "kind:standing", label: "Leaflet's QR code (no contact)" },
];

type AnswerRow = { rating: number; answeredAt: Date; contactKind: string | null; borough: string; officerId: string | null; channel: string };

function tagsOf(row: AnswerRow) {
  const kind = row.channel === "standing" || !isContactKind(row.contactKind) ? "standing" : row.contactKind;
  return [`month:${londonDate(row.answeredAt).slice(0, 7)}`, `kind:${kind}`, `borough:${row.borough}`, ...(row.officerId ? [`officer:${row.officerId}`] : [])];
}

/** Months from the first with an answer to the last of the window (no empty months before anyone answered). */
function monthsFrom(rows: AnswerRow[], months: string[]) {
  const first = rows.reduce<string | null>((m, r) => {
    const k = londonDate(r.answeredAt).slice(0, 7);
    return m === null || k < m ? k : m;
  }, null);
  return first ? months.filter((m) => m >= first) : [];
}

async function answersBetween(from: Date, until: Date, officerId?: string): Promise<AnswerRow[]> {
  const a = feedbackAnswer;
  return database()
    .select({ rating: a.rating, answeredAt: a.answeredAt, contactKind: a.contactKind, borough: a.borough, officerId: a.officerId, channel: a.channel })
    .from(a)
    .where(and(gte(a.answeredAt, from), lt(a.answeredAt, until), officerId ? and(eq(a.officerId, officerId), eq(a.channel, "link")) : undefined));
}

// ---------------------------------------------------------------------------------------------
// An officer's own figures

export type OfficerFigures = {
  place: OfficerPlace;
  months: string[];
  period: { from: string; to: string };
  figures: Figures;
  /** Approved (and, where needed, redacted) comments, only once the figures show: no date, no rating, in no order of time. */
  comments: string[];
};

/** An officer's own figures. Nobody else's: there is no way to ask for another officer's. */
export async function officerFigures(actor: CurrentUser, now = new Date()): Promise<OfficerFigures> {
  if (!can(actor.role, "feedback:see-own")) throw new FiguresAccessError("Only police officers have figures of their own");
  const place = await findOfficer(actor.id);
  if (!place) throw new FiguresAccessError("Your account has no shoulder number or borough yet. Please ask an administrator.");
  const window = figureWindow(now);
  const rows = await answersBetween(window.from, window.until, actor.id);
  const months = monthsFrom(rows, window.months);
  const figures = suppressFigures(rows.map((r) => ({ rating: r.rating, tags: tagsOf(r) })), [monthLayer(months), KIND_LAYER.filter((k) => k.key !== "kind:standing")]);
  let comments: string[] = [];
  if (figures.count !== null && figures.count > 0) {
    const a = feedbackAnswer;
    const rows = await database()
      .select({ comment: a.comment })
      .from(a)
      .where(and(eq(a.officerId, actor.id), inArray(a.commentStatus, [...READABLE_COMMENT]), isNotNull(a.comment), gte(a.answeredAt, window.from), lt(a.answeredAt, window.until)))
      .orderBy(a.id);
    comments = rows.map((r) => r.comment!);
  }
  return { place, months, period: { from: window.months[0], to: window.months.at(-1)! }, figures, comments };
}

// ---------------------------------------------------------------------------------------------
// The force's supervisors: London, boroughs, officers, commendations

export function requireSupervisor(actor: CurrentUser | null | undefined) {
  if (!canSuperviseFeedback(actor)) throw new FiguresAccessError("Only the Metropolitan Police's responders and admins see the feedback figures");
}

export type SupervisorFigures = {
  months: string[];
  period: { from: string; to: string };
  /** London: total, by month, by kind of contact (with the leaflets' answers as a kind of their own). */
  london: Figures;
  /** Boroughs (layer 0) then officers (layer 1). */
  places: Figures;
  /** Each officer's borough, shoulder number and name, by key `officer:<id>`. */
  officers: Record<string, { borough: string; shoulderNumber: string; name: string }>;
};

export async function supervisorFigures(actor: CurrentUser, now = new Date()): Promise<SupervisorFigures> {
  requireSupervisor(actor);
  const window = figureWindow(now);
  const [rows, people] = await Promise.all([
    answersBetween(window.from, window.until),
    database().select({ userId: officer.userId, shoulderNumber: officer.shoulderNumber, borough: officer.borough, name: user.name }).from(officer).innerJoin(user, eq(user.id, officer.userId)),
  ]);
  const tagged = rows.map((r) => ({ rating: r.rating, tags: tagsOf(r) }));
  const months = monthsFrom(rows, window.months);
  const boroughs = [...new Set(rows.map((r) => r.borough))].sort((a, b) => boroughName(a).localeCompare(boroughName(b)));
  const officerIds = [...new Set(rows.flatMap((r) => (r.officerId ? [r.officerId] : [])))];
  const known = new Map(people.map((p) => [p.userId, p]));
  const officers: SupervisorFigures["officers"] = {};
  for (const id of officerIds) {
    const p = known.get(id);
    officers[`officer:${id}`] = { borough: p ? boroughName(p.borough) : "", shoulderNumber: p?.shoulderNumber ?? "", name: p?.name ?? "A former officer" };
  }
  const officerLayer = officerIds
    .map((id) => ({ key: `officer:${id}`, label: `${officers[`officer:${id}`].shoulderNumber} ${officers[`officer:${id}`].name}`.trim() }))
    .sort((a, b) => (officers[a.key].borough + a.label).localeCompare(officers[b.key].borough + b.label));
  // One decision for everything on the page: London's months and kinds and the boroughs and
  // officers are all partitions of the same answers, so one could be subtracted from another
  // (June plus Hackney minus London is the answers in both when none is in neither). Places
  // come first: they are what supervisors act on.
  const all = suppressFigures(tagged, [boroughs.map((b) => ({ key: `borough:${b}`, label: boroughName(b) })), officerLayer, monthLayer(months), KIND_LAYER]);
  const [boroughCells, officerCells, monthCells, kindCells] = all.layers;
  return {
    months,
    period: { from: window.months[0], to: window.months.at(-1)! },
    london: { ...all, layers: [monthCells, kindCells] },
    places: { ...all, layers: [boroughCells, officerCells] },
    officers,
  };
}

export type Commendation = { id: string; month: string; borough: string; officer: string | null; rating: number; comment: string };

/** High ratings (4 or 5) whose comment a moderator approved for recognition, newest first. */
export async function listCommendations(actor: CurrentUser, limit = 100): Promise<Commendation[]> {
  requireSupervisor(actor);
  const a = feedbackAnswer;
  const rows = await database()
    .select({ id: a.id, answeredAt: a.answeredAt, borough: a.borough, rating: a.rating, comment: a.comment, shoulderNumber: officer.shoulderNumber, name: user.name })
    .from(a)
    .leftJoin(officer, eq(officer.userId, a.officerId))
    .leftJoin(user, eq(user.id, a.officerId))
    .where(and(eq(a.commentStatus, "commended"), gte(a.rating, 4), isNotNull(a.comment)))
    .orderBy(desc(a.answeredAt), a.id)
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    month: londonDate(r.answeredAt).slice(0, 7),
    borough: boroughName(r.borough),
    officer: r.shoulderNumber ? `${r.shoulderNumber} ${r.name ?? ""}`.trim() : null,
    rating: r.rating,
    comment: r.comment!,
  }));
}
