// Meetings and their minutes (PRODUCT.md "Meetings, minutes and actions", issue 5). A meeting
// belongs to a forum and moves scheduled → held → minutes-draft → minutes-review →
// minutes-published (or cancelled) only through transitionMeeting (app/models/meeting.server.ts).
// Action items agreed in a meeting live in the shared `action_item` table (sourceType
// "meeting", sourceId = meeting id); `meeting_action` says which agenda item each came from.
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actionItem } from "./actions";
import { user } from "./auth";
import { forum } from "./forums";

export const meeting = pgTable(
  "meeting",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    forumId: uuid("forum_id")
      .notNull()
      .references(() => forum.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** Where people meet in person (a public place, never someone's home). */
    place: text("place"),
    /** The video call link: shown only to members of the forum and to moderators. */
    onlineUrl: text("online_url"),
    /** scheduled | held | minutes-draft | minutes-review | minutes-published | cancelled */
    status: text("status").notNull().default("scheduled"),
    /** Bumped by every change: guards edits and is the calendar file's SEQUENCE. */
    version: integer("version").notNull().default(1),
    cancelReason: text("cancel_reason"),
    /** Days members who attended have to comment on the draft (default 7). */
    reviewDays: integer("review_days").notNull().default(7),
    reviewOpenedAt: timestamp("review_opened_at", { withTimezone: true }),
    reviewClosesAt: timestamp("review_closes_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** Set when the day-before reminder was queued, so it goes once (reset if the time moves). */
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    /** Attendance as counts by role, never names. Null until recorded. */
    attendedMembers: integer("attended_members"),
    attendedMet: integer("attended_met"),
    attendedMopac: integer("attended_mopac"),
    attendedFacilitators: integer("attended_facilitators"),
    attendedOthers: integer("attended_others"),
    attendanceRecordedAt: timestamp("attendance_recorded_at", { withTimezone: true }),
    createdById: text("created_by_id")
      .notNull()
      .references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_forum_starts_idx").on(t.forumId, t.startsAt), index("meeting_status_starts_idx").on(t.status, t.startsAt)],
);

/** The agenda, in order; each item carries its part of the minutes. */
export const meetingAgendaItem = pgTable(
  "meeting_agenda_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    notes: text("notes").notNull().default(""),
    /** Summary of the discussion: Markdown as written, and rendered + sanitized on save. */
    summarySource: text("summary_source").notNull().default(""),
    summaryHtml: text("summary_html").notNull().default(""),
    decisionsSource: text("decisions_source").notNull().default(""),
    decisionsHtml: text("decisions_html").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_agenda_item_meeting_idx").on(t.meetingId, t.position)],
);

export const meetingCoChair = pgTable(
  "meeting_co_chair",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

export const meetingRsvp = pgTable(
  "meeting_rsvp",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** going | not-going | maybe */
    response: text("response").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index("meeting_rsvp_user_idx").on(t.userId)],
);

/** Members a moderator marked as present: private to moderators, used to invite reviewers. */
export const meetingAttendee = pgTable(
  "meeting_attendee",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    markedById: text("marked_by_id").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** A member's consent to be named in this meeting's minutes. No row: quoted as "a member". */
export const meetingNamingConsent = pgTable(
  "meeting_naming_consent",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/**
 * Something a member said, as the minutes record it. The moderator links the quote to the
 * member; the minutes show that member's display name only if they consented to be named for
 * this meeting, and "A member" otherwise.
 */
export const meetingQuote = pgTable(
  "meeting_quote",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    agendaItemId: uuid("agenda_item_id")
      .notNull()
      .references(() => meetingAgendaItem.id),
    /** Null: never named, whoever said it. */
    memberId: text("member_id").references(() => user.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdById: text("created_by_id")
      .notNull()
      .references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_quote_item_idx").on(t.agendaItemId, t.createdAt)],
);

/** Which agenda item an action item from this meeting belongs to. */
export const meetingAction = pgTable(
  "meeting_action",
  {
    actionItemId: uuid("action_item_id")
      .primaryKey()
      .references(() => actionItem.id),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    agendaItemId: uuid("agenda_item_id")
      .notNull()
      .references(() => meetingAgendaItem.id),
  },
  (t) => [index("meeting_action_meeting_idx").on(t.meetingId)],
);

/** Comments on draft minutes by members who attended. Moderators read them; nobody else. */
export const meetingReviewComment = pgTable(
  "meeting_review_comment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    agendaItemId: uuid("agenda_item_id")
      .notNull()
      .references(() => meetingAgendaItem.id),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_review_comment_meeting_idx").on(t.meetingId, t.createdAt)],
);

/** Corrections to published minutes: a visible, dated note for each. */
export const meetingRevision = pgTable(
  "meeting_revision",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    agendaItemId: uuid("agenda_item_id").references(() => meetingAgendaItem.id),
    note: text("note").notNull(),
    createdById: text("created_by_id")
      .notNull()
      .references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_revision_meeting_idx").on(t.meetingId, t.createdAt)],
);

export type Meeting = typeof meeting.$inferSelect;
export type MeetingAgendaItem = typeof meetingAgendaItem.$inferSelect;
export type MeetingQuote = typeof meetingQuote.$inferSelect;
