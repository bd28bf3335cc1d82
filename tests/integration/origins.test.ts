// Requests from other websites (issue 11, item 7; docs/decisions/027-one-list-of-origins.md),
// against the real server: a POST, PUT, PATCH or DELETE must say it comes from this site (its
// Origin, or Sec-Fetch-Site: same-origin), or it is refused with the site's own page and
// nothing is done; a Socket.IO handshake from another origin is refused; CSP connect-src lists
// only this site's origins. PUBLIC_URL and TRUSTED_ORIGINS make the one list all of them read.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { session } from "../../db/schema/auth";
import { thread } from "../../db/schema/threads";
import { allowedOrigins } from "~/services/config.server";
import { makeUser, type MadeUser } from "../factories";
import { useTestDatabase } from "../db";
import { makeForum } from "../factories";
import { fromSite, openSocket, signIn, type Client, useTestServer } from "../support/server";

useTestDatabase();

const FOREIGN = "https://evil.example";
const server = useTestServer();
let member: MadeUser;
let forumId: string;
let cookie: string;
const sockets: Client[] = [];

beforeEach(async () => {
  const forum = await makeForum(db());
  forumId = forum.id;
  member = await makeUser(db(), { forumIds: [forum.id] });
  cookie = await signIn(server.url, member);
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
  delete process.env.TRUSTED_ORIGINS;
});

/** Starts a thread through the form, with exactly the headers given (plus the member's cookie). */
async function startThread(title: string, headers: Record<string, string>) {
  const res = await fetch(`${server.url}/threads/new`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ forumId, title, body: "I want to share what happened after I reported it.", visibility: "members" }),
    redirect: "manual",
  });
  const written = await db().select({ id: thread.id }).from(thread).where(eq(thread.title, title));
  return { status: res.status, location: res.headers.get("location"), html: await res.text(), written: written.length };
}

function expectRefusalPage(html: string) {
  expect(html).toContain("We could not accept that");
  expect(html).toContain("nothing was changed");
  expect(html).toContain("Exit this page");
  expect(html).toMatch(/href="\/support"/);
}

describe("a form sent to a Remix action", () => {
  it("from another website is refused with the site's own page, and nothing is written", async () => {
    const sent = await startThread("From elsewhere", { origin: FOREIGN, "sec-fetch-site": "cross-site" });
    expect(sent.status).toBe(403);
    expectRefusalPage(sent.html);
    expect(sent.written).toBe(0);
  });

  it("that says nothing of where it comes from (no Origin, no Sec-Fetch-Site) is refused", async () => {
    const sent = await startThread("From nowhere", {});
    expect(sent.status).toBe(403);
    expectRefusalPage(sent.html);
    expect(sent.written).toBe(0);
  });

  it("is refused when Sec-Fetch-Site says another site, or Origin is another port of the same host", async () => {
    expect((await startThread("Cross site", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await startThread("Same site", { "sec-fetch-site": "same-site" })).status).toBe(403);
    const otherPort = new URL(server.url);
    otherPort.port = String(Number(otherPort.port) + 1);
    expect((await startThread("Other port", { origin: otherPort.origin })).status).toBe(403);
    expect((await startThread("Opaque origin", { origin: "null" })).status).toBe(403);
  });

  it("from this site's own page is accepted: by its Origin, or by Sec-Fetch-Site same-origin", async () => {
    const byOrigin = await startThread("By origin", { origin: server.url });
    expect(byOrigin.status).toBe(302);
    // The thread's page (its "sent" message travels in a one-time cookie, not the address).
    expect(byOrigin.location).toMatch(/^\/threads\/[0-9a-f-]{36}$/);
    expect(byOrigin.written).toBe(1);
    const byFetchSite = await startThread("By fetch metadata", { "sec-fetch-site": "same-origin" });
    expect(byFetchSite.status).toBe(302);
    expect(byFetchSite.written).toBe(1);
    // The test helper every other integration test sends its forms through.
    const helper = await fromSite(`${server.url}/threads/new`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ forumId, title: "Through the helper", body: "I want to share what happened after I reported it.", visibility: "members" }),
      redirect: "manual",
    });
    expect(helper.status).toBe(302);
  });

  it("from an origin in TRUSTED_ORIGINS is accepted (the site also answering at that address)", async () => {
    process.env.TRUSTED_ORIGINS = "https://forum.example.org, https://staff.example.org/";
    // As behind a proxy that answers at both addresses: the browser's Host is the other one.
    const sent = await startThread("Trusted", { origin: "https://staff.example.org", "x-forwarded-host": "staff.example.org" });
    expect(sent.status).toBe(302);
    expect(sent.written).toBe(1);
  });

  it("reading a page (GET) needs no Origin", async () => {
    const res = await fetch(`${server.url}/threads/new`, { headers: { cookie, origin: FOREIGN } });
    expect(res.status).toBe(200);
  });
});

describe("better-auth's endpoints", () => {
  it("refuse a sign-in posted from another website before it is tried: no session", async () => {
    const before = await db().select().from(session).where(eq(session.userId, member.id));
    const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: FOREIGN },
      body: JSON.stringify({ email: member.email, password: member.password }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().filter((c) => c.includes("session_token="))).toEqual([]);
    expectRefusalPage(await res.text());
    const after = await db().select().from(session).where(eq(session.userId, member.id));
    expect(after).toHaveLength(before.length);
  });

  it("refuse signing out from another website: the session still works", async () => {
    const res = await fetch(`${server.url}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: FOREIGN } });
    expect(res.status).toBe(403);
    const account = await fetch(`${server.url}/account`, { headers: { cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
  });
});

describe("the Socket.IO handshake", () => {
  const open = async (origin: string) => {
    const socket = await openSocket(server.url, cookie, { origin });
    sockets.push(socket);
    return socket;
  };

  it("from another origin is refused", async () => {
    await expect(open(FOREIGN)).rejects.toThrow();
  });

  it("from this site's origin is accepted, and so is one from TRUSTED_ORIGINS", async () => {
    expect((await open(server.url)).connected).toBe(true);
    process.env.TRUSTED_ORIGINS = "https://staff.example.org";
    expect((await open("https://staff.example.org")).connected).toBe(true);
  });
});

describe("Content-Security-Policy connect-src", () => {
  const connectSrc = async () => {
    const res = await fetch(`${server.url}/rights`);
    const csp = res.headers.get("content-security-policy") ?? "";
    return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("connect-src"));
  };

  it("is this site only (and its WebSocket address), never any host", async () => {
    const ws = server.url.replace(/^http/, "ws");
    expect(await connectSrc()).toBe(`connect-src 'self' ${server.url} ${ws}`);
  });

  it("adds the origins in TRUSTED_ORIGINS", async () => {
    process.env.TRUSTED_ORIGINS = "https://staff.example.org";
    const ws = server.url.replace(/^http/, "ws");
    expect(await connectSrc()).toBe(`connect-src 'self' ${server.url} ${ws} https://staff.example.org wss://staff.example.org`);
  });
});

describe("the one list of origins", () => {
  it("is PUBLIC_URL and TRUSTED_ORIGINS when PUBLIC_URL is set", () => {
    process.env.TRUSTED_ORIGINS = "https://a.example.org/, not a url";
    expect(allowedOrigins("http://attacker.example")).toEqual([server.url, "https://a.example.org"]);
  });

  it("is the request's own address (and the default localhost one) when PUBLIC_URL is unset", () => {
    const saved = process.env.PUBLIC_URL;
    const savedPort = process.env.PORT;
    delete process.env.PUBLIC_URL;
    delete process.env.PORT;
    try {
      expect(allowedOrigins("http://192.168.1.5:3000")).toEqual(["http://192.168.1.5:3000", "http://localhost:3000"]);
      expect(allowedOrigins(null)).toEqual(["http://localhost:3000"]);
    } finally {
      process.env.PUBLIC_URL = saved;
      if (savedPort !== undefined) process.env.PORT = savedPort;
    }
  });
});
