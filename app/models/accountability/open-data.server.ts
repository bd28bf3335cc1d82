// Open data: the public records behind /responses, the action log, consultation results and
// /accountability, as CSV (csv-stringify) and JSON. Every file is built from the same public
// sources as the pages (accountability.server.ts), so nothing members-only can be in one, and
// the data dictionary on /open-data is this file's DATASETS: a column cannot be added to a
// download without being described.
import { asc, eq, inArray } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Queryable } from "../../../db/client";
import { consultation, consultationForum } from "../../../db/schema/consultations";
import { forum } from "../../../db/schema/forums";
import { database } from "../database.server";
import {
  accountabilityFigures,
  daysToComplete,
  listAllPublicResponses,
  listPublicActionUpdates,
  loadAccountability,
  londonQuarter,
  plainText,
  PUBLIC_CONSULTATION_STATUSES,
  timelinessOf,
  type ResponseItem,
} from "./dashboard.server";
import { computeResults, publishedCount, FIGURE_HIDDEN_NOTE, FORUM_HIDDEN_NOTE, SMALL_NUMBER_THRESHOLD } from "../consultations/results.server";
import { allFeedbackMonthFigures, type FeedbackFigure } from "../feedback/public-figures.server";
import { isActionOverdue, responseOutcome } from "~/utils/clocks";

type Column = { name: string; description: string };

export const DATASETS = {
  responses: {
    title: "Official responses",
    description: "Every official response the Metropolitan Police and MOPAC published that the public may read, newest first. One row per response.",
    columns: [
      { name: "response_id", description: "The response's identifier (also its id in the Atom feed, as urn:uuid:<response_id>)." },
      { name: "kind", description: "What kind of thing it answers: thread, consultation, meeting, action or feedback-report (a month's My Met Service report)." },
      { name: "target_id", description: "The identifier of the thing it answers." },
      { name: "answers", description: "What it answers: the title, or for a members-only discussion a description that quotes nobody." },
      { name: "moderator_summary", description: "For a members-only discussion: the forum moderators' public summary. Members' own words are never published." },
      { name: "target_url", description: "The public page of the thing it answers (empty when it has none, e.g. a members-only discussion)." },
      { name: "forums", description: "The forum(s) it concerns, separated by semicolons." },
      { name: "organisation", description: "Who answered: met (Metropolitan Police) or mopac (Mayor's Office for Policing and Crime)." },
      { name: "responder_role", description: "The role of the person who answered, as they gave it (names are not published)." },
      { name: "published_at", description: "When the response was published (ISO 8601, UTC)." },
      { name: "edited_at", description: "When it was last edited, if ever (ISO 8601, UTC)." },
      { name: "due_at", description: "When a response was due, if one was asked for (ISO 8601, UTC): threads marked for response, closed consultations and My Met Service's monthly reports. Responses on meetings and actions have none." },
      { name: "timeliness", description: "on-time, late, follow-up (a later response; the first one counts) or no-deadline (nothing asked for a response by a date, as with every response on a meeting or an action)." },
      { name: "days_to_respond", description: "London calendar days from the request to this response (first responses only)." },
      { name: "body_text", description: "The response as plain text. The JSON file also has body_html, the response as published." },
      { name: "url", description: "The response's page on this site." },
    ],
  },
  actions: {
    title: "Actions",
    description: "Every public action item the Met, MOPAC or the forum's facilitators agreed to, from meeting minutes or a consultation response. One row per action; the JSON file includes each action's update history.",
    columns: [
      { name: "action_id", description: "The action's identifier." },
      { name: "title", description: "What will be done." },
      { name: "organisation", description: "Who owns it: met, mopac or facilitator." },
      { name: "status", description: "open, in-progress, done or not-doing." },
      { name: "due_at", description: "The end of its due day in London (ISO 8601, UTC)." },
      { name: "due_quarter", description: "The calendar quarter of its due date, e.g. 2026-Q3." },
      { name: "overdue", description: "true when open or in progress after its due date, at the time the file was made." },
      { name: "created_at", description: "When it was agreed (ISO 8601, UTC)." },
      { name: "completed_at", description: "When it was marked done or not doing (ISO 8601, UTC)." },
      { name: "days_to_complete", description: "London calendar days from being agreed to being marked done (done actions only)." },
      { name: "source_type", description: "Where it was agreed: meeting or consultation." },
      { name: "source_id", description: "The identifier of that meeting or consultation." },
      { name: "source", description: "The meeting's title and date, or the consultation's title." },
      { name: "source_url", description: "The public page of that meeting or consultation." },
      { name: "forum", description: "The forum it came from, when it came from one forum." },
      { name: "updates", description: "How many dated updates its public log has (listed in action-updates.csv and in actions.json)." },
      { name: "url", description: "The action's page on this site." },
    ],
  },
  "action-updates": {
    title: "Action updates",
    description: "The public log of every public action: each status change and progress note, oldest first. One row per update.",
    columns: [
      { name: "update_id", description: "The update's identifier." },
      { name: "action_id", description: "The action it belongs to (see actions.csv)." },
      { name: "created_at", description: "When it was written (ISO 8601, UTC)." },
      { name: "organisation", description: "Which organisation wrote it (names are not published)." },
      { name: "status_from", description: "The status before (empty for a note that changed nothing)." },
      { name: "status_to", description: "The status after." },
      { name: "note", description: "What they said." },
    ],
  },
  consultations: {
    title: "Consultation results",
    description: `Aggregated answers to every consultation whose results are published: one row per option per question, for all forums and for each forum whose figures identify nobody. No figure counts, or gives back by subtraction from another, fewer than ${SMALL_NUMBER_THRESHOLD} people: such figures are empty, with a note (the rule is on every results page). Never an individual response; written answers are counted, not reproduced.`,
    columns: [
      { name: "consultation_id", description: "The consultation's identifier." },
      { name: "title", description: "The consultation's title." },
      { name: "organisation", description: "Whose proposal it was: met or mopac." },
      { name: "closed_at", description: "When it closed (ISO 8601, UTC)." },
      { name: "results_published_at", description: "When its results were published (ISO 8601, UTC)." },
      { name: "response_due_at", description: `When "You said, we did" is due: 12 weeks after it closed (ISO 8601, UTC).` },
      { name: "responded_at", description: `When "You said, we did" was published (ISO 8601, UTC).` },
      { name: "response_timeliness", description: "on-time, late, overdue or not-yet-due (at the time the file was made)." },
      { name: "respondents", description: `How many members answered (empty when fewer than ${SMALL_NUMBER_THRESHOLD}).` },
      { name: "question_number", description: "The question's number." },
      { name: "question", description: "The question." },
      { name: "question_kind", description: "single, multiple, scale (1 to 5) or text." },
      { name: "scope", description: `"All forums", or a forum's name.` },
      { name: "option", description: "The option (for a scale, the point on it)." },
      { name: "count", description: "How many chose it (text questions: how many written answers were published)." },
      { name: "percent", description: "count as a percentage of answered, to one decimal place." },
      { name: "answered", description: "How many answered the question in this scope." },
      { name: "mean", description: "Scale questions: the mean answer, to two decimal places." },
      { name: "note", description: `Why a row has no figures (they would count, or give back by subtraction, fewer than ${SMALL_NUMBER_THRESHOLD} people).` },
    ],
  },
  accountability: {
    title: "Accountability figures",
    description: "The figures on /accountability: per organisation and per quarter of the due date, and for all of them together. See the definitions on /accountability.",
    columns: [
      { name: "organisation", description: "all, met, mopac or facilitator (facilitators are asked for actions, not official responses)." },
      { name: "quarter", description: "all, or a calendar quarter of the due date, e.g. 2026-Q3." },
      { name: "items_due", description: "Threads marked for response and consultations that closed, with their due date in this quarter." },
      { name: "answered_on_time", description: "Of those, answered at or before their due date." },
      { name: "answered_late", description: "Of those, answered after their due date." },
      { name: "awaiting_response", description: "Of those, not answered yet." },
      { name: "overdue", description: "Of those, not answered and past their due date." },
      { name: "not_yet_due", description: "Of those, not answered and not yet due." },
      { name: "share_answered_on_time", description: "answered_on_time ÷ (answered_on_time + answered_late + overdue), 0 to 1; empty when that is 0." },
      { name: "median_days_to_respond", description: "The median of London calendar days from request to first response, over answered items." },
      { name: "actions", description: "Public actions with their due date in this quarter." },
      { name: "actions_open", description: "Of those, open." },
      { name: "actions_in_progress", description: "Of those, in progress." },
      { name: "actions_done", description: "Of those, done." },
      { name: "actions_not_doing", description: "Of those, not doing (with a reason)." },
      { name: "actions_overdue", description: "Of those, open or in progress after their due date." },
      { name: "median_days_to_complete", description: "The median of London calendar days from being agreed to done, over done actions." },
    ],
  },
  feedback: {
    title: "My Met Service ratings by borough and month",
    description: `How victims of crime rated the officers they met (1 = very badly, 5 = very well), per month: London-wide and for each borough whose figures identify nobody, after a contact with an officer (in the month of the contact) and through leaflets' QR codes (in the month the rating arrived), never added together. One row per month, group and place. No figure counts, or gives back by subtraction from another, fewer than ${SMALL_NUMBER_THRESHOLD} people: such figures are empty, with a note (the rule is on /my-met-service). Comments are never published.`,
    columns: [
      { name: "month", description: "The London calendar month, e.g. 2026-11." },
      { name: "group", description: "after-contact (an officer gave the victim a single-use link) or leaflet (a borough leaflet's QR code)." },
      { name: "place", description: `"London" (every borough), or a borough's name.` },
      { name: "borough", description: "The borough's code (e.g. tower-hamlets), or london." },
      { name: "ratings", description: "How many ratings." },
      { name: "rated_5", description: "How many rated 5 (very well)." },
      { name: "rated_4", description: "How many rated 4 (well)." },
      { name: "rated_3", description: "How many rated 3 (neither well nor badly)." },
      { name: "rated_2", description: "How many rated 2 (badly)." },
      { name: "rated_1", description: "How many rated 1 (very badly)." },
      { name: "mean", description: "The mean rating, to two decimal places (only when no rating is hidden)." },
      { name: "contacts_asked", description: "after-contact only: contacts where an officer asked for feedback (links issued)." },
      { name: "led_to_feedback_percent", description: "after-contact only: ratings ÷ contacts_asked, as a percentage to one decimal place." },
      { name: "note", description: `Why a row has no figures (they would count, or give back by subtraction, fewer than ${SMALL_NUMBER_THRESHOLD} people).` },
    ],
  },
  "feedback-reports": {
    title: "My Met Service monthly reports",
    description: "Each month's London-wide My Met Service report, once its figures are published (at the end of the 28th day after the month, when they can no longer change), and the Metropolitan Police's official response to it: due 20 working days after that. One row per month.",
    columns: [
      { name: "month", description: "The London calendar month, e.g. 2026-11." },
      { name: "report_id", description: "The report's identifier (an official response's target_id in responses.csv)." },
      { name: "awaiting_since", description: "When it started to await a response: when the month's figures were published, the end of the 28th day after the month in London (ISO 8601, UTC)." },
      { name: "response_due_at", description: "When the Met's response is due (ISO 8601, UTC)." },
      { name: "responded_at", description: "When the Met's first response was published (ISO 8601, UTC)." },
      { name: "response_timeliness", description: "on-time, late, overdue or not-yet-due (at the time the file was made)." },
      { name: "response_url", description: "The response's page on this site." },
      { name: "url", description: "The report's page on this site." },
    ],
  },
} as const satisfies Record<string, { title: string; description: string; columns: readonly Column[] }>;

export type DatasetName = keyof typeof DATASETS;
export const isDatasetName = (v: unknown): v is DatasetName => typeof v === "string" && Object.hasOwn(DATASETS, v);

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start)
 * gets a leading apostrophe, as OWASP advises for CSV files people open in spreadsheets.
 */
function spreadsheetSafe(value: Cell): Cell {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The dataset's columns, in the dictionary's order (anything else in a row, e.g. nested history, is left out). */
export function toCsv(dataset: DatasetName, rows: Record<string, unknown>[]): string {
  const columns = DATASETS[dataset].columns.map((c) => c.name);
  const safe = rows.map((r) => Object.fromEntries(columns.map((c) => [c, spreadsheetSafe((r[c] ?? null) as Cell)])));
  return stringify(safe, { header: true, columns, cast: { boolean: (v) => (v ? "true" : "false") } });
}

// ---------------------------------------------------------------------------------------------
// The datasets

export async function responsesDataset(origin: string) {
  const [responses, { items }] = await Promise.all([listAllPublicResponses(), loadAccountability()]);
  return responses.map((r) => {
    const t = timelinessOf(r, items);
    return {
      response_id: r.id,
      kind: r.kind,
      target_id: r.targetId,
      answers: r.target.label,
      moderator_summary: r.target.summary,
      target_url: r.target.href ? `${origin}${r.target.href}` : null,
      forums: r.target.forumNames.join("; "),
      organisation: r.organisation,
      responder_role: r.responderTitle,
      published_at: iso(r.publishedAt),
      edited_at: iso(r.editedAt),
      due_at: t.state === "no-deadline" ? null : iso(t.dueAt),
      timeliness: t.state,
      days_to_respond: t.state === "on-time" || t.state === "late" ? t.days : null,
      body_text: plainText(r.bodyHtml),
      body_html: r.bodyHtml,
      url: `${origin}/responses/${r.id}`,
    };
  });
}

export async function actionsDataset(origin: string, now: Date) {
  const [{ actions }, updates] = await Promise.all([loadAccountability(), listPublicActionUpdates()]);
  const updateRows = updates.map((u) => ({
    update_id: u.id,
    action_id: u.actionItemId,
    created_at: iso(u.createdAt),
    organisation: u.organisation,
    status_from: u.statusFrom,
    status_to: u.statusTo,
    note: u.note,
  }));
  const actionRows = actions.map((a) => {
    const history = updateRows.filter((u) => u.action_id === a.id);
    return {
      action_id: a.id,
      title: a.title,
      organisation: a.organisation,
      status: a.status,
      due_at: iso(a.dueAt),
      due_quarter: londonQuarter(a.dueAt),
      overdue: isActionOverdue(a, now),
      created_at: iso(a.createdAt),
      completed_at: iso(a.completedAt),
      days_to_complete: daysToComplete(a),
      source_type: a.sourceType,
      source_id: a.sourceId,
      source: a.sourceLabel,
      source_url: `${origin}${a.sourceHref}`,
      forum: a.forumName,
      updates: history.length,
      url: `${origin}/actions/${a.id}`,
      history,
    };
  });
  return { actions: actionRows, updates: updateRows };
}

export async function consultationsDataset(origin: string, now: Date) {
    const q = database();
  const [consultations, targets, { items }] = await Promise.all([
    q
      .select()
      .from(consultation)
      .where(inArray(consultation.status, [...PUBLIC_CONSULTATION_STATUSES]))
      .orderBy(asc(consultation.closedAt), asc(consultation.id)),
    q
      .select({ consultationId: consultationForum.consultationId, id: forum.id, name: forum.name })
      .from(consultationForum)
      .innerJoin(forum, eq(forum.id, consultationForum.forumId))
      .orderBy(asc(forum.name)),
    loadAccountability(),
  ]);
  const result = [];
  for (const c of consultations) {
    const forums = targets.filter((t) => t.consultationId === c.id).map((t) => ({ id: t.id, name: t.name }));
    const results = await computeResults(c.id, forums);
    const item: ResponseItem | undefined = items.find((i) => i.kind === "consultation" && i.id === c.id);
    const timeliness = item ? responseOutcome(item, now) : null;
    result.push({
      consultation_id: c.id,
      title: c.title,
      organisation: c.organisation,
      closed_at: iso(c.closedAt),
      results_published_at: iso(c.resultsPublishedAt),
      response_due_at: item ? iso(item.dueAt) : null,
      responded_at: item?.answeredAt ? iso(item.answeredAt) : null,
      response_timeliness: timeliness,
      respondents: results.respondents,
      url: `${origin}/consultations/${c.id}`,
      questions: results.questions.map((qn) => ({
        question_number: qn.number,
        question: qn.prompt,
        question_kind: qn.kind,
        answered: qn.answered,
        mean: qn.mean,
        ...(qn.kind === "text" ? { written_answers_published: publishedCount(qn.written.length) } : { options: qn.options }),
        by_forum:
          qn.kind === "text"
            ? []
            : qn.byForum.map((b) =>
                b.suppressed
                  ? { forum: b.forumName, suppressed: true, note: FORUM_HIDDEN_NOTE }
                  : { forum: b.forumName, suppressed: false, answered: b.answered, mean: b.mean, options: b.options },
              ),
      })),
    });
  }
  return result;
}

type ConsultationData = Awaited<ReturnType<typeof consultationsDataset>>;

export function consultationRows(data: ConsultationData): Row[] {
  const rows: Row[] = [];
  for (const c of data) {
    const { questions, url: _url, ...head } = c;
    for (const qn of questions) {
      const common = { ...head, question_number: qn.question_number, question: qn.question, question_kind: qn.question_kind, mean: null, note: null };
      if ("written_answers_published" in qn) {
        rows.push({ ...common, scope: "All forums", option: null, count: qn.written_answers_published, percent: null, answered: qn.answered, note: "written answers: counted here, readable on the consultation's page" });
        continue;
      }
      for (const o of qn.options) rows.push({ ...common, scope: "All forums", option: o.label, count: o.count, percent: o.percent, answered: qn.answered, mean: qn.mean, note: o.count === null ? FIGURE_HIDDEN_NOTE : null });
      for (const b of qn.by_forum) {
        if (b.suppressed) {
          rows.push({ ...common, scope: b.forum, option: null, count: null, percent: null, answered: null, note: b.note ?? null });
          continue;
        }
        for (const o of b.options ?? []) rows.push({ ...common, scope: b.forum, option: o.label, count: o.count, percent: o.percent, answered: b.answered ?? null, mean: b.mean ?? null });
      }
    }
  }
  return rows;
}

export async function accountabilityDataset(now: Date) {
  const figures = accountabilityFigures(await loadAccountability(), now);
  return figures.rows.map((r) => ({
    organisation: r.organisation ?? "all",
    quarter: r.quarter ?? "all",
    items_due: r.responses?.due ?? null,
    answered_on_time: r.responses?.onTime ?? null,
    answered_late: r.responses?.late ?? null,
    awaiting_response: r.responses?.awaiting ?? null,
    overdue: r.responses?.overdue ?? null,
    not_yet_due: r.responses?.notYetDue ?? null,
    share_answered_on_time: r.responses?.shareOnTime == null ? null : Math.round(r.responses.shareOnTime * 1000) / 1000,
    median_days_to_respond: r.responses?.medianDaysToRespond ?? null,
    actions: r.actions.actions,
    actions_open: r.actions.open,
    actions_in_progress: r.actions.inProgress,
    actions_done: r.actions.done,
    actions_not_doing: r.actions.notDoing,
    actions_overdue: r.actions.overdue,
    median_days_to_complete: r.actions.medianDaysToComplete,
  }));
}

export const FEEDBACK_HIDDEN_NOTE = `not shown: too few people, or it could be worked out from the other figures (fewer than ${SMALL_NUMBER_THRESHOLD})`;

/** Every month's published My Met Service figures (the page's, with the same figures hidden). */
export async function feedbackDataset(origin: string, now = new Date()) {
  const months = await allFeedbackMonthFigures(now);
  return months.map((m) => ({ month: m.month, url: `${origin}/my-met-service/${m.month}`, after_contact: m.contacts, leaflet: m.leaflets }));
}

export function feedbackRows(data: Awaited<ReturnType<typeof feedbackDataset>>): Row[] {
  const rows: Row[] = [];
  const figureCells = (f: FeedbackFigure, contacts: boolean) => ({
    ratings: f.ratings,
    rated_5: f.distribution[4],
    rated_4: f.distribution[3],
    rated_3: f.distribution[2],
    rated_2: f.distribution[1],
    rated_1: f.distribution[0],
    mean: f.mean,
    contacts_asked: contacts ? f.issued : null,
    led_to_feedback_percent: contacts ? f.share : null,
    note: f.ratings === null ? FEEDBACK_HIDDEN_NOTE : null,
  });
  for (const m of data) {
    for (const [group, figures, contacts] of [["after-contact", m.after_contact, true], ["leaflet", m.leaflet, false]] as const) {
      rows.push({ month: m.month, group, place: "London", borough: "london", ...figureCells(figures.london, contacts) });
      for (const b of figures.boroughs) {
        rows.push(b.shown ? { month: m.month, group, place: b.name, borough: b.borough, ...figureCells(b.figure, contacts) } : { month: m.month, group, place: b.name, borough: b.borough, note: FEEDBACK_HIDDEN_NOTE });
      }
    }
  }
  return rows;
}

export async function feedbackReportsDataset(origin: string, now: Date) {
  const [{ items }, responses] = await Promise.all([loadAccountability(), listAllPublicResponses({ kind: "feedback-report" })]);
  return items
    .filter((i) => i.kind === "feedback-report")
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime())
    .map((i) => {
      const month = i.href?.split("/").pop() ?? "";
      const response = responses.find((r) => r.id === i.firstResponseId);
      return {
        month,
        report_id: i.id,
        awaiting_since: iso(i.requestedAt),
        response_due_at: iso(i.dueAt),
        responded_at: iso(i.answeredAt),
        response_timeliness: responseOutcome(i, now),
        response_url: response ? `${origin}/responses/${response.id}` : null,
        url: `${origin}${i.href}`,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Files

export const OPEN_DATA_FILES = {
  "responses.csv": "responses",
  "responses.json": "responses",
  "actions.csv": "actions",
  "actions.json": "actions",
  "action-updates.csv": "action-updates",
  "consultations.csv": "consultations",
  "consultations.json": "consultations",
  "accountability.csv": "accountability",
  "accountability.json": "accountability",
  "feedback.csv": "feedback",
  "feedback.json": "feedback",
  "feedback-reports.csv": "feedback-reports",
  "feedback-reports.json": "feedback-reports",
} as const satisfies Record<string, DatasetName>;

export type OpenDataFile = keyof typeof OPEN_DATA_FILES;
export const isOpenDataFile = (v: unknown): v is OpenDataFile => typeof v === "string" && Object.hasOwn(OPEN_DATA_FILES, v);

function json(dataset: DatasetName, now: Date, origin: string, data: unknown) {
  return `${JSON.stringify(
    {
      dataset: DATASETS[dataset].title,
      description: DATASETS[dataset].description,
      dictionary: `${origin}/open-data#${dataset}`,
      definitions: `${origin}/accountability#definitions`,
      generatedAt: now.toISOString(),
      data,
    },
    null,
    2,
  )}\n`;
}

/** The body of a download, built fresh from the database. */
export async function buildOpenDataFile(file: OpenDataFile, origin: string, now: Date): Promise<string> {
  const dataset = OPEN_DATA_FILES[file];
  const csv = file.endsWith(".csv");
  switch (dataset) {
    case "responses": {
      const rows = await responsesDataset(origin);
      return csv ? toCsv("responses", rows) : json("responses", now, origin, rows);
    }
    case "actions": {
      const { actions } = await actionsDataset(origin, now);
      return csv ? toCsv("actions", actions) : json("actions", now, origin, actions);
    }
    case "action-updates": {
      const { updates } = await actionsDataset(origin, now);
      return toCsv("action-updates", updates);
    }
    case "consultations": {
      const data = await consultationsDataset(origin, now);
      return csv ? toCsv("consultations", consultationRows(data)) : json("consultations", now, origin, data);
    }
    case "accountability": {
      const rows = await accountabilityDataset(now);
      return csv ? toCsv("accountability", rows) : json("accountability", now, origin, rows);
    }
    case "feedback": {
      const data = await feedbackDataset(origin, now);
      return csv ? toCsv("feedback", feedbackRows(data)) : json("feedback", now, origin, data);
    }
    case "feedback-reports": {
      const rows = await feedbackReportsDataset(origin, now);
      return csv ? toCsv("feedback-reports", rows) : json("feedback-reports", now, origin, rows);
    }
  }
}
