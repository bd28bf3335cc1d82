// People: the admin list, role changes, suspension. Every change is audited in the same
// transaction; emails are only ever read out for admins.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { session, user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import type { CurrentUser } from "~/services/session.server";
import { can, type Organisation, type Role } from "~/utils/permissions";

export type PersonRow = {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  organisation: Organisation | null;
  status: string;
  forums: { id: string; name: string }[];
  createdAt: Date;
};

export type PeopleFilter = { role?: string; status?: string; search?: string; id?: string };

export async function listPeople(viewer: Pick<CurrentUser, "role">, filter: PeopleFilter = {}): Promise<PersonRow[]> {
    const q = database();
  const seeEmail = can(viewer.role, "people:see-email");
  const conditions = [
    filter.id ? eq(user.id, filter.id) : undefined,
    filter.role ? eq(user.role, filter.role) : undefined,
    filter.status ? eq(user.status, filter.status) : undefined,
    filter.search ? sql`lower(${user.name}) like ${"%" + filter.search.toLowerCase().replace(/[%_\\]/g, "\\$&") + "%"}` : undefined,
    sql`${user.deletedAt} is null`,
  ].filter(Boolean);
  const people = await q
    .select({ id: user.id, name: user.name, email: user.email, role: user.role, organisation: user.organisation, status: user.status, createdAt: user.createdAt })
    .from(user)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${user.name})`));
  const ids = people.map((p) => p.id);
  const memberships = ids.length
    ? await q
        .select({ userId: forumMembership.userId, id: forum.id, name: forum.name })
        .from(forumMembership)
        .innerJoin(forum, eq(forum.id, forumMembership.forumId))
        .where(inArray(forumMembership.userId, ids))
        .orderBy(asc(forum.name))
    : [];
  const byUser = new Map<string, { id: string; name: string }[]>();
  for (const m of memberships) {
    const list = byUser.get(m.userId) ?? [];
    list.push({ id: m.id, name: m.name });
    byUser.set(m.userId, list);
  }
  return people.map((p) => ({
    ...p,
    role: p.role as Role,
    organisation: p.organisation as Organisation | null,
    email: seeEmail ? p.email : null,
    forums: byUser.get(p.id) ?? [],
  }));
}

export async function getPerson(viewer: Pick<CurrentUser, "role">, id: string): Promise<PersonRow | null> {
  if (!id) return null;
  const [person] = await listPeople(viewer, { id });
  return person ?? null;
}

/** How many people hold each role, split by status, for the admin overview. */
export async function countPeopleByRole(): Promise<{ role: Role; active: number; suspended: number }[]> {
    const q = database();
  const rows = await q
    .select({ role: user.role, status: user.status, count: sql<number>`count(*)::int` })
    .from(user)
    .where(sql`${user.deletedAt} is null`)
    .groupBy(user.role, user.status);
  const order: Role[] = ["member", "moderator", "responder", "admin"];
  return order.map((role) => ({
    role,
    active: rows.filter((r) => r.role === role && r.status === "active").reduce((n, r) => n + Number(r.count), 0),
    suspended: rows.filter((r) => r.role === role && r.status !== "active").reduce((n, r) => n + Number(r.count), 0),
  }));
}

export class PeopleError extends Error {}

export async function changeRole(actor: CurrentUser, input: { userId: string; role: Role; organisation: Organisation | null; reason?: string }) {
  if (!can(actor.role, "people:change-role")) throw new PeopleError("Only administrators can change roles");
  if (input.userId === actor.id) throw new PeopleError("You cannot change your own role");
  if (input.role === "responder" && !input.organisation) throw new PeopleError("Choose the organisation this responder belongs to");
  const organisation = input.role === "responder" ? input.organisation : null;
  return transaction(async (tx) => {
    const [before] = await tx.select({ role: user.role, organisation: user.organisation }).from(user).where(eq(user.id, input.userId));
    if (!before) throw new PeopleError("That person no longer exists");
    if (before.role === input.role && before.organisation === organisation) return false;
    await tx.update(user).set({ role: input.role, organisation, updatedAt: new Date() }).where(eq(user.id, input.userId));
    await audit(tx, {
      actorId: actor.id,
      action: "user.role-change",
      targetType: "user",
      targetId: input.userId,
      reason: input.reason || null,
      details: { from: before.role, to: input.role, fromOrganisation: before.organisation, toOrganisation: organisation },
    });
    return true;
  });
}

/** Suspends (signing the person out everywhere) or reinstates an account. */
export async function setSuspended(actor: CurrentUser, input: { userId: string; suspended: boolean; reason?: string }) {
  if (!can(actor.role, "people:suspend")) throw new PeopleError("You cannot suspend accounts");
  if (input.userId === actor.id) throw new PeopleError("You cannot suspend your own account");
  return transaction(async (tx) => {
    const [target] = await tx.select({ role: user.role, status: user.status }).from(user).where(eq(user.id, input.userId));
    if (!target) throw new PeopleError("That person no longer exists");
    // Moderators suspend members; only admins can suspend staff.
    if (actor.role !== "admin" && target.role !== "member") throw new PeopleError("Only administrators can suspend staff accounts");
    const next = input.suspended ? "suspended" : "active";
    const [changed] = await tx
      .update(user)
      .set({ status: next, updatedAt: new Date() })
      .where(and(eq(user.id, input.userId), sql`${user.status} <> ${next}`))
      .returning({ id: user.id });
    if (!changed) return false;
    if (input.suspended) await tx.delete(session).where(eq(session.userId, input.userId));
    await audit(tx, {
      actorId: actor.id,
      action: input.suspended ? "user.suspend" : "user.reinstate",
      targetType: "user",
      targetId: input.userId,
      reason: input.reason || null,
    });
    return true;
  });
}
