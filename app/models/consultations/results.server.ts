// A consultation's results: aggregates only. Every figure here is a count over many responses;
// no query joins a response to a person (responses carry no person, see
// consultation-response.server.ts), and written answers appear only once a moderator approved
// them, without names, in an order that says nothing about when they were written.
//
// Small numbers: a breakdown by forum is shown only for forums where at least
// SMALL_NUMBER_THRESHOLD people answered; otherwise only "fewer than 5" is said.
import { and, asc, eq, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Queryable } from "../../../db/client";
import { consultationAnswer, consultationResponse, consultationTextAnswer, type Consultation } from "../../../db/schema/consultations";
import { database } from "../database.server";
import { isStaff, type Role } from "~/utils/permissions";
import { listQuestions, QUESTION_KINDS, type QuestionKind } from "./consultations.server";

export const SMALL_NUMBER_THRESHOLD = 5;

export type OptionResult = { label: string; count: number; percent: number };
export type BreakdownResult =
  | { forumId: string; forumName: string; suppressed: false; respondents: number; answered: number; options: OptionResult[]; mean: number | null }
  | { forumId: string; forumName: string; suppressed: true };

export type QuestionResult = {
  id: string;
  number: number;
  prompt: string;
  kind: QuestionKind;
  kindLabel: string;
  required: boolean;
  maxChoices: number | null;
  /** How many respondents answered this question: the base of every percentage. */
  answered: number;
  /** Choice and scale questions (scale: "1 – Strongly disagree" … "5 – Strongly agree"). */
  options: OptionResult[];
  /** Scale questions: the mean of the answers, to 2 decimal places. */
  mean: number | null;
  /** Written answers: those published after moderation (plain text, no names, no dates). */
  written: string[];
  byForum: BreakdownResult[];
};

export type ConsultationResults = {
  respondents: number;
  forums: { forumId: string; forumName: string; respondents: number | null }[];
  questions: QuestionResult[];
};

/** Whether `viewer` may see the results now: everyone once published; staff once closed; nobody while open. */
export function canSeeResults(c: Pick<Consultation, "status">, viewer: { role: Role } | null): boolean {
  if (c.status === "published" || c.status === "responded") return true;
  return c.status === "closed" && !!viewer && isStaff(viewer.role);
}

export const percent = (count: number, base: number) => (base ? Math.round((count / base) * 1000) / 10 : 0);
const mean2 = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

function scaleLabels(q: { scaleLowLabel: string | null; scaleHighLabel: string | null }) {
  return [1, 2, 3, 4, 5].map((v) => (v === 1 && q.scaleLowLabel ? `1 – ${q.scaleLowLabel}` : v === 5 && q.scaleHighLabel ? `5 – ${q.scaleHighLabel}` : String(v)));
}

/**
 * Computes every aggregate of a consultation in six queries, whatever the number of responses.
 * `forums` are the consultation's target forums (for names and the breakdown's order).
 */
export async function computeResults(consultationId: string, forums: { id: string; name: string }[]): Promise<ConsultationResults> {
    const q = database();
  const r = consultationResponse;
  const a = consultationAnswer;
  const byForumJoin = sql`unnest(${r.forumIds}) as rf(forum_id)`;
  const [questions, [{ respondents }], forumRespondents, counts, forumCounts, answeredRows, written] = await Promise.all([
    listQuestions(consultationId),
    q.select({ respondents: sql<number>`count(*)::int` }).from(r).where(eq(r.consultationId, consultationId)),
    q
      .select({ forumId: sql<string>`rf.forum_id`, n: sql<number>`count(*)::int` })
      .from(r)
      .innerJoin(byForumJoin, sql`true`)
      .where(eq(r.consultationId, consultationId))
      .groupBy(sql`rf.forum_id`),
    q
      .select({ questionId: a.questionId, optionId: a.optionId, scaleValue: a.scaleValue, n: sql<number>`count(*)::int` })
      .from(a)
      .innerJoin(r, eq(r.id, a.responseId))
      .where(eq(r.consultationId, consultationId))
      .groupBy(a.questionId, a.optionId, a.scaleValue),
    q
      .select({ forumId: sql<string>`rf.forum_id`, questionId: a.questionId, optionId: a.optionId, scaleValue: a.scaleValue, n: sql<number>`count(*)::int` })
      .from(a)
      .innerJoin(r, eq(r.id, a.responseId))
      .innerJoin(byForumJoin, sql`true`)
      .where(eq(r.consultationId, consultationId))
      .groupBy(sql`rf.forum_id`, a.questionId, a.optionId, a.scaleValue),
    // Respondents per question (a multiple-choice answer is several rows of one response), overall and per forum.
    q
      .select({ overall: sql<number>`grouping(rf.forum_id)::int`, forumId: sql<string | null>`rf.forum_id`, questionId: a.questionId, n: sql<number>`count(distinct ${a.responseId})::int` })
      .from(a)
      .innerJoin(r, eq(r.id, a.responseId))
      .leftJoin(byForumJoin, sql`true`)
      .where(eq(r.consultationId, consultationId))
      .groupBy(sql`grouping sets ((${a.questionId}), (${a.questionId}, rf.forum_id))`),
    q
      .select({ questionId: consultationTextAnswer.questionId, body: consultationTextAnswer.body })
      .from(consultationTextAnswer)
      .where(and(eq(consultationTextAnswer.consultationId, consultationId), eq(consultationTextAnswer.status, "approved")))
      // By id (random): the order says nothing about who wrote what, or when.
      .orderBy(asc(consultationTextAnswer.id)),
  ]);
  const writtenCounts = await q
    .select({ questionId: consultationTextAnswer.questionId, n: sql<number>`count(*)::int` })
    .from(consultationTextAnswer)
    .where(eq(consultationTextAnswer.consultationId, consultationId))
    .groupBy(consultationTextAnswer.questionId);

  const forumN = new Map(forumRespondents.map((f) => [f.forumId, f.n]));
  const shownForums = forums.filter((f) => (forumN.get(f.id) ?? 0) >= SMALL_NUMBER_THRESHOLD);
  // grouping(rf.forum_id) is 1 on the rows of the grouping set without the forum: the overall ones.
  const answeredOverall = new Map<string, number>();
  const answeredByForum = new Map<string, number>();
  for (const row of answeredRows) {
    if (Number(row.overall) === 1) answeredOverall.set(row.questionId, row.n);
    else if (row.forumId) answeredByForum.set(`${row.forumId}:${row.questionId}`, row.n);
  }

  const optionCounts = (rows: typeof counts, question: (typeof questions)[number]) => {
    if (question.kind === "scale") return [1, 2, 3, 4, 5].map((v) => rows.filter((c) => c.questionId === question.id && c.scaleValue === v).reduce((s, c) => s + c.n, 0));
    return question.options.map((o) => rows.filter((c) => c.questionId === question.id && c.optionId === o.id).reduce((s, c) => s + c.n, 0));
  };
  const scaleMean = (values: number[], n: number) => mean2(values.reduce((s, count, i) => s + count * (i + 1), 0), n);

  return {
    respondents,
    forums: forums.map((f) => {
      const n = forumN.get(f.id) ?? 0;
      return { forumId: f.id, forumName: f.name, respondents: n >= SMALL_NUMBER_THRESHOLD ? n : null };
    }),
    questions: questions.map((question): QuestionResult => {
      const labels = question.kind === "scale" ? scaleLabels(question) : question.options.map((o) => o.label);
      const isText = question.kind === "text";
      const answered = isText ? (writtenCounts.find((w) => w.questionId === question.id)?.n ?? 0) : (answeredOverall.get(question.id) ?? 0);
      const values = isText ? [] : optionCounts(counts, question);
      return {
        id: question.id,
        number: question.number,
        prompt: question.prompt,
        kind: question.kind,
        kindLabel: QUESTION_KINDS[question.kind],
        required: question.required,
        maxChoices: question.maxChoices,
        answered,
        options: values.map((count, i) => ({ label: labels[i], count, percent: percent(count, answered) })),
        mean: question.kind === "scale" ? scaleMean(values, answered) : null,
        written: written.filter((w) => w.questionId === question.id).map((w) => w.body),
        // Written answers are never broken down by forum: with small forums that could point at a person.
        byForum: isText
          ? []
          : forums.map((f): BreakdownResult => {
              if (!shownForums.includes(f)) return { forumId: f.id, forumName: f.name, suppressed: true };
              const base = answeredByForum.get(`${f.id}:${question.id}`) ?? 0;
              const fv = optionCounts(
                forumCounts.filter((c) => c.forumId === f.id),
                question,
              );
              return {
                forumId: f.id,
                forumName: f.name,
                suppressed: false,
                respondents: forumN.get(f.id) ?? 0,
                answered: base,
                options: fv.map((count, i) => ({ label: labels[i], count, percent: percent(count, base) })),
                mean: question.kind === "scale" ? scaleMean(fv, base) : null,
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
    forums: results.forums.map((f) => ({ forum: f.forumName, respondents: f.respondents, suppressed: f.respondents === null })),
    questions: results.questions.map((q) => ({
      number: q.number,
      question: q.prompt,
      kind: q.kind,
      answered: q.answered,
      ...(q.kind === "text" ? { writtenAnswersPublished: q.written.length } : { options: q.options }),
      ...(q.kind === "scale" ? { mean: q.mean } : {}),
      ...(q.kind === "text"
        ? {}
        : {
            byForum: q.byForum.map((b) =>
              b.suppressed ? { forum: b.forumName, suppressed: true, note: `fewer than ${SMALL_NUMBER_THRESHOLD} answered` } : { forum: b.forumName, suppressed: false, answered: b.answered, options: b.options, ...(q.kind === "scale" ? { mean: b.mean } : {}) },
            ),
          }),
    })),
  };
}

const CSV_COLUMNS = ["question_number", "question", "kind", "scope", "option", "count", "percent", "answered", "mean", "note"] as const;

/** One row per option per scope (all forums, then each forum), in CSV through csv-stringify. */
export function resultsCsv(results: ConsultationResults): string {
  const rows: Record<(typeof CSV_COLUMNS)[number], string | number | null>[] = [];
  const base = { mean: null, note: null };
  for (const q of results.questions) {
    const common = { question_number: q.number, question: q.prompt, kind: q.kind };
    if (q.kind === "text") {
      rows.push({ ...common, ...base, scope: "All forums", option: null, count: q.written.length, percent: null, answered: q.answered, note: "written answers published after moderation (on the consultation's page)" });
      continue;
    }
    for (const o of q.options) rows.push({ ...common, ...base, scope: "All forums", option: o.label, count: o.count, percent: o.percent, answered: q.answered, mean: q.mean });
    for (const b of q.byForum) {
      if (b.suppressed) {
        rows.push({ ...common, ...base, scope: b.forumName, option: null, count: null, percent: null, answered: null, note: `fewer than ${SMALL_NUMBER_THRESHOLD} answered in this forum: not shown` });
        continue;
      }
      for (const o of b.options) rows.push({ ...common, ...base, scope: b.forumName, option: o.label, count: o.count, percent: o.percent, answered: b.answered, mean: b.mean });
    }
  }
  // escape_formulas: a cell starting with =, +, - or @ is not run as a formula by a spreadsheet.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
}
