// Accounts across two server processes sharing Redis (issue 11, items 5 and 6). Sign-in limits:
// failures on one process count on the other, per account and per address; correct sign-ins are
// never counted (better-auth's own 3-in-10-seconds rule is off for sign-in); the refusal is the
// site's own sign-in page, with Exit this page and the support links. Sockets: a member
// suspended, given another role or deleting their account through one process's page loses
// the socket they have open on the other.
//
// The processes trust one proxy hop (TRUST_PROXY=1), so each test speaks from addresses of its
// own (IPv6 documentation addresses, random per run) and never shares counts with anything
// else using the same Redis.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, type MadeUser } from "../factories";
import { PROCESS_AUTH_SECRET, processCluster, type ServerProcess } from "../support/processes";
import { fromSite, join, openSocket, signIn as signInFor, type Client } from "../support/server";

let cluster: Awaited<ReturnType<typeof processCluster>>;
let A: ServerProcess;
let B: ServerProcess;
const sockets: Client[] = [];

const address = () => `2001:db8::${crypto.randomBytes(2).toString("hex")}:${crypto.randomBytes(2).toString("hex")}`;

beforeAll(async () => {
  cluster = await processCluster("vvf_limits_test", { TRUST_PROXY: "1", RATE_LIMIT_SIGN_IN: "6" });
  [A, B] = await Promise.all([cluster.start("A"), cluster.start("B")]);
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await cluster?.close();
});

async function signIn(server: ServerProcess, who: Pick<MadeUser, "email">, password: string, from: string) {
  return fromSite(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify({ email: who.email, password }),
  });
}

describe("two processes sharing sign-in limits through Redis", () => {
  it("counts an account's failures on both processes together", async () => {
    const person = await makeUser(cluster.db);
    for (const server of [A, B, A, B, A]) expect((await signIn(server, person, "wrong password", address())).status).toBe(401);
    for (const server of [A, B]) {
      const refused = await signIn(server, person, person.password, address());
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe("SIGN_IN_LIMITED");
    }
  });

  it("counts an address's failures on both processes together, and only that address waits", async () => {
    const people = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => makeUser(cluster.db)));
    const building = address();
    // Six different accounts, one failure each, half on each process.
    for (let i = 0; i < 6; i++) expect((await signIn(i % 2 ? B : A, people[i], "wrong password", building)).status).toBe(401);
    expect((await signIn(A, people[6], people[6].password, building)).status).toBe(429);
    expect((await signIn(B, people[6], people[6].password, building)).status).toBe(429);
    expect((await signIn(B, people[6], people[6].password, address())).status).toBe(200);
  });

  it("lets correct passwords in however many arrive at once from one address", async () => {
    const person = await makeUser(cluster.db);
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signIn(i % 2 ? B : A, person, person.password, from)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it("refuses on the site's own sign-in page, with Exit this page, when to try again and the support links", async () => {
    const person = await makeUser(cluster.db);
    const from = address();
    for (let i = 0; i < 5; i++) expect((await signIn(B, person, "wrong password", from)).status).toBe(401);
    const res = await fromSite(`${A.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": from },
      body: new URLSearchParams({ email: person.email, password: person.password }),
      redirect: "manual",
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    const html = await res.text();
    expect(html).toContain("Exit this page");
    expect(html).toMatch(/too many attempts to sign in to this account with the wrong password\. To keep it safe, you can try again after \d{1,2}:\d{2}(am|pm)/);
    expect(html).toContain('href="/support"');
    expect(html).toContain('href="/forgot-password"');
    expect(html).toContain('href="/rights"');
  });
});

describe("better-auth's own limit (on in production)", () => {
  it("answers a browser that opened one of its links too often with the site's page, and a script with its JSON", async () => {
    const from = address();
    const open = (accept: string) =>
      fetch(`${A.url}/api/auth/verify-email?token=not-a-real-token`, { headers: { accept, "x-forwarded-for": from }, redirect: "manual" });
    // 60 requests a minute from one address (auth.server.ts), whatever they answer.
    for (let i = 0; i < 60; i++) expect((await open("application/json")).status).not.toBe(429);
    const browser = await open("text/html,application/xhtml+xml,*/*;q=0.8");
    expect(browser.status).toBe(429);
    expect(browser.headers.get("content-type")).toMatch(/^text\/html/);
    expect(Number(browser.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await browser.text();
    expect(html).toContain("Please wait before trying again");
    expect(html).toMatch(/You can try again after \d{1,2}:\d{2}(am|pm) \(in 1 minute\)/);
    expect(html).toContain("Exit this page");
    expect(html).toContain('href="/support"');
    const script = await open("application/json");
    expect(script.status).toBe(429);
    expect(script.headers.get("content-type")).toMatch(/json/);
  });
});

describe("two processes ending a person's sockets", () => {
  it("a suspension made through process A's page disconnects the member's socket on process B within a second", async () => {
    const moderator = await makeUser(cluster.db, { role: "moderator", authSecret: PROCESS_AUTH_SECRET });
    const member = await makeUser(cluster.db);
    const socket = await openSocket(B.url, await signInFor(B.url, member));
    sockets.push(socket);
    expect(await join(socket, `user:${member.id}`)).toEqual({ ok: true });
    const cookie = await signInFor(A.url, moderator);
    const ended = new Promise<string>((resolve, reject) => {
      socket.once("disconnect", (reason) => resolve(reason));
      setTimeout(() => reject(new Error("still connected")), 15_000);
    });
    const res = await fromSite(`${A.url}/admin/people/${member.id}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "suspend", reason: "Threats to another member" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const answered = Date.now();
    expect(await ended).toBe("io server disconnect");
    // Within a second of the suspension being made (the page's answer is when it committed).
    expect(Date.now() - answered).toBeLessThan(1_000);
  });

  /** A member's socket open on process B, and a promise of how it ends (the server's reason). */
  async function memberSocketOnB() {
    const member = await makeUser(cluster.db);
    const socket = await openSocket(B.url, await signInFor(B.url, member));
    sockets.push(socket);
    expect(await join(socket, `user:${member.id}`)).toEqual({ ok: true });
    const ended = new Promise<string>((resolve, reject) => {
      socket.once("disconnect", (reason) => resolve(reason));
      setTimeout(() => reject(new Error("still connected")), 15_000);
    });
    return { member, ended };
  }

  it("a role change made through process A's page disconnects the person's socket on process B", async () => {
    const admin = await makeUser(cluster.db, { role: "admin", authSecret: PROCESS_AUTH_SECRET });
    const { member, ended } = await memberSocketOnB();
    const res = await fromSite(`${A.url}/admin/people/${member.id}`, {
      method: "POST",
      headers: { cookie: await signInFor(A.url, admin), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "change-role", role: "moderator", roleReason: "Joined the moderation team" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("done=role-changed");
    const answered = Date.now();
    expect(await ended).toBe("io server disconnect");
    expect(Date.now() - answered).toBeLessThan(1_000);
  });

  it("a member deleting their account on process A loses the socket they have open on process B", async () => {
    const { member, ended } = await memberSocketOnB();
    const res = await fromSite(`${A.url}/account/delete`, {
      method: "POST",
      headers: { cookie: await signInFor(A.url, member), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ posts: "keep", password: member.password }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/?account-deleted=1");
    expect(await ended).toBe("io server disconnect");
  });
});
