// The mail outbox as admins read it at /admin/outbox. Sending lives in
// app/services/mail.server.ts; these are read-only queries for the admin pages.
import { desc, eq } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { outbox } from "../../../db/schema/outbox";
import { database } from "../database.server";
import { isUuid } from "~/utils/uuid";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** One wording for an email's state, in the outbox list and on the email's own page. */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = { pending: "Waiting to send", sending: "Sending", sent: "Sent", failed: "Failed" };
export const outboxStatusLabel = (status: string): string => OUTBOX_STATUS_LABELS[status as OutboxStatus] ?? status;


/** Emails newest first, optionally of one status. */
export async function listOutboxEmails(options: { status?: OutboxStatus; limit?: number } = {}) {
    const q = database();
  return q
    .select({
      id: outbox.id,
      kind: outbox.kind,
      channel: outbox.channel,
      toAddress: outbox.toAddress,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(options.status ? eq(outbox.status, options.status) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(options.limit ?? 200);
}

export async function getOutboxEmail(id: string) {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

/** The web addresses in an email's plain text, in order, without repeats. */
export function linksInText(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"')]+/g) ?? [];
  return [...new Set(found.map((u) => u.replace(/[.,;:!?]+$/, "")))];
}
