// Forums and who belongs to them. Member-facing queries are scoped by the person asking.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { database, preparedRead, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { can } from "~/utils/permissions";
import { isUuid } from "~/utils/uuid";

export type ForumInput = { name: string; slug: string; description: string; minutesPublic?: boolean };

/** The create and edit forms' fields (checkbox `minutesPublic` is absent when unticked). */
export const forumFormSchema = z.object({
  name: z
    .string({ required_error: "Enter the forum's name" })
    .trim()
    .min(3, "The name must be at least 3 characters")
    .max(120, "The name must be 120 characters or fewer"),
  slug: z
    .string({ required_error: "Enter the web address, like london-north" })
    .trim()
    .max(60, "The web address must be 60 characters or fewer")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "The web address can only use lowercase letters, numbers and single hyphens between them, like london-north"),
  description: z.string().trim().max(2000, "The description must be 2000 characters or fewer").default(""),
  minutesPublic: z.boolean().default(false),
});

/** The forums a person may see: all of them for staff, their own for members. */
export async function listForumsForUser(viewer: Pick<CurrentUser, "id" | "role">) {
    const q = database();
  if (can(viewer.role, "forum:read-all")) return q.select().from(forum).orderBy(asc(forum.name));
  return q
    .select({ id: forum.id, slug: forum.slug, name: forum.name, description: forum.description, minutesPublic: forum.minutesPublic, createdAt: forum.createdAt, updatedAt: forum.updatedAt })
    .from(forum)
    .innerJoin(forumMembership, and(eq(forumMembership.forumId, forum.id), eq(forumMembership.userId, viewer.id)))
    .orderBy(asc(forum.name));
}

/** A forum the viewer may see, or null (a forum you do not belong to is as if it did not exist). */
export async function getForumForUser(slug: string, viewer: Pick<CurrentUser, "id" | "role">) {
  const [row] = await forumBySlugRead(can(viewer.role, "forum:read-all") ? "any" : "member", { slug, userId: viewer.id });
  return row ?? null;
}

/** The forum page asks for its forum on every request: prepared once, for staff (any forum) or a member (their own). */
const forumBySlugRead = preparedRead("forum_by_slug", (q, kind: "any" | "member") => {
  const columns = { id: forum.id, slug: forum.slug, name: forum.name, description: forum.description, minutesPublic: forum.minutesPublic, createdAt: forum.createdAt, updatedAt: forum.updatedAt };
  const bySlug = eq(forum.slug, sql.placeholder("slug"));
  return kind === "any"
    ? q.select(columns).from(forum).where(bySlug)
    : q
        .select(columns)
        .from(forum)
        .innerJoin(forumMembership, and(eq(forumMembership.forumId, forum.id), eq(forumMembership.userId, sql.placeholder("userId"))))
        .where(bySlug);
});

export async function isForumMember(forumId: string, userId: string): Promise<boolean> {
    const q = database();
  const rows = await q
    .select({ one: sql`1` })
    .from(forumMembership)
    .where(and(eq(forumMembership.forumId, forumId), eq(forumMembership.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function listAllForums() {
    const q = database();
  return q.select().from(forum).orderBy(asc(forum.name));
}

export async function getForumBySlug(slug: string) {
    const q = database();
  const [row] = await q.select().from(forum).where(eq(forum.slug, slug));
  return row ?? null;
}


/** A forum by id, or null (also for an id that is not a uuid, which PostgreSQL would refuse). */
export async function getForumById(id: string) {
    const q = database();
  if (!isUuid(id)) return null;
  const [row] = await q.select().from(forum).where(eq(forum.id, id));
  return row ?? null;
}

/** Active people who are not in the forum yet: the choices for "Add a person". */
export async function listPeopleNotInForum(forumId: string) {
    const q = database();
  return q
    .select({ id: user.id, name: user.name, role: user.role })
    .from(user)
    .where(
      and(
        eq(user.status, "active"),
        isNull(user.deletedAt),
        sql`not exists (select 1 from ${forumMembership} where ${forumMembership.forumId} = ${forumId} and ${forumMembership.userId} = ${user.id})`,
      ),
    )
    .orderBy(asc(sql`lower(${user.name})`));
}

/** How many members each forum has, keyed by forum id. */
export async function countForumMembers(): Promise<Map<string, number>> {
    const q = database();
  const rows = await q
    .select({ forumId: forumMembership.forumId, count: sql<number>`count(*)::int` })
    .from(forumMembership)
    .groupBy(forumMembership.forumId);
  return new Map(rows.map((r) => [r.forumId, Number(r.count)]));
}

export class SlugTakenError extends Error {}

export async function createForum(actor: CurrentUser, input: ForumInput) {
  return transaction(async (tx) => {
    const [created] = await tx
      .insert(forum)
      .values({ name: input.name, slug: input.slug, description: input.description, minutesPublic: input.minutesPublic ?? true })
      .onConflictDoNothing({ target: forum.slug })
      .returning();
    if (!created) throw new SlugTakenError("That web address is already used by another forum");
    await audit(tx, { actorId: actor.id, action: "forum.create", targetType: "forum", targetId: created.id, details: { name: input.name, slug: input.slug } });
    return created;
  });
}

export async function updateForum(actor: CurrentUser, forumId: string, input: ForumInput) {
  return transaction(async (tx) => {
    const [clash] = await tx.select({ id: forum.id }).from(forum).where(and(eq(forum.slug, input.slug), sql`${forum.id} <> ${forumId}`));
    if (clash) throw new SlugTakenError("That web address is already used by another forum");
    const [updated] = await tx
      .update(forum)
      .set({ name: input.name, slug: input.slug, description: input.description, minutesPublic: input.minutesPublic ?? true, updatedAt: new Date() })
      .where(eq(forum.id, forumId))
      .returning();
    if (!updated) return null;
    await audit(tx, { actorId: actor.id, action: "forum.update", targetType: "forum", targetId: forumId, details: { ...input } });
    return updated;
  });
}

export async function listForumMembers(forumId: string) {
    const q = database();
  return q
    .select({ id: user.id, name: user.name, role: user.role, organisation: user.organisation, status: user.status })
    .from(forumMembership)
    .innerJoin(user, eq(user.id, forumMembership.userId))
    .where(eq(forumMembership.forumId, forumId))
    .orderBy(asc(sql`lower(${user.name})`));
}

export async function addForumMember(actor: CurrentUser, forumId: string, userId: string) {
  return transaction(async (tx) => {
    const added = await tx.insert(forumMembership).values({ forumId, userId }).onConflictDoNothing().returning();
    if (added.length) await audit(tx, { actorId: actor.id, action: "forum.member-add", targetType: "user", targetId: userId, details: { forumId } });
    return added.length > 0;
  });
}

export async function removeForumMember(actor: CurrentUser, forumId: string, userId: string, reason?: string) {
  return transaction(async (tx) => {
    const removed = await tx
      .delete(forumMembership)
      .where(and(eq(forumMembership.forumId, forumId), eq(forumMembership.userId, userId)))
      .returning();
    if (removed.length) await audit(tx, { actorId: actor.id, action: "forum.member-remove", targetType: "user", targetId: userId, reason, details: { forumId } });
    return removed.length > 0;
  });
}

export async function forumIdsExist(ids: string[]) {
    const q = database();
  if (!ids.length) return true;
  const rows = await q.select({ id: forum.id }).from(forum).where(inArray(forum.id, ids));
  return rows.length === new Set(ids).size;
}

/** The forums a person belongs to (for staff too, who can read every forum regardless). */
export async function listForumMemberships(userId: string) {
    const q = database();
  return q
    .select({ id: forum.id, slug: forum.slug, name: forum.name })
    .from(forumMembership)
    .innerJoin(forum, eq(forum.id, forumMembership.forumId))
    .where(eq(forumMembership.userId, userId))
    .orderBy(asc(forum.name));
}
