import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { account, user } from "../../db/schema/auth";
import { forumMembership } from "../../db/schema/forums";
import { invitation } from "../../db/schema/invitations";
import { outbox } from "../../db/schema/outbox";
import {
  acceptInvitation,
  countWaitingInvitations,
  createInvitation,
  findInvitation,
  InvitationError,
  invitationEmailForViewer,
  listInvitations,
  revokeInvitation,
} from "~/models/people/invitations.server";
import { auth } from "~/services/auth.server";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeForum, makeUser } from "../factories";
import { DAY } from "~/utils/time";

useTestDatabase();

const PASSWORD = "a long enough password";

async function setup() {
  const forum = await makeForum(db());
  const other = await makeForum(db());
  const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
  const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
  return { forum, other, admin, moderator };
}

function tokenFrom(text: string) {
  const match = text.match(/\/join\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no join link in: ${text}`);
  return match[1];
}

describe("creating an invitation", () => {
  it("lets a moderator invite a member, writing the email and the audit entry with it", async () => {
    const { forum, moderator } = await setup();
    const { invitation: created, token } = await createInvitation(moderator, {
      email: "  New.Person@Example.test ",
      role: "member",
      organisation: null,
      forumIds: [forum.id],
    });
    expect(created.email).toBe("new.person@example.test");
    expect(created.forumIds).toEqual([forum.id]);
    expect(created.tokenHash).not.toContain(token);

    const mails = await db().select().from(outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].toAddress).toBe("new.person@example.test");
    expect(mails[0].kind).toBe("invitation");
    expect(tokenFrom(mails[0].text)).toBe(token);

    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "invitation.create"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: moderator.id, targetType: "invitation", targetId: created.id });
  });

  it("refuses a moderator inviting anyone but a member", async () => {
    const { forum, moderator } = await setup();
    for (const role of ["moderator", "responder", "admin"] as const) {
      const attempt = createInvitation(moderator, { email: `${role}@example.test`, role, organisation: "met", forumIds: [forum.id] });
      await expect(attempt).rejects.toBeInstanceOf(InvitationError);
      await expect(attempt).rejects.toMatchObject({ field: "role" });
    }
    expect(await db().select().from(invitation)).toHaveLength(0);
    expect(await db().select().from(outbox)).toHaveLength(0);
  });

  it("lets an admin invite anyone, and needs an organisation for a responder", async () => {
    const { admin } = await setup();
    await expect(createInvitation(admin, { email: "r@example.test", role: "responder", organisation: null, forumIds: [] })).rejects.toMatchObject({
      field: "organisation",
    });
    const { invitation: responder } = await createInvitation(admin, { email: "r@example.test", role: "responder", organisation: "mopac", forumIds: [] });
    expect(responder.organisation).toBe("mopac");
    const { invitation: second } = await createInvitation(admin, { email: "a@example.test", role: "admin", organisation: "met", forumIds: [] });
    // Only responders carry an organisation.
    expect(second.organisation).toBeNull();
  });

  it("needs a forum for a member and refuses someone who already has an account", async () => {
    const { forum, admin } = await setup();
    await expect(createInvitation(admin, { email: "m@example.test", role: "member", organisation: null, forumIds: [] })).rejects.toMatchObject({
      field: "forumIds",
    });
    const existing = await makeUser(db());
    await expect(
      createInvitation(admin, { email: existing.email.toUpperCase(), role: "member", organisation: null, forumIds: [forum.id] }),
    ).rejects.toMatchObject({ field: "email" });
  });

  it("writes nothing at all when part of the change fails (no email without its invitation)", async () => {
    const { admin } = await setup();
    await expect(
      createInvitation(admin, { email: "x@example.test", role: "member", organisation: null, forumIds: ["00000000-0000-4000-8000-000000000000"] }),
    ).rejects.toMatchObject({ field: "forumIds" });
    expect(await db().select().from(invitation)).toHaveLength(0);
    expect(await db().select().from(outbox)).toHaveLength(0);
    expect(await db().select().from(auditLog)).toHaveLength(0);
  });
});

describe("accepting an invitation", () => {
  it("creates the account, its password and its forum memberships, with the email verified", async () => {
    const { forum, other, admin } = await setup();
    const { invitation: created, token } = await createInvitation(admin, {
      email: "joiner@example.test",
      role: "member",
      organisation: null,
      forumIds: [forum.id, other.id],
    });
    expect((await findInvitation(token)).state).toBe("valid");

    const { userId, email } = await acceptInvitation({ token, displayName: "Calm Harbour", password: PASSWORD });
    expect(email).toBe("joiner@example.test");
    const [made] = await db().select().from(user).where(eq(user.id, userId));
    expect(made).toMatchObject({ name: "Calm Harbour", role: "member", emailVerified: true, status: "active" });
    const credentials = await db().select().from(account).where(eq(account.userId, userId));
    expect(credentials).toHaveLength(1);
    expect(credentials[0].providerId).toBe("credential");
    const memberships = await db().select().from(forumMembership).where(eq(forumMembership.userId, userId));
    expect(memberships.map((m) => m.forumId).sort()).toEqual([forum.id, other.id].sort());

    const [used] = await db().select().from(invitation).where(eq(invitation.id, created.id));
    expect(used.usedAt).not.toBeNull();
    expect(used.acceptedUserId).toBe(userId);
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "invitation.accept"));
    expect(entries).toMatchObject([{ actorId: userId, targetId: created.id }]);

    // The new person can sign in with the password they chose.
    const signIn = await auth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
    expect(signIn.status).toBe(200);
  });

  it("gives a responder their organisation", async () => {
    const { admin } = await setup();
    const { token } = await createInvitation(admin, { email: "lead@example.test", role: "responder", organisation: "met", forumIds: [] });
    const { userId } = await acceptInvitation({ token, displayName: "Reform Lead Two", password: PASSWORD });
    const [made] = await db().select().from(user).where(eq(user.id, userId));
    expect(made).toMatchObject({ role: "responder", organisation: "met" });
  });

  it("refuses a used invitation", async () => {
    const { forum, admin } = await setup();
    const { token } = await createInvitation(admin, { email: "once@example.test", role: "member", organisation: null, forumIds: [forum.id] });
    await acceptInvitation({ token, displayName: "First Go", password: PASSWORD });
    const again = acceptInvitation({ token, displayName: "Second Go", password: PASSWORD });
    await expect(again).rejects.toBeInstanceOf(InvitationError);
    await expect(again).rejects.toMatchObject({ field: undefined });
    expect((await findInvitation(token)).state).toBe("used");
    expect(await db().select().from(user).where(eq(user.name, "Second Go"))).toHaveLength(0);
  });

  it("refuses an expired invitation", async () => {
    const { forum, admin } = await setup();
    const { token } = await createInvitation(admin, { email: "late@example.test", role: "member", organisation: null, forumIds: [forum.id] });
    const later = new Date(Date.now() + 15 * DAY);
    await expect(acceptInvitation({ token, displayName: "Too Late", password: PASSWORD }, later)).rejects.toBeInstanceOf(InvitationError);

    // One sent 15 days ago reads as expired today.
    const { token: old } = await createInvitation(
      admin,
      { email: "older@example.test", role: "member", organisation: null, forumIds: [forum.id] },
      new Date(Date.now() - 15 * DAY),
    );
    expect((await findInvitation(old)).state).toBe("expired");
    await expect(acceptInvitation({ token: old, displayName: "Also Late", password: PASSWORD })).rejects.toBeInstanceOf(InvitationError);
    expect(await db().select().from(user).where(eq(user.email, "older@example.test"))).toHaveLength(0);
  });

  it("refuses a revoked invitation", async () => {
    const { forum, moderator } = await setup();
    const { invitation: created, token } = await createInvitation(moderator, {
      email: "withdrawn@example.test",
      role: "member",
      organisation: null,
      forumIds: [forum.id],
    });
    expect(await revokeInvitation(moderator, created.id)).toBe(true);
    expect(await revokeInvitation(moderator, created.id)).toBe(false);
    expect((await findInvitation(token)).state).toBe("revoked");
    await expect(acceptInvitation({ token, displayName: "Not Now", password: PASSWORD })).rejects.toBeInstanceOf(InvitationError);
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "invitation.revoke"));
    expect(entries).toMatchObject([{ actorId: moderator.id, targetId: created.id }]);
  });

  it("creates exactly one account when the same link is used twice at once", async () => {
    const { forum, admin } = await setup();
    const { token } = await createInvitation(admin, { email: "twice@example.test", role: "member", organisation: null, forumIds: [forum.id] });
    const results = await Promise.allSettled([
      acceptInvitation({ token, displayName: "Tab One", password: PASSWORD }),
      acceptInvitation({ token, displayName: "Tab Two", password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(InvitationError);
    expect(await db().select().from(user).where(eq(user.email, "twice@example.test"))).toHaveLength(1);
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "invitation.accept"));
    expect(Number(n)).toBe(1);
  });

  it("refuses a display name already taken, whatever its case, and leaves the invitation usable", async () => {
    const { forum, admin } = await setup();
    await makeUser(db(), { name: "Quiet Heron" });
    const { token } = await createInvitation(admin, { email: "heron@example.test", role: "member", organisation: null, forumIds: [forum.id] });
    const clash = acceptInvitation({ token, displayName: "quiet HERON", password: PASSWORD });
    await expect(clash).rejects.toBeInstanceOf(InvitationError);
    await expect(clash).rejects.toMatchObject({ field: "displayName" });

    expect((await findInvitation(token)).state).toBe("valid");
    expect(await db().select().from(user).where(eq(user.email, "heron@example.test"))).toHaveLength(0);
    const { userId } = await acceptInvitation({ token, displayName: "Quiet Egret", password: PASSWORD });
    expect(userId).toBeTruthy();
  });
});

describe("the list of invitations", () => {
  it("shows emails to admins only, and lets moderators withdraw only member invitations", async () => {
    const { forum, admin, moderator } = await setup();
    const { invitation: forMember } = await createInvitation(moderator, { email: "m1@example.test", role: "member", organisation: null, forumIds: [forum.id] });
    const { invitation: forResponder } = await createInvitation(admin, { email: "r1@example.test", role: "responder", organisation: "met", forumIds: [] });

    const asAdmin = await listInvitations(admin);
    expect(asAdmin.map((i) => i.email).sort()).toEqual(["m1@example.test", "r1@example.test"]);
    expect(asAdmin.find((i) => i.id === forMember.id)?.forumNames).toEqual([forum.name]);
    const asModerator = await listInvitations(moderator);
    expect(asModerator.every((i) => i.email === null)).toBe(true);
    expect(asModerator.find((i) => i.id === forResponder.id)?.canRevoke).toBe(false);
    expect(asModerator.find((i) => i.id === forMember.id)?.canRevoke).toBe(true);

    expect(await revokeInvitation(moderator, forResponder.id)).toBe(false);
    expect(await revokeInvitation(moderator, "not-a-uuid")).toBe(false);
    expect(await countWaitingInvitations()).toBe(2);
    expect(await revokeInvitation(admin, forResponder.id)).toBe(true);
    expect(await countWaitingInvitations()).toBe(1);

    // The "Invitation sent to …" banner: the inviter and admins see the address, others do not.
    const otherModerator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    expect(await invitationEmailForViewer(moderator, forMember.id)).toBe("m1@example.test");
    expect(await invitationEmailForViewer(admin, forMember.id)).toBe("m1@example.test");
    expect(await invitationEmailForViewer(otherModerator, forMember.id)).toBeNull();
  });
});
