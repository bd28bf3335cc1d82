// A consultation's results: aggregates only. Every figure here is a count over many responses;
// no query joins a response to a person (responses carry no person, see
// consultation-response.server.ts), and written answers appear only once a moderator approved
// them, without names, in an order that says nothing about when they were written.
//
// Small numbers: what may be published is decided by one rule (suppression.server.ts): no
// figure, read alone or subtracted from another, counts fewer than SMALL_NUMBER_THRESHOLD people.
import { and, asc, eq, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { consultationAnswer, consultationResponse, consultationTextAnswer, type Consultation } from "../../../db/schema/consultations";
import { allQueries, database } from "../database.server";
import { isStaff, type Role } from "~/utils/permissions";
import { listQuestions, QUESTION_KINDS, type QuestionKind } from "./consultations.server";
import { openForumSet } from "./forum-sets.server";
import { publishable, SMALL_NUMBER_THRESHOLD, SUPPRESSION_RULE, suppressQuestion, suppressRespondents, type SuppressionRespondent } from "./suppression.server";

export { SMALL_NUMBER_THRESHOLD };

/** count and percent are null where the figure is hidden (it would count fewer than 5 people, or give such a count back). */
export type OptionResult = { label: string; count: number | null; percent: number | null };
export type BreakdownResult =
  | { forumId: string; forumName: string; suppressed: false; answered: number; options: OptionResult[]; mean: number | null }
  | { forumId: string; forumName: string; suppressed: true };

export type QuestionResult = {
  id: string;
  number: number;
  prompt: string;
  kind: QuestionKind;
  kindLabel: string;
  required: boolean;
  maxChoices: number | null;
  /** How many respondents answered this question (the base of every percentage); null: fewer than 5. */
  answered: number | null;
  /** Choice and scale questions (scale: "1 – Strongly disagree" … "5 – Strongly agree"). */
  options: OptionResult[];
  /** Scale questions: the mean of the answers, to 2 decimal places; null when any answer is hidden. */
  mean: number | null;
  /** Written answers: those published after moderation (plain text, no names, no dates). */
  written: string[];
  byForum: BreakdownResult[];
};

export type ConsultationResults = {
  /** null: fewer than 5 people answered. */
  respondents: number | null;
  forums: { forumId: string; forumName: string; respondents: number | null }[];
  questions: QuestionResult[];
};

/** Whether `viewer` may see the results now: everyone once published; staff once closed; nobody while open. */
export function canSeeResults(c: Pick<Consultation, "status">, viewer: { role: Role } | null): boolean {
  if (c.status === "published" || c.status === "responded") return true;
  return c.status === "closed" && !!viewer && isStaff(viewer.role);
}

/** The results exist but are not shown to this viewer yet; the message says when they will be. */
export class ResultsHiddenError extends Error {}

export const percent = (count: number, base: number) => (base ? Math.round((count / base) * 1000) / 10 : 0);
const mean2 = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

function scaleLabels(q: { scaleLowLabel: string | null; scaleHighLabel: string | null }) {
  return [1, 2, 3, 4, 5].map((v) => (v === 1 && q.scaleLowLabel ? `1 – ${q.scaleLowLabel}` : v === 5 && q.scaleHighLabel ? `5 – ${q.scaleHighLabel}` : String(v)));
}

/**
 * Every response of a consultation as the suppression rule needs it: each respondent's forums
 * (opened from their sealed set) and the values they chose, by question. Never leaves the
 * server, never carries a key or an id: what is published is decided from it.
 */
export async function loadRespondents(consultationId: string) {
  const q = database();
  const r = consultationResponse;
  const a = consultationAnswer;
  const [questions, responses, answers] = await allQueries(
    () => listQuestions(consultationId),
    () => q.select({ id: r.id, forumSet: r.forumSet }).from(r).where(eq(r.consultationId, consultationId)),
    () => q
      .select({ responseId: a.responseId, questionId: a.questionId, optionId: a.optionId, scaleValue: a.scaleValue })
      .from(a)
      .innerJoin(r, eq(r.id, a.responseId))
      .where(eq(r.consultationId, consultationId)),
  );
  const byId = new Map<string, SuppressionRespondent>(responses.map((x) => [x.id, { forumIds: openForumSet(consultationId, x.forumSet), answers: new Map() }]));
  for (const row of answers) {
    const person = byId.get(row.responseId);
    if (!person) continue;
    const value = row.optionId ?? String(row.scaleValue);
    person.answers.set(row.questionId, [...(person.answers.get(row.questionId) ?? []), value]);
  }
  const suppressionQuestions = questions.map((question) => ({
    id: question.id,
    kind: question.kind,
    maxChoices: question.maxChoices,
    values: question.kind === "scale" ? ["1", "2", "3", "4", "5"] : question.options.map((o) => o.id),
  }));
  return { questions, suppressionQuestions, respondents: [...byId.values()] };
}

/**
 * Every aggregate of a consultation, as it may be published. `forums` are the consultation's
 * target forums (for names and the breakdown's order).
 */
export async function computeResults(consultationId: string, forums: { id: string; name: string }[]): Promise<ConsultationResults> {
  const q = database();
  const [{ questions, suppressionQuestions, respondents }, written, writtenCounts] = await allQueries(
    () => loadRespondents(consultationId),
    () => q
      .select({ questionId: consultationTextAnswer.questionId, body: consultationTextAnswer.body })
      .from(consultationTextAnswer)
      .where(and(eq(consultationTextAnswer.consultationId, consultationId), eq(consultationTextAnswer.status, "approved")))
      // By id (random): the order says nothing about who wrote what, () => or when.
      .orderBy(asc(consultationTextAnswer.id)),
    () => q
      .select({ questionId: consultationTextAnswer.questionId, n: sql<number>`count(*)::int` })
      .from(consultationTextAnswer)
      .where(eq(consultationTextAnswer.consultationId, consultationId))
      .groupBy(consultationTextAnswer.questionId),
  );
  return publishResults({ questions, suppressionQuestions, respondents, forums, written, writtenCounts });
}

type Loaded = Awaited<ReturnType<typeof loadRespondents>>;

/** The published figures from counted responses: pure, so that tests can try every small group. */
export function publishResults(input: Loaded & { forums: { id: string; name: string }[]; written: { questionId: string; body: string }[]; writtenCounts: { questionId: string; n: number }[] }): ConsultationResults {
  const { questions, suppressionQuestions, respondents, forums, written, writtenCounts } = input;
  const forumIds = forums.map((f) => f.id);
  const people = suppressRespondents(forumIds, respondents);
  const scaleMean = (values: number[], n: number) => mean2(values.reduce((s, count, i) => s + count * (i + 1), 0), n);

  return {
    respondents: people.total,
    forums: forums.map((f) => ({ forumId: f.id, forumName: f.name, respondents: people.byForum.get(f.id) ?? null })),
    questions: questions.map((question, index): QuestionResult => {
      const labels = question.kind === "scale" ? scaleLabels(question) : question.options.map((o) => o.label);
      const common = { id: question.id, number: question.number, prompt: question.prompt, kind: question.kind, kindLabel: QUESTION_KINDS[question.kind], required: question.required, maxChoices: question.maxChoices };
      if (question.kind === "text") {
        const n = writtenCounts.find((w) => w.questionId === question.id)?.n ?? 0;
        // Written answers are never broken down by forum: with small forums that could point at a person.
        return { ...common, answered: publishable(n) ? n : null, options: [], mean: null, written: written.filter((w) => w.questionId === question.id).map((w) => w.body), byForum: [] };
      }
      const published = suppressQuestion(suppressionQuestions[index], forumIds, respondents);
      const answered = published.answered;
      const options = published.values.map((count, i) => ({ label: labels[i], count, percent: count === null || answered === null ? null : percent(count, answered) }));
      return {
        ...common,
        answered,
        options,
        mean: published.meanShown && answered !== null ? scaleMean(published.values as number[], answered) : null,
        written: [],
        byForum: forums.map((f): BreakdownResult => {
          const cell = published.byForum.get(f.id);
          if (!cell) return { forumId: f.id, forumName: f.name, suppressed: true };
          return {
            forumId: f.id,
            forumName: f.name,
            suppressed: false,
            answered: cell.answered,
            options: cell.values.map((count, i) => ({ label: labels[i], count, percent: percent(count, cell.answered) })),
            mean: question.kind === "scale" ? scaleMean(cell.values, cell.answered) : null,
          };
        }),
      };
    }),
  };
}

/**
 * computeResults, remembered per process for a consultation that has closed: its responses can
 * no longer change, so the figures change only when a moderator decides on a written answer
 * (every decision bumps that answer's version) or the consultation itself changes (its version).
 * The key is read from the database on every call (one cheap query), so a cached figure is never
 * stale, whichever process made the change. While open, results are never shown, so never cached.
 */
const resultsCache = new Map<string, ConsultationResults>();

export async function cachedResults(c: Pick<Consultation, "id" | "status" | "version">, forums: { id: string; name: string }[]) {
    const q = database();
  if (c.status === "draft" || c.status === "open") return computeResults(c.id, forums);
  const [sig] = await q
    .select({ n: sql<number>`count(*)::int`, versions: sql<number>`coalesce(sum(${consultationTextAnswer.version}), 0)::int` })
    .from(consultationTextAnswer)
    .where(eq(consultationTextAnswer.consultationId, c.id));
  const key = JSON.stringify([c.id, c.version, sig.n, sig.versions, forums]);
  let results = resultsCache.get(key);
  if (!results) {
    results = await computeResults(c.id, forums);
    if (resultsCache.size >= 200) resultsCache.delete(resultsCache.keys().next().value!);
    resultsCache.set(key, results);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Downloads: the same aggregates, never an individual response (written answers, which are
// individual, are on the page only).

export function resultsJson(c: Pick<Consultation, "id" | "title" | "status" | "closedAt" | "resultsPublishedAt">, results: ConsultationResults) {
  return {
    consultation: { id: c.id, title: c.title, status: c.status, closedAt: c.closedAt?.toISOString() ?? null, resultsPublishedAt: c.resultsPublishedAt?.toISOString() ?? null },
    smallNumberThreshold: SMALL_NUMBER_THRESHOLD,
    respondents: results.respondents,
    rule: SUPPRESSION_RULE,
    forums: results.forums.map((f) => ({ forum: f.forumName, respondents: f.respondents, suppressed: f.respondents === null })),
    questions: results.questions.map((q) => ({
      number: q.number,
      question: q.prompt,
      kind: q.kind,
      answered: q.answered,
      ...(q.kind === "text" ? { writtenAnswersPublished: publishedCount(q.written.length) } : { options: q.options }),
      ...(q.kind === "scale" ? { mean: q.mean } : {}),
      ...(q.kind === "text"
        ? {}
        : {
            byForum: q.byForum.map((b) =>
              b.suppressed ? { forum: b.forumName, suppressed: true, note: FORUM_HIDDEN_NOTE } : { forum: b.forumName, suppressed: false, answered: b.answered, options: b.options, ...(q.kind === "scale" ? { mean: b.mean } : {}) },
            ),
          }),
    })),
  };
}

/** A count as the downloads may carry it: null when 1 to 4 (the written answers themselves are on the page). */
export const publishedCount = (n: number) => (publishable(n) ? n : null);

/** Why a figure or a forum is not shown, the same words in the CSV and the JSON. */
export const FIGURE_HIDDEN_NOTE = `not shown: it would count, or give back by subtraction, fewer than ${SMALL_NUMBER_THRESHOLD} people`;
export const FORUM_HIDDEN_NOTE = `this forum's figures are not shown: they would count, or give back by subtraction from the other figures, fewer than ${SMALL_NUMBER_THRESHOLD} people`;

const CSV_COLUMNS = ["question_number", "question", "kind", "scope", "option", "count", "percent", "answered", "mean", "note"] as const;

/** One row per option per scope (all forums, then each forum), in CSV through csv-stringify. */
export function resultsCsv(results: ConsultationResults): string {
  const rows: Record<(typeof CSV_COLUMNS)[number], string | number | null>[] = [];
  const base = { mean: null, note: null };
  for (const q of results.questions) {
    const common = { question_number: q.number, question: q.prompt, kind: q.kind };
    if (q.kind === "text") {
      rows.push({ ...common, ...base, scope: "All forums", option: null, count: publishedCount(q.written.length), percent: null, answered: q.answered, note: "written answers published after moderation (on the consultation's page)" });
      continue;
    }
    for (const o of q.options) rows.push({ ...common, ...base, scope: "All forums", option: o.label, count: o.count, percent: o.percent, answered: q.answered, mean: q.mean, note: q.answered === null ? `fewer than ${SMALL_NUMBER_THRESHOLD} answered: not shown` : o.count === null ? FIGURE_HIDDEN_NOTE : null });
    for (const b of q.byForum) {
      if (b.suppressed) {
        rows.push({ ...common, ...base, scope: b.forumName, option: null, count: null, percent: null, answered: null, note: FORUM_HIDDEN_NOTE });
        continue;
      }
      for (const o of b.options) rows.push({ ...common, ...base, scope: b.forumName, option: o.label, count: o.count, percent: o.percent, answered: b.answered, mean: b.mean });
    }
  }
  // escape_formulas: a cell starting with =, +, - or @ is not run as a formula by a spreadsheet.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
}
