// Threads and posts (PRODUCT.md "Threads and posts"). Every post — a thread's opening post and
// every reply — is pre-moderated: nothing a member writes is visible to anyone but its author
// and moderators until approved.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { forum } from "./forums";

export const thread = pgTable(
  "thread",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    forumId: uuid("forum_id")
      .notNull()
      .references(() => forum.id),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id),
    title: text("title").notNull(),
    /** members (default: members of its forum and staff) | public */
    visibility: text("visibility").notNull().default("members"),
    /** True once the opening post is approved; until then the thread is listed nowhere. */
    published: boolean("published").notNull().default(false),
    /** Approved replies (the opening post not counted), kept in step by post transitions. */
    replyCount: integer("reply_count").notNull().default(0),
    /** Newest approval in the thread: forum lists sort by this (keyset pagination). */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    /** Marked for response by an organisation (met | mopac), with a public clock. */
    responseOrganisation: text("response_organisation"),
    responseDueAt: timestamp("response_due_at", { withTimezone: true }),
    responseRequestedAt: timestamp("response_requested_at", { withTimezone: true }),
    /** What the public sees of a members-only thread: a moderator's summary, never members' words. */
    publicSummary: text("public_summary"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("thread_forum_activity_idx").on(t.forumId, t.lastActivityAt, t.id),
    index("thread_response_idx").on(t.responseOrganisation, t.responseDueAt),
    // A response cannot be asked for before the thread existed (issue 12).
    check("thread_response_requested_after_created_check", sql`${t.responseRequestedAt} is null or ${t.responseRequestedAt} >= ${t.createdAt}`),
  ],
);

export const post = pgTable(
  "post",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => thread.id),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id),
    isOpening: boolean("is_opening").notNull().default(false),
    /** The Markdown as written (or as redacted by a moderator). */
    bodySource: text("body_source").notNull(),
    /** bodySource rendered and sanitized once, on save (app/services/markdown.server.ts). */
    bodyHtml: text("body_html").notNull(),
    contentWarnings: text("content_warnings").array().notNull().default(sql`'{}'::text[]`),
    /** pending | approved | rejected | withdrawn | hidden | safeguarding */
    status: text("status").notNull().default("pending"),
    /** What the review queue shows it as: new | edited */
    reviewKind: text("review_kind").notNull().default("new"),
    /** The author ticked "I am at risk now". */
    atRisk: boolean("at_risk").notNull().default(false),
    /** Bumped by every change, so a decision names the version it was made on. */
    version: integer("version").notNull().default(1),
    rejectionReason: text("rejection_reason"),
    rejectionNote: text("rejection_note"),
    redactionNote: text("redaction_note"),
    redactedAt: timestamp("redacted_at", { withTimezone: true }),
    /** Likely identifying details the detector found in the submitted text. */
    piiFindings: jsonb("pii_findings").$type<{ kind: string; text: string; start: number; end: number }[]>().notNull().default([]),
    decidedById: text("decided_by_id").references(() => user.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("post_thread_idx").on(t.threadId, t.status, t.approvedAt),
    index("post_queue_idx").on(t.status, t.submittedAt),
    index("post_author_idx").on(t.authorId),
  ],
);

export const postReport = pgTable(
  "post_report",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => post.id),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => user.id),
    reason: text("reason").notNull(),
    /** open | dismissed | upheld */
    status: text("status").notNull().default("open"),
    decidedById: text("decided_by_id").references(() => user.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("post_report_status_idx").on(t.status, t.createdAt),
    // One open report per person per post.
    uniqueIndex("post_report_open_once_idx").on(t.postId, t.reporterId).where(sql`status = 'open'`),
  ],
);

/**
 * Official responses from the Met or MOPAC. Not pre-moderated; audited. `targetType` lets the
 * same table carry responses to consultations, meetings and actions (app/models/responses/).
 */
export const officialResponse = pgTable(
  "official_response",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** thread | consultation | meeting | action | feedback-report */
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    threadId: uuid("thread_id").references(() => thread.id),
    organisation: text("organisation").notNull(),
    responderId: text("responder_id")
      .notNull()
      .references(() => user.id),
    /** The responder's role as shown with the response, e.g. "Reform lead, Victim Care". */
    responderTitle: text("responder_title").notNull(),
    bodySource: text("body_source").notNull(),
    bodyHtml: text("body_html").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
  },
  (t) => [
    index("official_response_target_idx").on(t.targetType, t.targetId),
    index("official_response_published_idx").on(t.publishedAt),
    // A meeting or an action gets one response per organisation (a second tab's publish is
    // refused by this index, not only by the check before it). Threads may get follow-ups;
    // a consultation gets its one "You said, we did" through its status.
    uniqueIndex("official_response_one_per_organisation_idx")
      .on(t.targetType, t.targetId, t.organisation)
      .where(sql`target_type in ('meeting', 'action', 'feedback-report')`),
  ],
);

export type Thread = typeof thread.$inferSelect;
export type Post = typeof post.$inferSelect;
export type PostReport = typeof postReport.$inferSelect;
export type OfficialResponse = typeof officialResponse.$inferSelect;
