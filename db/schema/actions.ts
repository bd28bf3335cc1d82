// Action items: promises the Met, MOPAC or the facilitators made, from meeting minutes or a
// consultation's "You said, we did", with a public log of dated updates (PRODUCT.md "Meetings,
// minutes and actions"). Shared by consultations and meetings, read by the public action log.
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { forum } from "./forums";

export const actionItem = pgTable(
  "action_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What will be done, in plain words. */
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    /** met | mopac | facilitator */
    organisation: text("organisation").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** open | in-progress | done | not-doing */
    status: text("status").notNull().default("open"),
    /** Required for not-doing. */
    statusReason: text("status_reason"),
    /** Text or a link, asked for when done. */
    evidence: text("evidence"),
    /** meeting | consultation — where the promise was made. */
    sourceType: text("source_type").notNull(),
    /** The meeting or consultation id (their tables arrive with their features). */
    sourceId: uuid("source_id").notNull(),
    forumId: uuid("forum_id").references(() => forum.id),
    createdById: text("created_by_id")
      .notNull()
      .references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Set once the owners were reminded / told it is overdue, so each email goes once. */
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    overdueNoticeSentAt: timestamp("overdue_notice_sent_at", { withTimezone: true }),
  },
  (t) => [
    index("action_item_org_status_idx").on(t.organisation, t.status, t.dueAt),
    index("action_item_source_idx").on(t.sourceType, t.sourceId),
    // Done (or dropped) before it was agreed is impossible (issue 12): refused by the model, held here.
    check("action_item_completed_after_created_check", sql`${t.completedAt} is null or ${t.completedAt} >= ${t.createdAt}`),
  ],
);

/** The public log: every status change and progress note, dated, never edited. */
export const actionUpdate = pgTable(
  "action_update",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actionItemId: uuid("action_item_id")
      .notNull()
      .references(() => actionItem.id),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id),
    organisation: text("organisation"),
    statusFrom: text("status_from"),
    statusTo: text("status_to"),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("action_update_item_idx").on(t.actionItemId, t.createdAt)],
);

export type ActionItem = typeof actionItem.$inferSelect;
export type ActionUpdate = typeof actionUpdate.$inferSelect;
