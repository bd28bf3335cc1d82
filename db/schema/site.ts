import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Small site-wide facts, e.g. whether this database holds the demo dataset. */
export const siteSetting = pgTable("site_setting", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
