// Too many attempts (issue 11, item 3 of what remained): the limits on asking for a password
// reset and on invitation links answer with the site's own page — Exit this page, when to try
// again, support links — whether the form was sent without JavaScript or through Remix's
// `.data` request, and refuse before anything is done. better-auth's endpoint answers a browser
// with the page and a script with JSON. (better-auth's own limiter, on only in production, is
// checked against production processes in accounts-redis.test.ts; the sign-in limits in
// sign-in-limits.test.ts.)
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { outbox } from "../../db/schema/outbox";
import { user } from "../../db/schema/auth";
import { makeUser } from "../factories";
import { useTestDatabase } from "../db";
import { fromSite, startTestServer, type TestServer } from "../support/server";

useTestDatabase();

let server: TestServer;
const saved = process.env.RATE_LIMIT_INVITATIONS;

beforeAll(async () => {
  process.env.RATE_LIMIT_INVITATIONS = "3";
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
  if (saved === undefined) delete process.env.RATE_LIMIT_INVITATIONS;
  else process.env.RATE_LIMIT_INVITATIONS = saved;
});

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
  body: new URLSearchParams(fields),
  redirect: "manual" as const,
});

async function resetEmailsTo(email: string) {
  return (await db().select({ id: outbox.id }).from(outbox).where(eq(outbox.toAddress, email))).length;
}

/** The site's own 429 page: heading, when to try again, Exit this page, support links, Retry-After. */
async function expectTooManyPage(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  const html = await res.text();
  expect(html).toContain("Please wait before trying again");
  expect(html).toMatch(/You can try again after \d{1,2}:\d{2}(am|pm) \(in \d+ minutes?\)/);
  expect(html).toContain("Exit this page");
  expect(html).toMatch(/href="\/support"/);
  expect(html).toContain("call 999");
}

describe("asking for a password reset", () => {
  it("after 5 requests from one address, says when to try again on the site's page and sends nothing", async () => {
    const member = await makeUser(db());
    for (let i = 0; i < 5; i++) {
      const res = await fromSite(`${server.url}/forgot-password`, form({ email: member.email }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Check your email");
    }
    expect(await resetEmailsTo(member.email)).toBe(5);

    await expectTooManyPage(await fromSite(`${server.url}/forgot-password`, form({ email: member.email })));
    expect(await resetEmailsTo(member.email)).toBe(5);
  });

  it("is refused the same way when the form is sent with JavaScript (Remix's .data request)", async () => {
    const member = await makeUser(db());
    const res = await fromSite(`${server.url}/forgot-password.data`, { ...form({ email: member.email }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    // Remix's single fetch carries the route's thrown 429 to the page, which shows the error page.
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("too-many");
    expect(await resetEmailsTo(member.email)).toBe(0);
  });

  it("through better-auth's endpoint: the page for a browser, JSON with Retry-After for a script", async () => {
    const member = await makeUser(db());
    const body = JSON.stringify({ email: member.email, redirectTo: "/reset-password" });
    const browser = await fromSite(`${server.url}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/html,application/xhtml+xml" },
      body,
    });
    await expectTooManyPage(browser);
    const script = await fromSite(`${server.url}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body,
    });
    expect(script.status).toBe(429);
    expect(Number(script.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await script.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAt: expect.stringMatching(/^\d{4}-/) });
    expect(await resetEmailsTo(member.email)).toBe(0);
  });
});

describe("using invitation links", () => {
  it("after the limit from one address, says when to try again on the site's page and creates no account", async () => {
    const fields = { displayName: "Quiet Kestrel", password: "a long enough password 1", confirmPassword: "a long enough password 1" };
    for (let i = 0; i < 3; i++) {
      const res = await fromSite(`${server.url}/join/not-a-real-token-${i}`, form(fields));
      expect(res.status).not.toBe(429);
    }
    await expectTooManyPage(await fromSite(`${server.url}/join/not-a-real-token-4`, form(fields)));
    const js = await fromSite(`${server.url}/join/not-a-real-token-5.data`, { ...form(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(js.status).toBe(429);
    expect(await db().select().from(user).where(inArray(user.name, ["Quiet Kestrel"]))).toEqual([]);
  });

  it("opening an invitation (GET) is never limited", async () => {
    // Opened many times, an unknown link is still the kind "not found" page, never a 429.
    const res = await fetch(`${server.url}/join/not-a-real-token-6`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("We cannot find this invitation");
  });
});
