// Who is asking, read afresh on every request (app/services/session.server.ts, decision 042):
// through the real server and the real database, a sign-out, a suspension, a deletion, a role
// change and the account's two-factor state show on the very next request made with the same cookie (the
// cookie a second tab, or a device that never saw the sign-out, still sends), also when the
// next request reaches another server process. Sessions due to be extended or already expired
// still go through better-auth, which extends or deletes them.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { session, user } from "../../db/schema/auth";
import { deleteOwnAccount } from "~/models/people/account-deletion.server";
import { changeRole, setSuspended } from "~/models/people/people.server";
import { resetTwoFactor } from "~/models/people/two-factor.server";
import { signedCookieValue } from "~/services/session.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../db";
import { processCluster, type ServerProcess } from "../support/processes";
import { fromSite, signIn, useTestServer } from "../support/server";
import { useCast } from "../support/threads";

useTestDatabase();

const server = useTestServer();
const cast = useCast();

type Seen = { kind: "signed-in"; name: string } | { kind: "signed-out" } | { kind: "two-factor-set-up" } | { kind: "forbidden" };

/** What a person with this cookie meets at `path`: their page, the sign-in, the two-factor set-up or a refusal. */
async function visit(baseUrl: string, cookie: string, path = "/forums"): Promise<Seen> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
  const location = res.headers.get("location") ?? "";
  if (res.status === 302 && location.startsWith("/login?")) return { kind: "signed-out" };
  if (res.status === 302 && location.startsWith("/account/two-factor?")) return { kind: "two-factor-set-up" };
  if (res.status === 403) return { kind: "forbidden" };
  expect(res.status).toBe(200);
  const body = await res.text();
  // The header's account link: "<name> (your account, <role>)".
  const name = body.match(/>([^<>]*?)(?:<!-- -->)? <span class="govuk-visually-hidden">\(your account/)?.[1] ?? "";
  return { kind: "signed-in", name };
}

const signedInAs = (name: string) => ({ kind: "signed-in", name });

async function signOut(baseUrl: string, cookie: string) {
  const res = await fromSite(`${baseUrl}/api/auth/sign-out`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" });
  expect(res.status).toBe(200);
}

describe("the session is read afresh on every request", () => {
  it("a signed-in member sees their own name on every page they open", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    for (let i = 0; i < 3; i++) expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
  });

  it("signing out in one tab signs the other tabs out on their next request", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    const otherTab = cookie;
    expect(await visit(server.url, otherTab)).toMatchObject(signedInAs(cast.made.member.name));
    await signOut(server.url, cookie);
    expect(await visit(server.url, otherTab)).toEqual({ kind: "signed-out" });
  });

  it("a suspension signs the member out on their next request, and lifting it does not bring the session back", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
    await setSuspended(cast.moderator, { userId: cast.member.id, suspended: true, reason: "Repeated abuse" });
    expect(await visit(server.url, cookie)).toEqual({ kind: "signed-out" });
    await setSuspended(cast.moderator, { userId: cast.member.id, suspended: false, reason: "Appeal upheld" });
    // Suspension ended the member's sessions: they sign in again.
    expect(await visit(server.url, cookie)).toEqual({ kind: "signed-out" });
  });

  it("a suspension shows on the next request even if the session row were left behind", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
    // As another process or an older code path might leave it: the account suspended, the session kept.
    await db().update(user).set({ status: "suspended" }).where(eq(user.id, cast.member.id));
    expect(await visit(server.url, cookie)).toEqual({ kind: "signed-out" });
  });

  it("deleting one's own account signs out every tab on its next request", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
    await deleteOwnAccount(cast.member, { posts: "keep" });
    expect(await visit(server.url, cookie)).toEqual({ kind: "signed-out" });
  });

  it("a role change shows on the next request: a moderator made a member loses the moderation queue", async () => {
    const cookie = await signIn(server.url, cast.made.moderator);
    expect(await visit(server.url, cookie, "/moderation")).toMatchObject({ kind: "signed-in" });
    await changeRole(cast.admin, { userId: cast.moderator.id, role: "member", organisation: null, reason: "Stepped down" });
    expect(await visit(server.url, cookie, "/moderation")).toEqual({ kind: "forbidden" });
  });

  it("a member promoted to moderator must set up two-factor from their next request", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
    await changeRole(cast.admin, { userId: cast.member.id, role: "moderator", organisation: null, reason: "New moderator" });
    expect(await visit(server.url, cookie)).toEqual({ kind: "two-factor-set-up" });
  });

  it("an admin's reset of a moderator's two-factor signs them out on their next request", async () => {
    const cookie = await signIn(server.url, cast.made.moderator);
    expect(await visit(server.url, cookie, "/moderation")).toMatchObject({ kind: "signed-in" });
    await resetTwoFactor(cast.admin, { userId: cast.moderator.id, reason: "Lost phone" });
    expect(await visit(server.url, cookie, "/moderation")).toEqual({ kind: "signed-out" });
  });

  it("a moderator whose second factor is off reaches nothing but its set-up from the next request", async () => {
    const cookie = await signIn(server.url, cast.made.moderator);
    expect(await visit(server.url, cookie, "/moderation")).toMatchObject({ kind: "signed-in" });
    // The session kept, the second factor gone (as only a direct change could leave it).
    await db().update(user).set({ twoFactorEnabled: false }).where(eq(user.id, cast.moderator.id));
    expect(await visit(server.url, cookie, "/moderation")).toEqual({ kind: "two-factor-set-up" });
    await db().update(user).set({ twoFactorEnabled: true }).where(eq(user.id, cast.moderator.id));
    expect(await visit(server.url, cookie, "/moderation")).toMatchObject({ kind: "signed-in" });
  });

  it("a cookie whose signature is not the server's is nobody's, even with a real session token", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    const [name, value] = cookie.split("; ").find((c) => c.includes("session_token="))!.split("=");
    const token = decodeURIComponent(value).split(".")[0];
    const forged = `${name}=${encodeURIComponent(`${token}.${crypto.createHmac("sha256", "not the secret").update(token).digest("base64")}`)}`;
    expect(await visit(server.url, forged)).toEqual({ kind: "signed-out" });
    expect(await visit(server.url, `${name}=${token}`)).toEqual({ kind: "signed-out" });
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
  });

  it("a session a day old is extended by better-auth and stays signed in", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    const fiveDays = new Date(Date.now() + 5 * 24 * 3600 * 1000);
    await db().update(session).set({ expiresAt: fiveDays }).where(eq(session.userId, cast.member.id));
    expect(await visit(server.url, cookie)).toMatchObject(signedInAs(cast.made.member.name));
    const [row] = await db().select({ expiresAt: session.expiresAt }).from(session).where(eq(session.userId, cast.member.id));
    // Extended to a week from now: well past the five days it had left.
    expect(row.expiresAt.getTime()).toBeGreaterThan(fiveDays.getTime() + 24 * 3600 * 1000);
  });

  it("an expired session is nobody's, and better-auth removes it", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    await db().update(session).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(session.userId, cast.member.id));
    expect(await visit(server.url, cookie)).toEqual({ kind: "signed-out" });
    expect(await db().select().from(session).where(eq(session.userId, cast.member.id))).toEqual([]);
  });
});

describe("reading a signed cookie as better-auth signs it", () => {
  const secret = "a-test-secret-a-test-secret-a-test-secret";
  const sign = (value: string) => encodeURIComponent(`${value}.${crypto.createHmac("sha256", secret).update(value).digest("base64")}`);

  it("gives the value only when the signature is right", () => {
    expect(signedCookieValue(`a=1; vvf.session_token=${sign("tok123")}; b=2`, "vvf.session_token", secret)).toBe("tok123");
    expect(signedCookieValue(`vvf.session_token=${sign("tok123")}`, "vvf.session_token", "another secret")).toBeNull();
    expect(signedCookieValue(`vvf.session_token=tok123`, "vvf.session_token", secret)).toBeNull();
    expect(signedCookieValue(`other=${sign("tok123")}`, "vvf.session_token", secret)).toBeNull();
    expect(signedCookieValue(`vvf.session_token=%E0%A4%A`, "vvf.session_token", secret)).toBeNull();
  });

  it("reads the first cookie of the name, as better-auth does", () => {
    expect(signedCookieValue(`vvf.session_token=${sign("first")}; vvf.session_token=${sign("second")}`, "vvf.session_token", secret)).toBe("first");
  });
});

describe("across server processes on one database", () => {
  let cluster: Awaited<ReturnType<typeof processCluster>>;
  let A: ServerProcess;
  let B: ServerProcess;

  beforeAll(async () => {
    cluster = await processCluster("vvf_session_lookup_test");
    [A, B] = await Promise.all([cluster.start("A"), cluster.start("B")]);
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it("a sign-out through one process ends the session on the other's next request", async () => {
    const person = await makeUser(cluster.db);
    const cookie = await signIn(A.url, person);
    expect(await visit(B.url, cookie)).toMatchObject(signedInAs(person.name));
    await signOut(A.url, cookie);
    expect(await visit(B.url, cookie)).toEqual({ kind: "signed-out" });
    expect(await visit(A.url, cookie)).toEqual({ kind: "signed-out" });
  });

  it("an account suspended in the database is signed out on both processes' next request", async () => {
    const person = await makeUser(cluster.db);
    const cookie = await signIn(A.url, person);
    expect(await visit(A.url, cookie)).toMatchObject(signedInAs(person.name));
    expect(await visit(B.url, cookie)).toMatchObject(signedInAs(person.name));
    await cluster.db.update(user).set({ status: "suspended" }).where(eq(user.id, person.id));
    expect(await visit(A.url, cookie)).toEqual({ kind: "signed-out" });
    expect(await visit(B.url, cookie)).toEqual({ kind: "signed-out" });
  });
});
