// Answering a consultation: one response per member, changeable until it closes.
//
// A response is stored under a respondent key, HMAC-SHA256 of (consultation, member) made with
// a key derived from the server's secret, never under the member's id. The database enforces
// one response per key (a UNIQUE constraint; a second submission is an upsert that replaces
// the answers), and the member's own key finds their answers so they can change them. Nobody
// reading the database without the secret can tell whose response is whose, and nothing in the
// app ever joins a response to a person: staff see aggregates only
// (consultation-results.server.ts), and written answers reach moderators without a name.
import { createHmac } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle, Queryable } from "../../../db/client";
import { forumMembership } from "../../../db/schema/forums";
import { consultation, consultationAnswer, consultationForum, consultationQuestion, consultationResponse, consultationTextAnswer } from "../../../db/schema/consultations";
import { allQueries, database, transaction } from "../database.server";
import type { Auth } from "~/services/auth.server";
import { authSecret } from "~/services/config.server";
import { detectPii, PII_LABELS } from "~/utils/pii";
import type { CurrentUser } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { can } from "~/utils/permissions";
import { getSingleton } from "~/utils/singleton";
import { listQuestions, type QuestionWithOptions } from "./consultations.server";
import { sealForumSet } from "./forum-sets.server";
import { emailModeratorsAboutQueue, publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { isUuid } from "~/utils/uuid";

// ---------------------------------------------------------------------------------------------
// The respondent key

let derived: { secret: string; key: Buffer } | undefined;

/**
 * The server's secret: the one better-auth signs sessions with, or (in a script that seeds
 * before the server starts) the same secret read where the server will read it.
 */
export function serverSecret(): string {
  const auth = getSingleton<Auth>("auth");
  if (auth?.options.secret) return auth.options.secret;
  const handle = getSingleton<DatabaseHandle>("database");
  if (handle && (handle.dataDir || handle.kind === "postgres")) return authSecret({ dataDir: handle.dataDir, kind: handle.kind });
  throw new Error("Consultation responses need the server's secret: call initAuth() first.");
}

function keyingKey(): Buffer {
  const secret = serverSecret();
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("vvf consultation respondent key v1").digest() };
  return derived.key;
}

export function respondentKey(consultationId: string, userId: string): string {
  return createHmac("sha256", keyingKey()).update(`${consultationId}:${userId}`).digest("hex");
}

// ---------------------------------------------------------------------------------------------
// Who may answer

/** The consultation's target forums the person belongs to (empty: not eligible). */
export async function eligibleForumIds(consultationId: string, userId: string): Promise<string[]> {
    const q = database();
  const rows = await q
    .select({ forumId: consultationForum.forumId })
    .from(consultationForum)
    .innerJoin(forumMembership, and(eq(forumMembership.forumId, consultationForum.forumId), eq(forumMembership.userId, userId)))
    .where(eq(consultationForum.consultationId, consultationId));
  return rows.map((r) => r.forumId).sort();
}

export type AnswerRefusal = "not-open" | "closed" | "not-eligible";

export class AnswerRefusedError extends Error {
  constructor(
    readonly reason: AnswerRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Why a consultation cannot take answers from this person right now, or null when it can. */
export function answerRefusal(
  c: { status: string; closesAt: Date; closedAt: Date | null },
  person: Pick<CurrentUser, "role"> | null,
  inTargetForum: boolean,
  now: Date,
): { reason: AnswerRefusal; message: string } | null {
  if (c.status === "draft") return { reason: "not-open", message: "This consultation has not opened yet." };
  if (c.status !== "open" || now.getTime() >= c.closesAt.getTime()) {
    return { reason: "closed", message: `This consultation closed on ${formatLondonDateTime(c.closedAt ?? c.closesAt)}. Answers can no longer be sent or changed.` };
  }
  if (!person || !can(person.role, "consultation:answer") || !inTargetForum) {
    return { reason: "not-eligible", message: "Only members of the forums this consultation is for can answer it." };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The answer form: one field per question, named after it

export const fieldName = (questionId: string) => `q-${questionId}`;

const SCALE = ["1", "2", "3", "4", "5"] as const;

/** The zod schema of the answer form for these questions; messages name the question's number. */
export function answersSchema(questions: QuestionWithOptions[]) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const q of questions) {
    const label = `Question ${q.number}`;
    const optionIds = q.options.map((o) => o.id) as [string, ...string[]];
    switch (q.kind) {
      case "single": {
        const field = z.enum(optionIds, { errorMap: (issue) => ({ message: issue.code === "invalid_type" ? `${label}: choose an answer` : `${label}: choose one of the options` }) });
        shape[fieldName(q.id)] = q.required ? field : field.optional();
        break;
      }
      case "multiple": {
        const max = q.maxChoices ?? q.options.length;
        const atLeastOne = `${label}: choose at least one option`;
        const field = z
          .array(z.enum(optionIds, { errorMap: () => ({ message: `${label}: choose from the options` }) }), { required_error: atLeastOne, invalid_type_error: atLeastOne })
          .min(q.required ? 1 : 0, atLeastOne)
          .max(max, `${label}: choose no more than ${max} ${max === 1 ? "option" : "options"}`)
          .refine((v) => new Set(v).size === v.length, `${label}: choose each option once`);
        shape[fieldName(q.id)] = q.required ? field : field.optional();
        break;
      }
      case "scale": {
        const field = z.enum(SCALE, { errorMap: () => ({ message: `${label}: choose a number from 1 to 5` }) });
        shape[fieldName(q.id)] = q.required ? field : field.optional();
        break;
      }
      case "text": {
        const max = q.maxLength ?? 1000;
        const field = z
          .string({ required_error: `${label}: write your answer` })
          .trim()
          .max(max, `${label}: your answer must be ${max.toLocaleString("en-GB")} characters or fewer`);
        shape[fieldName(q.id)] = q.required ? field.min(1, `${label}: write your answer`) : field.optional();
        break;
      }
    }
  }
  return z.object(shape);
}

export type AnswerValues = Record<string, string | string[] | undefined>;

/**
 * Likely identifying details in the written answers, for "Check your answers" to warn about.
 * The detector runs here, on the server, so the answer page's browser code does not carry it.
 */
export function identifyingDetailsInAnswers(questions: QuestionWithOptions[], values: AnswerValues): { question: number; label: string; text: string }[] {
  return questions
    .filter((q) => q.kind === "text")
    .flatMap((q) => detectPii(String(values[fieldName(q.id)] ?? "")).map((f) => ({ question: q.number, label: PII_LABELS[f.kind], text: f.text })));
}

type ParsedAnswers = { choices: { questionId: string; optionId?: string; scaleValue?: number }[]; texts: Map<string, string> };

function toAnswers(questions: QuestionWithOptions[], values: AnswerValues): ParsedAnswers {
  const choices: ParsedAnswers["choices"] = [];
  const texts = new Map<string, string>();
  for (const q of questions) {
    const v = values[fieldName(q.id)];
    if (v === undefined || v === "") continue;
    if (q.kind === "single" && typeof v === "string") choices.push({ questionId: q.id, optionId: v });
    if (q.kind === "multiple") for (const optionId of [v].flat()) choices.push({ questionId: q.id, optionId });
    if (q.kind === "scale" && typeof v === "string") choices.push({ questionId: q.id, scaleValue: Number(v) });
    if (q.kind === "text" && typeof v === "string" && v.trim()) texts.set(q.id, v.trim());
  }
  return { choices, texts };
}

/** Form-like values as the schema expects them: lists for multiple choice, no empty strings. */
function normalise(questions: QuestionWithOptions[], values: AnswerValues): AnswerValues {
  const out: AnswerValues = {};
  for (const q of questions) {
    const name = fieldName(q.id);
    const v = values[name];
    if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    out[name] = q.kind === "multiple" ? [v].flat() : Array.isArray(v) ? v[0] : v;
  }
  return out;
}

export class AnswerValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super("Some answers are not valid");
  }
}

// ---------------------------------------------------------------------------------------------
// Submitting

export type SubmitInput = { consultationId: string; values: AnswerValues };

/**
 * Saves (or replaces) the member's response. In one transaction: the consultation row is read
 * FOR SHARE, so a close (which updates that row) waits for submissions in flight and every
 * submission after it sees the consultation closed; the response is upserted on the unique
 * (consultation, respondent key), which also locks it, so two submissions from two tabs run one
 * after the other and leave exactly one response with the answers of the later one.
 */
export async function submitResponse(member: Pick<CurrentUser, "id" | "role">, input: SubmitInput, now = new Date()): Promise<{ created: boolean; responses: number | null }> {
  if (!isUuid(input.consultationId)) throw new AnswerRefusedError("not-open", "That consultation does not exist.");
  const events: PendingEvent[] = [];
  const outcome = await transaction(async (tx) => {
    // One statement: the consultation (locked FOR SHARE) and the member's forums among its targets.
    const [c] = await tx
      .select({
        id: consultation.id,
        status: consultation.status,
        closesAt: consultation.closesAt,
        closedAt: consultation.closedAt,
        version: consultation.version,
        forumIds: sql<string[]>`array(select cf.forum_id::text from ${consultationForum} cf join ${forumMembership} fm on fm.forum_id = cf.forum_id and fm.user_id = ${member.id} where cf.consultation_id = ${consultation.id} order by 1)`,
      })
      .from(consultation)
      .where(eq(consultation.id, input.consultationId))
      .for("share");
    if (!c) throw new AnswerRefusedError("not-open", "That consultation does not exist.");
    const forumIds = c.forumIds;
    const refusal = answerRefusal(c, member, forumIds.length > 0, now);
    if (refusal) throw new AnswerRefusedError(refusal.reason, refusal.message);

    const questions = await questionsOf(tx, c.id, c.version);
    const parsed = answersSchema(questions).safeParse(normalise(questions, input.values));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
      throw new AnswerValidationError(fieldErrors);
    }
    const answers = toAnswers(questions, parsed.data as AnswerValues);

    const [response] = await tx
      .insert(consultationResponse)
      .values({ consultationId: c.id, respondentKey: respondentKey(c.id, member.id), forumSet: sealForumSet(c.id, forumIds) })
      .onConflictDoUpdate({
        target: [consultationResponse.consultationId, consultationResponse.respondentKey],
        set: { forumSet: sealForumSet(c.id, forumIds), revision: sql`${consultationResponse.revision} + 1` },
      })
      .returning({ id: consultationResponse.id, revision: consultationResponse.revision });
    const created = response.revision === 1;

    if (!created) await tx.delete(consultationAnswer).where(eq(consultationAnswer.responseId, response.id));
    if (answers.choices.length) await tx.insert(consultationAnswer).values(answers.choices.map((a) => ({ responseId: response.id, ...a })));

    // Written answers: unchanged ones keep their moderation decision; new or changed ones
    // (re-)enter the review queue; cleared ones are removed.
    const existing = created ? [] : await tx.select().from(consultationTextAnswer).where(eq(consultationTextAnswer.responseId, response.id));
    let queueChanged = false;
    let queueGrew = false;
    for (const q of questions.filter((x) => x.kind === "text")) {
      const body = answers.texts.get(q.id);
      const old = existing.find((e) => e.questionId === q.id);
      if (!body) {
        if (old) {
          await tx.delete(consultationTextAnswer).where(eq(consultationTextAnswer.id, old.id));
          queueChanged = true;
        }
        continue;
      }
      if (old && old.body === body) continue;
      queueChanged = true;
      queueGrew = true;
      const review = { body, status: "pending", piiFindings: detectPii(body), submittedAt: now, decidedById: null, decidedAt: null, rejectionReason: null, rejectionNote: null, redactionNote: null, redactedAt: null };
      if (old) {
        await tx
          .update(consultationTextAnswer)
          .set({ ...review, reviewKind: "edited", version: sql`${consultationTextAnswer.version} + 1` })
          .where(eq(consultationTextAnswer.id, old.id));
      } else {
        await tx.insert(consultationTextAnswer).values({ ...review, responseId: response.id, consultationId: c.id, questionId: q.id });
      }
    }
    // Sockets carry the count, never an answer; staff rooms only (app/services/rooms.server.ts).
    const responses = created ? await countResponses(c.id) : null;
    if (responses !== null) events.push({ room: `consultation:${c.id}`, event: "consultation:count", payload: { consultationId: c.id, responses } });
    if (queueChanged) events.push({ room: "moderation", event: "queue:changed", payload: { status: "pending" } });
    // Moderators hear of new written answers as of new posts (batched, one email per 15 minutes).
    if (queueGrew) events.push(...(await emailModeratorsAboutQueue(tx, now)));
    return { created, responses };
  });
  publishEvents(events);
  return outcome;
}

/**
 * The questions, cached per consultation version: a submission needs them to check the
 * answers, and once a consultation is open they cannot change (a help-text fix bumps the
 * version, which is read under the same lock).
 */
const questionCache = new Map<string, QuestionWithOptions[]>();
async function questionsOf(q: Queryable, consultationId: string, version: number) {
  const key = `${consultationId}:${version}`;
  let questions = questionCache.get(key);
  if (!questions) {
    questions = await listQuestions(consultationId);
    if (questionCache.size >= 100) questionCache.delete(questionCache.keys().next().value!);
    questionCache.set(key, questions);
  }
  return questions;
}

export async function countResponses(consultationId: string): Promise<number> {
    const q = database();
  const [row] = await q.select({ n: sql<number>`count(*)::int` }).from(consultationResponse).where(eq(consultationResponse.consultationId, consultationId));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// The member's own answers (only ever read by the member themselves)

export async function getOwnAnswers(consultationId: string, userId: string) {
    const q = database();
  const [response] = await q
    .select({ id: consultationResponse.id })
    .from(consultationResponse)
    .where(and(eq(consultationResponse.consultationId, consultationId), eq(consultationResponse.respondentKey, respondentKey(consultationId, userId))));
  if (!response) return null;
  const [choices, texts] = await allQueries(
    () => q
      .select({ questionId: consultationAnswer.questionId, optionId: consultationAnswer.optionId, scaleValue: consultationAnswer.scaleValue, kind: consultationQuestion.kind })
      .from(consultationAnswer)
      .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationAnswer.questionId))
      .where(eq(consultationAnswer.responseId, response.id))
      .orderBy(consultationAnswer.optionId),
    () => q.select().from(consultationTextAnswer).where(eq(consultationTextAnswer.responseId, response.id)),
  );
  const values: Record<string, string | string[]> = {};
  for (const a of choices) {
    const name = fieldName(a.questionId);
    if (a.scaleValue !== null) values[name] = String(a.scaleValue);
    else if (a.optionId && a.kind === "multiple") values[name] = [...[values[name] ?? []].flat(), a.optionId];
    else if (a.optionId) values[name] = a.optionId;
  }
  for (const t of texts) values[fieldName(t.questionId)] = t.body;
  return {
    values,
    written: texts.map((t) => ({ questionId: t.questionId, status: t.status, redacted: !!t.redactedAt })),
  };
}

/** Which of these consultations the person has answered. */
export async function answeredConsultationIds(userId: string, consultationIds: string[]): Promise<Set<string>> {
    const q = database();
  if (!consultationIds.length) return new Set();
  const rows = await q
    .select({ id: consultationResponse.consultationId })
    .from(consultationResponse)
    .where(inArray(consultationResponse.respondentKey, consultationIds.map((id) => respondentKey(id, userId))));
  return new Set(rows.map((r) => r.id));
}

/** Of these people, those who have not answered (for the "closing soon" reminder). */
export async function notYetAnswered(consultationId: string, userIds: string[]): Promise<string[]> {
    const q = database();
  if (!userIds.length) return [];
  const keys = new Map(userIds.map((id) => [respondentKey(consultationId, id), id]));
  const rows = await q
    .select({ key: consultationResponse.respondentKey })
    .from(consultationResponse)
    .where(and(eq(consultationResponse.consultationId, consultationId), inArray(consultationResponse.respondentKey, [...keys.keys()])));
  const answered = new Set(rows.map((r) => keys.get(r.key)));
  return userIds.filter((id) => !answered.has(id));
}
