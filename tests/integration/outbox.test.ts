// The outbox's promises, proved against a real local HTTP server standing in for Resend
// (tests/support/fake-resend.ts), with the real SDK sender from mail.server.ts.
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { outbox, type OutboxRow } from "../../db/schema/outbox";
import {
  backoffMs,
  deliverDueMail,
  enqueueMail,
  resendSender,
  startOutboxWorker,
  type MailMessage,
  type MailSender,
  type WorkerOptions,
} from "../../app/services/mail.server";
import { useTestDatabase } from "../db";
import { FakeResend } from "../support/fake-resend";

useTestDatabase();

const API_KEY = "re_test_outbox_key";
const FROM = "Victim Voice Forum <forum@example.test>";
const previousBaseUrl = process.env.RESEND_BASE_URL;

let fake: FakeResend;
const workers: { stop: () => Promise<void> }[] = [];

beforeEach(async () => {
  fake = new FakeResend({ apiKey: API_KEY });
  await fake.start();
  // The SDK reads RESEND_BASE_URL in its constructor, so every sender is built after this.
  process.env.RESEND_BASE_URL = fake.url;
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await fake.close();
});

afterAll(() => {
  if (previousBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
  else process.env.RESEND_BASE_URL = previousBaseUrl;
});

/** A fresh SDK instance, as a restarted server would make. */
const sender = () => resendSender(API_KEY, FROM);

function worker(options: WorkerOptions) {
  const w = startOutboxWorker(options);
  workers.push(w);
  return w;
}

let n = 0;
function message(overrides: Partial<MailMessage> = {}): MailMessage {
  n++;
  return { kind: "test", to: `person-${n}@example.test`, subject: `Subject ${n}`, text: `Body ${n}`, ...overrides };
}

async function queue(overrides: Partial<MailMessage> = {}) {
  const m = message(overrides);
  await enqueueMail(db(), m);
  const [row] = await db().select().from(outbox).where(eq(outbox.toAddress, m.to));
  expect(row).toBeDefined();
  return row;
}

async function rowById(id: string): Promise<OutboxRow> {
  const [row] = await db().select().from(outbox).where(eq(outbox.id, id));
  return row;
}

/** Time travel: makes the given rows (or every pending row) due now. */
async function makeDue(id?: string) {
  await db()
    .update(outbox)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(id ? eq(outbox.id, id) : eq(outbox.status, "pending"));
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function countBy<T>(items: T[], key: (item: T) => string | null) {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe("backoffMs", () => {
  it("doubles from the base delay for each attempt and stops at the maximum", () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, 10, 1_000))).toEqual([10, 20, 40, 80, 160]);
    expect(backoffMs(0, 10, 1_000)).toBe(10);
    expect(backoffMs(8, 10, 1_000)).toBe(1_000);
    expect(backoffMs(60, 30_000, 6 * 60 * 60_000)).toBe(6 * 60 * 60_000);
  });
});

describe("mail outbox", () => {
  it("sends through the Resend SDK: POST /emails with bearer key, idempotency key and JSON body", async () => {
    const row = await queue({ html: "<p>Hello</p>" });
    expect(row.status).toBe("pending");

    expect(await deliverDueMail({ send: sender() })).toBe(1);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/emails",
      authorization: `Bearer ${API_KEY}`,
      idempotencyKey: row.idempotencyKey,
      contentType: "application/json",
      outcome: "accepted",
      status: 200,
    });
    expect(request.userAgent).toMatch(/^resend-node:/);
    expect(request.body).toEqual({ from: FROM, to: row.toAddress, subject: row.subject, text: row.text, html: "<p>Hello</p>" });

    expect(fake.deliveries).toHaveLength(1);
    const sent = await rowById(row.id);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null, lockedUntil: null, providerMessageId: fake.deliveries[0].id });
    expect(sent.sentAt).toBeInstanceOf(Date);
  });

  it("never sends an email queued in a transaction that rolled back", async () => {
    const doomed = message({ subject: "rolled back" });
    await expect(
      db().transaction(async (tx) => {
        await enqueueMail(tx, doomed);
        throw new Error("the change that caused the email failed");
      }),
    ).rejects.toThrow("the change that caused the email failed");
    // A committed one alongside, so the pass below provably delivers what is there.
    const kept = message({ subject: "committed" });
    await db().transaction(async (tx) => {
      await enqueueMail(tx, kept);
    });

    expect(await deliverDueMail({ send: sender() })).toBe(1);

    expect(fake.deliveries.map((d) => d.subject)).toEqual(["committed"]);
    expect(fake.requests).toHaveLength(1);
    const rows = await db().select().from(outbox);
    expect(rows.map((r) => r.subject)).toEqual(["committed"]);
  });

  it("retries provider failures with exponential backoff and delivers exactly once", async () => {
    fake.failNext(1, 500);
    fake.failNext(1, 503);
    const row = await queue();
    const options: WorkerOptions = { send: sender(), baseDelayMs: 60_000, maxDelayMs: 10 * 60_000 };

    // Attempt 1 fails: pending again, due one base delay later.
    let before = Date.now();
    expect(await deliverDueMail(options)).toBe(0);
    let after = Date.now();
    let r = await rowById(row.id);
    expect(r).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null, sentAt: null });
    expect(r.lastError).toMatch(/internal_server_error/);
    expect(r.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(r.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 60_000);

    // Not due yet: a pass leaves it alone and the provider hears nothing.
    expect(await deliverDueMail(options)).toBe(0);
    expect(fake.requests).toHaveLength(1);

    // Attempt 2 (once due) fails: the delay doubles.
    await makeDue(row.id);
    before = Date.now();
    expect(await deliverDueMail(options)).toBe(0);
    after = Date.now();
    r = await rowById(row.id);
    expect(r).toMatchObject({ status: "pending", attempts: 2 });
    expect(r.lastError).toMatch(/application_error/);
    expect(r.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(r.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 120_000);

    // Attempt 3 is accepted.
    await makeDue(row.id);
    expect(await deliverDueMail(options)).toBe(1);
    r = await rowById(row.id);
    expect(r).toMatchObject({ status: "sent", attempts: 3, lastError: null, lockedUntil: null });
    expect(fake.deliveries).toHaveLength(1);
    expect(r.providerMessageId).toBe(fake.deliveries[0].id);
    expect(fake.requests.map((q) => [q.idempotencyKey, q.outcome])).toEqual([
      [row.idempotencyKey, "failed"],
      [row.idempotencyKey, "failed"],
      [row.idempotencyKey, "accepted"],
    ]);

    // Sent rows stay sent.
    await makeDue();
    expect(await deliverDueMail(options)).toBe(0);
    expect(fake.requests).toHaveLength(3);
  });

  it("retries on its own once the backoff elapses (tiny delays, real waiting)", async () => {
    fake.failNext(2, 503);
    const row = await queue();
    const options: WorkerOptions = { send: sender(), baseDelayMs: 10, maxDelayMs: 1_000 };
    const gaps: number[] = [];
    await waitFor(async () => {
      const sent = await deliverDueMail(options);
      const r = await rowById(row.id);
      if (r.status === "pending" && gaps.length < r.attempts) gaps.push(r.nextAttemptAt.getTime());
      return sent === 1;
    }, "the email to be sent");
    const r = await rowById(row.id);
    expect(r).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(gaps).toHaveLength(2);
    expect(fake.requests.map((q) => q.outcome)).toEqual(["failed", "failed", "accepted"]);
    expect(fake.deliveries).toHaveLength(1);
  });

  it("loses nothing when the server restarts between attempts", async () => {
    fake.failNext(1, "drop");
    const row = await queue();

    const first = worker({ send: sender(), baseDelayMs: 300, pollMs: 10 });
    await waitFor(async () => (await rowById(row.id)).attempts === 1 && (await rowById(row.id)).status === "pending", "the first attempt to fail");
    await first.stop(); // the server goes down

    expect(fake.requests.map((q) => q.outcome)).toEqual(["dropped"]);
    expect(fake.deliveries).toHaveLength(0);
    const between = await rowById(row.id);
    expect(between).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(between.lastError).toMatch(/Unable to fetch data/);

    // A new process: a new worker with a new SDK instance, reading the same table.
    const second = worker({ send: sender(), baseDelayMs: 300, pollMs: 10 });
    await waitFor(async () => (await rowById(row.id)).status === "sent", "the email to be sent after the restart");
    await second.stop();

    expect(fake.deliveries).toHaveLength(1);
    expect(fake.deliveries[0].to).toBe(row.toAddress);
    expect(fake.requests.map((q) => q.idempotencyKey)).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(await rowById(row.id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  describe("a crash after the provider accepted, before the row was marked sent", () => {
    it("is retried with the same idempotency key and delivered once (sender fails after the real send)", async () => {
      const row = await queue();
      const real = sender();
      let crashes = 0;
      const crashOnce: MailSender = async (r) => {
        const result = await real(r);
        if (crashes++ === 0) throw new Error("crashed before marking the row sent");
        return result;
      };

      expect(await deliverDueMail({ send: crashOnce, baseDelayMs: 60_000 })).toBe(0);
      expect(await rowById(row.id)).toMatchObject({ status: "pending", attempts: 1, lastError: "crashed before marking the row sent" });
      expect(fake.deliveries).toHaveLength(1);

      await makeDue(row.id);
      expect(await deliverDueMail({ send: crashOnce })).toBe(1);

      expect(fake.requests.map((q) => [q.idempotencyKey, q.outcome])).toEqual([
        [row.idempotencyKey, "accepted"],
        [row.idempotencyKey, "replayed"],
      ]);
      expect(fake.deliveries).toHaveLength(1);
      expect(await rowById(row.id)).toMatchObject({ status: "sent", attempts: 2, providerMessageId: fake.deliveries[0].id });
    });

    it("is reclaimed once the dead worker's claim expires, and delivered once", async () => {
      const row = await queue();
      // A worker claimed the row, the provider accepted it, and the process died.
      await sender()(row);
      expect(fake.deliveries).toHaveLength(1);
      await db()
        .update(outbox)
        .set({ status: "sending", attempts: 1, lockedUntil: new Date(Date.now() + 60_000) })
        .where(eq(outbox.id, row.id));

      // While the claim holds, nobody else takes the row.
      expect(await deliverDueMail({ send: sender() })).toBe(0);
      expect(fake.requests).toHaveLength(1);

      // Once it has expired, the row is taken again with the same key.
      await db().update(outbox).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(outbox.id, row.id));
      expect(await deliverDueMail({ send: sender() })).toBe(1);

      expect(fake.requests.map((q) => [q.idempotencyKey, q.outcome])).toEqual([
        [row.idempotencyKey, "accepted"],
        [row.idempotencyKey, "replayed"],
      ]);
      expect(fake.deliveries).toHaveLength(1);
      expect(await rowById(row.id)).toMatchObject({ status: "sent", attempts: 2, providerMessageId: fake.deliveries[0].id });
    });

    it("is delivered once when the provider's answer is lost on the wire", async () => {
      fake.failNext(1, "lose-response");
      const row = await queue();

      expect(await deliverDueMail({ send: sender(), baseDelayMs: 60_000 })).toBe(0);
      expect(fake.deliveries).toHaveLength(1);
      expect((await rowById(row.id)).lastError).toMatch(/Unable to fetch data/);

      await makeDue(row.id);
      expect(await deliverDueMail({ send: sender() })).toBe(1);

      expect(fake.requests.map((q) => q.outcome)).toEqual(["accepted-response-lost", "replayed"]);
      expect(fake.deliveries).toHaveLength(1);
      expect((await rowById(row.id)).providerMessageId).toBe(fake.deliveries[0].id);
    });
  });

  it("a worker re-checks its claim before each send: a batch row whose claim lapsed and another worker took is left alone", async () => {
    const first = await queue({ subject: "first" });
    const second = await queue({ subject: "second" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFirstCall!: () => void;
    const calling = new Promise<void>((resolve) => (inFirstCall = resolve));
    // Worker A claims both rows together; its call for the first is slow.
    const real = sender();
    const slow: MailSender = async (row, context) => {
      if (row.id === first.id) {
        inFirstCall();
        await gate;
      }
      return real(row, context);
    };
    const a = deliverDueMail({ send: slow });
    await calling;
    expect((await rowById(second.id)).status).toBe("sending");

    // Meanwhile the second row's claim lapses (time travel) and worker B delivers it.
    await db().update(outbox).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(outbox.id, second.id));
    expect(await deliverDueMail({ send: sender() })).toBe(1);
    expect(await rowById(second.id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });

    // A's slow call ends; A must not send the second row again, nor overwrite it.
    release();
    expect(await a).toBe(1);
    expect(await rowById(first.id)).toMatchObject({ status: "sent", attempts: 1 });
    const byB = fake.deliveries.find((d) => d.subject === "second");
    expect(await rowById(second.id)).toMatchObject({ status: "sent", attempts: 2, providerMessageId: byB?.id });
    expect(fake.requestsFor(second.idempotencyKey)).toHaveLength(1);
    expect(fake.deliveries.map((d) => d.subject)).toEqual(["second", "first"]);
  });

  it("a provider that hangs, resets or refuses: the pass ends after the timeout, 422 fails at once with its reason, the rest are sent", async () => {
    const hung = await queue({ subject: "hangs" });
    const reset = await queue({ subject: "reset" });
    const refused = await queue({ subject: "refused" });
    const fine = await queue({ subject: "fine" });
    fake.failSubject("hangs", "hang");
    fake.failSubject("reset", "drop");
    fake.failSubject("refused", 422);

    // One pass, not stalled by the hanging call: it gives up on it after the timeout.
    expect(await deliverDueMail({ send: sender(), sendTimeoutMs: 300, baseDelayMs: 60_000 })).toBe(1);
    expect(await rowById(hung.id)).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect((await rowById(hung.id)).lastError).toMatch(/did not answer within 300 ms/);
    expect(await rowById(reset.id)).toMatchObject({ status: "pending", attempts: 1 });
    expect((await rowById(reset.id)).lastError).toMatch(/Unable to fetch data/);
    // A permanent refusal is not retried 12 times over hours: failed at once, reason kept.
    const failed = await rowById(refused.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.lastError).toBe("422 validation_error: Simulated provider failure (422).");
    expect(await rowById(fine.id)).toMatchObject({ status: "sent" });

    // The hung and reset rows go out on their retry; the refused one is never asked again.
    await makeDue();
    expect(await deliverDueMail({ send: sender(), sendTimeoutMs: 300 })).toBe(2);
    expect(fake.requestsFor(refused.idempotencyKey)).toHaveLength(1);
    expect(fake.deliveries.map((d) => d.subject).sort()).toEqual(["fine", "hangs", "reset"]);
  });

  it("429, 408 and the API key's own refusals (401, 403) are retried, not failed", async () => {
    const rows = [await queue(), await queue(), await queue(), await queue()];
    for (const status of [429, 408, 401, 403]) fake.failNext(1, status);
    expect(await deliverDueMail({ send: sender(), baseDelayMs: 60_000 })).toBe(0);
    for (const row of rows) expect(await rowById(row.id)).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("refuses a send timeout as long as the claim (a late call could overlap another worker's)", async () => {
    await expect(deliverDueMail({ send: sender(), claimMs: 1_000, sendTimeoutMs: 1_000 })).rejects.toThrow(/shorter than its claim/);
  });

  it("two workers and a slow provider: no row is ever sent twice, though a batch outlasts its rows' claims", async () => {
    await fake.close();
    fake = new FakeResend({ apiKey: API_KEY, latencyMs: 150 });
    await fake.start();
    process.env.RESEND_BASE_URL = fake.url;
    await enqueueMail(db(), Array.from({ length: 16 }, () => message({ kind: "slow" })));

    // Worker A claims 12 rows at once; sending them takes at least 12 × 150 ms, past their
    // 1.2 s claim, so worker B (one row at a time) takes rows still waiting in A's batch.
    const common: WorkerOptions = { send: sender(), claimMs: 1_200, sendTimeoutMs: 1_000, baseDelayMs: 0, pollMs: 10 };
    worker({ ...common, batchSize: 12 });
    worker({ ...common, batchSize: 1 });
    await waitFor(async () => {
      const [{ count }] = await db().select({ count: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, "sent"));
      return count === 16;
    }, "all 16 emails to be sent", 30_000);

    const rows = await db().select().from(outbox);
    // B really took over rows whose claim lapsed in A's batch...
    expect(rows.map((r) => r.attempts), "attempts").toContain(2);
    // ...and yet each key reached the provider once: A re-checked and left them alone.
    expect(fake.deliveries).toHaveLength(16);
    expect(fake.requests.map((q) => q.outcome)).toEqual(Array(16).fill("accepted"));
    expect(new Set(fake.requests.map((q) => q.idempotencyKey)).size).toBe(16);
  });

  it("delivers each of 30 emails exactly once with two workers running at the same time", async () => {
    await fake.close();
    fake = new FakeResend({ apiKey: API_KEY, latencyMs: 3 });
    await fake.start();
    process.env.RESEND_BASE_URL = fake.url;

    await enqueueMail(db(), Array.from({ length: 30 }, () => message({ kind: "bulk" })));
    const rows = await db().select().from(outbox);
    expect(rows).toHaveLength(30);

    const sentBy = [0, 0];
    const counting = (i: number): MailSender => {
      const real = sender();
      return async (row) => {
        const result = await real(row);
        sentBy[i]++;
        return result;
      };
    };
    const a = worker({ send: counting(0), batchSize: 4, pollMs: 10 });
    const b = worker({ send: counting(1), batchSize: 4, pollMs: 10 });
    await waitFor(async () => {
      const [{ count }] = await db()
        .select({ count: sql<number>`count(*)::int` })
        .from(outbox)
        .where(eq(outbox.status, "sent"));
      return count === 30;
    }, "all 30 emails to be sent");
    await Promise.all([a.stop(), b.stop()]);

    // Both workers really took part.
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
    expect(sentBy[0] + sentBy[1]).toBe(30);

    const keys = new Set(rows.map((r) => r.idempotencyKey));
    expect(new Set(fake.deliveries.map((d) => d.idempotencyKey))).toEqual(keys);
    expect(fake.deliveries).toHaveLength(30);
    // Not merely deduplicated by the provider: each key was sent exactly once.
    expect(fake.requests).toHaveLength(30);
    expect([...countBy(fake.requests, (q) => q.idempotencyKey).values()].every((c) => c === 1)).toBe(true);
    const after = await db().select().from(outbox);
    expect(after.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("gives up after maxAttempts failures, keeps the last error, and never retries", async () => {
    fake.failNext(100, 500);
    const row = await queue();
    const options: WorkerOptions = { send: sender(), baseDelayMs: 60_000, maxAttempts: 3 };

    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await deliverDueMail(options)).toBe(0);
      const r = await rowById(row.id);
      expect(r.attempts).toBe(attempt);
      expect(r.status).toBe(attempt < 3 ? "pending" : "failed");
      await makeDue(row.id);
    }
    const failed = await rowById(row.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lockedUntil: null, sentAt: null });
    expect(failed.lastError).toMatch(/internal_server_error: Simulated provider failure \(500\)/);
    expect(fake.requests).toHaveLength(3);

    // Even when its time comes round, a failed row is left alone.
    await db().update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outbox.id, row.id));
    expect(await deliverDueMail(options)).toBe(0);
    expect(await deliverDueMail({ ...options, maxAttempts: 10 })).toBe(0);
    expect(fake.requests).toHaveLength(3);
    expect(fake.deliveries).toHaveLength(0);
    expect(await rowById(row.id)).toMatchObject({ status: "failed", attempts: 3 });
  });

  describe("sends the oldest rows first", () => {
    /** Queues a row a few milliseconds after the one before: rows queued within one clock tick have no order between them (PGlite's clock ticks in milliseconds). */
    const queueInTurn = async (overrides: Partial<MailMessage>) => {
      await new Promise((resolve) => setTimeout(resolve, 3));
      return queue(overrides);
    };

    it("one row per pass", async () => {
      const a = await queueInTurn({ subject: "first" });
      const b = await queueInTurn({ subject: "second" });
      const c = await queueInTurn({ subject: "third" });
      expect(a.createdAt.getTime()).toBeLessThanOrEqual(b.createdAt.getTime());
      const options: WorkerOptions = { send: sender(), batchSize: 1 };
      for (let i = 0; i < 3; i++) expect(await deliverDueMail(options)).toBe(1);
      expect(fake.deliveries.map((d) => d.subject)).toEqual(["first", "second", "third"]);
      expect(c.createdAt.getTime()).toBeGreaterThanOrEqual(b.createdAt.getTime());
    });

    it("within one millisecond, by the database's microseconds, whatever order the rows lie in", async () => {
      const later = await queue({ subject: "queued later" });
      const earlier = await queue({ subject: "queued earlier" });
      // The same millisecond for JavaScript; the row written first is the later one.
      await db().execute(sql`update ${outbox} set created_at = '2026-12-01 10:00:00.000900+00' where id = ${later.id}`);
      await db().execute(sql`update ${outbox} set created_at = '2026-12-01 10:00:00.000100+00' where id = ${earlier.id}`);
      expect(await deliverDueMail({ send: sender(), batchSize: 10 })).toBe(2);
      expect(fake.deliveries.map((d) => d.subject)).toEqual(["queued earlier", "queued later"]);
    });

    it("within a batch, including an old row that failed and became due again", async () => {
      const old = await queueInTurn({ subject: "oldest (retried)" });
      await queueInTurn({ subject: "second" });
      await queueInTurn({ subject: "third" });
      // The oldest fails once on its own (the update moves its row in the table)...
      fake.failNext(1, 500);
      expect(await deliverDueMail({ send: sender(), batchSize: 1, baseDelayMs: 60_000 })).toBe(0);
      expect(await rowById(old.id)).toMatchObject({ status: "pending", attempts: 1 });
      await queueInTurn({ subject: "fourth" });
      // ...and when it is due again, it still goes first.
      await makeDue(old.id);
      expect(await deliverDueMail({ send: sender(), batchSize: 10 })).toBe(4);
      expect(fake.deliveries.map((d) => d.subject)).toEqual(["oldest (retried)", "second", "third", "fourth"]);
      const rows = await db().select().from(outbox).orderBy(asc(outbox.createdAt));
      expect(rows.map((r) => r.subject)).toEqual(["oldest (retried)", "second", "third", "fourth"]);
    });
  });
});
