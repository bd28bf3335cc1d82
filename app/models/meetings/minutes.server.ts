// Minutes: per agenda item a summary of the discussion and the decisions (Markdown, sanitized
// once on save like posts), quotes, and the action items agreed. Members who attended comment
// on the draft during the review period (only moderators read the comments) and choose whether
// they may be named for this meeting; corrections after publication leave a dated note.
//
// How a quote names a member: the moderator links the quote to the member who said it. The
// minutes render that member's display name only if they have consented to be named for this
// meeting, and "A member" otherwise. Consent can change until publication and is fixed after,
// so what the public reads cannot change behind the minutes' back.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Tx } from "../../../db/client";
import { actionItem, actionUpdate } from "../../../db/schema/actions";
import { user } from "../../../db/schema/auth";
import {
  meeting,
  meetingAction,
  meetingAgendaItem,
  meetingNamingConsent,
  meetingQuote,
  meetingReviewComment,
  meetingRevision,
  type Meeting,
} from "../../../db/schema/meetings";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { renderMarkdown } from "~/services/markdown.server";
import type { CurrentUser } from "~/services/session.server";
import { can } from "~/utils/permissions";
import {
  ACTION_ORGANISATION_LABELS,
  ACTION_STATUS_LABELS,
  createActionItem,
  type ActionOrganisation,
  type ActionStatus,
} from "../actions/action-items.server";
import { formatLondonDate } from "~/utils/london-time";
import {
  A_MEMBER,
  CONSENT_OPEN,
  isMeetingAttendee,
  listForumPeople,
  MEETING_STATUS_LABELS,
  meetingAttendeeIds,
  MeetingConflictError,
  MeetingForbiddenError,
  MeetingNotFoundError,
  MeetingRuleError,
  MINUTES_OPEN,
  type Actor,
  type MeetingStatus,
} from "./meetings.server";
import { isUuid } from "~/utils/uuid";
import { isActionOverdue } from "~/utils/clocks";

export { A_MEMBER };

function requireManager(actor: Pick<CurrentUser, "role">) {
  if (!can(actor.role, "meeting:manage")) throw new MeetingForbiddenError("Only moderators can do that.");
}

const statusLabel = (s: string) => MEETING_STATUS_LABELS[s as MeetingStatus]?.toLowerCase() ?? s;

/** Locks the meeting row for the rest of the transaction and checks its status. */
async function lockMeeting(tx: Tx, meetingId: string, allowed: readonly MeetingStatus[], what: string): Promise<Meeting> {
  if (!isUuid(meetingId)) throw new MeetingNotFoundError("That meeting does not exist");
  const [m] = await tx.select().from(meeting).where(eq(meeting.id, meetingId)).for("update");
  if (!m) throw new MeetingNotFoundError("That meeting does not exist");
  if (!allowed.includes(m.status as MeetingStatus)) throw new MeetingConflictError(`${what} The meeting is ${statusLabel(m.status)}.`);
  return m;
}

async function agendaItemOf(tx: Tx, meetingId: string, agendaItemId: string) {
  if (!isUuid(agendaItemId)) throw new MeetingRuleError("Choose an agenda item", "agendaItemId");
  const [item] = await tx
    .select()
    .from(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.id, agendaItemId), eq(meetingAgendaItem.meetingId, meetingId)));
  if (!item) throw new MeetingRuleError("Choose an agenda item", "agendaItemId");
  return item;
}

// ---------------------------------------------------------------------------------------------
// Writing the minutes (moderators)

export const agendaMinutesSchema = z.object({
  summary: z.string().trim().max(20_000, "The summary must be 20,000 characters or fewer").default(""),
  decisions: z.string().trim().max(10_000, "The decisions must be 10,000 characters or fewer").default(""),
  revisionNote: z.string().trim().max(500, "The correction note must be 500 characters or fewer").optional(),
});

/**
 * Saves one agenda item's summary and decisions, while the minutes are drafted or in review, or
 * as a correction after publication, which needs a note that is shown with the minutes.
 * Returns the display names of forum members the text mentions, for a warning.
 */
export async function saveAgendaMinutes(
  actor: Actor,
  input: { meetingId: string; agendaItemId: string; summary: string; decisions: string; revisionNote?: string; now?: Date },
): Promise<{ mentions: string[] }> {
  requireManager(actor);
  const now = input.now ?? new Date();
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, [...MINUTES_OPEN, "minutes-published"], "The minutes cannot be changed now.");
    const item = await agendaItemOf(tx, m.id, input.agendaItemId);
    const correcting = m.status === "minutes-published";
    const note = input.revisionNote?.trim();
    if (correcting && !note) throw new MeetingRuleError("Say what you corrected: the note is shown with the published minutes", "revisionNote");
    await tx
      .update(meetingAgendaItem)
      .set({
        summarySource: input.summary,
        summaryHtml: renderMarkdown(input.summary),
        decisionsSource: input.decisions,
        decisionsHtml: renderMarkdown(input.decisions),
      })
      .where(eq(meetingAgendaItem.id, item.id));
    if (correcting) {
      await tx.insert(meetingRevision).values({ meetingId: m.id, agendaItemId: item.id, note: note!, createdById: actor.id, createdAt: now });
      await audit(tx, { actorId: actor.id, action: "meeting.correct", targetType: "meeting", targetId: m.id, reason: note, details: { agendaItemId: item.id } });
    }
    return { mentions: await mentionedMembers(m.forumId, `${input.summary}\n${input.decisions}`) };
  });
}

/** Display names of the forum's members that appear in a text (whole words, any case). */
export async function mentionedMembers(forumId: string, text: string): Promise<string[]> {
  const people = await listForumPeople(forumId);
  const lower = text.toLowerCase();
  return people
    .filter((p) => p.role === "member" && p.name.length >= 3)
    .filter((p) => {
      const i = lower.indexOf(p.name.toLowerCase());
      if (i < 0) return false;
      const before = lower[i - 1];
      const after = lower[i + p.name.length];
      return !(before && /[\p{L}\p{N}]/u.test(before)) && !(after && /[\p{L}\p{N}]/u.test(after));
    })
    .map((p) => p.name);
}

export const newAgendaItemSchema = z.object({
  title: z.string({ required_error: "Enter the agenda item's title" }).trim().min(2, "Enter the agenda item's title").max(200, "The title must be 200 characters or fewer"),
  notes: z.string().trim().max(2000, "The notes must be 2,000 characters or fewer").default(""),
});

/** "Any other business": an item added after the meeting, while the minutes are being written. */
export async function addAgendaItem(actor: Actor, input: { meetingId: string; title: string; notes: string }) {
  requireManager(actor);
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, ["held", ...MINUTES_OPEN], "Agenda items can no longer be added.");
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${meetingAgendaItem.position}), 0)::int` })
      .from(meetingAgendaItem)
      .where(eq(meetingAgendaItem.meetingId, m.id));
    const [item] = await tx.insert(meetingAgendaItem).values({ meetingId: m.id, position: Number(last) + 1, title: input.title, notes: input.notes }).returning();
    await audit(tx, { actorId: actor.id, action: "meeting.add-agenda-item", targetType: "meeting", targetId: m.id, details: { agendaItemId: item.id, title: item.title } });
    return item;
  });
}

export const quoteSchema = z.object({
  text: z.string({ required_error: "Enter what was said" }).trim().min(3, "Enter what was said").max(1000, "A quote must be 1,000 characters or fewer"),
  memberId: z.string().optional(),
});

/** Adds a quote to an agenda item, linked to the member who said it (or to nobody). */
export async function addQuote(actor: Actor, input: { meetingId: string; agendaItemId: string; text: string; memberId?: string | null; now?: Date }) {
  requireManager(actor);
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, MINUTES_OPEN, "Quotes can only be added while the minutes are being written or reviewed.");
    const item = await agendaItemOf(tx, m.id, input.agendaItemId);
    const memberId = input.memberId || null;
    if (memberId && !(await isMeetingAttendee(m.id, memberId))) {
      throw new MeetingRuleError("Only members who attended can be linked to a quote: mark them present in the attendance first", "memberId");
    }
    const [q] = await tx
      .insert(meetingQuote)
      .values({ meetingId: m.id, agendaItemId: item.id, memberId, text: input.text, createdById: actor.id, createdAt: input.now ?? new Date() })
      .returning();
    return q;
  });
}

export async function removeQuote(actor: Actor, input: { meetingId: string; quoteId: string }) {
  requireManager(actor);
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, MINUTES_OPEN, "Quotes can only be removed while the minutes are being written or reviewed.");
    if (!isUuid(input.quoteId)) return false;
    const removed = await tx.delete(meetingQuote).where(and(eq(meetingQuote.id, input.quoteId), eq(meetingQuote.meetingId, m.id))).returning();
    return removed.length > 0;
  });
}

/** Records an action agreed at the meeting (public once the minutes are published). */
export async function addMeetingAction(
  actor: Actor,
  input: { meetingId: string; agendaItemId: string; title: string; details: string; organisation: ActionOrganisation; dueDate: string; now?: Date },
) {
  requireManager(actor);
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, MINUTES_OPEN, "Actions can only be added while the minutes are being written or reviewed.");
    const item = await agendaItemOf(tx, m.id, input.agendaItemId);
    const created = await createActionItem(tx, {
      title: input.title,
      details: input.details,
      organisation: input.organisation,
      dueDate: input.dueDate,
      sourceType: "meeting",
      sourceId: m.id,
      forumId: m.forumId,
      createdById: actor.id,
      now: input.now,
    });
    await tx.insert(meetingAction).values({ actionItemId: created.id, meetingId: m.id, agendaItemId: item.id });
    return created;
  });
}

/** Removes an action from minutes not yet published (nobody outside has seen it). */
export async function removeMeetingAction(actor: Actor, input: { meetingId: string; actionItemId: string }) {
  requireManager(actor);
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, MINUTES_OPEN, "Actions can only be removed before the minutes are published.");
    if (!isUuid(input.actionItemId)) return false;
    const [link] = await tx
      .delete(meetingAction)
      .where(and(eq(meetingAction.actionItemId, input.actionItemId), eq(meetingAction.meetingId, m.id)))
      .returning();
    if (!link) return false;
    await tx.delete(actionUpdate).where(eq(actionUpdate.actionItemId, link.actionItemId));
    await tx.delete(actionItem).where(and(eq(actionItem.id, link.actionItemId), eq(actionItem.sourceType, "meeting"), eq(actionItem.sourceId, m.id)));
    await audit(tx, { actorId: actor.id, action: "action.remove", targetType: "action", targetId: link.actionItemId, details: { meetingId: m.id } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Consent to be named (members who attended)

export async function hasNamingConsent(meetingId: string, userId: string): Promise<boolean> {
    const q = database();
  const rows = await q
    .select({ one: sql`1` })
    .from(meetingNamingConsent)
    .where(and(eq(meetingNamingConsent.meetingId, meetingId), eq(meetingNamingConsent.userId, userId)));
  return rows.length > 0;
}

/** Gives or withdraws consent to be named in this meeting's minutes; refused once they are published. */
export async function setNamingConsent(input: { meetingId: string; actor: Pick<CurrentUser, "id">; consent: boolean; now?: Date }) {
  return transaction(async (tx) => {
    // Locked like publishing is, so consent and publication cannot cross.
    const m = await lockMeeting(tx, input.meetingId, CONSENT_OPEN, "The minutes are published, so consent can no longer be changed.");
    if (!(await isMeetingAttendee(m.id, input.actor.id))) throw new MeetingNotFoundError("Only members who attended the meeting can choose this.");
    if (input.consent) {
      await tx.insert(meetingNamingConsent).values({ meetingId: m.id, userId: input.actor.id, givenAt: input.now ?? new Date() }).onConflictDoNothing();
    } else {
      await tx.delete(meetingNamingConsent).where(and(eq(meetingNamingConsent.meetingId, m.id), eq(meetingNamingConsent.userId, input.actor.id)));
    }
    return input.consent;
  });
}

// ---------------------------------------------------------------------------------------------
// Review comments (members who attended write; moderators read)

export const reviewCommentSchema = z.object({
  agendaItemId: z.string({ required_error: "Choose the agenda item your comment is about" }),
  body: z
    .string({ required_error: "Write your comment" })
    .trim()
    .min(3, "Write your comment")
    .max(2000, "Your comment must be 2,000 characters or fewer"),
});

export async function addReviewComment(input: { meetingId: string; agendaItemId: string; actor: Pick<CurrentUser, "id">; body: string; now?: Date }) {
  const now = input.now ?? new Date();
  return transaction(async (tx) => {
    const m = await lockMeeting(tx, input.meetingId, ["minutes-review"], "Comments are closed.");
    if (!(await isMeetingAttendee(m.id, input.actor.id))) throw new MeetingNotFoundError("Only members who attended the meeting can comment on its minutes.");
    if (!m.reviewClosesAt || now > m.reviewClosesAt) throw new MeetingConflictError("The review period has ended, so comments are closed.");
    const item = await agendaItemOf(tx, m.id, input.agendaItemId);
    const [c] = await tx.insert(meetingReviewComment).values({ meetingId: m.id, agendaItemId: item.id, authorId: input.actor.id, body: input.body, createdAt: now }).returning();
    return c;
  });
}

/** Moderators see every comment with its author; anyone else only their own. */
export async function listReviewComments(meetingId: string, viewer: Pick<CurrentUser, "id" | "role">) {
    const q = database();
  const everyone = can(viewer.role, "meeting:manage");
  return q
    .select({
      id: meetingReviewComment.id,
      agendaItemId: meetingReviewComment.agendaItemId,
      body: meetingReviewComment.body,
      createdAt: meetingReviewComment.createdAt,
      authorId: meetingReviewComment.authorId,
      authorName: user.name,
    })
    .from(meetingReviewComment)
    .innerJoin(user, eq(user.id, meetingReviewComment.authorId))
    .where(and(eq(meetingReviewComment.meetingId, meetingId), everyone ? undefined : eq(meetingReviewComment.authorId, viewer.id)))
    .orderBy(asc(meetingReviewComment.createdAt));
}

// ---------------------------------------------------------------------------------------------
// Reading the minutes

/**
 * The minutes, agenda item by agenda item. A quote's `speaker` is the member's display name
 * only when they consented to be named for this meeting (and still have an account), and
 * "A member" otherwise. `linkedMember` (who the moderator linked) is for moderators' pages only.
 */
export async function getMinutes(meetingId: string, options: { forModerator?: boolean; viewerId?: string } = {}) {
    const q = database();
  const items = await q
    .select()
    .from(meetingAgendaItem)
    .where(eq(meetingAgendaItem.meetingId, meetingId))
    .orderBy(asc(meetingAgendaItem.position), asc(meetingAgendaItem.createdAt));
  const quotes = await q
    .select({
      id: meetingQuote.id,
      agendaItemId: meetingQuote.agendaItemId,
      text: meetingQuote.text,
      memberId: meetingQuote.memberId,
      memberName: user.name,
      named: sql<boolean>`(${user.id} is not null and ${user.deletedAt} is null and ${user.status} = 'active' and exists (select 1 from ${meetingNamingConsent} c where c.meeting_id = ${meetingQuote.meetingId} and c.user_id = ${meetingQuote.memberId}))`,
    })
    .from(meetingQuote)
    .leftJoin(user, eq(user.id, meetingQuote.memberId))
    .where(eq(meetingQuote.meetingId, meetingId))
    .orderBy(asc(meetingQuote.createdAt), asc(meetingQuote.id));
  const actions = await q
    .select({
      id: actionItem.id,
      agendaItemId: meetingAction.agendaItemId,
      title: actionItem.title,
      details: actionItem.details,
      organisation: actionItem.organisation,
      status: actionItem.status,
      dueAt: actionItem.dueAt,
    })
    .from(meetingAction)
    .innerJoin(actionItem, eq(actionItem.id, meetingAction.actionItemId))
    .where(eq(meetingAction.meetingId, meetingId))
    .orderBy(asc(actionItem.createdAt), asc(actionItem.id));
  return items.map((item) => ({
    id: item.id,
    position: item.position,
    title: item.title,
    notes: item.notes,
    summaryHtml: item.summaryHtml,
    decisionsHtml: item.decisionsHtml,
    summarySource: options.forModerator ? item.summarySource : undefined,
    decisionsSource: options.forModerator ? item.decisionsSource : undefined,
    quotes: quotes
      .filter((qt) => qt.agendaItemId === item.id)
      .map((qt) => ({
        id: qt.id,
        text: qt.text,
        speaker: qt.named && qt.memberName ? qt.memberName : A_MEMBER,
        byViewer: !!options.viewerId && qt.memberId === options.viewerId,
        linkedMember: options.forModerator ? (qt.memberName ?? null) : undefined,
        linkedConsented: options.forModerator ? qt.named : undefined,
      })),
    actions: actions.filter((a) => a.agendaItemId === item.id),
  }));
}

export type MinutesItem = Awaited<ReturnType<typeof getMinutes>>[number];

export async function listRevisions(meetingId: string) {
    const q = database();
  return q
    .select({ id: meetingRevision.id, note: meetingRevision.note, createdAt: meetingRevision.createdAt, agendaItemTitle: meetingAgendaItem.title })
    .from(meetingRevision)
    .leftJoin(meetingAgendaItem, eq(meetingAgendaItem.id, meetingRevision.agendaItemId))
    .where(eq(meetingRevision.meetingId, meetingId))
    .orderBy(asc(meetingRevision.createdAt));
}

/** Members who attended, with their consent, for the moderators' quote form (names stay with moderators). */
export async function listAttendeesForQuotes(meetingId: string) {
    const q = database();
  const ids = await meetingAttendeeIds(meetingId);
  if (!ids.length) return [];
  return q
    .select({
      id: user.id,
      name: user.name,
      consented: sql<boolean>`exists (select 1 from ${meetingNamingConsent} c where c.meeting_id = ${meetingId} and c.user_id = ${user.id})`,
    })
    .from(user)
    .where(and(inArray(user.id, ids), isNull(user.deletedAt)))
    .orderBy(asc(sql`lower(${user.name})`));
}

/**
 * The minutes as the pages show them (dates formatted in London time, on the server). An action's
 * own page exists once the minutes are published (`published`); before that (drafting, review)
 * its title is not a link, which would lead to "Page not found", even for moderators.
 */
export function presentMinutes(items: MinutesItem[], now = new Date(), { published = false }: { published?: boolean } = {}) {
  return items.map((item) => ({
    id: item.id,
    position: item.position,
    title: item.title,
    summaryHtml: item.summaryHtml,
    decisionsHtml: item.decisionsHtml,
    quotes: item.quotes.map((q) => ({ id: q.id, text: q.text, speaker: q.speaker, byViewer: q.byViewer })),
    actions: item.actions.map((a) => ({
      id: a.id,
      title: a.title,
      href: published ? `/actions/${a.id}` : null,
      organisationLabel: ACTION_ORGANISATION_LABELS[a.organisation as ActionOrganisation] ?? a.organisation,
      status: a.status,
      statusLabel: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status,
      due: formatLondonDate(a.dueAt),
      overdue: isActionOverdue(a, now),
    })),
  }));
}
