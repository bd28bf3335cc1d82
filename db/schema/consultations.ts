// Consultations on proposed reforms (PRODUCT.md "Consultations"). A consultation is drafted by
// a responder or moderator, opens and closes at its times, and is answered at most once per
// member (changeable until it closes).
//
// Privacy by design: individual answers are never linkable to a person in anything the app
// shows, and not in the database either without the server's secret. A response carries no
// user id: `respondentKey` is an HMAC of (consultation, member) made with the server's secret
// (app/models/consultation-response.server.ts). It exists only so that the database can
// enforce one response per member (a UNIQUE constraint) and so that the member can find and
// change their own answers. Responses carry no timestamps, and `forumSet` (the target forums
// the member belonged to, sealed under the server's secret) exists only for the per-forum
// breakdown, which suppresses small numbers (app/models/consultations/suppression.server.ts).
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { forum } from "./forums";

export const consultation = pgTable(
  "consultation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** The proposal in full, as written (Markdown). */
    proposalSource: text("proposal_source").notNull(),
    /** proposalSource rendered and sanitized once, on save (app/services/markdown.server.ts). */
    proposalHtml: text("proposal_html").notNull(),
    /** met | mopac: whose proposal it is, and so who publishes "You said, we did". */
    organisation: text("organisation").notNull(),
    /** draft | open | closed | published (results published) | responded */
    status: text("status").notNull().default("draft"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    /** A draft opens at `opensAt` only once someone has scheduled it (checked as complete). */
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    scheduledById: text("scheduled_by_id").references(() => user.id),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    /** When it actually closed: `closesAt`, or earlier when a moderator closed it early. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedById: text("closed_by_id").references(() => user.id),
    closeReason: text("close_reason"),
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    resultsPublishedById: text("results_published_by_id").references(() => user.id),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    /** Set by the one run of the "closing in 48 hours" job that sent the reminders. */
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    /** Bumped by every change, so an edit made on a stale page is refused. */
    version: integer("version").notNull().default(1),
    createdById: text("created_by_id")
      .notNull()
      .references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_status_opens_idx").on(t.status, t.opensAt),
    index("consultation_status_closes_idx").on(t.status, t.closesAt),
    check("consultation_status_check", sql`${t.status} in ('draft', 'open', 'closed', 'published', 'responded')`),
    check("consultation_times_check", sql`${t.closesAt} > ${t.opensAt}`),
    // Each step after the one before it (issue 12): results after closing, the response after the results.
    check("consultation_results_after_closed_check", sql`${t.resultsPublishedAt} is null or ${t.closedAt} is null or ${t.resultsPublishedAt} >= ${t.closedAt}`),
    check("consultation_responded_after_results_check", sql`${t.respondedAt} is null or ${t.resultsPublishedAt} is null or ${t.respondedAt} >= ${t.resultsPublishedAt}`),
  ],
);

/** The forums a consultation targets: their members may answer. */
export const consultationForum = pgTable(
  "consultation_forum",
  {
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultation.id, { onDelete: "cascade" }),
    forumId: uuid("forum_id")
      .notNull()
      .references(() => forum.id),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.forumId] }), index("consultation_forum_forum_idx").on(t.forumId)],
);

export const consultationQuestion = pgTable(
  "consultation_question",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultation.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** single | multiple | scale | text */
    kind: text("kind").notNull(),
    prompt: text("prompt").notNull(),
    helpText: text("help_text").notNull().default(""),
    required: boolean("required").notNull().default(true),
    /** multiple: how many options a member may choose at most. */
    maxChoices: integer("max_choices"),
    /** scale (1–5): the words at each end, e.g. "Strongly disagree" and "Strongly agree". */
    scaleLowLabel: text("scale_low_label"),
    scaleHighLabel: text("scale_high_label"),
    /** text: the most characters an answer may have. */
    maxLength: integer("max_length"),
  },
  (t) => [
    index("consultation_question_position_idx").on(t.consultationId, t.position),
    check("consultation_question_kind_check", sql`${t.kind} in ('single', 'multiple', 'scale', 'text')`),
  ],
);

export const consultationOption = pgTable(
  "consultation_option",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestion.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    label: text("label").notNull(),
  },
  (t) => [index("consultation_option_position_idx").on(t.questionId, t.position)],
);

/** One member's response: no user id, no timestamps (see the top of this file). */
export const consultationResponse = pgTable(
  "consultation_response",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultation.id, { onDelete: "cascade" }),
    /** HMAC-SHA256(server secret, consultation id + member id), hex. */
    respondentKey: text("respondent_key").notNull(),
    /**
     * The target forums the member belonged to when they last submitted, sealed (AES-256-GCM)
     * under a key derived from the server's secret, padded to one length: without the secret
     * it says nothing, not even how many forums (app/models/consultations/forum-sets.server.ts).
     */
    forumSet: text("forum_set").notNull().default(""),
    /** 1 when first submitted, +1 at every change: tells a new response from a changed one. */
    revision: integer("revision").notNull().default(1),
  },
  (t) => [unique("consultation_response_once").on(t.consultationId, t.respondentKey)],
);

/** Choice and scale answers: one row per chosen option, or one per scale answer. */
export const consultationAnswer = pgTable(
  "consultation_answer",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    responseId: uuid("response_id")
      .notNull()
      .references(() => consultationResponse.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestion.id),
    optionId: uuid("option_id").references(() => consultationOption.id),
    scaleValue: smallint("scale_value"),
  },
  (t) => [
    index("consultation_answer_response_idx").on(t.responseId),
    index("consultation_answer_question_idx").on(t.questionId, t.optionId, t.scaleValue),
    check("consultation_answer_value_check", sql`(${t.optionId} is not null) <> (${t.scaleValue} is not null)`),
    check("consultation_answer_scale_check", sql`${t.scaleValue} is null or ${t.scaleValue} between 1 and 5`),
  ],
);

/**
 * Free-text answers. They pass the same review queue as posts (app/models/moderation.server.ts)
 * and appear in results, without names, only once approved.
 */
export const consultationTextAnswer = pgTable(
  "consultation_text_answer",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    responseId: uuid("response_id")
      .notNull()
      .references(() => consultationResponse.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultation.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestion.id),
    /** As written, or as redacted by a moderator. Shown as plain text, never as HTML. */
    body: text("body").notNull(),
    /** pending | approved | rejected | hidden */
    status: text("status").notNull().default("pending"),
    /** What the review queue shows it as: new | edited (the member changed it) */
    reviewKind: text("review_kind").notNull().default("new"),
    version: integer("version").notNull().default(1),
    piiFindings: jsonb("pii_findings").$type<{ kind: string; text: string; start: number; end: number }[]>().notNull().default([]),
    rejectionReason: text("rejection_reason"),
    rejectionNote: text("rejection_note"),
    redactionNote: text("redaction_note"),
    redactedAt: timestamp("redacted_at", { withTimezone: true }),
    decidedById: text("decided_by_id").references(() => user.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** When it entered the review queue (the queue is oldest first). */
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consultation_text_answer_once_idx").on(t.responseId, t.questionId),
    index("consultation_text_answer_queue_idx").on(t.status, t.submittedAt),
    index("consultation_text_answer_question_idx").on(t.questionId, t.status),
    check("consultation_text_answer_status_check", sql`${t.status} in ('pending', 'approved', 'rejected', 'hidden')`),
  ],
);

export type Consultation = typeof consultation.$inferSelect;
export type ConsultationQuestion = typeof consultationQuestion.$inferSelect;
export type ConsultationOption = typeof consultationOption.$inferSelect;
export type ConsultationTextAnswer = typeof consultationTextAnswer.$inferSelect;
