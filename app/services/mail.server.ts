// The one mail service. Every email is first a row in `outbox`, written with the caller's
// transaction; the worker below delivers pending rows through Resend, retrying with
// exponential backoff. Each row carries an idempotency key that Resend honours, so a row that
// is retried after a crash (sent, but not yet marked sent) is still delivered once.
import crypto from "node:crypto";
import { and, asc, eq, getTableColumns, inArray, lte, or, sql } from "drizzle-orm";
import { lazyModule } from "~/utils/lazy-module";

// The providers' SDKs are loaded when a sender is made (only with an API key), not at start.
const notifyPackage = lazyModule<typeof import("notifications-node-client")>("notifications-node-client");
const axiosPackage = lazyModule<typeof import("axios")>("axios");
const resendPackage = lazyModule<typeof import("resend")>("resend");
import type { Queryable } from "../../db/client";
import { db } from "../../db/client";
import { outbox, type OutboxRow } from "../../db/schema/outbox";
import { DEMO_EMAIL_DOMAIN } from "../../db/demo-credentials";
import { HOUR } from "~/utils/time";

export type MailMessage = {
  kind: string;
  /** email (the default, through Resend) or text (a text message through GOV.UK Notify). */
  channel?: "email" | "text";
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable key when the same logical email must never be queued twice (e.g. a daily digest). */
  idempotencyKey?: string;
  /** Erase the address and the message once sent or failed for good (people without an account). */
  eraseWhenDone?: boolean;
  /** When the change that causes it happened, if not now (the demo's back-dated story). */
  queuedAt?: Date;
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
        channel: m.channel ?? "email",
        eraseWhenDone: m.eraseWhenDone ?? false,
        toAddress: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        idempotencyKey: m.idempotencyKey ?? `${m.kind}:${crypto.randomUUID()}`,
        ...(m.queuedAt ? { createdAt: m.queuedAt } : {}),
      })),
    )
    .onConflictDoNothing({ target: outbox.idempotencyKey });
  notifyWorker();
}

/** Ends the provider call (the worker's timeout); senders pass it on to their HTTP client. */
export type SendContext = { signal: AbortSignal };
export type MailSender = (row: OutboxRow, context?: SendContext) => Promise<{ id?: string }>;

/**
 * A provider's refusal, with its HTTP status when there was an answer. A 4xx other than 408
 * (timeout), 409 (Resend: the same key still being sent), 429 (too many requests) and 401/403
 * (the site's API key, not the message: fixing the key must deliver what waited) will not
 * succeed on a retry: the row fails at once, with the reason on /admin/outbox.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
  get permanent() {
    const s = this.status;
    return s !== null && s >= 400 && s < 500 && ![401, 403, 408, 409, 429].includes(s);
  }
}

/** How long one provider call may take before it is abandoned (and retried later). */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/** Sends through the Resend SDK, which honours RESEND_BASE_URL (tests point it at a local server). */
export function resendSender(apiKey: string, from: string): MailSender {
  const resend = new (resendPackage().Resend)(apiKey);
  return async (row, context) => {
    // The SDK hands its request options to fetch, so the worker's signal ends a hanging call.
    const { data, error } = await resend.emails.send(
      { from, to: row.toAddress, subject: row.subject, text: row.text, ...(row.html ? { html: row.html } : {}) },
      { idempotencyKey: row.idempotencyKey, ...(context ? { signal: context.signal } : {}) } as { idempotencyKey: string },
    );
    // The SDK resolves with `error` rather than throwing (an aborted call included).
    if (error) {
      if (context?.signal.aborted) throw new ProviderError(String(context.signal.reason ?? "the provider did not answer in time"), null);
      const status = (error as { statusCode?: number | null }).statusCode ?? null;
      throw new ProviderError(`${status ? `${status} ` : ""}${error.name ?? "error"}: ${error.message}`, status);
    }
    return { id: data?.id };
  };
}

/**
 * Sends text messages through GOV.UK Notify's Node client. Notify needs a template: its
 * content is the single placeholder `((body))`, filled with the row's text. Notify has no
 * idempotency key; the row's key is sent as `reference`, so a message can be traced.
 */
export function notifySender(apiKey: string, templateId: string, baseUrl?: string, options: { timeoutMs?: number } = {}): MailSender {
  const { NotifyClient } = notifyPackage();
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  // The client's own axios call takes no per-call options: an instance with a timeout ends a
  // hanging request (the worker's timeout stops waiting for it in any case).
  client.setClient(axiosPackage().default.create({ timeout: options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS }));
  return async (row) => {
    try {
      const response = await client.sendSms(templateId, row.toAddress, { personalisation: { body: row.text }, reference: row.idempotencyKey });
      return { id: (response.data as { id?: string } | undefined)?.id };
    } catch (err) {
      // axios's error carries Notify's answer: keep the status and the first message, never the number.
      const e = err as { response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } }; message?: string };
      const first = e.response?.data?.errors?.[0];
      if (!e.response) throw new ProviderError(e.message ?? "Notify request failed", null);
      throw new ProviderError(`${e.response.status} ${first?.error ?? ""}: ${first?.message ?? ""}`.trim(), e.response.status ?? null);
    }
  };
}

/**
 * One provider call, abandoned after `timeoutMs` even if the sender ignores the signal: a
 * hanging provider holds a row for at most this long, well inside the row's claim.
 */
async function sendWithin<T>(timeoutMs: number, call: (context: SendContext) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const reason = `the provider did not answer within ${timeoutMs} ms`;
      controller.abort(reason);
      reject(new ProviderError(reason, null));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call({ signal: controller.signal }), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Notify text template (content `((body))`), required with NOTIFY_API_KEY. */
export function notifyTemplateId(): string {
  const id = process.env.NOTIFY_SMS_TEMPLATE_ID;
  if (!id) throw new Error("NOTIFY_API_KEY is set but NOTIFY_SMS_TEMPLATE_ID is not: create a Notify text template whose content is ((body))");
  return id;
}

export type WorkerOptions = {
  /** Email sender; without it, emails stay in the outbox. */
  send?: MailSender;
  /** Text message sender; without it, texts stay in the outbox. */
  sendText?: MailSender;
  /** First retry delay; each later one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** How long a claimed row stays claimed before another worker may retry it. */
  claimMs?: number;
  /** How long one provider call may take; must be shorter than claimMs. */
  sendTimeoutMs?: number;
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
async function claimDue(limit: number, claimMs: number, channels: string[]): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  const due = db()
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        inArray(outbox.channel, channels),
        or(
          and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, sql`now()`)),
          and(eq(outbox.status, "sending"), lte(outbox.lockedUntil, sql`now()`)),
        ),
        // The demo dataset's mail is never sent: it stays in the outbox, as without a provider.
        sql`not (${outbox.channel} = 'email' and lower(${outbox.toAddress}) like ${`%@${DEMO_EMAIL_DOMAIN}`})`,
      ),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db()
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, lockedUntil: dbNowPlus(claimMs) })
    .where(inArray(outbox.id, due))
    .returning({ ...getTableColumns(outbox), queuedMicros: sql<string>`(extract(epoch from ${outbox.createdAt}) * 1000000)::bigint::text` });
  // UPDATE … RETURNING gives rows in table order, not the subquery's: send oldest first, by the
  // database's microseconds (rows queued within one millisecond are equal as JavaScript Dates).
  rows.sort((a, b) => {
    const d = BigInt(a.queuedMicros) - BigInt(b.queuedMicros);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  return rows.map(({ queuedMicros: _, ...row }) => row);
}

/**
 * The row as this worker claimed it: still `sending` with the attempt number it claimed.
 * If its claim expired and another worker took the row (and perhaps sent it), the stale
 * worker's outcome must not overwrite the row.
 */
function stillClaimed(row: OutboxRow) {
  return and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.attempts, row.attempts));
}

/** What an erased row keeps: that a message of its kind was sent or failed, and when. */
const ERASED = { toAddress: "", text: "(erased once done)", html: null, erasedAt: sql`now()` } as const;

/** One pass: deliver what is due. Returns how many rows were sent. */
export async function deliverDueMail(options: WorkerOptions): Promise<number> {
  const { send, sendText, baseDelayMs = 30_000, maxDelayMs = 6 * HOUR, maxAttempts = 12, claimMs = 120_000, batchSize = 20 } =
    options;
  const sendTimeoutMs = options.sendTimeoutMs ?? Math.min(DEFAULT_SEND_TIMEOUT_MS, Math.floor(claimMs / 2));
  // A call that outlasted the claim could be sent a second time by another worker meanwhile.
  if (sendTimeoutMs >= claimMs) throw new Error(`The outbox's send timeout (${sendTimeoutMs} ms) must be shorter than its claim (${claimMs} ms)`);
  const senders: Record<string, MailSender | undefined> = { email: send, text: sendText };
  const rows = await claimDue(
    batchSize,
    claimMs,
    Object.keys(senders).filter((channel) => senders[channel]),
  );
  let sent = 0;
  for (const row of rows) {
    // The batch was claimed together, but each send waits for the ones before it: just before
    // the call, the claim is checked and renewed, so a row whose claim lapsed meanwhile (and
    // which another worker may be sending now) is left alone, and a renewed one stays this
    // worker's for longer than the call may take.
    const renewed = await db().update(outbox).set({ lockedUntil: dbNowPlus(claimMs) }).where(stillClaimed(row)).returning({ id: outbox.id });
    if (renewed.length === 0) continue;
    let result: { id?: string };
    try {
      result = await sendWithin(sendTimeoutMs, (context) => senders[row.channel]!(row, context));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A refusal that no retry can change (an invalid address, a rejected message) fails the row at once.
      const gaveUp = (err instanceof ProviderError && err.permanent) || row.attempts >= maxAttempts;
      await db()
        .update(outbox)
        .set({
          status: gaveUp ? "failed" : "pending",
          lastError: message.slice(0, 1000),
          lockedUntil: null,
          nextAttemptAt: dbNowPlus(backoffMs(row.attempts, baseDelayMs, maxDelayMs)),
          ...(gaveUp && row.eraseWhenDone ? ERASED : {}),
        })
        .where(stillClaimed(row));
      continue;
    }
    // Accepted by the provider. If marking it fails (database down), the error propagates and
    // the row stays claimed until its claim expires; the retry reuses the idempotency key.
    const marked = await db()
      .update(outbox)
      .set({
        status: "sent",
        sentAt: sql`now()`,
        providerMessageId: result.id ?? null,
        lockedUntil: null,
        lastError: null,
        ...(row.eraseWhenDone ? ERASED : {}),
      })
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
