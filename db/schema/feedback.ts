// My Met Service (issue 14): the force's officers, who ask victims for instant feedback after
// a contact. Boroughs are slugs of app/utils/boroughs.ts (a static table, not a database one).
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

/** An officer's place in the force: one row per account whose role is `officer`. */
export const officer = pgTable(
  "officer",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    /** Shoulder (collar) number, upper case without spaces. */
    shoulderNumber: text("shoulder_number").notNull(),
    borough: text("borough").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("officer_shoulder_number_idx").on(t.shoulderNumber)],
);

export type Officer = typeof officer.$inferSelect;

/**
 * A single-use feedback link, issued by an officer after one contact with a victim. Only the
 * SHA-256 of its token is stored; the token lives in the QR code, email or text message.
 * Lifecycle: issued → used (one answer) | expired (14 days). The victim's address or number is
 * never stored here: it travels in the outbox row that sends the link, which is erased once
 * sent or failed for good.
 */
export const feedbackLink = pgTable(
  "feedback_link",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    officerId: text("officer_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The officer's borough when the link was issued: figures stay where the contact was. */
    borough: text("borough").notNull(),
    contactDate: date("contact_date", { mode: "string" }).notNull(),
    /** attended-report | took-statement | gave-update | other (app/utils/feedback.ts) */
    contactKind: text("contact_kind").notNull(),
    /** qr | email | text: how the link reached the victim. */
    channel: text("channel").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("feedback_link_officer_idx").on(t.officerId)],
);

export type FeedbackLink = typeof feedbackLink.$inferSelect;

/**
 * One victim's answer: through a single-use link (channel `link`: the officer, borough and kind
 * of contact come from the link) or through a leaflet's standing QR code for a borough
 * (channel `standing`: no officer, no contact; counted apart). One answer per link: the link is
 * claimed in the same transaction, and `link_id` is unique as well. No address, name or device
 * is kept. The comment waits for a moderator and is never public.
 */
export const feedbackAnswer = pgTable(
  "feedback_answer",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    linkId: uuid("link_id").references(() => feedbackLink.id, { onDelete: "set null" }),
    /** link | standing */
    channel: text("channel").notNull(),
    officerId: text("officer_id").references(() => user.id, { onDelete: "set null" }),
    borough: text("borough").notNull(),
    contactKind: text("contact_kind"),
    rating: smallint("rating").notNull(),
    /** yes | partly | no (app/utils/feedback.ts FEEDBACK_QUESTIONS) */
    keptInformed: text("kept_informed").notNull(),
    treatedWithRespect: text("treated_with_respect").notNull(),
    toldRights: text("told_rights").notNull(),
    comment: text("comment"),
    /** What the identifying-details check found in the comment (recomputed on redaction). */
    commentFindings: jsonb("comment_findings").$type<unknown[]>(),
    /** pending | approved | rejected; null without a comment. */
    commentStatus: text("comment_status"),
    commentReviewedBy: text("comment_reviewed_by").references(() => user.id, { onDelete: "set null" }),
    commentReviewedAt: timestamp("comment_reviewed_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("feedback_answer_link_idx").on(t.linkId),
    index("feedback_answer_borough_idx").on(t.borough, t.answeredAt),
    index("feedback_answer_comment_status_idx").on(t.commentStatus),
    check("feedback_answer_rating_check", sql`${t.rating} between 1 and 5`),
  ],
);

export type FeedbackAnswer = typeof feedbackAnswer.$inferSelect;

/**
 * "Tell me about the Victim Voice Forum": a contact address the moderators may invite. Kept
 * apart from the answer so the two cannot be joined (decision in docs/decisions): no key to the
 * answer or the link, no borough, only the month it arrived (answers carry their exact time),
 * a random id (no order of arrival), and written in a transaction of its own. Deleted once a
 * moderator has dealt with it.
 */
export const feedbackInterest = pgTable("feedback_interest", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** An email address or a UK mobile number (+447…). */
  contact: text("contact").notNull(),
  /** YYYY-MM in London: how fresh it is, and no finer. */
  month: text("month").notNull(),
});

export type FeedbackInterest = typeof feedbackInterest.$inferSelect;

// ---------------------------------------------------------------------------------------------
// The public figures' counts, kept up to date on write (never recounted per request): each is
// incremented by an INSERT … ON CONFLICT DO UPDATE in the transaction that stores the link or the
// answer, so concurrent writers queue on the one row and none is lost. Months are London months
// ("YYYY-MM"): a link and its answer count in the month of the contact's date, a standing-form
// answer in the month it arrived. They are never decreased: deleting an officer's account (and
// so their links) leaves the public figures as they were published.

/** Ratings per borough, month, source (link | standing), kind of contact ("" for standing) and rating. */
export const feedbackRatingCount = pgTable(
  "feedback_rating_count",
  {
    borough: text("borough").notNull(),
    month: text("month").notNull(),
    /** link | standing (a leaflet's QR code) */
    source: text("source").notNull(),
    /** The link's kind of contact; "" for standing-form answers, which have none. */
    contactKind: text("contact_kind").notNull(),
    rating: smallint("rating").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.borough, t.month, t.source, t.contactKind, t.rating] }), index("feedback_rating_count_month_idx").on(t.month)],
);

/** Single-use links issued per borough, month of the contact and kind of contact. */
export const feedbackLinkCount = pgTable(
  "feedback_link_count",
  {
    borough: text("borough").notNull(),
    month: text("month").notNull(),
    contactKind: text("contact_kind").notNull(),
    issued: integer("issued").notNull(),
  },
  (t) => [primaryKey({ columns: [t.borough, t.month, t.contactKind] }), index("feedback_link_count_month_idx").on(t.month)],
);

/**
 * A month's London-wide My Met Service report: it exists once the month has a link or an
 * answer, and awaits the Met's official response from the end of the month (20 working days,
 * app/utils/clocks.ts). Its id is what an official response answers (target_type
 * `feedback-report`).
 */
export const feedbackReport = pgTable("feedback_report", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** "YYYY-MM", London. */
  month: text("month").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type FeedbackReport = typeof feedbackReport.$inferSelect;
