// Display name changes (issue 11). The audit log records that a name changed and who changed
// it; the old and new names themselves live here, beside it, because the audit log is
// append-only and a member who deletes their account must leave no name behind: deleting the
// account deletes these rows, and the audit entry (which holds only this row's id) stays.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

export const displayNameChange = pgTable(
  "display_name_change",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    oldName: text("old_name").notNull(),
    newName: text("new_name").notNull(),
    changedById: text("changed_by_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("display_name_change_user_idx").on(t.userId)],
);

export type DisplayNameChange = typeof displayNameChange.$inferSelect;
