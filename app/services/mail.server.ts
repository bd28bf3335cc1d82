// The one mail service. Every email is first a row in `outbox`, written with the caller's
// transaction; the worker below delivers pending rows through Resend, retrying with
// exponential backoff. Each row carries an idempotency key that Resend honours, so a row that
// is retried after a crash (sent, but not yet marked sent) is still delivered once.
import crypto from "node:crypto";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { Resend } from "resend";
import type { Queryable } from "../../db/client";
import { db } from "../../db/client";
import { outbox, type OutboxRow } from "../../db/schema/outbox";

export type MailMessage = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable key when the same logical email must never be queued twice (e.g. a daily digest). */
  idempotencyKey?: string;
};

/** Queue an email. Pass the transaction of the change that causes it. */
export async function enqueueMail(q: Queryable, message: MailMessage | MailMessage[]) {
  const messages = Array.isArray(message) ? message : [message];
  if (messages.length === 0) return;
  await q
    .insert(outbox)
    .values(
      messages.map((m) => ({
        kind: m.kind,
        toAddress: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        idempotencyKey: m.idempotencyKey ?? `${m.kind}:${crypto.randomUUID()}`,
      })),
    )
    .onConflictDoNothing({ target: outbox.idempotencyKey });
  notifyWorker();
}

export type MailSender = (row: OutboxRow) => Promise<{ id?: string }>;

/** Sends through the Resend SDK, which honours RESEND_BASE_URL (tests point it at a local server). */
export function resendSender(apiKey: string, from: string): MailSender {
  const resend = new Resend(apiKey);
  return async (row) => {
    const { data, error } = await resend.emails.send(
      { from, to: row.toAddress, subject: row.subject, text: row.text, ...(row.html ? { html: row.html } : {}) },
      { idempotencyKey: row.idempotencyKey },
    );
    // The SDK resolves with `error` rather than throwing.
    if (error) throw new Error(`${error.name ?? "error"}: ${error.message}`);
    return { id: data?.id };
  };
}

export type WorkerOptions = {
  send: MailSender;
  /** First retry delay; each later one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** How long a claimed row stays claimed before another worker may retry it. */
  claimMs?: number;
  pollMs?: number;
  batchSize?: number;
};

export function backoffMs(attempts: number, base: number, max: number) {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due rows (pending and due, or `sending` whose claim has expired because a worker
 * died) and marks them `sending` in one statement, so two workers never take the same row.
 */
async function claimDue(limit: number, claimMs: number): Promise<OutboxRow[]> {
  const now = new Date();
  const due = db()
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, "sending"), lte(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db()
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, lockedUntil: new Date(now.getTime() + claimMs) })
    .where(inArray(outbox.id, due))
    .returning();
}

/** One pass: deliver what is due. Returns how many rows were sent. */
export async function deliverDueMail(options: WorkerOptions): Promise<number> {
  const { send, baseDelayMs = 30_000, maxDelayMs = 6 * 60 * 60_000, maxAttempts = 12, claimMs = 120_000, batchSize = 20 } =
    options;
  const rows = await claimDue(batchSize, claimMs);
  let sent = 0;
  for (const row of rows) {
    try {
      const result = await send(row);
      await db()
        .update(outbox)
        .set({ status: "sent", sentAt: new Date(), providerMessageId: result.id ?? null, lockedUntil: null, lastError: null })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const gaveUp = row.attempts >= maxAttempts;
      await db()
        .update(outbox)
        .set({
          status: gaveUp ? "failed" : "pending",
          lastError: message.slice(0, 1000),
          lockedUntil: null,
          nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts, baseDelayMs, maxDelayMs)),
        })
        .where(eq(outbox.id, row.id));
    }
  }
  return sent;
}

let wake: (() => void) | undefined;
function notifyWorker() {
  wake?.();
}

/** Runs the worker until the returned stop() is awaited. */
export function startOutboxWorker(options: WorkerOptions): { stop: () => Promise<void> } {
  const pollMs = options.pollMs ?? 5_000;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = async () => {
    while (running) {
      try {
        const sent = await deliverDueMail(options);
        if (sent > 0) continue;
      } catch (err) {
        console.error("[mail] outbox pass failed:", err instanceof Error ? err.message : err);
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      clearTimeout(timer);
      wake = undefined;
    }
  };
  current = loop();
  return {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      wake?.();
      await current;
    },
  };
}

/** Outbox rows for the admin page, newest first. */
export async function listOutbox(q: Queryable, options: { status?: string; limit?: number } = {}) {
  return q
    .select()
    .from(outbox)
    .where(options.status ? eq(outbox.status, options.status) : undefined)
    .orderBy(sql`${outbox.createdAt} desc`)
    .limit(options.limit ?? 100);
}
