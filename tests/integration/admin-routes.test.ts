// The admin pages' loaders and actions called as Remix calls them, with a real session cookie.
import { eq } from "drizzle-orm";
import { db, serverOf } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { session, user } from "../../db/schema/auth";
import { forum } from "../../db/schema/forums";
import { invitation } from "../../db/schema/invitations";
import { outbox } from "../../db/schema/outbox";
import { audit } from "~/models/audit/audit-log.server";
import * as adminLayout from "~/routes/admin";
import * as adminIndex from "~/routes/admin._index";
import * as people from "~/routes/admin.people._index";
import * as person from "~/routes/admin.people.$id";
import * as invitations from "~/routes/admin.invitations";
import * as forums from "~/routes/admin.forums._index";
import * as forumPage from "~/routes/admin.forums.$id";
import * as outboxList from "~/routes/admin.outbox._index";
import { deliverDueMail, ProviderError } from "~/services/mail.server";
import * as outboxEmail from "~/routes/admin.outbox.$id";
import * as auditPage from "~/routes/admin.audit";
import * as accountPage from "~/routes/account";
import { testDatabaseUrl, useTestDatabase } from "../db";
import { cookieFor, run, type RouteFn } from "../support/routes";
import { makeForum, makeUser } from "../factories";

useTestDatabase();

const signIn = cookieFor;

async function cast() {
  const london = await makeForum(db(), { name: "London", slug: "london" });
  const admin = await makeUser(db(), { role: "admin", name: "Site Admin" });
  const moderator = await makeUser(db(), { role: "moderator", name: "Moderator Sam" });
  const member = await makeUser(db(), { role: "member", name: "Quiet Heron", forumIds: [london.id] });
  const otherModerator = await makeUser(db(), { role: "moderator", name: "Moderator Kit" });
  return { london, admin, moderator, member, otherModerator };
}

describe("who may open the admin pages", () => {
  it("sends someone signed out to sign in", async () => {
    const outcome = await run(people.loader as RouteFn, "/admin/people");
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fpeople");
    expect((await run(adminLayout.loader as RouteFn, "/admin")).status).toBe(302);
  });

  it("refuses members every admin page", async () => {
    const { member, london } = await cast();
    const cookie = await signIn(member);
    const pages: [RouteFn, string, Record<string, string>?][] = [
      [adminLayout.loader as RouteFn, "/admin"],
      [adminIndex.loader as RouteFn, "/admin"],
      [people.loader as RouteFn, "/admin/people"],
      [person.loader as RouteFn, `/admin/people/${member.id}`, { id: member.id }],
      [invitations.loader as RouteFn, "/admin/invitations"],
      [forums.loader as RouteFn, "/admin/forums"],
      [forumPage.loader as RouteFn, `/admin/forums/${london.id}`, { id: london.id }],
      [outboxList.loader as RouteFn, "/admin/outbox"],
      [auditPage.loader as RouteFn, "/admin/audit"],
    ];
    for (const [fn, path, params] of pages) {
      expect((await run(fn, path, { cookie, params })).status, path).toBe(403);
    }
    expect((await run(invitations.action as RouteFn, "/admin/invitations", { cookie, form: { email: "x@example.test", role: "member", forumIds: london.id } })).status).toBe(403);
  });

  it("lets moderators manage people and read the audit log, but not the outbox or roles", async () => {
    const { moderator, member, london } = await cast();
    const cookie = await signIn(moderator);
    expect((await run(adminLayout.loader as RouteFn, "/admin", { cookie })).data.sections.map((s: { label: string }) => s.label)).toEqual([
      "Overview",
      "People",
      "Invitations",
      "Forums",
      "Audit log",
    ]);
    expect((await run(adminIndex.loader as RouteFn, "/admin", { cookie })).status).toBe(200);
    expect((await run(people.loader as RouteFn, "/admin/people", { cookie })).status).toBe(200);
    expect((await run(auditPage.loader as RouteFn, "/admin/audit", { cookie })).status).toBe(200);
    expect((await run(forums.loader as RouteFn, "/admin/forums", { cookie })).status).toBe(200);
    expect((await run(outboxList.loader as RouteFn, "/admin/outbox", { cookie })).status).toBe(403);

    const roleChange = await run(person.action as RouteFn, `/admin/people/${member.id}`, {
      cookie,
      params: { id: member.id },
      form: { intent: "change-role", role: "admin" },
    });
    expect(roleChange.status).toBe(403);
    const [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row.role).toBe("member");

    const create = await run(forums.action as RouteFn, "/admin/forums", { cookie, form: { name: "New forum", slug: "new-forum" } });
    expect(create.status).toBe(403);
    const edit = await run(forumPage.action as RouteFn, `/admin/forums/${london.id}`, {
      cookie,
      params: { id: london.id },
      form: { intent: "update", name: "Renamed", slug: "london" },
    });
    expect(edit.status).toBe(403);
  });

  it("lets admins into the outbox", async () => {
    const { admin } = await cast();
    const cookie = await signIn(admin);
    expect((await run(outboxList.loader as RouteFn, "/admin/outbox", { cookie })).status).toBe(200);
    expect((await run(adminLayout.loader as RouteFn, "/admin", { cookie })).data.sections).toHaveLength(6);
  });
});

describe("which database the overview names", () => {
  it("tells an admin whether the site runs on the embedded database or on PostgreSQL, and which one, never a password", async () => {
    const { admin, moderator } = await cast();
    const shown = (await run(adminIndex.loader as RouteFn, "/admin", { cookie: await signIn(admin) })).data.database;
    const url = await testDatabaseUrl();
    if (url) {
      const named = new URL(url);
      expect(shown).toEqual({ kind: "postgres", host: named.hostname, port: Number(named.port || 5432), database: named.pathname.slice(1) });
    } else {
      // The tests' embedded database lives in memory, so it has no folder to name.
      expect(shown).toEqual({ kind: "pglite", dataDir: null });
    }
    // Moderators manage people, not the platform: the overview leaves the database out for them.
    expect((await run(adminIndex.loader as RouteFn, "/admin", { cookie: await signIn(moderator) })).data.database).toBeNull();
  });

  it("reads the server and database from a connection string without its user or password", () => {
    const server = serverOf("postgres://forum:s3cret-pass@db.internal:6543/vvf?application_name=forum");
    expect(server).toEqual({ host: "db.internal", port: 6543, database: "vvf" });
    expect(JSON.stringify(server)).not.toMatch(/s3cret|forum:/);
  });
});

describe("the people pages", () => {
  it("shows emails to admins and not to moderators", async () => {
    const { admin, moderator, member } = await cast();
    const asAdmin = await run(people.loader as RouteFn, "/admin/people", { cookie: await signIn(admin) });
    expect(asAdmin.data.showEmail).toBe(true);
    expect(asAdmin.data.people.find((p: { id: string }) => p.id === member.id).email).toBe(member.email);

    const asModerator = await run(people.loader as RouteFn, "/admin/people?role=member", { cookie: await signIn(moderator) });
    expect(asModerator.data.showEmail).toBe(false);
    expect(asModerator.data.people.map((p: { name: string }) => p.name)).toEqual(["Quiet Heron"]);
    expect(JSON.stringify(asModerator.data)).not.toContain("@");
  });

  it("changes a role for an admin and redirects back with a message; a responder needs an organisation", async () => {
    const { admin, member } = await cast();
    const cookie = await signIn(admin);
    const path = `/admin/people/${member.id}`;
    const missing = await run(person.action as RouteFn, path, { cookie, params: { id: member.id }, form: { intent: "change-role", role: "responder" } });
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.organisation).toBeTruthy();
    expect(missing.data.result.initialValue.role).toBe("responder");

    const done = await run(person.action as RouteFn, path, {
      cookie,
      params: { id: member.id },
      form: { intent: "change-role", role: "responder", organisation: "met", roleReason: "Joined the Met reform team" },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${path}?done=role-changed`);
    const [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row).toMatchObject({ role: "responder", organisation: "met" });
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, "user.role-change"));
    expect(entry.reason).toBe("Joined the Met reform team");
  });

  it("needs a reason to suspend; moderators may suspend members but not staff", async () => {
    const { moderator, member, otherModerator } = await cast();
    const cookie = await signIn(moderator);
    const memberCookie = await signIn(member);
    const noReason = await run(person.action as RouteFn, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "suspend", reason: "  " } });
    expect(noReason.status).toBe(400);
    expect(noReason.data.result.error.reason[0]).toMatch(/reason/);

    const staff = await run(person.action as RouteFn, `/admin/people/${otherModerator.id}`, {
      cookie,
      params: { id: otherModerator.id },
      form: { intent: "suspend", reason: "Testing" },
    });
    expect(staff.status).toBe(403);
    const view = await run(person.loader as RouteFn, `/admin/people/${otherModerator.id}`, { cookie, params: { id: otherModerator.id } });
    expect(view.data).toMatchObject({ canSuspend: false, canChangeRole: false });

    const suspended = await run(person.action as RouteFn, `/admin/people/${member.id}`, {
      cookie,
      params: { id: member.id },
      form: { intent: "suspend", reason: "Shared someone's address" },
    });
    expect(suspended.status).toBe(302);
    expect(suspended.headers.get("location")).toBe(`/admin/people/${member.id}?done=suspended`);
    expect(await db().select().from(session).where(eq(session.userId, member.id))).toHaveLength(0);
    // Their old cookie no longer works.
    expect((await run(accountPage.loader as RouteFn, "/account", { cookie: memberCookie })).status).toBe(302);

    const reinstated = await run(person.action as RouteFn, `/admin/people/${member.id}`, {
      cookie,
      params: { id: member.id },
      form: { intent: "reinstate", reason: "Agreed the house rules" },
    });
    expect(reinstated.headers.get("location")).toBe(`/admin/people/${member.id}?done=reinstated`);
  });

  it("answers 404 for someone who does not exist", async () => {
    const { admin } = await cast();
    expect((await run(person.loader as RouteFn, "/admin/people/nobody", { cookie: await signIn(admin), params: { id: "nobody" } })).status).toBe(404);
  });
});

describe("the invitations page", () => {
  it("returns 400 with the typed email when it is not an email address", async () => {
    const { admin, london } = await cast();
    const outcome = await run(invitations.action as RouteFn, "/admin/invitations", {
      cookie: await signIn(admin),
      form: { intent: "invite", email: "not an email", role: "member", forumIds: london.id },
    });
    expect(outcome.status).toBe(400);
    expect(outcome.data.result.initialValue.email).toBe("not an email");
    expect(outcome.data.result.error.email[0]).toMatch(/correct format/);
    expect(await db().select().from(invitation)).toHaveLength(0);
  });

  it("sends an invitation, shows whom to, and lets it be revoked", async () => {
    const { moderator, london } = await cast();
    const cookie = await signIn(moderator);
    const refused = await run(invitations.action as RouteFn, "/admin/invitations", {
      cookie,
      form: { intent: "invite", email: "staff@example.test", role: "admin", forumIds: london.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.role[0]).toMatch(/members only/);

    const sent = await run(invitations.action as RouteFn, "/admin/invitations", {
      cookie,
      form: { intent: "invite", email: "New@Example.test", role: "member", forumIds: [london.id] },
    });
    expect(sent.status).toBe(302);
    const location = sent.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/invitations\?sent=/);
    const [mail] = await db().select().from(outbox);
    expect(mail.text).toMatch(/\/join\/[A-Za-z0-9_-]+/);

    const page = await run(invitations.loader as RouteFn, location, { cookie });
    expect(page.data.sent.to).toBe("new@example.test");
    expect(page.data.roles).toEqual([{ value: "member", label: "Member" }]);
    expect(page.data.invitations).toHaveLength(1);
    expect(page.data.invitations[0]).toMatchObject({ state: "valid", email: null, forums: ["London"], invitedBy: "Moderator Sam", canRevoke: true });

    const revoked = await run(invitations.action as RouteFn, "/admin/invitations", { cookie, form: { intent: "revoke", invitationId: page.data.invitations[0].id } });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get("location")).toBe("/admin/invitations?revoked=1");
    const again = await run(invitations.action as RouteFn, "/admin/invitations", { cookie, form: { intent: "revoke", invitationId: page.data.invitations[0].id } });
    expect(again.status).toBe(409);
  });
});

describe("the forum pages", () => {
  it("lets an admin create a forum and refuses a bad or taken web address", async () => {
    const { admin } = await cast();
    const cookie = await signIn(admin);
    const bad = await run(forums.action as RouteFn, "/admin/forums", { cookie, form: { name: "North", slug: "North London" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.slug).toBeTruthy();
    const taken = await run(forums.action as RouteFn, "/admin/forums", { cookie, form: { name: "Another London", slug: "london" } });
    expect(taken.status).toBe(400);
    expect(taken.data.error.slug[0]).toMatch(/already used/);
    const created = await run(forums.action as RouteFn, "/admin/forums", { cookie, form: { name: "North London", slug: "north", description: "For the north" } });
    expect(created.status).toBe(302);
    const [row] = await db().select().from(forum).where(eq(forum.slug, "north"));
    expect(row).toMatchObject({ name: "North London", minutesPublic: false });
    expect(created.headers.get("location")).toBe(`/admin/forums/${row.id}?done=created`);
  });

  it("lets a moderator add and remove people", async () => {
    const { moderator, london, otherModerator, member } = await cast();
    const cookie = await signIn(moderator);
    const params = { id: london.id };
    const page = await run(forumPage.loader as RouteFn, `/admin/forums/${london.id}`, { cookie, params });
    expect(page.data.canEdit).toBe(false);
    expect(page.data.members.map((m: { name: string }) => m.name)).toEqual(["Quiet Heron"]);
    expect(page.data.candidates.map((c: { value: string }) => c.value)).toContain(otherModerator.id);

    const empty = await run(forumPage.action as RouteFn, `/admin/forums/${london.id}`, { cookie, params, form: { intent: "add-member", userId: "" } });
    expect(empty.status).toBe(400);
    const added = await run(forumPage.action as RouteFn, `/admin/forums/${london.id}`, { cookie, params, form: { intent: "add-member", userId: otherModerator.id } });
    expect(added.headers.get("location")).toBe(`/admin/forums/${london.id}?done=added`);
    const removed = await run(forumPage.action as RouteFn, `/admin/forums/${london.id}`, { cookie, params, form: { intent: "remove-member", userId: member.id } });
    expect(removed.headers.get("location")).toBe(`/admin/forums/${london.id}?done=removed`);
    const after = await run(forumPage.loader as RouteFn, `/admin/forums/${london.id}`, { cookie, params });
    expect(after.data.members.map((m: { name: string }) => m.name)).toEqual(["Moderator Kit"]);
    expect((await run(forumPage.loader as RouteFn, "/admin/forums/x", { cookie, params: { id: "x" } })).status).toBe(404);
  });
});

describe("the outbox and audit pages", () => {
  it("shows an email's text and its links to an admin", async () => {
    const { admin, london } = await cast();
    const cookie = await signIn(admin);
    await run(invitations.action as RouteFn, "/admin/invitations", { cookie, form: { intent: "invite", email: "reader@example.test", role: "member", forumIds: london.id } });
    const list = await run(outboxList.loader as RouteFn, "/admin/outbox?status=pending", { cookie });
    expect(list.data.emails).toHaveLength(1);
    expect((await run(outboxList.loader as RouteFn, "/admin/outbox?status=sent", { cookie })).data.emails).toHaveLength(0);
    const id = list.data.emails[0].id;
    const email = await run(outboxEmail.loader as RouteFn, `/admin/outbox/${id}`, { cookie, params: { id } });
    expect(email.data.email.to).toBe("reader@example.test");
    // The list's wording for the state ("Waiting to send"), not the database's ("pending").
    expect(email.data.email.status).toBe("Waiting to send");
    expect(email.data.links).toHaveLength(1);
    expect(email.data.links[0]).toMatch(/\/join\/[A-Za-z0-9_-]+$/);
    expect(email.data.email.text).toContain(email.data.links[0]);
    expect((await run(outboxEmail.loader as RouteFn, "/admin/outbox/nope", { cookie, params: { id: "nope" } })).status).toBe(404);
  });

  it("says on the outbox list why an email failed for good (the provider refused it)", async () => {
    const { admin, london } = await cast();
    const cookie = await signIn(admin);
    await run(invitations.action as RouteFn, "/admin/invitations", { cookie, form: { intent: "invite", email: "bounce@example.test", role: "member", forumIds: london.id } });
    const refusing = async () => {
      throw new ProviderError("422 validation_error: The `to` address is invalid.", 422);
    };
    await deliverDueMail({ send: refusing });
    const list = await run(outboxList.loader as RouteFn, "/admin/outbox?status=failed", { cookie });
    expect(list.data.emails).toMatchObject([{ to: "bounce@example.test", status: "failed", attempts: 1, reason: "422 validation_error: The `to` address is invalid." }]);
  });

  it("filters the audit log, pages it and refuses a bad date", async () => {
    const { moderator, member } = await cast();
    const cookie = await signIn(moderator);
    await run(person.action as RouteFn, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "suspend", reason: "First" } });
    await run(person.action as RouteFn, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "reinstate", reason: "Second" } });
    const all = await run(auditPage.loader as RouteFn, "/admin/audit?action=user.suspend", { cookie });
    expect(all.status).toBe(200);
    expect(all.data.entries).toMatchObject([{ action: "user.suspend", who: "Moderator Sam", role: "Moderator", reason: "First" }]);
    expect(all.data.entries[0].when).toMatch(/ (GMT|BST)$/);
    expect(all.data.actions).toEqual(["user.reinstate", "user.suspend"]);
    for (let i = 0; i < 55; i++) await audit(db(), { actorId: moderator.id, action: "post.approve", targetType: "post", targetId: `p${i}` });
    const first = await run(auditPage.loader as RouteFn, "/admin/audit?action=post.approve&actor=sam", { cookie });
    expect(first.data.entries).toHaveLength(50);
    expect(first.data.newestHref).toBeNull();
    expect(first.data.olderHref).toMatch(/^\/admin\/audit\?action=post.approve&actor=sam&before=\d+$/);
    const older = await run(auditPage.loader as RouteFn, first.data.olderHref, { cookie });
    expect(older.data.entries.map((e: { targetId: string }) => e.targetId)).toEqual(["p4", "p3", "p2", "p1", "p0"]);
    expect(older.data.olderHref).toBeNull();
    expect(older.data.newestHref).toBe("/admin/audit?action=post.approve&actor=sam");

    const bad = await run(auditPage.loader as RouteFn, "/admin/audit?from=2026-02-31", { cookie });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.from).toBeTruthy();
  });
});

describe("the account page", () => {
  it("shows the person and changes their password, keeping them signed in", async () => {
    const { member } = await cast();
    const cookie = await signIn(member);
    const page = await run(accountPage.loader as RouteFn, "/account", { cookie });
    expect(page.data).toMatchObject({ name: "Quiet Heron", role: "Member", forums: [{ slug: "london", name: "London" }] });

    const wrong = await run(accountPage.action as RouteFn, "/account", {
      cookie,
      form: { currentPassword: "not my password", newPassword: "a brand new password", confirmPassword: "a brand new password" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.error.currentPassword).toBeTruthy();
    expect(wrong.data.initialValue?.currentPassword).toBeUndefined();

    const changed = await run(accountPage.action as RouteFn, "/account", {
      cookie,
      form: { currentPassword: member.password, newPassword: "a brand new password", confirmPassword: "a brand new password" },
    });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/account?password-changed=1");
    const newCookie = changed.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(newCookie).toContain("session_token");
    expect((await run(accountPage.loader as RouteFn, "/account", { cookie: newCookie })).status).toBe(200);
    expect((await run(accountPage.loader as RouteFn, "/account", { cookie })).status).toBe(302);
    await signIn({ email: member.email, password: "a brand new password" });
  });
});
