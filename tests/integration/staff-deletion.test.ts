// An administrator deletes a staff or officer's account (issue 11; PRODUCT.md "Accounts and
// personal data"): from /admin/people/:id, confirmed with the administrator's own authenticator
// code; the same erasure as a member's own deletion (email, name, credentials, two-factor
// secret and backup codes gone from every table), sessions revoked, sockets ended, audited
// without personal data. Never their own account, never a member's (members delete their own),
// never the last administrator.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { account, session, twoFactor, user } from "../../db/schema/auth";
import { officer } from "../../db/schema/feedback";
import { post } from "../../db/schema/threads";
import { deleteOwnAccount, deleteStaffAccount, NOT_YOUR_OWN } from "~/models/people/account-deletion.server";
import { FORMER_MEMBER, startThread } from "~/models/threads/threads.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { action as personAction, loader as personLoader } from "~/routes/admin.people.$id";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeForum, makeOfficer, makeUser, type MadeUser } from "../factories";
import { cookieFor, run } from "../support/routes";
import { fromSite, openSocket, signIn, startTestServer, type TestServer } from "../support/server";
import { totpCode, wrongTotpCode } from "../support/two-factor";
import { rowsContaining } from "./members-data-fixtures";

useTestDatabase();

const deleteAs = async (admin: MadeUser, target: { id: string }, code: string) =>
  run(personAction, `/admin/people/${target.id}`, { cookie: await cookieFor(admin), params: { id: target.id }, form: { intent: "delete-staff", code } });

async function credentialsOf(userId: string) {
  return {
    sessions: (await db().select().from(session).where(eq(session.userId, userId))).length,
    accounts: (await db().select().from(account).where(eq(account.userId, userId))).length,
    twoFactor: (await db().select().from(twoFactor).where(eq(twoFactor.userId, userId))).length,
  };
}

describe("an administrator deleting a staff account", () => {
  it("with their own code: the person is erased everywhere, what they published stays as by Former member, the audit names nobody", async () => {
    const admin = await makeUser(db(), { role: "admin", name: "Admin Ash" });
    const moderator = await makeUser(db(), { role: "moderator", name: "Moderator Quillon", email: "quillon.moderator@example.test", password: "quillon's own password 2026" });
    const forum = await makeForum(db());
    const { post: written } = await startThread(asCurrentUser(moderator), {
      forumId: forum.id,
      title: "Welcome from the moderators",
      visibility: "public",
      body: "Please read the house rules.",
      contentWarnings: [],
      atRisk: false,
    });
    await transitionPost({ postId: written.id, actor: asCurrentUser(admin), transition: { kind: "approve" } });
    await cookieFor(moderator); // a session to revoke
    const hash = (await db().select({ password: account.password }).from(account).where(eq(account.userId, moderator.id)))[0].password!;
    expect(await credentialsOf(moderator.id)).toMatchObject({ accounts: 1, twoFactor: 1 });

    const page = await run(personLoader, `/admin/people/${moderator.id}`, { cookie: await cookieFor(admin), params: { id: moderator.id } });
    expect(page.data.canDelete).toBe(true);

    const done = await deleteAs(admin, moderator, totpCode(admin.totpSecret!));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/admin/people?done=deleted");

    // Email, name, password hash, authenticator secret and backup codes: in no row of any table.
    for (const secret of ["quillon.moderator@example.test", "Quillon", hash]) expect(await rowsContaining(secret), secret).toEqual([]);
    expect(await credentialsOf(moderator.id)).toEqual({ sessions: 0, accounts: 0, twoFactor: 0 });
    const [row] = await db().select().from(user).where(eq(user.id, moderator.id));
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.twoFactorEnabled).toBe(false);

    // What they published stays, as by "Former member".
    const [kept] = await db().select({ status: post.status, body: post.bodySource }).from(post).where(eq(post.id, written.id));
    expect(kept).toEqual({ status: "approved", body: "Please read the house rules." });
    expect(FORMER_MEMBER).toBe("Former member");

    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "user.delete"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: admin.id, targetType: "user", targetId: moderator.id, reason: null, details: { posts: "kept", by: "administrator" } });
    expect(JSON.stringify(entries[0])).not.toMatch(/quillon/i);

    // The person can no longer be found or opened, nor sign in.
    const gone = await run(personLoader, `/admin/people/${moderator.id}`, { cookie: await cookieFor(admin), params: { id: moderator.id } });
    expect(gone.status).toBe(404);
    await expect(cookieFor(moderator)).rejects.toThrow(/sign-in failed/);
  });

  it("accepts one of the administrator's backup codes, once", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const [first, second] = [await makeUser(db(), { role: "responder", organisation: "met" }), await makeUser(db(), { role: "responder", organisation: "mopac" })];
    expect((await deleteAs(admin, first, admin.backupCodes[0])).status).toBe(302);
    const reused = await deleteAs(admin, second, admin.backupCodes[0]);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain("The code is not right");
    expect((await db().select({ deletedAt: user.deletedAt }).from(user).where(eq(user.id, second.id)))[0].deletedAt).toBeNull();
  });

  it("erases an officer's shoulder number and borough too", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const made = await makeOfficer(db(), { shoulderNumber: "QX987", borough: "havering" });
    expect((await deleteAs(admin, made, totpCode(admin.totpSecret!))).status).toBe(302);
    expect(await db().select().from(officer).where(eq(officer.userId, made.id))).toEqual([]);
    expect(await rowsContaining("QX987")).toEqual([]);
  });

  it("without the right code: a clear message on the form, and nothing changes", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const moderator = await makeUser(db(), { role: "moderator" });
    for (const code of ["", wrongTotpCode(admin.totpSecret!)]) {
      const refused = await deleteAs(admin, moderator, code);
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(code ? /The code is not right/ : /Enter the 6-digit code from your authenticator app, or a backup code/);
    }
    // The moderator's code is not the administrator's.
    expect((await deleteAs(admin, moderator, totpCode(moderator.totpSecret!))).status).toBe(400);
    expect(await credentialsOf(moderator.id)).toMatchObject({ accounts: 1, twoFactor: 1 });
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "user.delete"))).toEqual([]);
  });

  it("refuses the administrator's own account and members' accounts, and offers neither", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const member = await makeUser(db());
    const cookie = await cookieFor(admin);
    expect((await run(personLoader, `/admin/people/${admin.id}`, { cookie, params: { id: admin.id } })).data.canDelete).toBe(false);
    expect((await run(personLoader, `/admin/people/${member.id}`, { cookie, params: { id: member.id } })).data.canDelete).toBe(false);

    const self = await deleteAs(admin, admin, totpCode(admin.totpSecret!));
    expect(self.status).toBe(409);
    expect(self.text).toContain(NOT_YOUR_OWN);
    const theirs = await deleteAs(admin, member, totpCode(admin.totpSecret!));
    expect(theirs.status).toBe(409);
    expect(theirs.text).toContain("Members delete their own accounts");
    for (const u of [admin, member]) expect((await db().select({ deletedAt: user.deletedAt }).from(user).where(eq(user.id, u.id)))[0].deletedAt).toBeNull();
  });

  it("is only for administrators: a moderator is refused", async () => {
    const moderator = await makeUser(db(), { role: "moderator" });
    const other = await makeUser(db(), { role: "responder", organisation: "met" });
    const refused = await run(personAction, `/admin/people/${other.id}`, {
      cookie: await cookieFor(moderator),
      params: { id: other.id },
      form: { intent: "delete-staff", code: totpCode(moderator.totpSecret!) },
    });
    expect(refused.status).toBe(403);
    expect((await db().select({ deletedAt: user.deletedAt }).from(user).where(eq(user.id, other.id)))[0].deletedAt).toBeNull();
  });

  it("never leaves the site without an administrator: two deleting each other at once leave one", async () => {
    // Only these two administrators exist in this test's database besides others made above,
    // so count before and after rather than assume.
    const [a, b] = [await makeUser(db(), { role: "admin" }), await makeUser(db(), { role: "admin" })];
    const outcomes = await Promise.allSettled([deleteStaffAccount(asCurrentUser(a), { userId: b.id }), deleteStaffAccount(asCurrentUser(b), { userId: a.id })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rows = await db().select({ id: user.id, deletedAt: user.deletedAt }).from(user).where(eq(user.role, "admin"));
    const survivors = rows.filter((r) => [a.id, b.id].includes(r.id) && !r.deletedAt);
    expect(survivors).toHaveLength(1);
  });
});

describe("a member deleting their own account", () => {
  it("removes their two-factor row and backup codes too, when they had turned it on", async () => {
    const member = await makeUser(db(), { twoFactor: true });
    expect(await credentialsOf(member.id)).toMatchObject({ twoFactor: 1 });
    await deleteOwnAccount(asCurrentUser(member), { posts: "keep" });
    expect(await credentialsOf(member.id)).toEqual({ sessions: 0, accounts: 0, twoFactor: 0 });
    // The backup codes lived only in that row (encrypted): no row of any table holds one.
    for (const code of member.backupCodes.slice(0, 3)) expect(await rowsContaining(code)).toEqual([]);
  });
});

describe("against the real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the deleted staff member's open socket is ended at once", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const moderator = await makeUser(db(), { role: "moderator" });
    const socket = await openSocket(server.url, await signIn(server.url, moderator));
    const ended = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    const res = await fromSite(`${server.url}/admin/people/${moderator.id}`, {
      method: "POST",
      headers: { cookie: await signIn(server.url, admin), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "delete-staff", code: totpCode(admin.totpSecret!) }),
      redirect: "manual",
    });
    expect(res.status, await res.clone().text().then((t) => ["The code is not right", "Set up two-factor", "too many wrong", "Enter the 6-digit"].filter((m) => t.includes(m)).join("|") || t.slice(0, 300))).toBe(302);
    expect(await ended).toBe("io server disconnect");
  });
});
