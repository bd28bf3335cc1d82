import { and, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { session, user } from "../../db/schema/auth";
import { changeRole, countPeopleByRole, getPerson, listPeople, PeopleError, setSuspended } from "~/models/people/people.server";
import { auth } from "~/services/auth.server";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeForum, makeUser } from "../factories";

useTestDatabase();

async function signIn(email: string, password: string) {
  return auth().api.signInEmail({ body: { email, password }, asResponse: true });
}

describe("listing people", () => {
  it("shows emails to admins and hides them from moderators", async () => {
    const forum = await makeForum(db(), { name: "North Forum" });
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const member = await makeUser(db(), { name: "Amber Field", forumIds: [forum.id] });

    const asAdmin = await listPeople(admin);
    expect(asAdmin).toHaveLength(3);
    expect(asAdmin.find((p) => p.id === member.id)).toMatchObject({ email: member.email, forums: [{ id: forum.id, name: "North Forum" }] });

    const asModerator = await listPeople(moderator);
    expect(asModerator).toHaveLength(3);
    expect(asModerator.every((p) => p.email === null)).toBe(true);
    expect(JSON.stringify(asModerator)).not.toContain("@");
    expect((await getPerson(moderator, member.id))?.email).toBeNull();
    expect((await getPerson(admin, member.id))?.email).toBe(member.email);
    expect(await getPerson(admin, "nobody")).toBeNull();
  });

  it("filters by role, status and part of the display name", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin", name: "Site Admin" }));
    await makeUser(db(), { name: "Amber Field" });
    await makeUser(db(), { name: "Amber_Light", status: "suspended" });
    await makeUser(db(), { name: "Met Lead", role: "responder", organisation: "met" });

    expect((await listPeople(admin, { role: "responder" })).map((p) => p.name)).toEqual(["Met Lead"]);
    expect((await listPeople(admin, { status: "suspended" })).map((p) => p.name)).toEqual(["Amber_Light"]);
    expect((await listPeople(admin, { search: "amber" })).map((p) => p.name)).toEqual(["Amber Field", "Amber_Light"]);
    // LIKE wildcards in the search are taken literally.
    expect((await listPeople(admin, { search: "r_l" })).map((p) => p.name)).toEqual(["Amber_Light"]);
    expect((await listPeople(admin, { search: "%" })).map((p) => p.name)).toEqual([]);

    const counts = await countPeopleByRole();
    expect(counts).toEqual([
      { role: "member", active: 1, suspended: 1 },
      { role: "moderator", active: 0, suspended: 0 },
      { role: "responder", active: 1, suspended: 0 },
      { role: "admin", active: 1, suspended: 0 },
      { role: "officer", active: 0, suspended: 0 },
    ]);
  });
});

describe("changing a role", () => {
  it("is for admins only", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const member = await makeUser(db());
    await expect(changeRole(moderator, { userId: member.id, role: "moderator", organisation: null })).rejects.toBeInstanceOf(PeopleError);
    const [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row.role).toBe("member");
    expect(await db().select().from(auditLog)).toHaveLength(0);
  });

  it("is audited with the reason and what changed", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const member = await makeUser(db());
    expect(await changeRole(admin, { userId: member.id, role: "moderator", organisation: null, reason: "Trained as a facilitator" })).toBe(true);
    const [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row.role).toBe("moderator");
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "user.role-change"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: admin.id,
      targetType: "user",
      targetId: member.id,
      reason: "Trained as a facilitator",
      details: { from: "member", to: "moderator" },
    });
    // The same role again changes nothing and writes nothing.
    expect(await changeRole(admin, { userId: member.id, role: "moderator", organisation: null })).toBe(false);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "user.role-change"))).toHaveLength(1);
  });

  it("needs an organisation for a responder, and drops it for other roles", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const member = await makeUser(db());
    await expect(changeRole(admin, { userId: member.id, role: "responder", organisation: null })).rejects.toThrow(/organisation/);
    await changeRole(admin, { userId: member.id, role: "responder", organisation: "mopac" });
    let [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row).toMatchObject({ role: "responder", organisation: "mopac" });
    await changeRole(admin, { userId: member.id, role: "member", organisation: "mopac" });
    [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row).toMatchObject({ role: "member", organisation: null });
  });

  it("refuses an admin changing their own role", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    await expect(changeRole(admin, { userId: admin.id, role: "member", organisation: null })).rejects.toBeInstanceOf(PeopleError);
  });
});

describe("suspending and reinstating", () => {
  it("lets a moderator suspend a member, signing them out everywhere, and reinstate them", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const member = await makeUser(db());
    expect((await signIn(member.email, member.password)).status).toBe(200);
    expect(await db().select().from(session).where(eq(session.userId, member.id))).toHaveLength(1);

    expect(await setSuspended(moderator, { userId: member.id, suspended: true, reason: "Shared another member's details" })).toBe(true);
    const [row] = await db().select().from(user).where(eq(user.id, member.id));
    expect(row.status).toBe("suspended");
    expect(await db().select().from(session).where(eq(session.userId, member.id))).toHaveLength(0);
    // A suspended account cannot sign in again.
    const refused = await signIn(member.email, member.password).catch((err: { status?: string; statusCode?: number }) => err);
    expect(refused instanceof Response ? refused.status : (refused as { statusCode?: number }).statusCode).toBe(403);

    const suspendEntries = await db().select().from(auditLog).where(eq(auditLog.action, "user.suspend"));
    expect(suspendEntries).toMatchObject([{ actorId: moderator.id, targetId: member.id, reason: "Shared another member's details" }]);

    expect(await setSuspended(moderator, { userId: member.id, suspended: true, reason: "again" })).toBe(false);
    expect(await setSuspended(moderator, { userId: member.id, suspended: false, reason: "Talked it through" })).toBe(true);
    const [back] = await db().select().from(user).where(eq(user.id, member.id));
    expect(back.status).toBe("active");
    const reinstated = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.reinstate"), eq(auditLog.targetId, member.id)));
    expect(reinstated).toMatchObject([{ actorId: moderator.id, reason: "Talked it through" }]);
    expect((await signIn(member.email, member.password)).status).toBe(200);
  });

  it("does not let a moderator suspend another moderator, but an admin can", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const otherModerator = await makeUser(db(), { role: "moderator" });
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    await expect(setSuspended(moderator, { userId: otherModerator.id, suspended: true, reason: "no" })).rejects.toBeInstanceOf(PeopleError);
    let [row] = await db().select().from(user).where(eq(user.id, otherModerator.id));
    expect(row.status).toBe("active");

    expect(await setSuspended(admin, { userId: otherModerator.id, suspended: true, reason: "Left the organisation" })).toBe(true);
    [row] = await db().select().from(user).where(eq(user.id, otherModerator.id));
    expect(row.status).toBe("suspended");
  });

  it("refuses members and self-suspension", async () => {
    const member = asCurrentUser(await makeUser(db()));
    const other = await makeUser(db());
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    await expect(setSuspended(member, { userId: other.id, suspended: true, reason: "x" })).rejects.toBeInstanceOf(PeopleError);
    await expect(setSuspended(admin, { userId: admin.id, suspended: true, reason: "x" })).rejects.toBeInstanceOf(PeopleError);
  });
});
