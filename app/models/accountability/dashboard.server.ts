// Public accountability (PRODUCT.md "Official responses and public accountability", issue 6):
// what awaits a response from the Met or MOPAC and whether it came on time, the actions they
// promised and whether they were done, and every official response that is public.
//
// Everything here reads only what the public may see. Each kind of thing is one "source" (a
// query against its own table with its own public rule), so a new kind plugs in by adding a
// source; the figures are then computed in one place, by counting the very records the lists
// show with the same predicates (`RESPONSE_MEASURES`, `ACTION_MEASURES`). Nothing is typed in.
//
// Definitions (shown on /accountability, all dates in Europe/London):
// - An item awaits a response from one organisation: a thread a moderator marked for response
//   (due 20 working days later, by the end of that day), or a consultation that closed (the
//   "You said, we did" response is due 12 weeks after it closed).
// - It is answered when that organisation publishes its first official response on it. It is
//   answered on time when that response was published at or before the due moment; late after.
// - Overdue: not answered and the due moment has passed. Not yet due: not answered, still time.
// - Share answered by their due date = on time ÷ (on time + late + overdue). Items not yet due
//   and not yet answered are left out: they can still be answered on time.
// - Days to respond: London calendar days from the request (marked for response; consultation
//   closed) to the first response. Median: the middle value of the answered items (the mean of
//   the two middle values when there is an even number).
// - Actions: overdue when open or in progress after the end of their due day. Days to complete:
//   London calendar days from the action's creation to it being marked done (done only).
// - Quarters are calendar quarters (Q1 = January to March) of an item's or action's due date,
//   so a quarter's figures are about the deadlines that fell in it.
import { and, asc, desc, eq, getTableName, inArray, lt, lte, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../../../db/client";
import { actionItem, actionUpdate } from "../../../db/schema/actions";
import { consultation, consultationForum } from "../../../db/schema/consultations";
import { feedbackReport } from "../../../db/schema/feedback";
import { forum } from "../../../db/schema/forums";
import { meeting } from "../../../db/schema/meetings";
import { officialResponse, thread } from "../../../db/schema/threads";
import { allQueries, database } from "../database.server";
import { formatLondonDate } from "~/utils/london-time";
import { ORGANISATIONS, type Organisation } from "~/utils/permissions";
import { londonDate } from "~/utils/working-days";
import { isUuid } from "~/utils/uuid";
import { consultationResponseDueAt, feedbackReportDueAt, feedbackReportRequestedAt, isActionOverdue, latestFinalFeedbackMonth, isAnsweredOnTime, londonDaysBetween, responseOutcome } from "~/utils/clocks";
import { monthLabel } from "~/utils/months";


/**
 * A column written "table"."column" whatever the query. Drizzle leaves columns unqualified in
 * the select list of a one-table query, where a correlated subquery would then read its own
 * table's column of that name: outer references in such subqueries go through this.
 */
export function qualified(column: AnyColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/** Timestamps read through raw SQL come back as Date (PGlite) or string (some drivers). */
const asDate = (v: string | Date | null) => (v ? new Date(v) : null);

// ---------------------------------------------------------------------------------------------
// Names people read

export const ORGANISATION_NAMES: Record<string, string> = {
  met: "Metropolitan Police",
  mopac: "MOPAC",
  facilitator: "Forum facilitators",
};
/** "the Metropolitan Police" in a sentence. */
export const ORGANISATION_IN_SENTENCE: Record<string, string> = {
  met: "the Metropolitan Police",
  mopac: "MOPAC",
  facilitator: "the forum's facilitators",
};
export const ACTION_ORGANISATIONS = ["met", "mopac", "facilitator"] as const;
export type ActionOwner = (typeof ACTION_ORGANISATIONS)[number];

export const RESPONSE_KINDS = ["thread", "consultation", "meeting", "action", "feedback-report"] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export const RESPONSE_KIND_LABELS: Record<ResponseKind, string> = {
  thread: "Discussion thread",
  consultation: "Consultation",
  meeting: "Meeting",
  action: "Action",
  "feedback-report": "My Met Service report",
};
export const isResponseKind = (v: unknown): v is ResponseKind => typeof v === "string" && (RESPONSE_KINDS as readonly string[]).includes(v);
export const isOrganisationName = (v: unknown): v is Organisation => typeof v === "string" && (ORGANISATIONS as readonly string[]).includes(v);
export const isActionOwner = (v: unknown): v is ActionOwner => typeof v === "string" && (ACTION_ORGANISATIONS as readonly string[]).includes(v);

// ---------------------------------------------------------------------------------------------
// London calendar quarters (days between two dates, due dates and outcomes are in ~/utils/clocks)

/** "2026-Q3": the calendar quarter of the London date of `at`. */
export function londonQuarter(at: Date): string {
  const [y, m] = londonDate(at).split("-").map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
export const isQuarter = (v: unknown): v is string => typeof v === "string" && QUARTER.test(v);

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "July to September 2026". */
export function quarterLabel(quarter: string): string {
  const match = QUARTER.exec(quarter);
  if (!match) return quarter;
  const q = Number(match[2]);
  return `${MONTHS[(q - 1) * 3]} to ${MONTHS[(q - 1) * 3 + 2]} ${match[1]}`;
}

/** The middle value (the mean of the two middle values for an even count), or null when empty. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Items that await a response: one source per kind

export type AwaitedKind = "thread" | "consultation" | "feedback-report";

/** Something the Met or MOPAC were asked to answer, as the public may see it. */
export type ResponseItem = {
  kind: AwaitedKind;
  id: string;
  organisation: Organisation;
  /** Safe for anyone: a title, or for a members-only thread a description that quotes nobody. */
  label: string;
  /** A moderator's public summary (members-only threads), never members' own words. */
  summary: string | null;
  /** The public page of the thing, when it has one. */
  href: string | null;
  forumNames: string[];
  requestedAt: Date;
  dueAt: Date;
  /** The organisation's first official response on it. */
  firstResponseId: string | null;
  answeredAt: Date | null;
};

/** SQL: the first official response on a target by an organisation (its id, then its time). */
function firstResponse(targetType: AwaitedKind, targetId: SQL, organisation: SQL) {
  const where = sql`fr.target_type = ${targetType} and fr.target_id = ${targetId} and fr.organisation = ${organisation}`;
  return {
    id: sql<string | null>`(select fr.id from ${officialResponse} fr where ${where} order by fr.published_at, fr.id limit 1)`,
    at: sql<Date | null>`(select min(fr.published_at) from ${officialResponse} fr where ${where})`.mapWith(asDate),
  };
}

export function membersOnlyLabel(forumName: string) {
  return `A members-only discussion in ${forumName}`;
}

/** Threads a moderator marked for response (published ones: a hidden thread is nobody's to answer). */
async function threadItems(q: Queryable): Promise<ResponseItem[]> {
  const first = firstResponse("thread", qualified(thread.id), qualified(thread.responseOrganisation));
  const rows = await q
    .select({
      id: thread.id,
      // A members-only thread's title is a member's words: it never leaves the database here.
      publicTitle: sql<string | null>`case when ${qualified(thread.visibility)} = 'public' then ${qualified(thread.title)} else null end`,
      publicSummary: thread.publicSummary,
      organisation: thread.responseOrganisation,
      requestedAt: thread.responseRequestedAt,
      createdAt: thread.createdAt,
      dueAt: thread.responseDueAt,
      forumName: forum.name,
      firstResponseId: first.id,
      answeredAt: first.at,
    })
    .from(thread)
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .where(and(eq(thread.published, true), inArray(thread.responseOrganisation, [...ORGANISATIONS]), sql`${thread.responseDueAt} is not null`));
  return rows.map((r) => ({
    kind: "thread",
    id: r.id,
    organisation: r.organisation as Organisation,
    label: r.publicTitle ?? membersOnlyLabel(r.forumName),
    summary: r.publicTitle ? null : r.publicSummary,
    href: r.publicTitle ? `/threads/${r.id}` : null,
    forumNames: [r.forumName],
    requestedAt: r.requestedAt ?? r.createdAt,
    dueAt: r.dueAt!,
    firstResponseId: r.firstResponseId,
    answeredAt: r.answeredAt,
  }));
}

/** SQL: the names of a consultation's target forums. */
const consultationForumNames = sql<string[]>`coalesce((select array_agg(f.name order by f.name) from ${consultationForum} cf join ${forum} f on f.id = cf.forum_id where cf.consultation_id = ${qualified(consultation.id)}), '{}'::text[])`;

export const PUBLIC_CONSULTATION_STATUSES = ["published", "responded"] as const;

/**
 * Consultations that closed: "You said, we did" is due 12 weeks later. Until its results are
 * published a consultation is not public (consultation.server.ts), so it is counted but
 * described without its title.
 */
async function consultationItems(q: Queryable): Promise<ResponseItem[]> {
  const first = firstResponse("consultation", qualified(consultation.id), qualified(consultation.organisation));
  const rows = await q
    .select({
      id: consultation.id,
      title: consultation.title,
      status: consultation.status,
      organisation: consultation.organisation,
      closedAt: consultation.closedAt,
      forumNames: consultationForumNames,
      firstResponseId: first.id,
      answeredAt: first.at,
    })
    .from(consultation)
    .where(and(inArray(consultation.status, ["closed", ...PUBLIC_CONSULTATION_STATUSES]), sql`${consultation.closedAt} is not null`, inArray(consultation.organisation, [...ORGANISATIONS])));
  return rows.map((r) => {
    const isPublic = (PUBLIC_CONSULTATION_STATUSES as readonly string[]).includes(r.status);
    return {
      kind: "consultation",
      id: r.id,
      organisation: r.organisation as Organisation,
      label: isPublic ? r.title : `A consultation that closed on ${formatLondonDate(r.closedAt)} (its results are not published yet)`,
      summary: null,
      href: isPublic ? `/consultations/${r.id}` : null,
      forumNames: r.forumNames ?? [],
      requestedAt: r.closedAt!,
      dueAt: consultationResponseDueAt(r.closedAt!),
      firstResponseId: r.firstResponseId,
      answeredAt: r.answeredAt,
    };
  });
}

/** "My Met Service report: November 2026", the label of a month's report wherever it is listed. */
export const feedbackReportLabel = (month: string) => `My Met Service report: ${monthLabel(month)}`;

/**
 * Each month's London-wide My Met Service report awaits the Met's response once the month's
 * figures are published (the end of the 28th day after it), due 20 working days later
 * (~/utils/clocks). A report exists for every month with a link or an answer
 * (feedback/counts.server.ts); a month not published yet is not asked.
 */
async function feedbackReportItems(q: Queryable, now = new Date()): Promise<ResponseItem[]> {
  const first = firstResponse("feedback-report", qualified(feedbackReport.id), sql`'met'`);
  const rows = await q
    .select({ id: feedbackReport.id, month: feedbackReport.month, firstResponseId: first.id, answeredAt: first.at })
    .from(feedbackReport)
    .where(lte(feedbackReport.month, latestFinalFeedbackMonth(now)));
  return rows.map((r) => ({
    kind: "feedback-report",
    id: r.id,
    organisation: "met",
    label: feedbackReportLabel(r.month),
    summary: null,
    href: `/my-met-service/${r.month}`,
    forumNames: [],
    requestedAt: feedbackReportRequestedAt(r.month),
    dueAt: feedbackReportDueAt(r.month),
    firstResponseId: r.firstResponseId,
    answeredAt: r.answeredAt,
  }));
}

/** Every kind of thing that carries a response clock. Meetings have none (PRODUCT.md). */
const RESPONSE_ITEM_SOURCES: Record<AwaitedKind, (q: Queryable) => Promise<ResponseItem[]>> = {
  thread: threadItems,
  consultation: consultationItems,
  "feedback-report": (q) => feedbackReportItems(q),
};

export async function listResponseItems(): Promise<ResponseItem[]> {
    const q = database();
  const lists = await allQueries(...Object.values(RESPONSE_ITEM_SOURCES).map((source) => () => source(q)));
  return lists.flat().sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
}

export function daysToRespond(item: Pick<ResponseItem, "requestedAt" | "answeredAt">): number | null {
  return item.answeredAt ? londonDaysBetween(item.requestedAt, item.answeredAt) : null;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** SQL: an action anyone may see (mirrors visibleActions(null) in action-item.server.ts). */
export const publicActionSql = sql`(${actionItem.sourceType} <> 'meeting' or exists (select 1 from ${meeting} pm join ${forum} pf on pf.id = pm.forum_id where pm.id = ${actionItem.sourceId} and pm.status = 'minutes-published' and pf.minutes_public))`;

export type PublicAction = {
  id: string;
  title: string;
  organisation: ActionOwner;
  status: string;
  dueAt: Date;
  createdAt: Date;
  completedAt: Date | null;
  sourceType: string;
  sourceId: string;
  sourceLabel: string;
  sourceHref: string;
  forumName: string | null;
};

export const ACTION_STATUS_NAMES: Record<string, string> = { open: "Open", "in-progress": "In progress", done: "Done", "not-doing": "Not doing" };

export async function listPublicActions(): Promise<PublicAction[]> {
    const q = database();
  const rows = await q
    .select({
      id: actionItem.id,
      title: actionItem.title,
      organisation: actionItem.organisation,
      status: actionItem.status,
      dueAt: actionItem.dueAt,
      createdAt: actionItem.createdAt,
      completedAt: actionItem.completedAt,
      sourceType: actionItem.sourceType,
      sourceId: actionItem.sourceId,
      forumName: forum.name,
      meetingTitle: meeting.title,
      meetingStartsAt: meeting.startsAt,
      consultationTitle: consultation.title,
    })
    .from(actionItem)
    .leftJoin(forum, eq(forum.id, actionItem.forumId))
    .leftJoin(meeting, and(eq(actionItem.sourceType, "meeting"), eq(meeting.id, actionItem.sourceId)))
    .leftJoin(consultation, and(eq(actionItem.sourceType, "consultation"), eq(consultation.id, actionItem.sourceId)))
    .where(publicActionSql)
    .orderBy(asc(actionItem.dueAt), asc(actionItem.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    organisation: r.organisation as ActionOwner,
    status: r.status,
    dueAt: r.dueAt,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    sourceLabel:
      r.sourceType === "meeting"
        ? `Meeting: ${r.meetingTitle ?? "a meeting"}${r.meetingStartsAt ? `, ${formatLondonDate(r.meetingStartsAt)}` : ""}`
        : `Consultation: ${r.consultationTitle ?? "a consultation"}`,
    sourceHref: r.sourceType === "meeting" ? `/meetings/${r.sourceId}` : `/consultations/${r.sourceId}`,
    forumName: r.forumName,
  }));
}

export function daysToComplete(a: Pick<PublicAction, "status" | "createdAt" | "completedAt">): number | null {
  return a.status === "done" && a.completedAt ? londonDaysBetween(a.createdAt, a.completedAt) : null;
}

/** The public update history of actions (by organisation, never by name). */
export async function listPublicActionUpdates() {
    const q = database();
  return q
    .select({
      id: actionUpdate.id,
      actionItemId: actionUpdate.actionItemId,
      organisation: actionUpdate.organisation,
      statusFrom: actionUpdate.statusFrom,
      statusTo: actionUpdate.statusTo,
      note: actionUpdate.note,
      createdAt: actionUpdate.createdAt,
    })
    .from(actionUpdate)
    .innerJoin(actionItem, eq(actionItem.id, actionUpdate.actionItemId))
    .where(publicActionSql)
    .orderBy(asc(actionUpdate.createdAt), asc(actionUpdate.id));
}

// ---------------------------------------------------------------------------------------------
// Measures: the predicates every figure counts and every "items behind a figure" list filters by

export const RESPONSE_MEASURES = {
  due: { label: "due", test: () => true },
  answered: { label: "answered", test: (i, now) => ["on-time", "late"].includes(responseOutcome(i, now)) },
  "on-time": { label: "answered by their due date", test: (i, now) => responseOutcome(i, now) === "on-time" },
  late: { label: "answered after their due date", test: (i, now) => responseOutcome(i, now) === "late" },
  awaiting: { label: "still awaiting a response", test: (i) => !i.answeredAt },
  overdue: { label: "overdue (no response, past the due date)", test: (i, now) => responseOutcome(i, now) === "overdue" },
  "not-yet-due": { label: "awaiting a response, not yet due", test: (i, now) => responseOutcome(i, now) === "not-yet-due" },
  settled: { label: "answered, or past their due date (the base of the on-time share)", test: (i, now) => responseOutcome(i, now) !== "not-yet-due" },
} satisfies Record<string, { label: string; test: (item: ResponseItem, now: Date) => boolean }>;

export const ACTION_MEASURES = {
  actions: { label: "actions", test: () => true },
  open: { label: "open actions", test: (a) => a.status === "open" },
  "in-progress": { label: "actions in progress", test: (a) => a.status === "in-progress" },
  done: { label: "actions done", test: (a) => a.status === "done" },
  "not-doing": { label: "actions the owner decided not to do", test: (a) => a.status === "not-doing" },
  "action-overdue": { label: "overdue actions", test: (a, now) => isActionOverdue(a, now) },
} satisfies Record<string, { label: string; test: (action: PublicAction, now: Date) => boolean }>;

export type ResponseMeasure = keyof typeof RESPONSE_MEASURES;
export type ActionMeasure = keyof typeof ACTION_MEASURES;
export type Measure = ResponseMeasure | ActionMeasure;
export const isResponseMeasure = (v: unknown): v is ResponseMeasure => typeof v === "string" && Object.hasOwn(RESPONSE_MEASURES, v);
export const isActionMeasure = (v: unknown): v is ActionMeasure => typeof v === "string" && Object.hasOwn(ACTION_MEASURES, v);

export type ResponseFigures = {
  due: number;
  answered: number;
  onTime: number;
  late: number;
  awaiting: number;
  overdue: number;
  notYetDue: number;
  settled: number;
  /** on time ÷ settled, 0–1; null when nothing is settled yet. */
  shareOnTime: number | null;
  medianDaysToRespond: number | null;
};

export type ActionFigures = {
  actions: number;
  open: number;
  inProgress: number;
  done: number;
  notDoing: number;
  overdue: number;
  medianDaysToComplete: number | null;
};

const count = <T>(list: T[], test: (x: T, now: Date) => boolean, now: Date) => list.filter((x) => test(x, now)).length;

export function responseFigures(items: ResponseItem[], now: Date): ResponseFigures {
  const m = RESPONSE_MEASURES;
  const onTime = count(items, m["on-time"].test, now);
  const settled = count(items, m.settled.test, now);
  return {
    due: count(items, m.due.test, now),
    answered: count(items, m.answered.test, now),
    onTime,
    late: count(items, m.late.test, now),
    awaiting: count(items, m.awaiting.test, now),
    overdue: count(items, m.overdue.test, now),
    notYetDue: count(items, m["not-yet-due"].test, now),
    settled,
    shareOnTime: settled ? onTime / settled : null,
    medianDaysToRespond: median(items.map(daysToRespond).filter((d): d is number => d !== null)),
  };
}

export function actionFigures(actions: PublicAction[], now: Date): ActionFigures {
  const m = ACTION_MEASURES;
  return {
    actions: count(actions, m.actions.test, now),
    open: count(actions, m.open.test, now),
    inProgress: count(actions, m["in-progress"].test, now),
    done: count(actions, m.done.test, now),
    notDoing: count(actions, m["not-doing"].test, now),
    overdue: count(actions, m["action-overdue"].test, now),
    medianDaysToComplete: median(actions.map(daysToComplete).filter((d): d is number => d !== null)),
  };
}

/** Who and when a figure is about: an organisation (or all) and a quarter (or all). */
export type Scope = { organisation: string | null; quarter: string | null };

export function inScope(x: { organisation: string; dueAt: Date }, scope: Scope) {
  return (!scope.organisation || x.organisation === scope.organisation) && (!scope.quarter || londonQuarter(x.dueAt) === scope.quarter);
}

export type AccountabilityData = { items: ResponseItem[]; actions: PublicAction[] };

export async function loadAccountability(): Promise<AccountabilityData> {
  const [items, actions] = await Promise.all([listResponseItems(), listPublicActions()]);
  return { items, actions };
}

export type FigureRow = {
  organisation: string | null;
  quarter: string | null;
  /** Null for the facilitators, who are not asked for official responses. */
  responses: ResponseFigures | null;
  actions: ActionFigures;
};

/**
 * Every figure of the dashboard: for each organisation (and all together), for each quarter
 * that has an item or an action (newest first) and for all quarters together.
 */
export function accountabilityFigures(data: AccountabilityData, now: Date) {
  const quarters = [...new Set([...data.items, ...data.actions].map((x) => londonQuarter(x.dueAt)))].sort().reverse();
  const organisations: (string | null)[] = [null, ...ACTION_ORGANISATIONS];
  const rows: FigureRow[] = [];
  for (const organisation of organisations) {
    for (const quarter of [null, ...quarters]) {
      const scope = { organisation, quarter };
      rows.push({
        organisation,
        quarter,
        responses: organisation === "facilitator" ? null : responseFigures(data.items.filter((i) => inScope(i, scope)), now),
        actions: actionFigures(data.actions.filter((a) => inScope(a, scope)), now),
      });
    }
  }
  const find = (organisation: string | null, quarter: string | null) => rows.find((r) => r.organisation === organisation && r.quarter === quarter)!;
  return { quarters, rows, find };
}

/** The records behind one figure: the same filter and predicate that counted it. */
export function itemsBehind(data: AccountabilityData, scope: Scope, measure: Measure, now: Date) {
  if (isResponseMeasure(measure)) {
    const test = RESPONSE_MEASURES[measure].test;
    return { kind: "responses" as const, items: data.items.filter((i) => inScope(i, scope) && test(i, now)), actions: [] as PublicAction[] };
  }
  const test = ACTION_MEASURES[measure].test;
  return { kind: "actions" as const, items: [] as ResponseItem[], actions: data.actions.filter((a) => inScope(a, scope) && test(a, now)) };
}

/** A link to the list behind a figure. */
export function measureHref(measure: Measure, scope: Partial<Scope> = {}) {
  const params = new URLSearchParams();
  if (scope.organisation) params.set("org", scope.organisation);
  if (scope.quarter) params.set("quarter", scope.quarter);
  params.set("measure", measure);
  return `/accountability/items?${params}`;
}

// ---------------------------------------------------------------------------------------------
// Official responses that are public, one source per kind of thing answered

export type PublicResponse = {
  id: string;
  kind: ResponseKind;
  targetId: string;
  organisation: string;
  responderTitle: string;
  bodyHtml: string;
  publishedAt: Date;
  editedAt: Date | null;
  /** What it answers, safe for anyone (see ResponseItem.label). */
  target: { label: string; summary: string | null; href: string | null; forumNames: string[] };
};

export type ResponseFilter = {
  organisation?: Organisation;
  kind?: ResponseKind;
  forumId?: string;
  responseId?: string;
  /** Keyset: responses published before this one (newest first). */
  before?: { at: Date; id: string } | null;
};

const responseColumns = {
  id: officialResponse.id,
  targetId: officialResponse.targetId,
  organisation: officialResponse.organisation,
  responderTitle: officialResponse.responderTitle,
  bodyHtml: officialResponse.bodyHtml,
  publishedAt: officialResponse.publishedAt,
  editedAt: officialResponse.editedAt,
};

function commonResponseFilter(kind: ResponseKind, filter: ResponseFilter): SQL {
  const before = filter.before;
  return and(
    eq(officialResponse.targetType, kind),
    filter.organisation ? eq(officialResponse.organisation, filter.organisation) : undefined,
    filter.responseId ? eq(officialResponse.id, filter.responseId) : undefined,
    before
      ? or(lt(officialResponse.publishedAt, before.at), and(eq(officialResponse.publishedAt, before.at), lt(officialResponse.id, before.id)))
      : undefined,
  )!;
}

const newestFirst = [desc(officialResponse.publishedAt), desc(officialResponse.id)];

type ResponseSource = (q: Queryable, filter: ResponseFilter, limit: number) => Promise<PublicResponse[]>;

/** Responses on threads: public even on members-only threads, which are summarised, never quoted. */
const threadResponses: ResponseSource = async (q, filter, limit) => {
  const rows = await q
    .select({
      ...responseColumns,
      publicTitle: sql<string | null>`case when ${qualified(thread.visibility)} = 'public' then ${qualified(thread.title)} else null end`,
      publicSummary: thread.publicSummary,
      forumName: forum.name,
    })
    .from(officialResponse)
    .innerJoin(thread, eq(thread.id, officialResponse.targetId))
    .innerJoin(forum, eq(forum.id, thread.forumId))
    .where(and(commonResponseFilter("thread", filter), eq(thread.published, true), filter.forumId ? eq(thread.forumId, filter.forumId) : undefined))
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map(({ publicTitle, publicSummary, forumName, ...r }) => ({
    ...r,
    kind: "thread",
    target: {
      label: publicTitle ?? membersOnlyLabel(forumName),
      summary: publicTitle ? null : publicSummary,
      href: publicTitle ? `/threads/${r.targetId}` : null,
      forumNames: [forumName],
    },
  }));
};

/** "You said, we did": public with the consultation (once its results are published). */
const consultationResponses: ResponseSource = async (q, filter, limit) => {
  const rows = await q
    .select({ ...responseColumns, title: consultation.title, forumNames: consultationForumNames })
    .from(officialResponse)
    .innerJoin(consultation, eq(consultation.id, officialResponse.targetId))
    .where(
      and(
        commonResponseFilter("consultation", filter),
        inArray(consultation.status, [...PUBLIC_CONSULTATION_STATUSES]),
        filter.forumId ? sql`exists (select 1 from ${consultationForum} cf where cf.consultation_id = ${consultation.id} and cf.forum_id = ${filter.forumId})` : undefined,
      ),
    )
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map(({ title, forumNames, ...r }) => ({
    ...r,
    kind: "consultation",
    target: { label: title, summary: null, href: `/consultations/${r.targetId}`, forumNames: forumNames ?? [] },
  }));
};

/** Responses on a meeting: public with its minutes (published, in a forum whose minutes are public). */
const meetingResponses: ResponseSource = async (q, filter, limit) => {
  const rows = await q
    .select({ ...responseColumns, title: meeting.title, startsAt: meeting.startsAt, forumName: forum.name })
    .from(officialResponse)
    .innerJoin(meeting, eq(meeting.id, officialResponse.targetId))
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(
      and(
        commonResponseFilter("meeting", filter),
        eq(meeting.status, "minutes-published"),
        eq(forum.minutesPublic, true),
        filter.forumId ? eq(meeting.forumId, filter.forumId) : undefined,
      ),
    )
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map(({ title, startsAt, forumName, ...r }) => ({
    ...r,
    kind: "meeting",
    target: { label: `${title}, ${formatLondonDate(startsAt)}`, summary: null, href: `/meetings/${r.targetId}`, forumNames: [forumName] },
  }));
};

/** Responses on an action: public with the action. */
const actionResponses: ResponseSource = async (q, filter, limit) => {
  const rows = await q
    .select({ ...responseColumns, title: actionItem.title, forumName: forum.name })
    .from(officialResponse)
    .innerJoin(actionItem, eq(actionItem.id, officialResponse.targetId))
    .leftJoin(forum, eq(forum.id, actionItem.forumId))
    .where(and(commonResponseFilter("action", filter), publicActionSql, filter.forumId ? eq(actionItem.forumId, filter.forumId) : undefined))
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map(({ title, forumName, ...r }) => ({
    ...r,
    kind: "action",
    target: { label: title, summary: null, href: `/actions/${r.targetId}`, forumNames: forumName ? [forumName] : [] },
  }));
};

/** The Met's response to a month's My Met Service report: public like the report. */
const feedbackReportResponses: ResponseSource = async (q, filter, limit) => {
  // Reports concern no forum.
  if (filter.forumId) return [];
  const rows = await q
    .select({ ...responseColumns, month: feedbackReport.month })
    .from(officialResponse)
    .innerJoin(feedbackReport, eq(feedbackReport.id, officialResponse.targetId))
    .where(commonResponseFilter("feedback-report", filter))
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map(({ month, ...r }) => ({
    ...r,
    kind: "feedback-report",
    target: { label: feedbackReportLabel(month), summary: null, href: `/my-met-service/${month}`, forumNames: [] },
  }));
};

const RESPONSE_SOURCES: Record<ResponseKind, ResponseSource> = {
  thread: threadResponses,
  consultation: consultationResponses,
  meeting: meetingResponses,
  action: actionResponses,
  "feedback-report": feedbackReportResponses,
};

/**
 * Public official responses, newest first, a page at a time (keyset on publishedAt, id): each
 * kind's query returns at most `limit + 1` rows, and the merge keeps the newest.
 */
export async function listPublicResponses(filter: ResponseFilter = {}, limit = 25) {
    const q = database();
  const kinds = filter.kind ? [filter.kind] : RESPONSE_KINDS;
  const lists = await allQueries(...kinds.map((kind) => () => RESPONSE_SOURCES[kind](q, filter, limit + 1)));
  const merged = lists
    .flat()
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = merged.slice(0, limit);
  const last = page[page.length - 1];
  return { responses: page, next: merged.length > limit && last ? { at: last.publishedAt, id: last.id } : null };
}

/** Every public response (for feeds and downloads), newest first. */
export async function listAllPublicResponses(filter: Omit<ResponseFilter, "before"> = {}, max = 10_000) {
  return (await listPublicResponses(filter, max)).responses;
}

export async function getPublicResponse(id: string): Promise<PublicResponse | null> {
  if (!isUuid(id)) return null;
  const { responses } = await listPublicResponses({ responseId: id }, 1);
  return responses[0] ?? null;
}

export function encodeResponseCursor(c: { at: Date; id: string }) {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeResponseCursor(raw: string | null | undefined): { at: Date; id: string } | null {
  if (!raw) return null;
  const [at, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (!at || !isUuid(id) || Number.isNaN(Date.parse(at))) return null;
  return { at: new Date(at), id };
}

// ---------------------------------------------------------------------------------------------
// Was a response on time?

export type Timeliness =
  | { state: "on-time" | "late"; dueAt: Date; days: number }
  | { state: "follow-up"; dueAt: Date }
  | { state: "no-deadline" };

/** How each response stands against the clock of what it answers. */
export function timelinessOf(response: Pick<PublicResponse, "id" | "kind" | "targetId" | "organisation">, items: ResponseItem[]): Timeliness {
  const item = items.find((i) => i.kind === response.kind && i.id === response.targetId && i.organisation === response.organisation);
  if (!item) return { state: "no-deadline" };
  if (item.firstResponseId !== response.id) return { state: "follow-up", dueAt: item.dueAt };
  return { state: isAnsweredOnTime(item.answeredAt!, item.dueAt) ? "on-time" : "late", dueAt: item.dueAt, days: daysToRespond(item)! };
}

export function timelinessText(t: Timeliness): string {
  switch (t.state) {
    case "on-time":
      return `On time: due ${formatLondonDate(t.dueAt)}, answered in ${t.days} day${t.days === 1 ? "" : "s"}`;
    case "late":
      return `Late: due ${formatLondonDate(t.dueAt)}, answered in ${t.days} day${t.days === 1 ? "" : "s"}`;
    case "follow-up":
      return "A further response (the first one is what counts against the due date)";
    case "no-deadline":
      return "No due date was set for this response";
  }
}

/** Several lines of plain text as one (headings and paragraphs become sentences), for excerpts. */
export function oneLine(text: string): string {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/[.!?:;…,]$/.test(l) ? l : `${l}.`))
    .join(" ");
}

/** Plain text of sanitized HTML, shortened at a word: for lists, feeds' summaries and CSV. */
export function plainText(html: string, max = Infinity): string {
  const text = html
    .replace(/<\/(p|li|h[1-6]|blockquote|tr)>/gi, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20)).trimEnd()}…`;
}

/** Forums by name, for the /responses filter (forum names are public: responses name them). */
export async function listForumChoices() {
    const q = database();
  return q.select({ id: forum.id, slug: forum.slug, name: forum.name }).from(forum).orderBy(asc(forum.name));
}

// ---------------------------------------------------------------------------------------------
// What the pages' addresses may ask for (parsed here, so no schema runs in the browser bundle)

const responseFilterSchema = z.object({
  // Unknown values are ignored (treated as "all"), so an old or mistyped link still shows a list.
  org: z.enum(ORGANISATIONS).optional().catch(undefined),
  kind: z.enum(RESPONSE_KINDS).optional().catch(undefined),
  forum: z.string().max(100).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});

/** /responses?org=&kind=&forum=&after= */
export function parseResponseFilter(params: URLSearchParams) {
  return responseFilterSchema.parse(Object.fromEntries(params));
}

const itemsQuerySchema = z.object({
  org: z.enum(ACTION_ORGANISATIONS).optional(),
  quarter: z.string().refine(isQuarter, "A quarter looks like 2026-Q3").optional(),
  measure: z.string().refine((m) => isResponseMeasure(m) || isActionMeasure(m), "Unknown figure").default("due"),
});

/**
 * /accountability/items?org=&quarter=&measure=: the scope and measure of one figure, or null
 * when the address names no figure (the facilitators are never asked for official responses).
 */
export function parseItemsQuery(params: URLSearchParams): { scope: Scope; measure: Measure } | null {
  const parsed = itemsQuerySchema.safeParse(Object.fromEntries([...params].filter(([, v]) => v !== "")));
  if (!parsed.success) return null;
  const measure = parsed.data.measure as Measure;
  if (parsed.data.org === "facilitator" && isResponseMeasure(measure)) return null;
  return { scope: { organisation: parsed.data.org ?? null, quarter: parsed.data.quarter ?? null }, measure };
}

export function measureLabel(measure: Measure): string {
  return isResponseMeasure(measure) ? RESPONSE_MEASURES[measure].label : ACTION_MEASURES[measure as ActionMeasure].label;
}
