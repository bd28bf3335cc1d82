// Builders for the consultation tests: a cast in every role across three forums, and
// consultations brought to a given state through the same model functions the pages use.
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { outbox } from "../../db/schema/outbox";
import { consultationTextAnswer } from "../../db/schema/consultations";
import { addQuestion, createConsultation, listQuestions, type QuestionInput, type QuestionWithOptions } from "../../app/models/consultations/consultations.server";
import { closeEarly, publishResults, scheduleConsultation } from "../../app/models/consultations/lifecycle.server";
import { fieldName, submitResponse, type AnswerValues } from "../../app/models/consultations/answers.server";
import { asCurrentUser, makeForum, makeUser, type MadeUser } from "../factories";
import { DAY, HOUR } from "~/utils/time";

export type Person = ReturnType<typeof asCurrentUser>;

let n = 0;
const unique = (label: string) => `${label} ${++n}-${Math.random().toString(36).slice(2, 6)}`;

/** Forum A (members a1–a6 and both), forum B (b1, b2 and both), forum C (outsider), and staff. */
export async function makeConsultationCast(options: { extraMembersInA?: number } = {}) {
  const q = db();
  const forumA = await makeForum(q, { name: unique("Forum A") });
  const forumB = await makeForum(q, { name: unique("Forum B") });
  const forumC = await makeForum(q, { name: unique("Forum C") });
  const made = {
    a1: await makeUser(q, { name: unique("Member a1"), forumIds: [forumA.id] }),
    a2: await makeUser(q, { name: unique("Member a2"), forumIds: [forumA.id] }),
    a3: await makeUser(q, { name: unique("Member a3"), forumIds: [forumA.id] }),
    a4: await makeUser(q, { name: unique("Member a4"), forumIds: [forumA.id] }),
    both: await makeUser(q, { name: unique("Member in both"), forumIds: [forumA.id, forumB.id] }),
    b1: await makeUser(q, { name: unique("Member b1"), forumIds: [forumB.id] }),
    outsider: await makeUser(q, { name: unique("Outsider"), forumIds: [forumC.id] }),
    moderator: await makeUser(q, { name: unique("Moderator"), role: "moderator", forumIds: [forumA.id] }),
    moderator2: await makeUser(q, { name: unique("Second moderator"), role: "moderator" }),
    met: await makeUser(q, { name: unique("Met lead"), role: "responder", organisation: "met" }),
    mopac: await makeUser(q, { name: unique("MOPAC officer"), role: "responder", organisation: "mopac" }),
    admin: await makeUser(q, { name: unique("Admin"), role: "admin" }),
  } satisfies Record<string, MadeUser>;
  const extra: MadeUser[] = [];
  for (let i = 0; i < (options.extraMembersInA ?? 0); i++) extra.push(await makeUser(q, { name: unique("Extra member"), forumIds: [forumA.id] }));
  const people = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, asCurrentUser(v)])) as { [K in keyof typeof made]: Person };
  return { forumA, forumB, forumC, made, extra: extra.map(asCurrentUser), extraMade: extra, ...people };
}

export type ConsultationCast = Awaited<ReturnType<typeof makeConsultationCast>>;

export const QUESTIONS: QuestionInput[] = [
  { kind: "single", prompt: "Should victims be told by letter when a case closes?", helpText: "Choose one.", required: true, options: ["Yes", "No", "Not sure"], maxChoices: null, scaleLowLabel: null, scaleHighLabel: null, maxLength: null },
  { kind: "multiple", prompt: "Which updates matter most to you?", helpText: "", required: true, options: ["Arrest", "Charge", "Court date", "Case closed"], maxChoices: 2, scaleLowLabel: null, scaleHighLabel: null, maxLength: null },
  { kind: "scale", prompt: "How much do you agree with the proposal?", helpText: "", required: true, options: [], maxChoices: null, scaleLowLabel: "Strongly disagree", scaleHighLabel: "Strongly agree", maxLength: null },
  { kind: "text", prompt: "Anything else you want to tell us?", helpText: "Please do not include names.", required: false, options: [], maxChoices: null, scaleLowLabel: null, scaleHighLabel: null, maxLength: 500 },
];

/** A draft by the Met lead, for forums A and B unless told, opening `opensIn` from now. */
export async function draftConsultation(cast: ConsultationCast, input: { forumIds?: string[]; opensAt?: Date; closesAt?: Date; now?: Date; questions?: QuestionInput[]; by?: Person } = {}) {
  const now = input.now ?? new Date();
  const c = await createConsultation(
    input.by ?? cast.met,
    {
      title: unique("Telling victims when a case closes"),
      summary: "We propose to write to every victim when their case is closed.",
      proposal: "## The proposal\n\nEvery victim gets a **letter** and a named contact when their case closes.",
      organisation: "met",
      forumIds: input.forumIds ?? [cast.forumA.id, cast.forumB.id],
      opensAt: input.opensAt ?? new Date(now.getTime() - HOUR),
      closesAt: input.closesAt ?? new Date(now.getTime() + 7 * DAY),
    },
    now,
  );
  for (const question of input.questions ?? QUESTIONS) await addQuestion(input.by ?? cast.met, c.id, question, now);
  return { consultation: c, questions: await listQuestions(c.id) };
}

/** A consultation scheduled with an opening time already past, so it opens at once. */
export async function openConsultation(cast: ConsultationCast, input: Parameters<typeof draftConsultation>[1] = {}) {
  const drafted = await draftConsultation(cast, input);
  const outcome = await scheduleConsultation(input.by ?? cast.met, drafted.consultation.id, input.now);
  if (outcome !== "opened") throw new Error(`expected the consultation to open, got ${outcome}`);
  return drafted;
}

/** Answers by question position: option labels (single, multiple), 1–5 (scale), text. */
export type Answers = (string | string[] | number | null)[];

export function answerValues(questions: QuestionWithOptions[], answers: Answers): AnswerValues {
  const values: AnswerValues = {};
  questions.forEach((q, i) => {
    const a = answers[i];
    if (a === null || a === undefined) return;
    const optionId = (label: string) => {
      const o = q.options.find((x) => x.label === label);
      if (!o) throw new Error(`no option "${label}" in question ${q.number}`);
      return o.id;
    };
    if (q.kind === "single") values[fieldName(q.id)] = optionId(String(a));
    if (q.kind === "multiple") values[fieldName(q.id)] = [a].flat().map((x) => optionId(String(x)));
    if (q.kind === "scale") values[fieldName(q.id)] = String(a);
    if (q.kind === "text") values[fieldName(q.id)] = String(a);
  });
  return values;
}

export async function answer(member: Person, drafted: { consultation: { id: string }; questions: QuestionWithOptions[] }, answers: Answers, now?: Date) {
  return submitResponse(member, { consultationId: drafted.consultation.id, values: answerValues(drafted.questions, answers) }, now);
}

/** Open → answered by the given members → closed early → (optionally) results published. */
export async function closedConsultation(cast: ConsultationCast, answersBy: [Person, Answers][], input: { publish?: boolean } = {}) {
  const drafted = await openConsultation(cast);
  for (const [member, answers] of answersBy) await answer(member, drafted, answers);
  await closeEarly(cast.moderator, drafted.consultation.id, "Closed for the test");
  if (input.publish) await publishResults(cast.moderator, drafted.consultation.id);
  return drafted;
}

export async function auditOf(consultationId: string) {
  return db().select().from(auditLog).where(and(eq(auditLog.targetType, "consultation"), eq(auditLog.targetId, consultationId))).orderBy(auditLog.id);
}

export async function mailOfKind(kind: string) {
  return db().select().from(outbox).where(eq(outbox.kind, kind)).orderBy(outbox.createdAt);
}

export async function textAnswers(consultationId: string) {
  return db().select().from(consultationTextAnswer).where(eq(consultationTextAnswer.consultationId, consultationId));
}

export { HOUR, DAY };
