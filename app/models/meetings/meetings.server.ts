// Meetings: scheduling, who may see what, RSVPs, attendance and the lifecycle
// scheduled → held → minutes-draft → minutes-review → minutes-published (or cancelled).
//
// A meeting's status moves only through `transitionMeeting`: a table of allowed moves applied
// as a conditional update (`where status in (…)`), with the audit entry and the emails written
// in the same transaction. Reads take the viewer: a meeting of a forum you do not belong to is
// as if it did not exist until its minutes are published (and the forum's minutes are public).
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import {
  meeting,
  meetingAgendaItem,
  meetingAttendee,
  meetingCoChair,
  meetingNamingConsent,
  meetingRsvp,
  type Meeting,
} from "../../../db/schema/meetings";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { isIsoDate } from "~/utils/london-time";
import { can, isStaff, type Role } from "~/utils/permissions";
import { endOfLondonDay } from "~/utils/working-days";
import { addLondonDays, formatLondonDay, formatMeetingTime, londonDate, londonWallTime, TIME_OF_DAY } from "../../utils/london-clock";
import { notifyAbout } from "./notifications.server";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { isUuid } from "~/utils/uuid";

export const MEETING_STATUSES = ["scheduled", "held", "minutes-draft", "minutes-review", "minutes-published", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: "Scheduled",
  held: "Held, minutes to be written",
  "minutes-draft": "Minutes being written",
  "minutes-review": "Draft minutes in review",
  "minutes-published": "Minutes published",
  cancelled: "Cancelled",
};

export const RSVP_RESPONSES = ["going", "maybe", "not-going"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];
export const RSVP_LABELS: Record<RsvpResponse, string> = { going: "Going", maybe: "Maybe", "not-going": "Not going" };

/** Statuses in which minutes are being worked on (and may still change). */
export const MINUTES_OPEN: readonly MeetingStatus[] = ["minutes-draft", "minutes-review"];
/** Until publication a member may give or withdraw consent to be named. */
export const CONSENT_OPEN: readonly MeetingStatus[] = ["scheduled", "held", "minutes-draft", "minutes-review"];

export type MeetingViewer = Pick<CurrentUser, "id" | "role"> | null;

/** How a member is shown to someone who may not know who they are. */
export const A_MEMBER = "A member";
export type Actor = Pick<CurrentUser, "id" | "role" | "name">;

export class MeetingNotFoundError extends Error {}
export class MeetingForbiddenError extends Error {}
/** The meeting is not (or no longer) in a state where this can happen. */
export class MeetingConflictError extends Error {}
/** A rule about the input or the moment; `field` names the form field it belongs to. */
export class MeetingRuleError extends Error {
  constructor(
    message: string,
    readonly field: string = "",
  ) {
    super(message);
  }
}


function requireManager(actor: Pick<CurrentUser, "role">) {
  if (!can(actor.role, "meeting:manage")) throw new MeetingForbiddenError("Only moderators can do that.");
}

// ---------------------------------------------------------------------------------------------
// The schedule / edit form

const optional = (max: number, message: string) => z.string().trim().max(max, message).optional();

/** The fields of the schedule and edit forms (day, month, year and times in London). */
export function meetingFormSchema(now = new Date()) {
  return z
    .object({
      // Required fields are checked in superRefine below, so that every problem is reported at once.
      title: z.string().trim().max(150, "The title must be 150 characters or fewer").default(""),
      description: optional(2000, "The description must be 2,000 characters or fewer"),
      dateDay: z.string().trim().default(""),
      dateMonth: z.string().trim().default(""),
      dateYear: z.string().trim().default(""),
      startTime: z.string().trim().default(""),
      endTime: z.string().trim().default(""),
      place: optional(300, "The place must be 300 characters or fewer"),
      onlineUrl: optional(500, "The online link must be 500 characters or fewer"),
      agenda: z
        .array(
          z
            .object({
              id: z.string().optional(),
              title: optional(200, "Each agenda item's title must be 200 characters or fewer"),
              notes: optional(2000, "Each agenda item's notes must be 2,000 characters or fewer"),
            })
            .optional(),
        )
        .default([]),
      coChairs: z.array(z.string()).default([]),
    })
    .superRefine((v, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
      if (!v.title) issue(["title"], "Enter the meeting's title");
      else if (v.title.length < 3) issue(["title"], "The title must be at least 3 characters");
      const date = isoDate(v.dateDay, v.dateMonth, v.dateYear);
      if (!v.dateDay && !v.dateMonth && !v.dateYear) issue(["date"], "Enter the date of the meeting");
      else if (!date) issue(["date"], "The date must be a real date, like 24 3 2027");
      if (!v.startTime) issue(["startTime"], "Enter the start time, like 18:30");
      else if (!TIME_OF_DAY.test(v.startTime)) issue(["startTime"], "Enter the start time on the 24-hour clock, like 18:30");
      if (!v.endTime) issue(["endTime"], "Enter the end time, like 20:00");
      else if (!TIME_OF_DAY.test(v.endTime)) issue(["endTime"], "Enter the end time on the 24-hour clock, like 20:00");
      if (date && TIME_OF_DAY.test(v.startTime) && TIME_OF_DAY.test(v.endTime)) {
        const start = londonWallTime(date, v.startTime);
        const end = londonWallTime(date, v.endTime);
        if (!start) issue(["startTime"], "That time does not exist in London on that day (the clocks go forward): choose another");
        else if (!end) issue(["endTime"], "That time does not exist in London on that day (the clocks go forward): choose another");
        else if (end <= start) issue(["endTime"], "The end time must be after the start time");
        if (start && date < addLondonDays(londonDate(now), -60)) issue(["date"], "The date can be at most 60 days ago");
        if (start && date > addLondonDays(londonDate(now), 2 * 366)) issue(["date"], "The date must be within the next two years");
      }
      if (!v.place && !v.onlineUrl) issue(["place"], "Enter where the meeting is, an online link, or both");
      if (v.onlineUrl && !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(v.onlineUrl)) issue(["onlineUrl"], "Enter the online link as a full web address starting https://");
      const rows = v.agenda.map((a) => a ?? {});
      rows.forEach((a, i) => {
        if (!a.title && a.notes) issue(["agenda", i, "title"], `Enter a title for agenda item ${i + 1}, or remove its notes`);
        if (a.id && !isUuid(a.id)) issue(["agenda", i, "title"], "That agenda item does not exist");
      });
      if (!rows.some((a) => a.title)) issue(["agenda"], "Add at least one agenda item");
    })
    .transform((v) => {
      const date = isoDate(v.dateDay, v.dateMonth, v.dateYear)!;
      return {
        title: v.title,
        description: v.description ?? "",
        startsAt: londonWallTime(date, v.startTime)!,
        endsAt: londonWallTime(date, v.endTime)!,
        place: v.place || null,
        onlineUrl: v.onlineUrl || null,
        agenda: v.agenda.flatMap((a): { id?: string; title: string; notes: string }[] => (a?.title ? [{ id: a.id || undefined, title: a.title, notes: a.notes ?? "" }] : [])),
        coChairIds: [...new Set(v.coChairs.filter((id) => id))],
      };
    });
}

export type MeetingInput = z.output<ReturnType<typeof meetingFormSchema>>;

function isoDate(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** SQL: the meetings `viewer` may see at all. */
export function visibleMeetings(viewer: MeetingViewer): SQL {
  const publicMinutes = sql`(${meeting.status} = 'minutes-published' and ${forum.minutesPublic})`;
  if (!viewer) return publicMinutes;
  if (isStaff(viewer.role as Role)) return sql`true`;
  return sql`(${publicMinutes} or exists (select 1 from ${forumMembership} fm where fm.forum_id = ${meeting.forumId} and fm.user_id = ${viewer.id}))`;
}

/** The meetings a viewer may see, newest first, with their own answer. */
export async function listMeetingsForViewer(viewer: MeetingViewer) {
    const q = database();
  return q
    .select({
      id: meeting.id,
      title: meeting.title,
      status: meeting.status,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      place: meeting.place,
      online: sql<boolean>`${meeting.onlineUrl} is not null`,
      forumName: forum.name,
      publishedAt: meeting.publishedAt,
      ownRsvp: viewer
        ? sql<string | null>`(select ${meetingRsvp.response} from ${meetingRsvp} where ${meetingRsvp.meetingId} = ${meeting.id} and ${meetingRsvp.userId} = ${viewer.id})`
        : sql<string | null>`null`,
    })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(visibleMeetings(viewer))
    .orderBy(desc(meeting.startsAt))
    .limit(300);
}

export type MeetingAccess = {
  isForumMember: boolean;
  canManage: boolean;
  /** The online link: members of the forum and moderators only. */
  canSeeLink: boolean;
  canRsvp: boolean;
  /** Attended (marked by a moderator, or answered "going"). */
  isAttendee: boolean;
  canComment: boolean;
  canConsent: boolean;
  /** The published minutes (for anyone who can see the meeting once they are published). */
  canReadMinutes: boolean;
  /** Members' display names (e.g. of a member co-chair): the forum's members and staff know them. */
  knowsMemberNames: boolean;
  /** The calendar file (/meetings/:id/ics): the forum's members and staff. */
  canDownloadCalendar: boolean;
  /** Whether the page offers the calendar file: only while the meeting is still to come. */
  offersCalendar: boolean;
};

export type MeetingForViewer = Meeting & { forumName: string; forumSlug: string; minutesPublic: boolean; access: MeetingAccess };

/** A meeting the viewer may see, with what they may do with it; null when they may not see it. */
export async function getMeetingForViewer(id: string, viewer: MeetingViewer, now = new Date()): Promise<MeetingForViewer | null> {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({ meeting, forumName: forum.name, forumSlug: forum.slug, minutesPublic: forum.minutesPublic })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(and(eq(meeting.id, id), visibleMeetings(viewer)));
  if (!row) return null;
  const m = row.meeting;
  const isForumMember = viewer ? await isMemberOfForum(q, m.forumId, viewer.id) : false;
  const isAttendee = viewer && isForumMember ? await isMeetingAttendee(m.id, viewer.id) : false;
  const canManage = !!viewer && can(viewer.role, "meeting:manage");
  const staff = !!viewer && isStaff(viewer.role as Role);
  const status = m.status as MeetingStatus;
  const access: MeetingAccess = {
    isForumMember,
    canManage,
    canSeeLink: canManage || isForumMember,
    canRsvp: isForumMember && status === "scheduled" && m.endsAt > now,
    isAttendee,
    canComment: isAttendee && status === "minutes-review" && !!m.reviewClosesAt && now <= m.reviewClosesAt,
    canConsent: isAttendee && CONSENT_OPEN.includes(status),
    canReadMinutes: status === "minutes-published",
    knowsMemberNames: isForumMember || staff,
    canDownloadCalendar: isForumMember || staff,
    offersCalendar: (isForumMember || staff) && status === "scheduled",
  };
  return { ...m, forumName: row.forumName, forumSlug: row.forumSlug, minutesPublic: row.minutesPublic, access };
}

/** The meeting row for staff pages (moderators): no visibility filter. */
export async function getMeeting(id: string) {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q
    .select({ meeting, forumName: forum.name, forumSlug: forum.slug, minutesPublic: forum.minutesPublic })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(eq(meeting.id, id));
  return row ? { ...row.meeting, forumName: row.forumName, forumSlug: row.forumSlug, minutesPublic: row.minutesPublic } : null;
}

async function isMemberOfForum(q: Queryable, forumId: string, userId: string) {
  const rows = await q
    .select({ one: sql`1` })
    .from(forumMembership)
    .where(and(eq(forumMembership.forumId, forumId), eq(forumMembership.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function listAgenda(meetingId: string) {
    const q = database();
  return q.select().from(meetingAgendaItem).where(eq(meetingAgendaItem.meetingId, meetingId)).orderBy(asc(meetingAgendaItem.position), asc(meetingAgendaItem.createdAt));
}

/** Co-chairs with what the public may know: a member co-chair is named only with consent. */
export async function listCoChairs(meetingId: string) {
    const q = database();
  return q
    .select({
      id: user.id,
      name: user.name,
      role: user.role,
      deleted: sql<boolean>`${user.deletedAt} is not null`,
      consented: sql<boolean>`exists (select 1 from ${meetingNamingConsent} c where c.meeting_id = ${meetingId} and c.user_id = ${user.id})`,
    })
    .from(meetingCoChair)
    .innerJoin(user, eq(user.id, meetingCoChair.userId))
    .where(eq(meetingCoChair.meetingId, meetingId))
    .orderBy(asc(sql`lower(${user.name})`));
}

/**
 * The co-chairs' names as this viewer may read them. Those who know members' names (the forum's
 * members, staff) read every name; anyone else reads a staff co-chair's name, and a member
 * co-chair's only if they consented to be named for this meeting. A deleted account is always
 * "A member".
 */
export async function listCoChairNamesForViewer(m: Pick<MeetingForViewer, "id" | "access">): Promise<string[]> {
  const coChairs = await listCoChairs(m.id);
  return coChairs.map((c) => (c.deleted ? A_MEMBER : m.access.knowsMemberNames || c.role !== "member" || c.consented ? c.name : A_MEMBER));
}

/** People who can co-chair or be marked present: the forum's active members (staff included). */
export async function listForumPeople(forumId: string) {
    const q = database();
  return q
    .select({ id: user.id, name: user.name, role: user.role })
    .from(forumMembership)
    .innerJoin(user, eq(user.id, forumMembership.userId))
    .where(and(eq(forumMembership.forumId, forumId), eq(user.status, "active"), isNull(user.deletedAt)))
    .orderBy(asc(sql`lower(${user.name})`));
}

/** Co-chairs may be the forum's members or any moderator. */
export async function listCoChairChoices(forumId: string) {
    const q = database();
  const members = await listForumPeople(forumId);
  const moderators = await q
    .select({ id: user.id, name: user.name, role: user.role })
    .from(user)
    .where(and(eq(user.role, "moderator"), eq(user.status, "active"), isNull(user.deletedAt)));
  const all = new Map([...members, ...moderators].map((p) => [p.id, p]));
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// RSVPs and attendance

/** Counts for moderators. Members only ever see their own answer. */
export async function rsvpCounts(meetingId: string) {
    const q = database();
  const rows = await q
    .select({ response: meetingRsvp.response, n: sql<number>`count(*)::int` })
    .from(meetingRsvp)
    .where(eq(meetingRsvp.meetingId, meetingId))
    .groupBy(meetingRsvp.response);
  const by = Object.fromEntries(rows.map((r) => [r.response, Number(r.n)]));
  return { going: by.going ?? 0, maybe: by.maybe ?? 0, notGoing: by["not-going"] ?? 0 };
}

export async function ownRsvp(meetingId: string, userId: string): Promise<RsvpResponse | null> {
    const q = database();
  const [row] = await q
    .select({ response: meetingRsvp.response })
    .from(meetingRsvp)
    .where(and(eq(meetingRsvp.meetingId, meetingId), eq(meetingRsvp.userId, userId)));
  return (row?.response as RsvpResponse) ?? null;
}

/** Answers going / maybe / not going (changeable), for members of the meeting's forum until it ends. */
export async function setRsvp(input: { meetingId: string; actor: Pick<CurrentUser, "id">; response: RsvpResponse; now?: Date }) {
  const now = input.now ?? new Date();
  if (!isUuid(input.meetingId)) throw new MeetingNotFoundError("That meeting does not exist");
  if (!RSVP_RESPONSES.includes(input.response)) throw new MeetingRuleError("Choose going, maybe or not going", "response");
  return transaction(async (tx) => {
    // Shared lock: a cancellation or a change of time waits for this answer, and vice versa.
    const [m] = await tx.select().from(meeting).where(eq(meeting.id, input.meetingId)).for("share");
    if (!m || !(await isMemberOfForum(tx, m.forumId, input.actor.id))) throw new MeetingNotFoundError("That meeting does not exist");
    if (m.status !== "scheduled") throw new MeetingConflictError(`This meeting is ${MEETING_STATUS_LABELS[m.status as MeetingStatus].toLowerCase()}: answers are closed.`);
    if (m.endsAt <= now) throw new MeetingConflictError("This meeting has ended: answers are closed.");
    await tx
      .insert(meetingRsvp)
      .values({ meetingId: m.id, userId: input.actor.id, response: input.response, updatedAt: now })
      .onConflictDoUpdate({ target: [meetingRsvp.meetingId, meetingRsvp.userId], set: { response: input.response, updatedAt: now } });
    return input.response;
  });
}

/** Who attended: marked present by a moderator, or answered "going". Private to the model. */
export async function meetingAttendeeIds(meetingId: string): Promise<string[]> {
    const q = database();
  const rows = await q
    .select({ id: user.id })
    .from(user)
    .where(
      and(
        eq(user.status, "active"),
        isNull(user.deletedAt),
        or(
          sql`exists (select 1 from ${meetingAttendee} a where a.meeting_id = ${meetingId} and a.user_id = ${user.id})`,
          sql`exists (select 1 from ${meetingRsvp} r where r.meeting_id = ${meetingId} and r.user_id = ${user.id} and r.response = 'going')`,
        ),
      ),
    );
  return rows.map((r) => r.id);
}

export async function isMeetingAttendee(meetingId: string, userId: string): Promise<boolean> {
    const q = database();
  const rows = await q.execute<{ one: number }>(sql`
    select 1 as one where exists (select 1 from ${meetingAttendee} where meeting_id = ${meetingId} and user_id = ${userId})
       or exists (select 1 from ${meetingRsvp} where meeting_id = ${meetingId} and user_id = ${userId} and response = 'going')`);
  const list = (rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]);
  return list.length > 0;
}

/** The members a moderator marked present (for the attendance form only: names stay with moderators). */
export async function listMarkedAttendees(meetingId: string): Promise<string[]> {
    const q = database();
  const rows = await q.select({ id: meetingAttendee.userId }).from(meetingAttendee).where(eq(meetingAttendee.meetingId, meetingId));
  return rows.map((r) => r.id);
}

export const ATTENDANCE_ROLES = [
  { key: "members", label: "Members" },
  { key: "met", label: "Metropolitan Police" },
  { key: "mopac", label: "MOPAC" },
  { key: "facilitators", label: "Facilitators" },
  { key: "others", label: "Others" },
] as const;
export type AttendanceCounts = Record<(typeof ATTENDANCE_ROLES)[number]["key"], number>;

/** Attendance as the public sees it: counts by role, null until recorded. Never names. */
export function attendanceCounts(m: Pick<Meeting, "attendedMembers" | "attendedMet" | "attendedMopac" | "attendedFacilitators" | "attendedOthers" | "attendanceRecordedAt">): AttendanceCounts | null {
  if (!m.attendanceRecordedAt) return null;
  return {
    members: m.attendedMembers ?? 0,
    met: m.attendedMet ?? 0,
    mopac: m.attendedMopac ?? 0,
    facilitators: m.attendedFacilitators ?? 0,
    others: m.attendedOthers ?? 0,
  };
}

const count = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `Enter the number of ${label} as a number, like 4` })
    .int(`Enter the number of ${label} as a whole number`)
    .min(0, `The number of ${label} cannot be negative`)
    .max(500, `The number of ${label} must be 500 or fewer`)
    .default(0);

export const attendanceSchema = z.object({
  members: count("members"),
  met: count("Metropolitan Police staff"),
  mopac: count("MOPAC staff"),
  facilitators: count("facilitators"),
  others: count("others"),
  present: z.array(z.string()).default([]),
});

/** Records attendance counts, and (privately) which members were there, once the meeting is held. */
export async function recordAttendance(actor: Actor, input: { meetingId: string; counts: AttendanceCounts; presentIds: string[]; now?: Date }) {
  requireManager(actor);
  const now = input.now ?? new Date();
  return transaction(async (tx) => {
    const [m] = await tx.select().from(meeting).where(eq(meeting.id, input.meetingId)).for("update");
    if (!m) throw new MeetingNotFoundError("That meeting does not exist");
    if (!["held", ...MINUTES_OPEN].includes(m.status as MeetingStatus)) {
      throw new MeetingConflictError(
        m.status === "scheduled" ? "Mark the meeting as held before recording attendance." : `Attendance cannot be changed: the meeting is ${MEETING_STATUS_LABELS[m.status as MeetingStatus].toLowerCase()}.`,
      );
    }
    const present = [...new Set(input.presentIds)];
    if (present.length) {
      const members = new Set((await listForumPeople(m.forumId)).map((p) => p.id));
      if (present.some((id) => !members.has(id))) throw new MeetingRuleError("Only members of the forum can be marked present", "present");
    }
    if (present.length > input.counts.members) {
      throw new MeetingRuleError(`You marked ${present.length} members as present, so the number of members must be at least ${present.length}`, "members");
    }
    await tx
      .update(meeting)
      .set({
        attendedMembers: input.counts.members,
        attendedMet: input.counts.met,
        attendedMopac: input.counts.mopac,
        attendedFacilitators: input.counts.facilitators,
        attendedOthers: input.counts.others,
        attendanceRecordedAt: now,
        updatedAt: now,
      })
      .where(eq(meeting.id, m.id));
    await tx.delete(meetingAttendee).where(eq(meetingAttendee.meetingId, m.id));
    if (present.length) await tx.insert(meetingAttendee).values(present.map((userId) => ({ meetingId: m.id, userId, markedById: actor.id, createdAt: now })));
    // Counts only: the audit log never lists who attended.
    await audit(tx, { actorId: actor.id, action: "meeting.attendance", targetType: "meeting", targetId: m.id, details: { ...input.counts, markedPresent: present.length } });
  });
}

// ---------------------------------------------------------------------------------------------
// Scheduling and changing

function whereText(m: { place: string | null; onlineUrl: string | null }) {
  if (m.place && m.onlineUrl) return `at ${m.place} and online`;
  if (m.place) return `at ${m.place}`;
  return "online (the link is on the meeting's page)";
}

async function forumMemberIds(q: Queryable, forumId: string) {
  return (await listForumPeople(forumId)).map((p) => p.id);
}

async function checkCoChairs(q: Queryable, forumId: string, ids: string[]) {
  if (!ids.length) return;
  const allowed = new Set((await listCoChairChoices(forumId)).map((p) => p.id));
  if (ids.some((id) => !allowed.has(id))) throw new MeetingRuleError("Co-chairs must be members of the forum or moderators", "coChairs");
}

export async function scheduleMeeting(actor: Actor, input: MeetingInput & { forumId: string }, now = new Date()) {
  requireManager(actor);
  if (!isUuid(input.forumId)) throw new MeetingRuleError("Choose the forum", "forumId");
  const events: PendingEvent[] = [];
  const created = await transaction(async (tx) => {
    const [f] = await tx.select().from(forum).where(eq(forum.id, input.forumId));
    if (!f) throw new MeetingRuleError("Choose the forum", "forumId");
    await checkCoChairs(tx, f.id, input.coChairIds);
    const [m] = await tx
      .insert(meeting)
      .values({
        forumId: f.id,
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        onlineUrl: input.onlineUrl,
        createdById: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(meetingAgendaItem).values(input.agenda.map((a, i) => ({ meetingId: m.id, position: i + 1, title: a.title, notes: a.notes })));
    if (input.coChairIds.length) await tx.insert(meetingCoChair).values(input.coChairIds.map((userId) => ({ meetingId: m.id, userId })));
    await audit(tx, {
      actorId: actor.id,
      action: "meeting.schedule",
      targetType: "meeting",
      targetId: m.id,
      details: { forumId: f.id, title: m.title, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString() },
    });
    // A meeting recorded after it happened is not announced.
    if (m.endsAt > now) {
      events.push(
        ...(await notifyAbout(tx, "meeting", {
          userIds: (await forumMemberIds(tx, f.id)).filter((id) => id !== actor.id),
          message: `A meeting of ${f.name} has been scheduled: "${m.title}", ${formatMeetingTime(m.startsAt, m.endsAt)}, ${whereText(m)}. Please tell us on the meeting's page whether you can come.`,
          url: `/meetings/${m.id}`,
          subject: `Meeting scheduled: ${m.title}`,
          at: now,
          emailKey: (userId) => `meeting-scheduled:${m.id}:${userId}`,
        })),
      );
    }
    return m;
  });
  publishEvents(events);
  return created;
}

/** Changes a scheduled meeting; the version guards against two moderators editing at once. */
export async function updateMeeting(actor: Actor, input: MeetingInput & { meetingId: string; version: number }, now = new Date()) {
  requireManager(actor);
  if (!isUuid(input.meetingId)) throw new MeetingNotFoundError("That meeting does not exist");
  const events: PendingEvent[] = [];
  const updated = await transaction(async (tx) => {
    const [before] = await tx.select().from(meeting).where(eq(meeting.id, input.meetingId)).for("update");
    if (!before) throw new MeetingNotFoundError("That meeting does not exist");
    if (before.status !== "scheduled") {
      throw new MeetingConflictError(`Only a scheduled meeting can be changed. This one is ${MEETING_STATUS_LABELS[before.status as MeetingStatus].toLowerCase()}.`);
    }
    if (before.version !== input.version) throw new MeetingConflictError("Someone else changed this meeting while you were editing it. Please check the details below and make your change again.");
    await checkCoChairs(tx, before.forumId, input.coChairIds);
    const timeChanged = before.startsAt.getTime() !== input.startsAt.getTime() || before.endsAt.getTime() !== input.endsAt.getTime();
    const changed = [
      before.title !== input.title ? "title" : null,
      timeChanged ? "time" : null,
      (before.place ?? null) !== input.place ? "place" : null,
      (before.onlineUrl ?? null) !== input.onlineUrl ? "online link" : null,
    ].filter((c): c is string => !!c);
    const [after] = await tx
      .update(meeting)
      .set({
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        onlineUrl: input.onlineUrl,
        version: sql`${meeting.version} + 1` as unknown as number,
        updatedAt: now,
        // A new time deserves a new reminder.
        ...(timeChanged ? { reminderSentAt: null } : {}),
      })
      .where(and(eq(meeting.id, before.id), eq(meeting.status, "scheduled"), eq(meeting.version, input.version)))
      .returning();
    // The agenda keeps its items' identities: kept ones are updated, new ones added, the rest removed.
    const existing = await listAgenda(before.id);
    const existingIds = new Set(existing.map((a) => a.id));
    const kept = new Set<string>();
    for (const [i, a] of input.agenda.entries()) {
      if (a.id && existingIds.has(a.id)) {
        kept.add(a.id);
        await tx.update(meetingAgendaItem).set({ title: a.title, notes: a.notes, position: i + 1 }).where(eq(meetingAgendaItem.id, a.id));
      } else {
        await tx.insert(meetingAgendaItem).values({ meetingId: before.id, position: i + 1, title: a.title, notes: a.notes });
      }
    }
    const removed = existing.filter((a) => !kept.has(a.id)).map((a) => a.id);
    if (removed.length) await tx.delete(meetingAgendaItem).where(inArray(meetingAgendaItem.id, removed));
    await tx.delete(meetingCoChair).where(eq(meetingCoChair.meetingId, before.id));
    if (input.coChairIds.length) await tx.insert(meetingCoChair).values(input.coChairIds.map((userId) => ({ meetingId: before.id, userId })));
    await audit(tx, { actorId: actor.id, action: "meeting.update", targetType: "meeting", targetId: before.id, details: { changed, version: after.version } });
    if (changed.length && after.endsAt > now) {
      const f = await tx.select({ name: forum.name }).from(forum).where(eq(forum.id, after.forumId));
      events.push(
        ...(await notifyAbout(tx, "meeting", {
          userIds: (await forumMemberIds(tx, after.forumId)).filter((id) => id !== actor.id),
          message: `A meeting of ${f[0]?.name ?? "your forum"} has changed (${changed.join(", ")}): "${after.title}" is now ${formatMeetingTime(after.startsAt, after.endsAt)}, ${whereText(after)}.`,
          url: `/meetings/${after.id}`,
          subject: `Meeting changed: ${after.title}`,
          at: now,
          emailKey: (userId) => `meeting-changed:${after.id}:${after.version}:${userId}`,
        })),
      );
    }
    return after;
  });
  publishEvents(events);
  return updated;
}

// ---------------------------------------------------------------------------------------------
// The lifecycle

export type MeetingMove =
  | { kind: "mark-held" }
  | { kind: "start-minutes" }
  | { kind: "open-review"; reviewDays?: number }
  | { kind: "publish"; early?: boolean }
  | { kind: "cancel"; reason: string };

/** Which statuses each move starts from. Everything else is refused. */
export const MEETING_ALLOWED_FROM: Record<MeetingMove["kind"], readonly MeetingStatus[]> = {
  "mark-held": ["scheduled"],
  "start-minutes": ["held"],
  "open-review": ["minutes-draft"],
  publish: ["minutes-review"],
  cancel: ["scheduled"],
};

const MOVE_TO: Record<MeetingMove["kind"], MeetingStatus> = {
  "mark-held": "held",
  "start-minutes": "minutes-draft",
  "open-review": "minutes-review",
  publish: "minutes-published",
  cancel: "cancelled",
};

export const DEFAULT_REVIEW_DAYS = 7;

/** Moves a meeting through its lifecycle. Moderators and admins only; audited; emails in the same transaction. */
export async function transitionMeeting(input: { meetingId: string; actor: Actor; move: MeetingMove; now?: Date }) {
  const { actor, move } = input;
  requireManager(actor);
  if (!isUuid(input.meetingId)) throw new MeetingNotFoundError("That meeting does not exist");
  const now = input.now ?? new Date();
  const events: PendingEvent[] = [];
  const result = await transaction(async (tx) => {
    const [before] = await tx.select().from(meeting).where(eq(meeting.id, input.meetingId)).for("update");
    if (!before) throw new MeetingNotFoundError("That meeting does not exist");
    const from = MEETING_ALLOWED_FROM[move.kind];
    if (!from.includes(before.status as MeetingStatus)) {
      throw new MeetingConflictError(`This meeting is ${MEETING_STATUS_LABELS[before.status as MeetingStatus]?.toLowerCase() ?? before.status}, so that cannot be done now. Nothing was changed.`);
    }
    const changes: Partial<typeof meeting.$inferInsert> = { status: MOVE_TO[move.kind], updatedAt: now, version: sql`${meeting.version} + 1` as unknown as number };
    switch (move.kind) {
      case "mark-held":
        if (now < before.startsAt) throw new MeetingRuleError("A meeting can be marked as held once it has started.");
        break;
      case "open-review": {
        if (!before.attendanceRecordedAt) throw new MeetingRuleError("Record the attendance before sending the draft minutes for review.");
        const days = move.reviewDays ?? before.reviewDays ?? DEFAULT_REVIEW_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > 30) throw new MeetingRuleError("The review period must be between 1 and 30 days", "reviewDays");
        changes.reviewDays = days;
        changes.reviewOpenedAt = now;
        // Open until the end of the last day in London.
        changes.reviewClosesAt = endOfLondonDay(addLondonDays(londonDate(now), days));
        break;
      }
      case "publish":
        if (!before.attendanceRecordedAt) throw new MeetingRuleError("Record the attendance before publishing the minutes.");
        if (before.reviewClosesAt && now <= before.reviewClosesAt && !move.early) {
          throw new MeetingRuleError(
            `Members can comment until the end of ${formatLondonDay(before.reviewClosesAt)}. To publish before then, confirm that you want to close the review early.`,
            "early",
          );
        }
        changes.publishedAt = now;
        // Publishing closes the review, early or not.
        if (before.reviewClosesAt && now < before.reviewClosesAt) changes.reviewClosesAt = now;
        break;
      case "cancel":
        if (!move.reason?.trim()) throw new MeetingRuleError("Give the reason for cancelling: members will see it", "reason");
        changes.cancelReason = move.reason.trim();
        break;
    }
    const [after] = await tx
      .update(meeting)
      .set(changes)
      .where(and(eq(meeting.id, before.id), inArray(meeting.status, [...from])))
      .returning();
    if (!after) throw new MeetingConflictError("This meeting changed while you were looking at it. Nothing was changed.");
    await audit(tx, {
      actorId: actor.id,
      action: `meeting.${move.kind}`,
      targetType: "meeting",
      targetId: after.id,
      reason: move.kind === "cancel" ? move.reason.trim() : move.kind === "publish" && move.early ? "published before the review period ended" : null,
      details: { from: before.status, to: after.status, ...(move.kind === "open-review" ? { reviewClosesAt: after.reviewClosesAt?.toISOString() } : {}) },
    });
    if (move.kind === "cancel") {
      events.push(
        ...(await notifyAbout(tx, "meeting", {
          userIds: (await forumMemberIds(tx, after.forumId)).filter((id) => id !== actor.id),
          message: `The meeting "${after.title}" on ${formatMeetingTime(after.startsAt, after.endsAt)} has been cancelled. Reason: ${after.cancelReason}`,
          url: `/meetings/${after.id}`,
          subject: `Meeting cancelled: ${after.title}`,
          at: now,
          emailKey: (userId) => `meeting-cancelled:${after.id}:${userId}`,
        })),
      );
    }
    if (move.kind === "open-review") {
      const reviewers = await meetingAttendeeIds(after.id);
      events.push(
        ...(await notifyAbout(tx, "minutes-review", {
          userIds: reviewers,
          message: `The draft minutes of "${after.title}" are ready. As someone who was there, you can comment on them until the end of ${formatLondonDay(after.reviewClosesAt!)}, and choose whether you are named in them.`,
          url: `/meetings/${after.id}/review`,
          subject: `Draft minutes to review: ${after.title}`,
          at: now,
          emailKey: (userId) => `minutes-review:${after.id}:${userId}`,
        })),
      );
    }
    return after;
  });
  publishEvents(events);
  return result;
}

/** Meetings a moderator should act on (for the meetings page): the next ones first. */
export async function listMeetingsNeedingMinutes(now = new Date()) {
    const q = database();
  return q
    .select({ id: meeting.id, title: meeting.title, status: meeting.status, startsAt: meeting.startsAt })
    .from(meeting)
    .where(or(inArray(meeting.status, ["held", "minutes-draft", "minutes-review"]), and(eq(meeting.status, "scheduled"), sql`${meeting.endsAt} < ${now}`)))
    .orderBy(asc(meeting.startsAt));
}

