// Action items: what the Met, MOPAC or the facilitators promised, from meeting minutes or a
// consultation's "You said, we did", and the public log of what happened to each promise.
//
// An action's status moves only through `updateActionItem`: a table of allowed moves applied as
// a conditional update that also names the owning organisation and requires the action to be
// public ("live"), so a responder of another organisation, or a stale form, changes nothing.
// Each move writes a dated, public `action_update` and an audit entry in the same transaction.
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Tx } from "../../../db/client";
import { actionItem, actionUpdate, type ActionItem } from "../../../db/schema/actions";
import { user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { consultation } from "../../../db/schema/consultations";
import { meeting } from "../../../db/schema/meetings";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { can, isStaff, type Role } from "~/utils/permissions";
import { formatLondonDate, isIsoDate } from "~/utils/london-time";
import { londonDate } from "~/utils/working-days";
import { dueAtFromDate } from "../../utils/london-clock";
import { meetingAttendeeIds } from "../meetings/meetings.server";
import { notifyAbout } from "../meetings/notifications.server";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { isUuid } from "~/utils/uuid";
import { ACTION_STILL_OPEN, isActionOverdue } from "~/utils/clocks";

export const ACTION_ORGANISATIONS = ["met", "mopac", "facilitator"] as const;
export type ActionOrganisation = (typeof ACTION_ORGANISATIONS)[number];

export const ACTION_ORGANISATION_LABELS: Record<ActionOrganisation, string> = {
  met: "Metropolitan Police",
  mopac: "MOPAC",
  facilitator: "Forum facilitators",
};

export const ACTION_STATUSES = ["open", "in-progress", "done", "not-doing"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: "Open",
  "in-progress": "In progress",
  done: "Done",
  "not-doing": "Not doing",
};

export type ActionSourceType = "meeting" | "consultation";

export function isActionOrganisation(value: unknown): value is ActionOrganisation {
  return typeof value === "string" && (ACTION_ORGANISATIONS as readonly string[]).includes(value);
}

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === "string" && (ACTION_STATUSES as readonly string[]).includes(value);
}

/** Which organisation's actions a person may update: responders their own, moderators the facilitators'. */
export function updatableOrganisation(actor: Pick<CurrentUser, "role" | "organisation">): ActionOrganisation | null {
  if (can(actor.role, "action:update-own-organisation")) return actor.organisation ?? null;
  if (can(actor.role, "action:update-facilitator")) return "facilitator";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Creating

/** The fields of an action item as a form asks for them (reused by consultation responses). */
export const actionItemFields = {
  // Required fields are checked in actionItemSchema's superRefine, so every problem shows at once.
  title: z.string().trim().max(300, "Keep what will be done to 300 characters or fewer").default(""),
  details: z.string().trim().max(2000, "The details must be 2,000 characters or fewer").default(""),
  organisation: z.string().optional(),
  dueDay: z.string().trim().default(""),
  dueMonth: z.string().trim().default(""),
  dueYear: z.string().trim().default(""),
};

/** "YYYY-MM-DD" from day, month and year fields, or null when they do not make a date. */
export function isoFromParts(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

export function actionItemSchema(now = new Date()) {
  return z
    .object(actionItemFields)
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (!v.title) issue("title", "Enter what will be done");
      else if (v.title.length < 5) issue("title", "Describe what will be done in at least 5 characters");
      if (!isActionOrganisation(v.organisation)) issue("organisation", "Choose who owns this action");
      const iso = isoFromParts(v.dueDay, v.dueMonth, v.dueYear);
      if (!v.dueDay && !v.dueMonth && !v.dueYear) issue("dueDate", "Enter the due date");
      else if (!iso) issue("dueDate", "The due date must be a real date, like 31 3 2027");
      else if (iso < londonDate(now)) issue("dueDate", "The due date must be today or in the future");
    })
    .transform((v) => ({ title: v.title, details: v.details, organisation: v.organisation as ActionOrganisation, dueDate: isoFromParts(v.dueDay, v.dueMonth, v.dueYear)! }));
}

export type NewActionItem = {
  title: string;
  details?: string;
  organisation: ActionOrganisation;
  /** A London calendar date: the action is due by the end of that day. */
  dueDate: string;
  sourceType: ActionSourceType;
  sourceId: string;
  forumId?: string | null;
  createdById: string;
  /** When it was agreed (default: now): its completion and any response on it can only come after. */
  now?: Date;
};

/** Creates an action item in the caller's transaction, with its audit entry. */
export async function createActionItem(tx: Tx, input: NewActionItem): Promise<ActionItem> {
  if (!isActionOrganisation(input.organisation)) throw new Error(`Unknown organisation ${input.organisation}`);
  if (!isIsoDate(input.dueDate)) throw new Error(`Not a date: ${input.dueDate}`);
  const [row] = await tx
    .insert(actionItem)
    .values({
      title: input.title,
      details: input.details ?? "",
      organisation: input.organisation,
      dueAt: dueAtFromDate(input.dueDate),
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      forumId: input.forumId ?? null,
      createdById: input.createdById,
      createdAt: input.now ?? new Date(),
    })
    .returning();
  await audit(tx, {
    actorId: input.createdById,
    action: "action.create",
    targetType: "action",
    targetId: row.id,
    details: { organisation: row.organisation, dueDate: input.dueDate, sourceType: row.sourceType, sourceId: row.sourceId },
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Who sees what

export type ActionViewer = Pick<CurrentUser, "id" | "role"> | null;

/**
 * SQL: the actions `viewer` may see. An action from a meeting is public once the minutes are
 * published, if the forum's minutes are public; forum members and staff also see those of
 * forums whose minutes are not public. Consultation actions are public as soon as they exist
 * (they are created with the published response).
 */
export function visibleActions(viewer: ActionViewer): SQL {
  const readable = !viewer
    ? sql`f.minutes_public`
    : isStaff(viewer.role as Role)
      ? sql`true`
      : sql`(f.minutes_public or exists (select 1 from ${forumMembership} fm where fm.forum_id = m.forum_id and fm.user_id = ${viewer.id}))`;
  return sql`(${actionItem.sourceType} <> 'meeting' or exists (select 1 from ${meeting} m join ${forum} f on f.id = m.forum_id where m.id = ${actionItem.sourceId} and m.status = 'minutes-published' and ${readable}))`;
}

/** SQL: public at all (the minutes are published), whoever looks: what may be updated and what owners are told about. */
export function liveAction(): SQL {
  return sql`(${actionItem.sourceType} <> 'meeting' or exists (select 1 from ${meeting} m where m.id = ${actionItem.sourceId} and m.status = 'minutes-published'))`;
}

/** SQL: still being worked on (ACTION_STILL_OPEN). */
export const actionStillOpen = (): SQL => inArray(actionItem.status, [...ACTION_STILL_OPEN]);

/** SQL twin of isActionOverdue (~/utils/clocks), for filtering, counting and the overdue notices. */
export const actionOverdue = (now: Date): SQL => sql`(${actionStillOpen()} and ${actionItem.dueAt} < ${now})`;

export type ActionFilter = {
  organisation?: ActionOrganisation;
  status?: ActionStatus;
  forumId?: string;
  overdue?: boolean;
  sourceId?: string;
};

const listColumns = {
  id: actionItem.id,
  title: actionItem.title,
  details: actionItem.details,
  organisation: actionItem.organisation,
  status: actionItem.status,
  statusReason: actionItem.statusReason,
  evidence: actionItem.evidence,
  dueAt: actionItem.dueAt,
  completedAt: actionItem.completedAt,
  createdAt: actionItem.createdAt,
  sourceType: actionItem.sourceType,
  sourceId: actionItem.sourceId,
  forumId: actionItem.forumId,
  forumName: forum.name,
  meetingTitle: meeting.title,
  meetingStartsAt: meeting.startsAt,
  consultationTitle: consultation.title,
  lastUpdateAt: sql<Date | null>`(select max(${actionUpdate.createdAt}) from ${actionUpdate} where ${actionUpdate.actionItemId} = ${actionItem.id})`.mapWith(
    (v: string | Date | null) => (v ? new Date(v) : null),
  ),
};

/** The public action log: filtered, open ones first by due date, then finished ones. */
export async function listActionLog(viewer: ActionViewer, filter: ActionFilter = {}, now = new Date()) {
    const q = database();
  const base = [
    visibleActions(viewer),
    filter.organisation ? eq(actionItem.organisation, filter.organisation) : undefined,
    filter.forumId ? eq(actionItem.forumId, filter.forumId) : undefined,
    filter.sourceId ? eq(actionItem.sourceId, filter.sourceId) : undefined,
  ];
  const rows = await q
    .select(listColumns)
    .from(actionItem)
    .leftJoin(forum, eq(forum.id, actionItem.forumId))
    .leftJoin(meeting, and(eq(actionItem.sourceType, "meeting"), eq(meeting.id, actionItem.sourceId)))
    .leftJoin(consultation, and(eq(actionItem.sourceType, "consultation"), eq(consultation.id, actionItem.sourceId)))
    .where(and(...base, filter.status ? eq(actionItem.status, filter.status) : undefined, filter.overdue ? actionOverdue(now) : undefined))
    .orderBy(sql`case when ${actionStillOpen()} then 0 else 1 end`, asc(actionItem.dueAt), asc(actionItem.createdAt))
    .limit(500);
  // Counts over the same organisation and forum, whatever the status and overdue filters say.
  const [counts] = await q
    .select({
      total: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${actionItem.status} = 'open')::int`,
      inProgress: sql<number>`count(*) filter (where ${actionItem.status} = 'in-progress')::int`,
      done: sql<number>`count(*) filter (where ${actionItem.status} = 'done')::int`,
      notDoing: sql<number>`count(*) filter (where ${actionItem.status} = 'not-doing')::int`,
      overdue: sql<number>`count(*) filter (where ${actionOverdue(now)})::int`,
    })
    .from(actionItem)
    .where(and(...base));
  return { actions: rows.map((r) => ({ ...r, overdue: isActionOverdue(r, now) })), counts };
}

export async function getActionForViewer(id: string, viewer: ActionViewer) {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q
    .select(listColumns)
    .from(actionItem)
    .leftJoin(forum, eq(forum.id, actionItem.forumId))
    .leftJoin(meeting, and(eq(actionItem.sourceType, "meeting"), eq(meeting.id, actionItem.sourceId)))
    .leftJoin(consultation, and(eq(actionItem.sourceType, "consultation"), eq(consultation.id, actionItem.sourceId)))
    .where(and(eq(actionItem.id, id), visibleActions(viewer)));
  return row ?? null;
}

/** The public history: who (by organisation, not name) did what, when. */
export async function listActionUpdates(actionItemId: string) {
    const q = database();
  return q
    .select({
      id: actionUpdate.id,
      organisation: actionUpdate.organisation,
      statusFrom: actionUpdate.statusFrom,
      statusTo: actionUpdate.statusTo,
      note: actionUpdate.note,
      createdAt: actionUpdate.createdAt,
    })
    .from(actionUpdate)
    .where(eq(actionUpdate.actionItemId, actionItemId))
    .orderBy(asc(actionUpdate.createdAt), asc(actionUpdate.id));
}

/** A meeting's action items, for its minutes (any state: callers decide who may see them). */
export async function listActionsForSource(sourceType: ActionSourceType, sourceId: string) {
    const q = database();
  return q
    .select()
    .from(actionItem)
    .where(and(eq(actionItem.sourceType, sourceType), eq(actionItem.sourceId, sourceId)))
    .orderBy(asc(actionItem.createdAt), asc(actionItem.id));
}

// ---------------------------------------------------------------------------------------------
// Updating

export type ActionMove =
  | { kind: "start"; note?: string }
  | { kind: "note"; note: string }
  | { kind: "complete"; evidence: string; note?: string }
  | { kind: "drop"; reason: string };

export const ACTION_ALLOWED_FROM: Record<ActionMove["kind"], readonly ActionStatus[]> = {
  start: ["open"],
  note: ["open", "in-progress"],
  complete: ["open", "in-progress"],
  drop: ["open", "in-progress"],
};

const MOVE_TO: Record<ActionMove["kind"], ActionStatus | null> = { start: "in-progress", note: null, complete: "done", drop: "not-doing" };

/** The update form's fields; `intent` names the move. */
export const actionUpdateSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), note: z.string().trim().max(2000, "The note must be 2,000 characters or fewer").optional() }),
  z.object({
    intent: z.literal("note"),
    note: z.string({ required_error: "Write the progress note" }).trim().min(3, "Write the progress note").max(2000, "The note must be 2,000 characters or fewer"),
  }),
  z.object({
    intent: z.literal("complete"),
    evidence: z
      .string({ required_error: "Say how the public can see it was done: a short description or a link" })
      .trim()
      .min(5, "Say how the public can see it was done: a short description or a link")
      .max(2000, "The evidence must be 2,000 characters or fewer"),
    note: z.string().trim().max(2000, "The note must be 2,000 characters or fewer").optional(),
  }),
  z.object({
    intent: z.literal("drop"),
    reason: z
      .string({ required_error: "Give the reason this will not be done" })
      .trim()
      .min(10, "Give the reason this will not be done, in at least 10 characters")
      .max(2000, "The reason must be 2,000 characters or fewer"),
  }),
], { errorMap: () => ({ message: "Choose what you want to record" }) });

export function moveFromForm(value: z.infer<typeof actionUpdateSchema>): ActionMove {
  switch (value.intent) {
    case "start":
      return { kind: "start", note: value.note };
    case "note":
      return { kind: "note", note: value.note };
    case "complete":
      return { kind: "complete", evidence: value.evidence, note: value.note };
    case "drop":
      return { kind: "drop", reason: value.reason };
  }
}

export class ActionNotFoundError extends Error {}
export class ActionForbiddenError extends Error {}
export class ActionConflictError extends Error {}
/** A change dated before the action was agreed (done before it existed): impossible, refused (issue 12). */
export class ActionDatedBeforeError extends ActionConflictError {}

function updateNote(move: ActionMove): string {
  switch (move.kind) {
    case "start":
      return move.note?.trim() || "Work on this has started.";
    case "note":
      return move.note.trim();
    case "complete":
      return [move.note?.trim() || "This has been done.", `Evidence: ${move.evidence.trim()}`].join("\n\n");
    case "drop":
      return `This will not be done. Reason: ${move.reason.trim()}`;
  }
}

/**
 * A status change or a progress note by the owning organisation. Responders update their own
 * organisation's actions; moderators the facilitators'. Everyone else is refused.
 */
export async function updateActionItem(input: { actionItemId: string; actor: Pick<CurrentUser, "id" | "role" | "organisation">; move: ActionMove; now?: Date }) {
  const { actor, move } = input;
  const organisation = updatableOrganisation(actor);
  if (!organisation) throw new ActionForbiddenError("Only the organisation that owns an action can update it.");
  if (!isUuid(input.actionItemId)) throw new ActionNotFoundError("That action does not exist");
  const now = input.now ?? new Date();
  const events: PendingEvent[] = [];
  const result = await transaction(async (tx) => {
    const from = ACTION_ALLOWED_FROM[move.kind];
    const to = MOVE_TO[move.kind];
    const changes: Partial<typeof actionItem.$inferInsert> = {};
    if (to) changes.status = to;
    if (move.kind === "complete") {
      changes.evidence = move.evidence.trim();
      changes.completedAt = now;
    }
    if (move.kind === "drop") {
      changes.statusReason = move.reason.trim();
      changes.completedAt = now;
    }
    // Ownership, state and publicity are all in the WHERE: a move that does not fit changes nothing.
    const [before] = await tx
      .select({ status: actionItem.status, createdAt: actionItem.createdAt })
      .from(actionItem)
      .where(and(eq(actionItem.id, input.actionItemId), eq(actionItem.organisation, organisation), inArray(actionItem.status, [...from]), liveAction()))
      .for("update");
    if (before && now.getTime() < before.createdAt.getTime()) {
      throw new ActionDatedBeforeError(`A change to this action cannot be dated before it was agreed (${formatLondonDate(before.createdAt)}). Nothing was changed.`);
    }
    const [after] = before
      ? await tx
          .update(actionItem)
          .set(Object.keys(changes).length ? changes : { status: sql`${actionItem.status}` as unknown as string })
          .where(and(eq(actionItem.id, input.actionItemId), eq(actionItem.organisation, organisation), inArray(actionItem.status, [...from])))
          .returning()
      : [];
    if (!after) {
      const [current] = await tx
        .select({ status: actionItem.status, organisation: actionItem.organisation, live: sql<boolean>`${liveAction()}` })
        .from(actionItem)
        .where(eq(actionItem.id, input.actionItemId));
      if (!current || !current.live) throw new ActionNotFoundError("That action does not exist");
      if (current.organisation !== organisation) throw new ActionForbiddenError("Only the organisation that owns an action can update it.");
      const label = ACTION_STATUS_LABELS[current.status as ActionStatus] ?? current.status;
      throw new ActionConflictError(`This action is already marked "${label}", so it cannot be changed that way. Nothing was changed.`);
    }
    const note = updateNote(move);
    await tx.insert(actionUpdate).values({
      actionItemId: after.id,
      authorId: actor.id,
      organisation,
      statusFrom: before.status,
      statusTo: after.status,
      note,
      createdAt: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: `action.${move.kind}`,
      targetType: "action",
      targetId: after.id,
      reason: move.kind === "drop" ? move.reason : move.kind === "complete" ? move.evidence : (move.note ?? null),
      details: { from: before.status, to: after.status, organisation },
    });
    if ((after.status === "done" || after.status === "not-doing") && after.sourceType === "meeting") {
      events.push(...(await tellAttendees(tx, after, now)));
    }
    return after;
  });
  publishEvents(events);
  return result;
}

/** Members who attended the meeting an action came from hear when it is done or dropped. */
async function tellAttendees(tx: Tx, item: ActionItem, now: Date): Promise<PendingEvent[]> {
  const [m] = await tx.select({ id: meeting.id, title: meeting.title }).from(meeting).where(eq(meeting.id, item.sourceId));
  if (!m) return [];
  const attendees = await meetingAttendeeIds(m.id);
  const outcome = item.status === "done" ? "has been done" : "will not be done";
  return notifyAbout(tx, "action-outcome", {
    userIds: attendees,
    message: `An action from the meeting "${m.title}" ${outcome}: ${item.title}. ${ACTION_ORGANISATION_LABELS[item.organisation as ActionOrganisation] ?? item.organisation} explained why on the action's page.`,
    url: `/actions/${item.id}`,
    subject: item.status === "done" ? "An action from your meeting is done" : "An action from your meeting will not be done",
    at: now,
    emailKey: (userId) => `action-outcome:${item.id}:${item.status}:${userId}`,
  });
}

/** The people an organisation's action reminders go to: its responders, or the moderators. */
export async function actionOwnerIds(organisation: string): Promise<string[]> {
    const q = database();
  const rows = await q
    .select({ id: user.id })
    .from(user)
    .where(
      and(
        eq(user.status, "active"),
        sql`${user.deletedAt} is null`,
        organisation === "facilitator" ? eq(user.role, "moderator") : and(eq(user.role, "responder"), eq(user.organisation, organisation)),
      ),
    );
  return rows.map((r) => r.id);
}

/** Actions a responder's organisation (or the facilitators) should look at: open ones, soonest first. */
export async function listOwnActions(organisation: ActionOrganisation, now = new Date()) {
    const q = database();
  const rows = await q
    .select(listColumns)
    .from(actionItem)
    .leftJoin(forum, eq(forum.id, actionItem.forumId))
    .leftJoin(meeting, and(eq(actionItem.sourceType, "meeting"), eq(meeting.id, actionItem.sourceId)))
    .leftJoin(consultation, and(eq(actionItem.sourceType, "consultation"), eq(consultation.id, actionItem.sourceId)))
    .where(and(eq(actionItem.organisation, organisation), actionStillOpen(), liveAction()))
    .orderBy(asc(actionItem.dueAt))
    .limit(200);
  return rows.map((r) => ({ ...r, overdue: isActionOverdue(r, now) }));
}


// ---------------------------------------------------------------------------------------------
// Presenting (dates formatted on the server, in London time)

type Listed = Awaited<ReturnType<typeof listActionLog>>["actions"][number];

/** Where an action was agreed, as a link. Consultations live at /consultations/:id. */
export function actionSource(a: Pick<Listed, "sourceType" | "sourceId" | "meetingTitle" | "meetingStartsAt" | "consultationTitle">) {
  if (a.sourceType === "meeting") {
    return { href: `/meetings/${a.sourceId}`, label: a.meetingTitle ? `${a.meetingTitle}, ${formatLondonDate(a.meetingStartsAt)}` : "A meeting" };
  }
  if (a.sourceType === "consultation") return { href: `/consultations/${a.sourceId}`, label: a.consultationTitle ? `Consultation: ${a.consultationTitle}` : "A consultation response" };
  return null;
}

export function presentAction(a: Listed) {
  return {
    id: a.id,
    title: a.title,
    organisation: a.organisation,
    organisationLabel: ACTION_ORGANISATION_LABELS[a.organisation as ActionOrganisation] ?? a.organisation,
    status: a.status,
    statusLabel: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status,
    due: formatLondonDate(a.dueAt),
    overdue: a.overdue,
    source: actionSource(a),
    forumName: a.forumName,
    lastUpdate: a.lastUpdateAt ? formatLondonDate(a.lastUpdateAt) : null,
  };
}
