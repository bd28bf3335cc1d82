import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The durable mail outbox. A row is written in the same transaction as the change that causes
 * the email; the worker in app/services/mail.server.ts delivers it. `idempotencyKey` is sent to
 * the provider so a retry after a crash can never deliver the same email twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    kind: text("kind").notNull(),
    /** email (Resend) | text (GOV.UK Notify text message; `toAddress` is then a phone number). */
    channel: text("channel").notNull().default("email"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    /** pending | sending | sent | failed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** While `sending`, the claim expires at this time so a crashed worker's rows are retried. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * For messages to people without an account (a victim asked for feedback): the address and
     * the message are erased once the row is sent or has failed for good.
     */
    eraseWhenDone: boolean("erase_when_done").notNull().default(false),
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

export type OutboxRow = typeof outbox.$inferSelect;
