import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

/** A forum is a cohort of members; threads, meetings and consultations belong to one. */
export const forum = pgTable("forum", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  /** Whether published minutes of this forum's meetings are public (PRODUCT.md: default public). */
  minutesPublic: boolean("minutes_public").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const forumMembership = pgTable(
  "forum_membership",
  {
    forumId: uuid("forum_id")
      .notNull()
      .references(() => forum.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.forumId, t.userId] }), index("forum_membership_user_idx").on(t.userId)],
);

export type Forum = typeof forum.$inferSelect;
