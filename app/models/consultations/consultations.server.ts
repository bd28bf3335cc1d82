// Consultations (PRODUCT.md "Consultations"): who may see which, the lists and the page, and
// drafting (details, questions and their options). Lifecycle moves live in
// consultation-lifecycle.server.ts, answering in consultation-response.server.ts, results in
// consultation-results.server.ts.
//
// Who sees what (a decision, see the report/README): staff see every consultation, drafts
// included. Members of a target forum see it once it has opened. Everyone, signed in or not,
// sees it once its results are published: the proposal, the results and "You said, we did".
import { and, asc, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Tx } from "../../../db/client";
import { forum, forumMembership } from "../../../db/schema/forums";
import { consultation, consultationForum, consultationOption, consultationQuestion, type Consultation } from "../../../db/schema/consultations";
import { allQueries, database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { renderMarkdown } from "~/services/markdown.server";
import type { CurrentUser } from "~/services/session.server";
import { can, isStaff, ORGANISATIONS, type Organisation } from "~/utils/permissions";
import { londonTimeOfDay, londonWallTime } from "../../utils/london-clock";
import { londonDate } from "~/utils/working-days";
import { isUuid } from "~/utils/uuid";

export type ConsultationStatus = "draft" | "open" | "closed" | "published" | "responded";
export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  draft: "Draft",
  open: "Open",
  closed: "Closed",
  published: "Results published",
  responded: "Responded",
};

export type QuestionKind = "single" | "multiple" | "scale" | "text";
export const QUESTION_KINDS: Record<QuestionKind, string> = {
  single: "Single choice (choose one)",
  multiple: "Multiple choice (choose several, up to a maximum)",
  scale: "Scale from 1 to 5, with words at each end",
  text: "Written answer",
};

export type Viewer = Pick<CurrentUser, "id" | "role" | "organisation"> | null;
type Actor = Pick<CurrentUser, "id" | "role" | "organisation">;


export const MAX_QUESTIONS = 30;
export const MAX_OPTIONS = 12;

/** SQL: the viewer is a member of one of the consultation's target forums. */
export function inTargetForum(viewerId: string): SQL {
  return sql`exists (select 1 from ${consultationForum} cf join ${forumMembership} fm on fm.forum_id = cf.forum_id where cf.consultation_id = ${consultation.id} and fm.user_id = ${viewerId})`;
}

/** SQL: the consultations `viewer` may see (see the top of this file). */
export function visibleConsultations(viewer: Viewer): SQL {
  const published = inArray(consultation.status, ["published", "responded"]);
  if (!viewer) return published;
  if (isStaff(viewer.role)) return sql`true`;
  return or(published, and(ne(consultation.status, "draft"), inTargetForum(viewer.id)))!;
}

/** Whether `actor` may change this consultation's draft: moderators and admins any, responders their organisation's. */
export function canEditDraft(actor: Viewer, c: Pick<Consultation, "organisation">): boolean {
  if (!actor || !can(actor.role, "consultation:draft")) return false;
  return actor.role !== "responder" || actor.organisation === c.organisation;
}

const forumsOf = (id: SQL | string) =>
  sql<{ id: string; name: string }[]>`coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name) order by f.name) from ${consultationForum} cf join ${forum} f on f.id = cf.forum_id where cf.consultation_id = ${id}), '[]'::json)`;

/** A consultation the viewer may see, with its target forums, else null. */
export async function getConsultationForViewer(id: string, viewer: Viewer) {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({
      consultation,
      forums: forumsOf(sql`${consultation.id}`),
      viewerInTargetForum: viewer ? sql<boolean>`${inTargetForum(viewer.id)}` : sql<boolean>`false`,
    })
    .from(consultation)
    .where(and(eq(consultation.id, id), visibleConsultations(viewer)));
  if (!row) return null;
  return { ...row.consultation, forums: row.forums, viewerInTargetForum: row.viewerInTargetForum };
}

export type ConsultationForViewer = NonNullable<Awaited<ReturnType<typeof getConsultationForViewer>>>;

/** Whether a consultation with this id exists, whatever its status (the staff's live room asks). */
export async function consultationExists(id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await database().select({ id: consultation.id }).from(consultation).where(eq(consultation.id, id));
  return rows.length > 0;
}

/** Every consultation the viewer may see, newest activity first, for /consultations. */
export async function listConsultationsForViewer(viewer: Viewer) {
    const q = database();
  return q
    .select({
      id: consultation.id,
      title: consultation.title,
      summary: consultation.summary,
      status: consultation.status,
      organisation: consultation.organisation,
      opensAt: consultation.opensAt,
      closesAt: consultation.closesAt,
      closedAt: consultation.closedAt,
      scheduledAt: consultation.scheduledAt,
      resultsPublishedAt: consultation.resultsPublishedAt,
      respondedAt: consultation.respondedAt,
      forums: forumsOf(sql`${consultation.id}`),
      viewerInTargetForum: viewer ? sql<boolean>`${inTargetForum(viewer.id)}` : sql<boolean>`false`,
    })
    .from(consultation)
    .where(visibleConsultations(viewer))
    .orderBy(sql`coalesce(${consultation.respondedAt}, ${consultation.resultsPublishedAt}, ${consultation.closedAt}, ${consultation.openedAt}, ${consultation.updatedAt}) desc`)
    .limit(200);
}

/** The questions of a consultation in order, each with its options in order. */
export async function listQuestions(consultationId: string) {
    const q = database();
  const [questions, options] = await allQueries(
    () => q.select().from(consultationQuestion).where(eq(consultationQuestion.consultationId, consultationId)).orderBy(asc(consultationQuestion.position)),
    () => q
      .select({ id: consultationOption.id, questionId: consultationOption.questionId, position: consultationOption.position, label: consultationOption.label })
      .from(consultationOption)
      .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationOption.questionId))
      .where(eq(consultationQuestion.consultationId, consultationId))
      .orderBy(asc(consultationOption.position)),
  );
  return questions.map((question, i) => ({
    ...question,
    kind: question.kind as QuestionKind,
    number: i + 1,
    options: options.filter((o) => o.questionId === question.id).map((o) => ({ id: o.id, label: o.label })),
  }));
}

export type QuestionWithOptions = Awaited<ReturnType<typeof listQuestions>>[number];

/** The ids of every member (and staff member) in the consultation's target forums. */
export async function targetForumPeople(consultationId: string, options: { membersOnly?: boolean } = {}) {
    const q = database();
  const rows = await q
    .selectDistinct({ id: forumMembership.userId })
    .from(forumMembership)
    .innerJoin(consultationForum, eq(consultationForum.forumId, forumMembership.forumId))
    .where(
      and(
        eq(consultationForum.consultationId, consultationId),
        options.membersOnly ? sql`exists (select 1 from "user" u where u.id = ${forumMembership.userId} and u.role = 'member')` : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Drafting

export class ConsultationEditError extends Error {}
/** No such consultation, or not one the viewer may see. */
export class ConsultationNotFoundError extends Error {}

const TITLE = { min: 5, max: 150 };
const SUMMARY = { min: 10, max: 600 };
const PROPOSAL = { min: 20, max: 20_000 };

export type DetailsInput = {
  title: string;
  summary: string;
  proposal: string;
  organisation: Organisation;
  forumIds: string[];
  opensAt: Date;
  closesAt: Date;
};

/** The details form (new and edit). Times are London wall-clock times. */
export const detailsFormSchema = z
  .object({
    title: z
      .string({ required_error: "Enter a title" })
      .trim()
      .min(TITLE.min, `The title must be at least ${TITLE.min} characters`)
      .max(TITLE.max, `The title must be ${TITLE.max} characters or fewer`),
    summary: z
      .string({ required_error: "Enter a short summary" })
      .trim()
      .min(SUMMARY.min, `The summary must be at least ${SUMMARY.min} characters`)
      .max(SUMMARY.max, `The summary must be ${SUMMARY.max} characters or fewer`),
    proposal: z
      .string({ required_error: "Write the proposal in full" })
      .trim()
      .min(PROPOSAL.min, `The proposal must be at least ${PROPOSAL.min} characters`)
      .max(PROPOSAL.max, `The proposal must be ${PROPOSAL.max.toLocaleString("en-GB")} characters or fewer`),
    organisation: z.enum(ORGANISATIONS, { errorMap: () => ({ message: "Choose whose proposal this is" }) }),
    forumIds: z.array(z.string().uuid("Choose forums from the list"), { required_error: "Choose at least one forum" }).min(1, "Choose at least one forum"),
    opensDate: z.string({ required_error: "Enter the opening date" }),
    opensTime: z.string({ required_error: "Enter the opening time, like 09:00" }),
    closesDate: z.string({ required_error: "Enter the closing date" }),
    closesTime: z.string({ required_error: "Enter the closing time, like 17:00" }),
  })
  .superRefine((v, ctx) => {
    const opens = londonWallTime(v.opensDate, v.opensTime);
    const closes = londonWallTime(v.closesDate, v.closesTime);
    if (!opens) ctx.addIssue({ code: "custom", path: ["opensDate"], message: "Enter a real opening date and time, like 2026-03-27 and 09:00" });
    if (!closes) ctx.addIssue({ code: "custom", path: ["closesDate"], message: "Enter a real closing date and time, like 2026-04-24 and 17:00" });
    if (opens && closes && closes.getTime() <= opens.getTime()) ctx.addIssue({ code: "custom", path: ["closesDate"], message: "The closing time must be after the opening time" });
  })
  .transform(
    (v): DetailsInput => ({
      title: v.title,
      summary: v.summary,
      proposal: v.proposal,
      organisation: v.organisation,
      forumIds: [...new Set(v.forumIds)],
      opensAt: londonWallTime(v.opensDate, v.opensTime)!,
      closesAt: londonWallTime(v.closesDate, v.closesTime)!,
    }),
  );

/** The details form's fields for an existing consultation (London dates and times). */
export function detailsFormValues(c: Pick<Consultation, "title" | "summary" | "proposalSource" | "organisation" | "opensAt" | "closesAt">, forumIds: string[]) {
  return {
    title: c.title,
    summary: c.summary,
    proposal: c.proposalSource,
    organisation: c.organisation,
    forumIds,
    opensDate: londonDate(c.opensAt),
    opensTime: londonTimeOfDay(c.opensAt),
    closesDate: londonDate(c.closesAt),
    closesTime: londonTimeOfDay(c.closesAt),
  };
}

async function checkForums(tx: Tx, forumIds: string[]) {
  const found = await tx.select({ id: forum.id }).from(forum).where(inArray(forum.id, forumIds));
  if (found.length !== forumIds.length) throw new ConsultationEditError("Choose forums from the list");
}

/** A responder drafts for their own organisation; moderators and admins choose. */
function organisationFor(actor: Actor, chosen: Organisation): Organisation {
  if (actor.role === "responder") {
    if (!actor.organisation) throw new ConsultationEditError("Your account is not linked to the Metropolitan Police or MOPAC");
    return actor.organisation;
  }
  return chosen;
}

export async function createConsultation(actor: Actor, input: DetailsInput, now = new Date()) {
  if (!can(actor.role, "consultation:draft")) throw new ConsultationEditError("Only moderators and responders can draft consultations");
  return transaction(async (tx) => {
    await checkForums(tx, input.forumIds);
    const [row] = await tx
      .insert(consultation)
      .values({
        title: input.title,
        summary: input.summary,
        proposalSource: input.proposal,
        proposalHtml: renderMarkdown(input.proposal),
        organisation: organisationFor(actor, input.organisation),
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(consultationForum).values(input.forumIds.map((forumId) => ({ consultationId: row.id, forumId })));
    await audit(tx, { actorId: actor.id, action: "consultation.create", targetType: "consultation", targetId: row.id, details: { title: row.title, forumIds: input.forumIds } });
    return row;
  });
}

/**
 * Runs `change` on a draft the actor may edit, locked until commit (so it cannot open halfway
 * through), and bumps its version. Anything else is refused by name.
 */
async function changeDraft<T>(actor: Actor, id: string, action: string, change: (tx: Tx, c: Consultation) => Promise<{ result: T; details?: Record<string, unknown> }>, now = new Date()): Promise<T> {
  if (!isUuid(id)) throw new ConsultationEditError("That consultation does not exist");
  return transaction(async (tx) => {
    const [c] = await tx.select().from(consultation).where(eq(consultation.id, id)).for("update");
    if (!c) throw new ConsultationEditError("That consultation does not exist");
    if (!canEditDraft(actor, c)) throw new ConsultationEditError("Only moderators, or responders of the organisation whose proposal it is, can change this consultation");
    if (c.status !== "draft") throw new ConsultationEditError("This consultation has opened: nothing that changes the meaning of an answer can be edited now. You can still fix typos in help text.");
    if (c.scheduledAt) throw new ConsultationEditError("This consultation is scheduled to open. Take it off the schedule before you change it.");
    const { result, details } = await change(tx, c);
    await tx
      .update(consultation)
      .set({ version: sql`${consultation.version} + 1`, updatedAt: now })
      .where(eq(consultation.id, id));
    await audit(tx, { actorId: actor.id, action, targetType: "consultation", targetId: id, details });
    return result;
  });
}

export async function updateConsultationDetails(actor: Actor, id: string, input: DetailsInput, now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.update",
    async (tx, c) => {
      await checkForums(tx, input.forumIds);
      await tx
        .update(consultation)
        .set({
          title: input.title,
          summary: input.summary,
          proposalSource: input.proposal,
          proposalHtml: renderMarkdown(input.proposal),
          organisation: actor.role === "responder" ? c.organisation : input.organisation,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
        })
        .where(eq(consultation.id, id));
      await tx.delete(consultationForum).where(eq(consultationForum.consultationId, id));
      await tx.insert(consultationForum).values(input.forumIds.map((forumId) => ({ consultationId: id, forumId })));
      return { result: null, details: { title: input.title, forumIds: input.forumIds } };
    },
    now,
  );
}

// ---------------------------------------------------------------------------------------------
// Questions

export type QuestionInput = {
  kind: QuestionKind;
  prompt: string;
  helpText: string;
  required: boolean;
  options: string[];
  maxChoices: number | null;
  scaleLowLabel: string | null;
  scaleHighLabel: string | null;
  maxLength: number | null;
};

export const DEFAULT_TEXT_LENGTH = 1000;

/** The question form (add and change). Options are typed one per line. */
export const questionFormSchema = z
  .object({
    kind: z.enum(["single", "multiple", "scale", "text"], { errorMap: () => ({ message: "Choose the kind of question" }) }),
    prompt: z.string({ required_error: "Enter the question" }).trim().min(5, "The question must be at least 5 characters").max(300, "The question must be 300 characters or fewer"),
    helpText: z.string().trim().max(600, "The help text must be 600 characters or fewer").default(""),
    required: z.boolean().default(false),
    options: z.string().max(5000, "The options are too long").default(""),
    maxChoices: z.number({ invalid_type_error: "Enter the most options a member may choose, as a number, like 2" }).int("Enter a whole number").optional(),
    scaleLowLabel: z.string().trim().max(60, "The words for 1 must be 60 characters or fewer").default(""),
    scaleHighLabel: z.string().trim().max(60, "The words for 5 must be 60 characters or fewer").default(""),
    maxLength: z.number({ invalid_type_error: "Enter the most characters an answer may have, as a number, like 1000" }).int("Enter a whole number").optional(),
  })
  .superRefine((v, ctx) => {
    const options = optionLines(v.options);
    if (v.kind === "single" || v.kind === "multiple") {
      if (options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "Enter at least 2 options, one per line" });
      if (options.length > MAX_OPTIONS) ctx.addIssue({ code: "custom", path: ["options"], message: `Enter no more than ${MAX_OPTIONS} options` });
      if (options.some((o) => o.length > 200)) ctx.addIssue({ code: "custom", path: ["options"], message: "Each option must be 200 characters or fewer" });
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Each option must be different" });
    }
    if (v.kind === "multiple") {
      if (v.maxChoices === undefined) ctx.addIssue({ code: "custom", path: ["maxChoices"], message: "Enter the most options a member may choose" });
      else if (v.maxChoices < 1 || v.maxChoices > Math.max(1, options.length)) ctx.addIssue({ code: "custom", path: ["maxChoices"], message: "The most options a member may choose must be between 1 and the number of options" });
    }
    if (v.kind === "scale") {
      if (!v.scaleLowLabel) ctx.addIssue({ code: "custom", path: ["scaleLowLabel"], message: "Enter the words for 1, like Strongly disagree" });
      if (!v.scaleHighLabel) ctx.addIssue({ code: "custom", path: ["scaleHighLabel"], message: "Enter the words for 5, like Strongly agree" });
    }
    if (v.kind === "text" && v.maxLength !== undefined && (v.maxLength < 20 || v.maxLength > 5000)) {
      ctx.addIssue({ code: "custom", path: ["maxLength"], message: "The most characters must be between 20 and 5,000" });
    }
  })
  .transform(
    (v): QuestionInput => ({
      kind: v.kind,
      prompt: v.prompt,
      helpText: v.helpText,
      required: v.required,
      options: v.kind === "single" || v.kind === "multiple" ? optionLines(v.options) : [],
      maxChoices: v.kind === "multiple" ? (v.maxChoices ?? null) : null,
      scaleLowLabel: v.kind === "scale" ? v.scaleLowLabel : null,
      scaleHighLabel: v.kind === "scale" ? v.scaleHighLabel : null,
      maxLength: v.kind === "text" ? (v.maxLength ?? DEFAULT_TEXT_LENGTH) : null,
    }),
  );

function optionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A question's fields as the question form shows them. */
export function questionFormValues(question: QuestionWithOptions) {
  return {
    kind: question.kind,
    prompt: question.prompt,
    helpText: question.helpText,
    required: question.required ? "on" : "",
    options: question.options.map((o) => o.label).join("\n"),
    maxChoices: question.maxChoices ? String(question.maxChoices) : "",
    scaleLowLabel: question.scaleLowLabel ?? "",
    scaleHighLabel: question.scaleHighLabel ?? "",
    maxLength: question.maxLength ? String(question.maxLength) : String(DEFAULT_TEXT_LENGTH),
  };
}

function questionValues(input: QuestionInput) {
  return {
    kind: input.kind,
    prompt: input.prompt,
    helpText: input.helpText,
    required: input.required,
    maxChoices: input.maxChoices,
    scaleLowLabel: input.scaleLowLabel,
    scaleHighLabel: input.scaleHighLabel,
    maxLength: input.maxLength,
  };
}

async function insertOptions(tx: Tx, questionId: string, labels: string[]) {
  if (labels.length) await tx.insert(consultationOption).values(labels.map((label, i) => ({ questionId, position: i + 1, label })));
}

export async function addQuestion(actor: Actor, id: string, input: QuestionInput, now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.question-add",
    async (tx) => {
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(consultationQuestion).where(eq(consultationQuestion.consultationId, id));
      if (n >= MAX_QUESTIONS) throw new ConsultationEditError(`A consultation can have at most ${MAX_QUESTIONS} questions`);
      const [question] = await tx
        .insert(consultationQuestion)
        .values({ consultationId: id, position: n + 1, ...questionValues(input) })
        .returning();
      await insertOptions(tx, question.id, input.options);
      return { result: question, details: { questionId: question.id, kind: input.kind, prompt: input.prompt } };
    },
    now,
  );
}

/** Changes a draft question. Its options are replaced (nobody can have answered a draft). */
export async function changeQuestion(actor: Actor, id: string, questionId: string, input: QuestionInput, now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.question-change",
    async (tx) => {
      if (!isUuid(questionId)) throw new ConsultationEditError("That question does not exist");
      const [question] = await tx
        .update(consultationQuestion)
        .set(questionValues(input))
        .where(and(eq(consultationQuestion.id, questionId), eq(consultationQuestion.consultationId, id)))
        .returning();
      if (!question) throw new ConsultationEditError("That question does not exist");
      await tx.delete(consultationOption).where(eq(consultationOption.questionId, question.id));
      await insertOptions(tx, question.id, input.options);
      return { result: question, details: { questionId, kind: input.kind, prompt: input.prompt } };
    },
    now,
  );
}

/** Swaps two neighbours' positions; `rows` are ordered by position. */
async function swapPositions<T extends { id: string; position: number }>(rows: T[], itemId: string, direction: "up" | "down", apply: (id: string, position: number) => Promise<unknown>) {
  const i = rows.findIndex((r) => r.id === itemId);
  if (i < 0) throw new ConsultationEditError("That item does not exist");
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= rows.length) return false;
  // Positions are renumbered 1..n as they are swapped, so gaps left by removals close up.
  const order = rows.map((r) => r.id);
  [order[i], order[j]] = [order[j], order[i]];
  for (const [k, rowId] of order.entries()) if (rows.find((r) => r.id === rowId)!.position !== k + 1) await apply(rowId, k + 1);
  return true;
}

export async function moveQuestion(actor: Actor, id: string, questionId: string, direction: "up" | "down", now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.question-move",
    async (tx) => {
      const rows = await tx.select({ id: consultationQuestion.id, position: consultationQuestion.position }).from(consultationQuestion).where(eq(consultationQuestion.consultationId, id)).orderBy(asc(consultationQuestion.position));
      const moved = await swapPositions(rows, questionId, direction, (qid, position) => tx.update(consultationQuestion).set({ position }).where(eq(consultationQuestion.id, qid)));
      return { result: moved, details: { questionId, direction } };
    },
    now,
  );
}

export async function moveOption(actor: Actor, id: string, optionId: string, direction: "up" | "down", now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.option-move",
    async (tx) => {
      if (!isUuid(optionId)) throw new ConsultationEditError("That option does not exist");
      const [owner] = await tx
        .select({ questionId: consultationOption.questionId })
        .from(consultationOption)
        .innerJoin(consultationQuestion, eq(consultationQuestion.id, consultationOption.questionId))
        .where(and(eq(consultationOption.id, optionId), eq(consultationQuestion.consultationId, id)));
      if (!owner) throw new ConsultationEditError("That option does not exist");
      const rows = await tx.select({ id: consultationOption.id, position: consultationOption.position }).from(consultationOption).where(eq(consultationOption.questionId, owner.questionId)).orderBy(asc(consultationOption.position));
      const moved = await swapPositions(rows, optionId, direction, (oid, position) => tx.update(consultationOption).set({ position }).where(eq(consultationOption.id, oid)));
      return { result: moved, details: { questionId: owner.questionId, optionId, direction } };
    },
    now,
  );
}

export async function removeQuestion(actor: Actor, id: string, questionId: string, now = new Date()) {
  return changeDraft(
    actor,
    id,
    "consultation.question-remove",
    async (tx) => {
      if (!isUuid(questionId)) throw new ConsultationEditError("That question does not exist");
      const [removed] = await tx
        .delete(consultationQuestion)
        .where(and(eq(consultationQuestion.id, questionId), eq(consultationQuestion.consultationId, id)))
        .returning({ position: consultationQuestion.position, prompt: consultationQuestion.prompt });
      if (!removed) throw new ConsultationEditError("That question does not exist");
      await tx
        .update(consultationQuestion)
        .set({ position: sql`${consultationQuestion.position} - 1` })
        .where(and(eq(consultationQuestion.consultationId, id), gt(consultationQuestion.position, removed.position)));
      return { result: null, details: { questionId, prompt: removed.prompt } };
    },
    now,
  );
}

/**
 * Fixes a typo in a question's help text once the consultation is open. Nothing else about a
 * question may change then (it would change the meaning of answers already given); the fix is
 * audited with the text before and after.
 */
export async function fixHelpText(actor: Actor, id: string, questionId: string, helpText: string, now = new Date()) {
  if (!isUuid(id) || !isUuid(questionId)) throw new ConsultationEditError("That question does not exist");
  return transaction(async (tx) => {
    const [c] = await tx.select().from(consultation).where(eq(consultation.id, id)).for("update");
    if (!c || !canEditDraft(actor, c)) throw new ConsultationEditError("Only moderators, or responders of the organisation whose proposal it is, can change this consultation");
    if (c.status !== "open") throw new ConsultationEditError(c.status === "draft" ? "This consultation is still a draft: change the question itself." : "This consultation has closed: its questions can no longer be changed.");
    const [before] = await tx
      .select({ helpText: consultationQuestion.helpText })
      .from(consultationQuestion)
      .where(and(eq(consultationQuestion.id, questionId), eq(consultationQuestion.consultationId, id)));
    if (!before) throw new ConsultationEditError("That question does not exist");
    if (before.helpText === helpText) return false;
    await tx.update(consultationQuestion).set({ helpText }).where(eq(consultationQuestion.id, questionId));
    await tx.update(consultation).set({ version: sql`${consultation.version} + 1`, updatedAt: now }).where(eq(consultation.id, id));
    await audit(tx, { actorId: actor.id, action: "consultation.help-text-fix", targetType: "consultation", targetId: id, details: { questionId, before: before.helpText, after: helpText } });
    return true;
  });
}

export const helpTextFixSchema = z.object({
  questionId: z.string().uuid("Choose a question"),
  helpText: z.string().trim().max(600, "The help text must be 600 characters or fewer").default(""),
});

/** What a draft still lacks before it can be scheduled; empty when it is ready. */
export function draftProblems(c: Pick<Consultation, "closesAt" | "opensAt">, forumCount: number, questions: QuestionWithOptions[], now: Date): string[] {
  const problems: string[] = [];
  if (!forumCount) problems.push("Choose at least one forum to consult");
  if (!questions.length) problems.push("Add at least one question");
  for (const q of questions) {
    if ((q.kind === "single" || q.kind === "multiple") && q.options.length < 2) problems.push(`Question ${q.number} needs at least 2 options`);
    if (q.kind === "multiple" && (!q.maxChoices || q.maxChoices > q.options.length)) problems.push(`Question ${q.number}: the most options a member may choose must be between 1 and ${q.options.length}`);
  }
  if (c.closesAt.getTime() <= now.getTime()) problems.push("The closing time has passed: choose a later one");
  return problems;
}

