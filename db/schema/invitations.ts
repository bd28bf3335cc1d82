import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

/**
 * An invitation to join. Only a SHA-256 hash of the token is stored, so a copy of the
 * database cannot be used to join; the token itself exists only in the email.
 */
export const invitation = pgTable(
  "invitation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    role: text("role").notNull(),
    organisation: text("organisation"),
    /** Officers only: shoulder (collar) number and borough slug, copied to `officer` on joining. */
    shoulderNumber: text("shoulder_number"),
    borough: text("borough"),
    /** Forum ids the invitee joins on acceptance. */
    forumIds: uuid("forum_ids").array().notNull().default([]),
    invitedById: text("invited_by_id")
      .notNull()
      .references(() => user.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    acceptedUserId: text("accepted_user_id").references(() => user.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedById: text("revoked_by_id").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitation_email_idx").on(t.email)],
);

export type Invitation = typeof invitation.$inferSelect;
