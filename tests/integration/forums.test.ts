import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { forum } from "../../db/schema/forums";
import {
  addForumMember,
  countForumMembers,
  createForum,
  forumFormSchema,
  getForumById,
  getForumForUser,
  listForumMembers,
  listForumMemberships,
  listForumsForUser,
  listPeopleNotInForum,
  removeForumMember,
  SlugTakenError,
  updateForum,
} from "~/models/people/forums.server";
import { useTestDatabase } from "../db";
import { asCurrentUser, makeForum, makeUser } from "../factories";

useTestDatabase();

describe("creating and editing forums", () => {
  it("creates a forum, audited, and refuses a web address already in use", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const created = await createForum(admin, { name: "South London", slug: "south", description: "For South London", minutesPublic: false });
    expect(created).toMatchObject({ slug: "south", minutesPublic: false });
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "forum.create"))).toMatchObject([{ actorId: admin.id, targetId: created.id }]);

    await expect(createForum(admin, { name: "Another South", slug: "south", description: "" })).rejects.toBeInstanceOf(SlugTakenError);
    expect(await db().select().from(forum)).toHaveLength(1);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "forum.create"))).toHaveLength(1);
  });

  it("edits a forum and refuses taking another forum's web address", async () => {
    const admin = asCurrentUser(await makeUser(db(), { role: "admin" }));
    const a = await makeForum(db(), { slug: "alpha" });
    await makeForum(db(), { slug: "beta" });
    await expect(updateForum(admin, a.id, { name: a.name, slug: "beta", description: "" })).rejects.toBeInstanceOf(SlugTakenError);
    const updated = await updateForum(admin, a.id, { name: "Alpha Renamed", slug: "alpha-2", description: "New words", minutesPublic: true });
    expect(updated).toMatchObject({ name: "Alpha Renamed", slug: "alpha-2" });
    expect((await getForumById(a.id))?.name).toBe("Alpha Renamed");
    expect(await getForumById("not-a-uuid")).toBeNull();
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "forum.update"))).toHaveLength(1);
  });

  it("checks the form: web addresses are lowercase letters, digits and hyphens", () => {
    const ok = forumFormSchema.safeParse({ name: "North", slug: "north-2", description: "" });
    expect(ok.success).toBe(true);
    for (const slug of ["North", "north_2", "-north", "north--2", "north/2", "north 2"]) {
      expect(forumFormSchema.safeParse({ name: "North", slug }).success).toBe(false);
    }
  });
});

describe("who sees which forums", () => {
  it("shows members only their forums, and staff every forum", async () => {
    const london = await makeForum(db(), { name: "A London", slug: "london" });
    const black = await makeForum(db(), { name: "B Black Communities", slug: "black" });
    const member = await makeUser(db(), { forumIds: [london.id] });
    const nowhere = await makeUser(db());
    const moderator = await makeUser(db(), { role: "moderator" });
    const responder = await makeUser(db(), { role: "responder", organisation: "met" });
    const admin = await makeUser(db(), { role: "admin" });

    expect((await listForumsForUser(member)).map((f) => f.slug)).toEqual(["london"]);
    expect(await listForumsForUser(nowhere)).toEqual([]);
    for (const staff of [moderator, responder, admin]) {
      expect((await listForumsForUser(staff)).map((f) => f.slug)).toEqual(["london", "black"]);
    }
    expect(await getForumForUser("black", member)).toBeNull();
    expect((await getForumForUser("london", member))?.id).toBe(london.id);
    expect((await listForumMemberships(member.id)).map((f) => f.slug)).toEqual(["london"]);
    expect(black.id).toBeTruthy();
  });
});

describe("forum membership", () => {
  it("adds and removes people, audited, and offers only active people not yet in the forum", async () => {
    const london = await makeForum(db());
    const moderator = asCurrentUser(await makeUser(db(), { role: "moderator", name: "Mod One" }));
    const inside = await makeUser(db(), { name: "Inside Person", forumIds: [london.id] });
    const outside = await makeUser(db(), { name: "Outside Person" });
    await makeUser(db(), { name: "Suspended Person", status: "suspended" });

    const offered = (await listPeopleNotInForum(london.id)).map((p) => p.name);
    expect(offered).toEqual(["Mod One", "Outside Person"]);

    expect(await addForumMember(moderator, london.id, outside.id)).toBe(true);
    expect(await addForumMember(moderator, london.id, outside.id)).toBe(false);
    expect((await listForumMembers(london.id)).map((m) => m.name)).toEqual(["Inside Person", "Outside Person"]);
    expect((await countForumMembers()).get(london.id)).toBe(2);

    expect(await removeForumMember(moderator, london.id, inside.id)).toBe(true);
    expect((await listForumMembers(london.id)).map((m) => m.name)).toEqual(["Outside Person"]);

    const entries = await db().select().from(auditLog).orderBy(auditLog.id);
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([
      ["forum.member-add", outside.id],
      ["forum.member-remove", inside.id],
    ]);
  });
});
