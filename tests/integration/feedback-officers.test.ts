// My Met Service, part 1: officers are invited like other staff, with a shoulder number and a
// borough; they see their own place, and nothing of the forum beyond the public.
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { user } from "../../db/schema/auth";
import { officer } from "../../db/schema/feedback";
import { invitation } from "../../db/schema/invitations";
import { outbox } from "../../db/schema/outbox";
import { findOfficer, listOfficers } from "~/models/feedback/officers.server";
import { acceptInvitation, createInvitation, InvitationError, listInvitations } from "~/models/people/invitations.server";
import { changeRole } from "~/models/people/people.server";
import { getThreadForViewer } from "~/models/threads/threads.server";
import { action as invitationsAction, loader as invitationsLoader } from "~/routes/admin.invitations";
import { loader as officerLoader } from "~/routes/officer._index";
import { BOROUGHS, BCUS, PILOT_BOROUGHS, findBorough } from "~/utils/boroughs";
import { can, canSuperviseFeedback, isStaff } from "~/utils/permissions";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeOfficer, makeUser } from "../factories";
import { cookieFor, run } from "../support/routes";
import { makeCast, publishedThread } from "../support/threads";

useTestDatabase();

const PASSWORD = "a long enough password";

function tokenFrom(text: string) {
  const match = text.match(/\/join\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no join link in: ${text}`);
  return match[1];
}

describe("London's places", () => {
  it("lists the 32 boroughs and the City once each, every one in a known BCU, the pilot boroughs among them", () => {
    expect(BOROUGHS).toHaveLength(33);
    expect(new Set(BOROUGHS.map((b) => b.slug)).size).toBe(33);
    expect(BOROUGHS.filter((b) => b.slug !== "city-of-london").every((b) => b.bcu !== "city" && b.bcu in BCUS)).toBe(true);
    expect(Object.keys(BCUS)).toHaveLength(13);
    for (const slug of PILOT_BOROUGHS) expect(findBorough(slug)).toBeDefined();
    expect(findBorough("havering")?.bcu).toBe(findBorough("redbridge")?.bcu);
  });
});

describe("inviting an officer", () => {
  it("records the number and borough, and the officer who joins gets them, as a Met officer with no forums", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const { invitation: created } = await createInvitation(admin, {
      email: "pc.one@met.example",
      role: "officer",
      organisation: null,
      forumIds: [],
      shoulderNumber: " 456 ht ",
      borough: "hackney",
    });
    expect(created).toMatchObject({ role: "officer", organisation: "met", shoulderNumber: "456HT", borough: "hackney", forumIds: [] });
    const [mail] = await db().select().from(outbox);
    expect(mail.text).toContain("As police officer 456HT in Hackney, you will use My Met Service");
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, "invitation.create"));
    expect(entry.details).toMatchObject({ role: "officer", shoulderNumber: "456HT", borough: "hackney" });

    const { userId } = await acceptInvitation({ token: tokenFrom(mail.text), displayName: "PC Harbour", password: PASSWORD });
    const [account] = await db().select().from(user).where(eq(user.id, userId));
    expect(account).toMatchObject({ role: "officer", organisation: "met" });
    const place = await findOfficer(userId);
    expect(place).toMatchObject({ shoulderNumber: "456HT", borough: { slug: "hackney", name: "Hackney", bcu: "central-east" } });
    expect((await listOfficers()).map((o) => o.userId)).toEqual([userId]);

    const rows = await listInvitations(admin);
    expect(rows[0]).toMatchObject({ role: "officer", shoulderNumber: "456HT", borough: "hackney", state: "used" });
  });

  it("refuses a missing or malformed number, an unknown borough and a number already taken, writing nothing", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    await makeOfficer(db(), { shoulderNumber: "123456", borough: "newham" });
    const base = { email: "pc@met.example", role: "officer" as const, organisation: null, forumIds: [] };
    const cases = [
      [{ shoulderNumber: "", borough: "newham" }, "shoulderNumber", "Enter the officer's shoulder number"],
      [{ shoulderNumber: "12-34", borough: "newham" }, "shoulderNumber", "Enter a shoulder number"],
      [{ shoulderNumber: "999", borough: "gotham" }, "borough", "Choose the borough"],
      [{ shoulderNumber: "123 456", borough: "newham" }, "shoulderNumber", "Another officer already has this shoulder number"],
    ] as const;
    for (const [place, field, message] of cases) {
      const attempt = createInvitation(admin, { ...base, ...place });
      await expect(attempt).rejects.toBeInstanceOf(InvitationError);
      await expect(attempt).rejects.toMatchObject({ field, message: expect.stringContaining(message) });
    }
    // A waiting invitation holds its number too.
    await createInvitation(admin, { ...base, shoulderNumber: "777", borough: "newham" });
    await expect(createInvitation(admin, { ...base, email: "other@met.example", shoulderNumber: "777", borough: "havering" })).rejects.toMatchObject({
      field: "shoulderNumber",
    });
    expect(await db().select().from(invitation)).toHaveLength(1);
  });

  it("lets only admins invite officers; a moderator is refused", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    await expect(
      createInvitation(moderator, { email: "pc@met.example", role: "officer", organisation: null, forumIds: [], shoulderNumber: "1", borough: "hackney" }),
    ).rejects.toMatchObject({ field: "role" });
  });

  it("through the admin's invitations page: the form offers the role and boroughs, and a bad borough is answered 400 with the input kept", async () => {
    const admin = await makeUser(db(), { role: "admin", password: PASSWORD });
    const cookie = await cookieFor(admin);
    const page = await run(invitationsLoader, "/admin/invitations", { cookie });
    expect(page.data.roles).toContainEqual({ value: "officer", label: "Police officer" });

    const bad = await run(invitationsAction, "/admin/invitations", {
      cookie,
      form: { intent: "invite", email: "pc.two@met.example", role: "officer", shoulderNumber: "321", borough: "atlantis" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.borough).toEqual(["Choose the borough the officer works in"]);
    expect(bad.data.result.initialValue).toMatchObject({ email: "pc.two@met.example", shoulderNumber: "321" });

    const good = await run(invitationsAction, "/admin/invitations", {
      cookie,
      form: { intent: "invite", email: "pc.two@met.example", role: "officer", shoulderNumber: "321", borough: "redbridge" },
    });
    expect(good.status).toBe(302);
    const listed = await run(invitationsLoader, "/admin/invitations", { cookie });
    expect(listed.data.invitations[0]).toMatchObject({ role: "Police officer", organisation: "321, Redbridge" });
  });
});

describe("what an officer may do", () => {
  it("asks for feedback and sees their own figures, but is not forum staff and cannot read members-only threads", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "members" });
    const pc = await makeOfficer(db(), { borough: "havering" });
    expect(can("officer", "feedback:request")).toBe(true);
    expect(isStaff("officer")).toBe(false);
    expect(can("officer", "forum:read-own")).toBe(false);
    expect(can("officer", "moderation:review")).toBe(false);
    expect(await getThreadForViewer(thread.id, asCurrentUser(pc))).toBeNull();
    expect(await getThreadForViewer(thread.id, cast.met)).not.toBeNull();
  });

  it("Met responders and admins supervise feedback; MOPAC responders, moderators and officers do not", () => {
    expect(canSuperviseFeedback({ role: "responder", organisation: "met" })).toBe(true);
    expect(canSuperviseFeedback({ role: "admin", organisation: null })).toBe(true);
    expect(canSuperviseFeedback({ role: "responder", organisation: "mopac" })).toBe(false);
    expect(canSuperviseFeedback({ role: "moderator", organisation: null })).toBe(false);
    expect(canSuperviseFeedback({ role: "officer", organisation: "met" })).toBe(false);
  });

  it("the officer's page shows their number and borough; a member is refused", async () => {
    const pc = await makeOfficer(db(), { borough: "tower-hamlets", shoulderNumber: "2468", password: PASSWORD });
    const page = await run(officerLoader, "/officer", { cookie: await cookieFor(pc) });
    expect(page.data).toMatchObject({ shoulderNumber: "2468", borough: "Tower Hamlets" });
    const member = await makeUser(db(), { password: PASSWORD });
    expect((await run(officerLoader, "/officer", { cookie: await cookieFor(member) })).status).toBe(403);
  });

  it("an admin cannot turn someone into an officer without an invitation (no number or borough)", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const member = await makeUser(db());
    await expect(changeRole(admin, { userId: member.id, role: "officer", organisation: null })).rejects.toThrow(/join by invitation/);
    const pc = await makeOfficer(db());
    // Keeping an officer an officer changes nothing (and keeps them in the Met).
    expect(await changeRole(admin, { userId: pc.id, role: "officer", organisation: null })).toBe(false);
    expect(await db().select().from(officer)).toHaveLength(1);
  });
});
