// Display names (issue 11, item 4): they change only through a moderator's (or an admin's)
// rename, checked like a new member's name, refused clearly when taken, identifying or
// staff-looking, and audited with the old and new name; better-auth's update-user, open to
// every signed-in person, cannot change one.
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { user } from "../../db/schema/auth";
import { listAudit } from "~/models/audit/audit-log.server";
import { PeopleError, renamePerson } from "~/models/people/people.server";
import { auth } from "~/services/auth.server";
import { action as personAction } from "~/routes/admin.people.$id";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeUser } from "../factories";
import { cookieFor, run } from "../support/routes";

useTestDatabase();

async function nameOf(id: string) {
  const [row] = await db().select({ name: user.name }).from(user).where(eq(user.id, id));
  return row.name;
}

async function refusal(promise: Promise<unknown>): Promise<PeopleError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PeopleError);
  return err as PeopleError;
}

describe("better-auth's update-user", () => {
  async function updateUser(cookie: string, body: unknown) {
    return auth().handler(
      new Request("http://localhost:3000/api/auth/update-user", {
        method: "POST",
        headers: { cookie, origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  }

  it("cannot change a display name, whatever is sent", async () => {
    const member = await makeUser(db(), { name: "Quiet Heron" });
    await makeUser(db(), { name: "Moderator Sam", role: "moderator" });
    const cookie = await cookieFor(member);
    for (const name of ["Moderator Sam (staff) - call me on 07700 900321", "x".repeat(20_000), "moderator sam", "Calm River"]) {
      const res = await updateUser(cookie, { name });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/changed by the forum's moderators/);
    }
    expect(await nameOf(member.id)).toBe("Quiet Heron");
  });
});

describe("a moderator renaming a member", () => {
  it("changes the name and audits the old and new name", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator", name: "Moderator Kit" }));
    const member = await makeUser(db(), { name: "Quiet Heron" });
    expect(await renamePerson(moderator, { userId: member.id, name: "  Calm   River " })).toBe(true);
    expect(await nameOf(member.id)).toBe("Calm River");
    const { entries } = await listAudit({ action: "user.rename" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorName: "Moderator Kit", targetId: member.id, nameFrom: "Quiet Heron", nameTo: "Calm River" });
    // The same name again changes nothing and writes nothing.
    expect(await renamePerson(moderator, { userId: member.id, name: "Calm River" })).toBe(false);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "user.rename"))).toHaveLength(1);
  });

  it("refuses identifying details, lengths, a taken name and staff lookalikes with clear messages", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator", name: "Moderator Kit" }));
    const member = await makeUser(db(), { name: "Quiet Heron" });
    await makeUser(db(), { name: "Meadow Lark" });
    const cases: [string, RegExp][] = [
      ["jo@example.org", /email address/],
      ["Jo SW1A 1AA", /identifying details.*postcode/],
      ["Jo 07700 900321", /phone number/],
      ["Jo 12 Acacia Avenue", /identifying details.*street address/],
      ["Al", /at least 3 characters/],
      ["x".repeat(41), /40 characters or fewer/],
      ["y".repeat(20_000), /40 characters or fewer/],
      ["meadow LARK", /already taken/],
      ["Moderator Sam", /look like a member of staff.*"moderator"/],
      ["Admin", /look like a member of staff/],
      ["Met Liaison", /look like a member of staff.*"met"/],
      ["M0derator Jo", /look like a member of staff/],
      ["Sam (staff)", /letters, numbers/],
      ["Sam staff", /look like a member of staff.*"staff"/],
    ];
    for (const [name, message] of cases) {
      const err = await refusal(renamePerson(moderator, { userId: member.id, name }));
      expect(err.message, name).toMatch(message);
    }
    expect(await nameOf(member.id)).toBe("Quiet Heron");
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "user.rename"))).toHaveLength(0);
    // Ordinary words that merely contain those letters are fine.
    expect(await renamePerson(moderator, { userId: member.id, name: "Badminton Metal" })).toBe(true);
  });

  it("lets moderators rename members only, and administrators name staff as staff", async () => {
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator" }));
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const member = asCurrentUser(await makeUser(db(), { name: "Quiet Heron" }));
    const otherModerator = await makeUser(db(), { role: "moderator", name: "Facilitator Ann" });
    expect((await refusal(renamePerson(moderator, { userId: otherModerator.id, name: "Facilitator Bea" }))).message).toMatch(/Only administrators/);
    expect((await refusal(renamePerson(member, { userId: member.id, name: "Calm River" }))).message).toMatch(/cannot change display names/);
    expect(await renamePerson(admin, { userId: otherModerator.id, name: "Moderator Bea" })).toBe(true);
    expect(await nameOf(otherModerator.id)).toBe("Moderator Bea");
  });

  it("answers through the person page with the field's message and the input kept, never a 500", async () => {
    const moderator = await makeUser(db(), { role: "moderator" });
    const member = await makeUser(db(), { name: "Quiet Heron" });
    await makeUser(db(), { name: "Meadow Lark" });
    const cookie = await cookieFor(moderator);
    const taken = await run(personAction, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "rename", name: "MEADOW lark" } });
    expect(taken.status).toBe(409);
    expect(taken.data.result.error.name).toEqual(["That display name is already taken. Choose another"]);
    expect(taken.data.result.initialValue.name).toBe("MEADOW lark");
    const staffy = await run(personAction, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "rename", name: "Admin Team" } });
    expect(staffy.status).toBe(400);
    expect(staffy.data.result.error.name[0]).toMatch(/look like a member of staff/);
    const done = await run(personAction, `/admin/people/${member.id}`, { cookie, params: { id: member.id }, form: { intent: "rename", name: "Calm River" } });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/admin/people/${member.id}?done=renamed`);
    expect(await nameOf(member.id)).toBe("Calm River");
  });
});
