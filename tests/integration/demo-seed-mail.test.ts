// The demo dataset never sends email (issue 15, item 7): started with RESEND_API_KEY and
// NOTIFY_API_KEY set, the seeded site once sent ~150 real emails to its @demo.vvf.test people,
// back-dated queue digests included. The seed and a run of every scheduled job queue the demo's
// mail; the worker, with real senders pointed at fake providers, hands none of it over, and the
// rows stay readable in the outbox. Mail for a real person on the same site still goes out.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { outbox } from "../../db/schema/outbox";
import { seedDemo } from "../../db/seed";
import { registerJobs } from "~/services/jobs.server";
import { runDueJobs } from "~/services/scheduler.server";
import { deliverDueMail, enqueueMail, notifySender, resendSender } from "~/services/mail.server";
import { useTestDatabase } from "../db";
import { FakeNotify } from "../support/fake-notify";
import { FakeResend } from "../support/fake-resend";

useTestDatabase();

let resend: FakeResend;
let notify: FakeNotify;
const previous = process.env.RESEND_BASE_URL;

beforeEach(async () => {
  resend = new FakeResend({ apiKey: "re_demo" });
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

describe("the demo dataset's mail", () => {
  it("is never handed to the email or text provider, and stays readable in the outbox", async () => {
    await seedDemo(db());
    registerJobs();
    await runDueJobs(new Date());
    const queued = await db().select().from(outbox);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((r) => r.toAddress.endsWith("@demo.vvf.test"))).toBe(true);

    const options = {
      send: resendSender("re_demo", "Forum <forum@example.test>"),
      sendText: notifySender("demo-key-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000", "template", notify.url),
    };
    expect(await deliverDueMail(options)).toBe(0);
    expect(resend.requests).toHaveLength(0);
    expect(notify.requests).toHaveLength(0);
    const after = await db().select().from(outbox);
    expect(after.every((r) => r.status === "pending" && r.attempts === 0)).toBe(true);

    // A real person's email on the same site is sent as usual.
    await enqueueMail(db(), { kind: "test", to: "real.person@example.test", subject: "Your invitation", text: "Hello" });
    expect(await deliverDueMail(options)).toBe(1);
    expect(resend.deliveries.map((d) => d.to)).toEqual(["real.person@example.test"]);
    const [real] = await db().select().from(outbox).where(eq(outbox.toAddress, "real.person@example.test"));
    expect(real.status).toBe("sent");
  });
});
