// My Met Service, part 2: an officer asks for feedback. The link is single-use and expires
// after 14 days; only its hash is stored; the victim's email or number lives only in the
// outbox row that sends it, and is erased once sent or failed for good. Texts go through GOV.UK
// Notify (a fake server here) with the same retries as emails: none lost, none sent twice.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { feedbackLink } from "../../db/schema/feedback";
import { outbox } from "../../db/schema/outbox";
import { claimFeedbackLink, FeedbackError, findFeedbackLink, issueFeedbackLink } from "~/models/feedback/links.server";
import { deliverDueMail, notifySender, resendSender } from "~/services/mail.server";
import { action as askAction, loader as askLoader } from "~/routes/officer.feedback.new";
import { londonDate } from "~/utils/london-clock";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer, makeUser } from "../factories";
import { FakeNotify } from "../support/fake-notify";
import { FakeResend } from "../support/fake-resend";
import { cookieFor, run } from "../support/routes";

useTestDatabase();

const NOW = new Date("2026-11-20T10:00:00Z");
const PASSWORD = "a long enough password";
const NOTIFY_KEY = `test_key-${crypto.randomUUID()}-${crypto.randomUUID()}`;
const TEMPLATE = crypto.randomUUID();

async function officer(borough = "newham") {
  const made = await makeOfficer(db(), { borough, password: PASSWORD });
  return { made, actor: asCurrentUser(made) };
}

const contact = { contactDate: "2026-11-19", contactKind: "took-statement" as const };
/** A contact today, for the tests that send through the outbox (whose clock is the database's). */
const today = () => ({ contactDate: londonDate(new Date()), contactKind: "gave-update" as const });

describe("issuing a link", () => {
  it("stores only the token's hash, in the officer's borough, and the link lives issued → used once, or → expired after 14 days", async () => {
    const { actor } = await officer("waltham-forest");
    const { link, token, url } = await issueFeedbackLink(actor, { ...contact, channel: "qr" }, NOW);
    expect(url).toMatch(new RegExp(`/feedback/${token}$`));
    expect(JSON.stringify(await db().select().from(feedbackLink))).not.toContain(token);
    expect(link).toMatchObject({ borough: "waltham-forest", contactKind: "took-statement", contactDate: "2026-11-19", channel: "qr" });
    expect(link.expiresAt.getTime() - NOW.getTime()).toBe(14 * DAY);

    expect((await findFeedbackLink(token, NOW)).state).toBe("open");
    expect((await findFeedbackLink(token, new Date(NOW.getTime() + 14 * DAY - 1000))).state).toBe("open");
    expect((await findFeedbackLink(token, new Date(NOW.getTime() + 14 * DAY))).state).toBe("expired");
    expect(await claimFeedbackLink(token, new Date(NOW.getTime() + 14 * DAY))).toBeNull();

    expect(await claimFeedbackLink(token, new Date(NOW.getTime() + DAY))).not.toBeNull();
    expect((await findFeedbackLink(token, new Date(NOW.getTime() + DAY))).state).toBe("used");
    expect(await claimFeedbackLink(token, new Date(NOW.getTime() + DAY))).toBeNull();
    expect((await findFeedbackLink("not-a-real-token-at-all", NOW)).state).toBe("unknown");

    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, "feedback-link.issue"));
    expect(entry).toMatchObject({ actorId: actor.id, targetId: link.id });
  });

  it("refuses a future date, a contact older than 14 days, a bad email or number, and anyone but an officer, writing nothing", async () => {
    const { actor } = await officer();
    const cases = [
      [{ ...contact, contactDate: "2026-11-21", channel: "qr" }, "contactDate"],
      [{ ...contact, contactDate: "2026-11-05", channel: "qr" }, "contactDate"],
      [{ ...contact, contactDate: "2026-02-30", channel: "qr" }, "contactDate"],
      [{ ...contact, channel: "email", address: "not an email" }, "email"],
      [{ ...contact, channel: "text", address: "020 7946 0000" }, "phone"],
    ] as const;
    for (const [input, field] of cases) {
      const attempt = issueFeedbackLink(actor, input, NOW);
      await expect(attempt).rejects.toBeInstanceOf(FeedbackError);
      await expect(attempt).rejects.toMatchObject({ field });
    }
    const member = asCurrentUser(await makeUser(db()));
    await expect(issueFeedbackLink(member, { ...contact, channel: "qr" }, NOW)).rejects.toThrow(/Only police officers/);
    expect(await db().select().from(feedbackLink)).toHaveLength(0);
    expect(await db().select().from(outbox)).toHaveLength(0);
  });
});

describe("sending the link, then forgetting the address", () => {
  let resend: FakeResend;
  let notify: FakeNotify;
  const previous = process.env.RESEND_BASE_URL;
  beforeEach(async () => {
    resend = new FakeResend({ apiKey: "re_key" });
    process.env.RESEND_BASE_URL = await resend.start();
    notify = new FakeNotify();
    await notify.start();
  });
  afterEach(async () => {
    await resend.close();
    await notify.close();
    if (previous === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = previous;
  });

  it("emails the link and erases the address and the message once sent; the link row never held them", async () => {
    const { actor } = await officer();
    const { link, token } = await issueFeedbackLink(actor, { ...today(), channel: "email", address: " Victim@Example.test " }, new Date());
    const [queued] = await db().select().from(outbox);
    expect(queued).toMatchObject({ channel: "email", toAddress: "victim@example.test", kind: "feedback-request", eraseWhenDone: true });
    expect(queued.text).toContain(`/feedback/${token}`);
    expect(JSON.stringify(link)).not.toContain("victim@example.test");

    expect(await deliverDueMail({ send: resendSender("re_key", "Forum <f@example.test>") })).toBe(1);
    expect(resend.deliveries.map((d) => d.to)).toEqual(["victim@example.test"]);
    const [done] = await db().select().from(outbox);
    expect(done).toMatchObject({ status: "sent", toAddress: "", html: null });
    expect(done.erasedAt).not.toBeNull();
    expect(JSON.stringify(await db().select().from(outbox))).not.toMatch(/victim@example|\/feedback\//);
  });

  it("erases a number whose text failed for good, too", async () => {
    const { actor } = await officer();
    await issueFeedbackLink(actor, { ...today(), channel: "text", address: "07700 900123" }, new Date());
    notify.failWhen = () => true;
    await deliverDueMail({ sendText: notifySender(NOTIFY_KEY, TEMPLATE, notify.url), maxAttempts: 1 });
    const [row] = await db().select().from(outbox);
    expect(row).toMatchObject({ status: "failed", toAddress: "", channel: "text" });
    expect(row.lastError).toContain("500");
    expect(JSON.stringify(row)).not.toContain("7700900123");
  });

  it("a Notify that hangs is given up after the timeout and retried; a number Notify refuses (400) fails at once, erased", async () => {
    const { actor } = await officer();
    await issueFeedbackLink(actor, { ...today(), channel: "text", address: "07700 900111" }, new Date());
    await issueFeedbackLink(actor, { ...today(), channel: "text", address: "07700 900222" }, new Date());
    notify.failWith = (n) => (n === 1 ? "hang" : n === 2 ? 400 : null);
    const sendText = notifySender(NOTIFY_KEY, TEMPLATE, notify.url, { timeoutMs: 300 });
    expect(await deliverDueMail({ sendText, sendTimeoutMs: 400, baseDelayMs: 0 })).toBe(0);
    const rows = await db().select().from(outbox).orderBy(outbox.createdAt);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 1 });
    expect(rows[0].lastError).toMatch(/timeout/i);
    expect(rows[1]).toMatchObject({ status: "failed", attempts: 1, toAddress: "" });
    expect(rows[1].lastError).toBe("400 ValidationError: phone_number Not a UK mobile number");
    // The hung one goes out on its retry; the refused one is not asked again.
    expect(await deliverDueMail({ sendText, sendTimeoutMs: 400 })).toBe(1);
    expect(notify.deliveries.map((d) => d.phoneNumber)).toEqual(["+447700900111"]);
    expect(notify.requests.filter((r) => r.status === 400)).toHaveLength(1);
  });

  it("texts stay in the outbox without a Notify sender, as emails do without Resend", async () => {
    const { actor } = await officer();
    await issueFeedbackLink(actor, { ...today(), channel: "text", address: "+44 7700 900456" }, new Date());
    await issueFeedbackLink(actor, { ...today(), channel: "email", address: "v@example.test" }, new Date());
    expect(await deliverDueMail({ send: resendSender("re_key", "Forum <f@example.test>") })).toBe(1);
    const rows = await db().select().from(outbox);
    expect(rows.find((r) => r.channel === "text")).toMatchObject({ status: "pending", toAddress: "+447700900456", attempts: 0 });
    expect(await deliverDueMail({})).toBe(0);
  });

  it("with Notify failing half its calls, two workers deliver 30 texts: none lost, none sent twice, every number erased", async () => {
    const { actor } = await officer();
    const numbers = Array.from({ length: 30 }, (_, i) => `07700900${100 + i}`);
    for (const number of numbers) await issueFeedbackLink(actor, { ...today(), channel: "text", address: number }, new Date());
    notify.failWhen = (n) => n % 2 === 1;
    const options = { sendText: notifySender(NOTIFY_KEY, TEMPLATE, notify.url), baseDelayMs: 0, batchSize: 4 };
    for (let pass = 0; pass < 100; pass++) {
      await Promise.all([deliverDueMail(options), deliverDueMail(options)]);
      const waiting = await db().select({ id: outbox.id }).from(outbox).where(eq(outbox.status, "pending"));
      if (waiting.length === 0) break;
    }
    expect(notify.requests.filter((r) => r.status === 500).length).toBeGreaterThan(10);
    expect(notify.deliveries).toHaveLength(30);
    expect(new Set(notify.deliveries.map((d) => d.phoneNumber)).size).toBe(30);
    expect(new Set(notify.deliveries.map((d) => d.reference)).size).toBe(30);
    expect(notify.deliveries.every((d) => d.templateId === TEMPLATE && /\/feedback\/[\w-]+$/.test(d.body))).toBe(true);
    const rows = await db().select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.toAddress === "" && r.erasedAt)).toBe(true);
  });
});

describe("the officer's page", () => {
  it("shows the QR code and the link at once; sending by email redirects; a bad number is answered 400 with the input kept", async () => {
    const { made } = await officer();
    const cookie = await cookieFor(made);
    const page = await run(askLoader, "/officer/feedback/new", { cookie });
    expect(page.data.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const shown = await run(askAction, "/officer/feedback/new", { cookie, form: { contactDate: page.data.today, contactKind: "attended-report", channel: "qr" } });
    expect(shown.status).toBe(200);
    expect(shown.data.issued.url).toMatch(/\/feedback\/[\w-]{32}$/);
    expect(shown.data.issued.svg).toMatch(/^<svg role="img" aria-label="QR code of the feedback link"/);
    expect(shown.headers.get("cache-control")).toBe("private, no-store");

    const bad = await run(askAction, "/officer/feedback/new", { cookie, form: { contactDate: page.data.today, contactKind: "gave-update", channel: "text", phone: "12345" } });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.phone[0]).toContain("Enter a UK mobile number");
    expect(bad.data.result.initialValue).toMatchObject({ phone: "12345", contactKind: "gave-update", channel: "text" });

    const sent = await run(askAction, "/officer/feedback/new", { cookie, form: { contactDate: page.data.today, contactKind: "other", channel: "email", email: "v@example.test" } });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/officer/feedback/new?sent=email");
    expect(await db().select().from(feedbackLink)).toHaveLength(2);

    const member = await makeUser(db(), { password: PASSWORD });
    expect((await run(askLoader, "/officer/feedback/new", { cookie: await cookieFor(member) })).status).toBe(403);
  });
});
