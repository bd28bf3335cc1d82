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

/** `now() + ms` in the database's clock. */
function dbNowPlus(ms: number) {
  return sql`now() + (${ms}::double precision * interval '1 millisecond')`;
}

/**
 * Claims due rows (pending and due, or `sending` whose claim has expired because a worker
 * died) and marks them `sending` in one statement, so two workers never take the same row.
 * Times are compared in the database's clock, the one that stamped `next_attempt_at` when the
 * row was queued (the application's millisecond clock could see a row queued a moment ago as
 * not yet due, or skew against a remote server's clock).
 */
async function claimDue(limit: number, claimMs: number): Promise<OutboxRow[]> {
  const due = db()
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, sql`now()`)),
        and(eq(outbox.status, "sending"), lte(outbox.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db()
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, lockedUntil: dbNowPlus(claimMs) })
    .where(inArray(outbox.id, due))
    .returning();
  // UPDATE … RETURNING gives rows in table order, not the subquery's: send oldest first.
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The row as this worker claimed it: still `sending` with the attempt number it claimed.
 * If its claim expired and another worker took the row (and perhaps sent it), the stale
 * worker's outcome must not overwrite the row.
 */
function stillClaimed(row: OutboxRow) {
  return and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.attempts, row.attempts));
}

/** One pass: deliver what is due. Returns how many rows were sent. */
export async function deliverDueMail(options: WorkerOptions): Promise<number> {
  const { send, baseDelayMs = 30_000, maxDelayMs = 6 * 60 * 60_000, maxAttempts = 12, claimMs = 120_000, batchSize = 20 } =
    options;
  const rows = await claimDue(batchSize, claimMs);
  let sent = 0;
  for (const row of rows) {
    let result: { id?: string };
    try {
      result = await send(row);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const gaveUp = row.attempts >= maxAttempts;
      await db()
        .update(outbox)
        .set({
          status: gaveUp ? "failed" : "pending",
          lastError: message.slice(0, 1000),
          lockedUntil: null,
          nextAttemptAt: dbNowPlus(backoffMs(row.attempts, baseDelayMs, maxDelayMs)),
        })
        .where(stillClaimed(row));
      continue;
    }
    // Accepted by the provider. If marking it fails (database down), the error propagates and
    // the row stays claimed until its claim expires; the retry reuses the idempotency key.
    const marked = await db()
      .update(outbox)
      .set({ status: "sent", sentAt: sql`now()`, providerMessageId: result.id ?? null, lockedUntil: null, lastError: null })
      .where(stillClaimed(row))
      .returning({ id: outbox.id });
    if (marked.length > 0) sent++;
  }
  return sent;
}

/** Every running worker's wake-up call (a process may run more than one worker). */
const wakers = new Set<() => void>();
function notifyWorker() {
  for (const wake of wakers) wake();
}

/** Runs the worker until the returned stop() is awaited. */
export function startOutboxWorker(options: WorkerOptions): { stop: () => Promise<void> } {
  const pollMs = options.pollMs ?? 5_000;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
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
        wakers.add(resolve);
        timer = setTimeout(resolve, pollMs);
      });
      clearTimeout(timer);
      if (wake) wakers.delete(wake);
      wake = undefined;
    }
  };
  const current = loop();
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
