// A consultation's lifecycle: draft → open → closed → published (results) → responded.
//
// Every move is a conditional update ("where status = <a status it starts from>"), never a
// check-then-write, so two processes running the scheduled jobs, or two moderators, can never
// make the same move twice: the loser's update matches nothing. The winner writes the audit
// entry and queues the emails (through the outbox, with a per-person idempotency key) in the
// same transaction, and the live events go out after commit.
import { and, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { consultation, consultationForum, consultationTextAnswer, type Consultation } from "../../../db/schema/consultations";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { can, ORGANISATION_LABELS, isOrganisation } from "~/utils/permissions";
import { canEditDraft, draftProblems, listQuestions, targetForumPeople, type ConsultationStatus } from "./consultations.server";
import { notYetAnswered } from "./answers.server";
import { publishEvents, sendNotification, type NotificationKind, type NotifyInput, type PendingEvent } from "../notifications/notifications.server";
import { isUuid } from "~/utils/uuid";
import { HOUR } from "~/utils/time";

type Actor = Pick<CurrentUser, "id" | "role" | "organisation">;

/** Which statuses each move starts from. */
export const CONSULTATION_MOVES = {
  open: ["draft"],
  close: ["open"],
  "publish-results": ["closed"],
  respond: ["published"],
} as const satisfies Record<string, readonly ConsultationStatus[]>;

export class ConsultationMoveError extends Error {}
/** A step dated before the step it follows (closed before it opened, results before it closed): impossible, refused (issue 12). */
export class ConsultationDatedBeforeError extends ConsultationMoveError {}

/** Refuses a step dated `at` before `earliest` (when there is one). */
export function refuseConsultationStepBefore(at: Date, earliest: Date | null, what: string) {
  if (earliest && at.getTime() < earliest.getTime()) {
    throw new ConsultationDatedBeforeError(`${what} cannot be dated ${formatLondonDateTime(at)}: that is before ${formatLondonDateTime(earliest)}. Nothing was changed.`);
  }
}

type ConsultationNotificationKind = Extract<NotificationKind, "consultation" | "consultation-results">;

/** Consultations send two switchable kinds (NOTIFICATION_KINDS): opened/closing soon, and results/response. */
export function notifyConsultation(tx: Tx, kind: ConsultationNotificationKind, input: Omit<NotifyInput, "kind">) {
  return sendNotification(tx, { ...input, kind });
}

const statusEvent = (id: string, status: ConsultationStatus): PendingEvent => ({ room: `consultation:${id}`, event: "consultation:status", payload: { consultationId: id, status } });

export function organisationName(org: string) {
  return isOrganisation(org) ? (org === "met" ? "The Metropolitan Police" : ORGANISATION_LABELS[org]) : org;
}

// ---------------------------------------------------------------------------------------------
// Scheduling a draft (it opens at its time without anyone pressing a button)

export async function scheduleConsultation(actor: Actor, id: string, now = new Date()) {
  if (!isUuid(id)) throw new ConsultationMoveError("That consultation does not exist");
  const events: PendingEvent[] = [];
  const result = await transaction(async (tx) => {
    const [c] = await tx.select().from(consultation).where(eq(consultation.id, id)).for("update");
    if (!c) throw new ConsultationMoveError("That consultation does not exist");
    if (!canEditDraft(actor, c)) throw new ConsultationMoveError("Only moderators, or responders of the organisation whose proposal it is, can schedule this consultation");
    if (c.status !== "draft") throw new ConsultationMoveError("This consultation has already opened.");
    if (c.scheduledAt) throw new ConsultationMoveError("This consultation is already scheduled to open.");
    // One after the other: a transaction's connection runs one query at a time.
    const forums = await tx.select().from(consultationForum).where(eq(consultationForum.consultationId, id));
    const questions = await listQuestions(id);
    const problems = draftProblems(c, forums.length, questions, now);
    if (problems.length) throw new ConsultationMoveError(`It cannot be scheduled yet: ${problems.join("; ")}.`);
    await tx.update(consultation).set({ scheduledAt: now, scheduledById: actor.id, version: sql`${consultation.version} + 1`, updatedAt: now }).where(eq(consultation.id, id));
    await audit(tx, { actorId: actor.id, action: "consultation.schedule", targetType: "consultation", targetId: id, details: { opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString() } });
    // Already due: open it now, in the same transaction, exactly as the job would.
    if (c.opensAt.getTime() <= now.getTime()) {
      const opened = await openInTx(tx, id, actor.id, now, events);
      return opened ? "opened" : "scheduled";
    }
    return "scheduled";
  });
  publishEvents(events);
  return result;
}

export async function unscheduleConsultation(actor: Actor, id: string, now = new Date()) {
  if (!isUuid(id)) throw new ConsultationMoveError("That consultation does not exist");
  return transaction(async (tx) => {
    const [c] = await tx.select().from(consultation).where(eq(consultation.id, id)).for("update");
    if (!c || !canEditDraft(actor, c)) throw new ConsultationMoveError("Only moderators, or responders of the organisation whose proposal it is, can change this consultation");
    const [changed] = await tx
      .update(consultation)
      .set({ scheduledAt: null, scheduledById: null, version: sql`${consultation.version} + 1`, updatedAt: now })
      .where(and(eq(consultation.id, id), eq(consultation.status, "draft"), isNotNull(consultation.scheduledAt)))
      .returning({ id: consultation.id });
    if (!changed) throw new ConsultationMoveError(c.status === "draft" ? "This consultation is not scheduled." : "This consultation has already opened.");
    await audit(tx, { actorId: actor.id, action: "consultation.unschedule", targetType: "consultation", targetId: id });
  });
}

// ---------------------------------------------------------------------------------------------
// Opening

/** The conditional move draft → open, with its audit entry and emails. False if it lost. */
async function openInTx(tx: Tx, id: string, actorId: string | null, now: Date, events: PendingEvent[]): Promise<boolean> {
  const [opened] = await tx
    .update(consultation)
    .set({ status: "open", openedAt: now, version: sql`${consultation.version} + 1`, updatedAt: now })
    .where(and(eq(consultation.id, id), inArray(consultation.status, [...CONSULTATION_MOVES.open]), isNotNull(consultation.scheduledAt), lte(consultation.opensAt, now)))
    .returning();
  if (!opened) return false;
  await audit(tx, { actorId, action: "consultation.open", targetType: "consultation", targetId: id, details: { by: actorId ? "person" : "schedule", opensAt: opened.opensAt.toISOString() } });
  events.push(
    statusEvent(id, "open"),
    ...(await notifyConsultation(tx, "consultation", {
      userIds: await targetForumPeople(id),
      message: `A new consultation is open in your forum: "${opened.title}". You can answer until ${formatLondonDateTime(opened.closesAt)}.`,
      url: `/consultations/${id}`,
      subject: "A new consultation is open",
      at: now,
      emailKey: (userId) => `consultation-opened:${id}:${userId}`,
    })),
  );
  return true;
}

/** Job: opens every scheduled draft whose opening time has come. Safe to run twice, anywhere. */
export async function openDueConsultations(now = new Date()): Promise<string[]> {
  const due = await database()
    .select({ id: consultation.id })
    .from(consultation)
    .where(and(eq(consultation.status, "draft"), isNotNull(consultation.scheduledAt), lte(consultation.opensAt, now)));
  const opened: string[] = [];
  for (const { id } of due) {
    const events: PendingEvent[] = [];
    if (await transaction((tx) => openInTx(tx, id, null, now, events))) opened.push(id);
    publishEvents(events);
  }
  return opened;
}

// ---------------------------------------------------------------------------------------------
// Closing

async function closeInTx(tx: Tx, id: string, input: { actorId: string | null; reason: string | null; closedAt: Date | "planned"; now: Date }, events: PendingEvent[]) {
  if (input.closedAt !== "planned") {
    const [c] = await tx.select({ openedAt: consultation.openedAt, createdAt: consultation.createdAt }).from(consultation).where(eq(consultation.id, id)).for("update");
    if (c) refuseConsultationStepBefore(input.closedAt, c.openedAt ?? c.createdAt, "Closing this consultation");
  }
  const [closed] = await tx
    .update(consultation)
    .set({
      status: "closed",
      closedAt: input.closedAt === "planned" ? sql`${consultation.closesAt}` : input.closedAt,
      closedById: input.actorId,
      closeReason: input.reason,
      version: sql`${consultation.version} + 1`,
      updatedAt: input.now,
    })
    .where(
      and(
        eq(consultation.id, id),
        inArray(consultation.status, [...CONSULTATION_MOVES.close]),
        input.closedAt === "planned" ? lte(consultation.closesAt, input.now) : undefined,
      ),
    )
    .returning();
  if (!closed) return null;
  await audit(tx, {
    actorId: input.actorId,
    action: input.actorId ? "consultation.close-early" : "consultation.close",
    targetType: "consultation",
    targetId: id,
    reason: input.reason,
    details: { closedAt: closed.closedAt?.toISOString(), closesAt: closed.closesAt.toISOString() },
  });
  events.push(statusEvent(id, "closed"));
  return closed;
}

/** Job: closes every open consultation whose closing time has come (at that time, not later). */
export async function closeDueConsultations(now = new Date()): Promise<string[]> {
  const due = await database()
    .select({ id: consultation.id })
    .from(consultation)
    .where(and(eq(consultation.status, "open"), lte(consultation.closesAt, now)));
  const closed: string[] = [];
  for (const { id } of due) {
    const events: PendingEvent[] = [];
    if (await transaction((tx) => closeInTx(tx, id, { actorId: null, reason: null, closedAt: "planned", now }, events))) closed.push(id);
    publishEvents(events);
  }
  return closed;
}

export const closeEarlySchema = z.object({
  reason: z
    .string({ required_error: "Give the reason for closing early: it is recorded and shown with the consultation" })
    .trim()
    .min(5, "The reason must be at least 5 characters")
    .max(1000, "The reason must be 1,000 characters or fewer"),
});

/** A moderator closes an open consultation before its time, with a reason. */
export async function closeEarly(moderator: Actor, id: string, reason: string, now = new Date()) {
  if (!can(moderator.role, "consultation:open-close")) throw new ConsultationMoveError("Only moderators can close a consultation early");
  if (!isUuid(id)) throw new ConsultationMoveError("That consultation does not exist");
  const events: PendingEvent[] = [];
  const closed = await transaction((tx) => closeInTx(tx, id, { actorId: moderator.id, reason, closedAt: now, now }, events));
  if (!closed) throw new ConsultationMoveError(await whyNot(id, "close"));
  publishEvents(events);
  return closed;
}

// ---------------------------------------------------------------------------------------------
// "Closing in 48 hours" reminders

export const REMINDER_HOURS = 48;

/**
 * Job: 48 hours before a consultation closes, emails the members of its forums who have not
 * answered. Claimed with a conditional update of `reminder_sent_at`, so it happens once
 * whichever process runs it. Skipped for a consultation opened less than a day before (the
 * "opened" email has only just gone).
 */
export async function remindClosingConsultations(now = new Date()): Promise<string[]> {
  const soon = new Date(now.getTime() + REMINDER_HOURS * HOUR);
  const dayAgo = new Date(now.getTime() - 24 * HOUR);
  const conditions = and(
    eq(consultation.status, "open"),
    isNull(consultation.reminderSentAt),
    lte(consultation.closesAt, soon),
    gt(consultation.closesAt, now),
    lte(consultation.openedAt, dayAgo),
  );
  const due = await database().select({ id: consultation.id }).from(consultation).where(conditions);
  const reminded: string[] = [];
  for (const { id } of due) {
    const events: PendingEvent[] = [];
    const sent = await transaction(async (tx) => {
      const [claimed] = await tx
        .update(consultation)
        .set({ reminderSentAt: now })
        .where(and(eq(consultation.id, id), conditions))
        .returning();
      if (!claimed) return false;
      const waiting = await notYetAnswered(id, await targetForumPeople(id, { membersOnly: true }));
      await audit(tx, { actorId: null, action: "consultation.remind", targetType: "consultation", targetId: id, details: { reminded: waiting.length } });
      events.push(
        ...(await notifyConsultation(tx, "consultation", {
          userIds: waiting,
          message: `The consultation "${claimed.title}" closes on ${formatLondonDateTime(claimed.closesAt)}. You have not answered it yet.`,
          url: `/consultations/${id}`,
          subject: "A consultation closes in 48 hours",
          at: now,
          emailKey: (userId) => `consultation-closing:${id}:${userId}`,
        })),
      );
      return true;
    });
    if (sent) reminded.push(id);
    publishEvents(events);
  }
  return reminded;
}

// ---------------------------------------------------------------------------------------------
// Publishing the results

export async function publishResults(moderator: Actor, id: string, now = new Date()) {
  if (!can(moderator.role, "consultation:publish-results")) throw new ConsultationMoveError("Only moderators can publish a consultation's results");
  if (!isUuid(id)) throw new ConsultationMoveError("That consultation does not exist");
  const events: PendingEvent[] = [];
  const published = await transaction(async (tx) => {
    const [c] = await tx.select({ closedAt: consultation.closedAt }).from(consultation).where(eq(consultation.id, id)).for("update");
    if (c) refuseConsultationStepBefore(now, c.closedAt, "Publishing the results");
    const [row] = await tx
      .update(consultation)
      .set({ status: "published", resultsPublishedAt: now, resultsPublishedById: moderator.id, version: sql`${consultation.version} + 1`, updatedAt: now })
      .where(and(eq(consultation.id, id), inArray(consultation.status, [...CONSULTATION_MOVES["publish-results"]])))
      .returning();
    if (!row) return null;
    const [{ pending }] = await tx
      .select({ pending: sql<number>`count(*)::int` })
      .from(consultationTextAnswer)
      .where(and(eq(consultationTextAnswer.consultationId, id), eq(consultationTextAnswer.status, "pending")));
    await audit(tx, { actorId: moderator.id, action: "consultation.publish-results", targetType: "consultation", targetId: id, details: { writtenAnswersStillPending: pending } });
    events.push(
      statusEvent(id, "published"),
      ...(await notifyConsultation(tx, "consultation-results", {
        userIds: await targetForumPeople(id),
        message: `The results of the consultation "${row.title}" are published. ${organisationName(row.organisation)} will respond to them.`,
        url: `/consultations/${id}`,
        subject: "Consultation results published",
        at: now,
        emailKey: (userId) => `consultation-results:${id}:${userId}`,
      })),
    );
    return row;
  });
  if (!published) throw new ConsultationMoveError(await whyNot(id, "publish-results"));
  publishEvents(events);
  return published;
}

/** Marks the move to `responded` in the caller's transaction (consultation-respond.server.ts). */
export async function markResponded(tx: Tx, c: Pick<Consultation, "id" | "title" | "organisation">, actorId: string, now: Date, events: PendingEvent[]) {
  const [row] = await tx
    .update(consultation)
    .set({ status: "responded", respondedAt: now, version: sql`${consultation.version} + 1`, updatedAt: now })
    .where(and(eq(consultation.id, c.id), inArray(consultation.status, [...CONSULTATION_MOVES.respond])))
    .returning();
  if (!row) return null;
  events.push(
    statusEvent(c.id, "responded"),
    ...(await notifyConsultation(tx, "consultation-results", {
      userIds: await targetForumPeople(c.id),
      message: `${organisationName(c.organisation)} has published its response to the consultation "${c.title}": what you said, and what will change.`,
      url: `/consultations/${c.id}#you-said-we-did`,
      subject: "You said, we did: the response to a consultation",
      at: now,
      emailKey: (userId) => `consultation-responded:${c.id}:${userId}`,
    })),
  );
  return row;
}

/** A refused move, explained by what the consultation is now. */
async function whyNot(id: string, move: keyof typeof CONSULTATION_MOVES): Promise<string> {
  const [c] = await database().select({ status: consultation.status, closedAt: consultation.closedAt }).from(consultation).where(eq(consultation.id, id));
  if (!c) return "That consultation does not exist.";
  const now: Record<string, string> = {
    draft: "it has not opened yet",
    open: "it is still open",
    closed: `it closed on ${formatLondonDateTime(c.closedAt)}`,
    published: "its results are already published",
    responded: "it has already been responded to",
  };
  const what = { open: "opened", close: "closed", "publish-results": "have its results published", respond: "be responded to" }[move];
  return `This consultation cannot ${move === "close" ? "be closed" : move === "open" ? "be opened" : what} now: ${now[c.status] ?? c.status}. Nothing was changed.`;
}
