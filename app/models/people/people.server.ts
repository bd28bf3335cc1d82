// People: the admin list, role changes, suspension. Every change is audited in the same
// transaction; emails are only ever read out for admins.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { session, user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { displayNameChange } from "../../../db/schema/people";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { disconnectUser } from "~/services/live-events.server";
import type { CurrentUser } from "~/services/session.server";
import { displayNameProblem, normaliseDisplayName, staffLookalikeProblem } from "~/utils/display-name";
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
  const order: Role[] = ["member", "moderator", "responder", "admin", "officer"];
  return order.map((role) => ({
    role,
    active: rows.filter((r) => r.role === role && r.status === "active").reduce((n, r) => n + Number(r.count), 0),
    suspended: rows.filter((r) => r.role === role && r.status !== "active").reduce((n, r) => n + Number(r.count), 0),
  }));
}

export class PeopleError extends Error {
  constructor(
    message: string,
    /** The form field the message belongs to, when it is about one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The display name is someone else's already (a conflict with another account, not a bad name). */
export class NameTakenError extends PeopleError {
  constructor() {
    super(NAME_TAKEN, "name");
  }
}

/** Why `name` cannot be this person's display name (format, identifying details, staff look), or null. */
export function displayNameRefusal(name: string, role: Role): string | null {
  return displayNameProblem(name) ?? (role === "member" ? staffLookalikeProblem(name) : null);
}

const NAME_TAKEN = "That display name is already taken. Choose another";

function isNameTaken(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const x = e as { code?: string; constraint?: string; message?: string };
    if (x.code === "23505" && (x.constraint === "user_name_lower_idx" || x.message?.includes("user_name_lower_idx"))) return true;
  }
  return false;
}

/**
 * Changes a display name: the only way one changes (better-auth's update-user refuses `name`).
 * Moderators rename members, administrators anyone. The name is checked as at joining, must not
 * look like staff unless the person is staff, and must not be taken by anyone (any case). The
 * audit entry names the change; the old and new names are kept in `display_name_change`, which
 * goes when the account is deleted.
 */
export async function renamePerson(actor: CurrentUser, input: { userId: string; name: string }): Promise<boolean> {
  if (!can(actor.role, "people:rename")) throw new PeopleError("You cannot change display names");
  const name = normaliseDisplayName(input.name);
  try {
    return await transaction(async (tx) => {
      const [target] = await tx
        .select({ name: user.name, role: user.role, deletedAt: user.deletedAt })
        .from(user)
        .where(eq(user.id, input.userId))
        .for("update");
      if (!target || target.deletedAt) throw new PeopleError("That person no longer exists");
      if (actor.role !== "admin" && target.role !== "member") throw new PeopleError("Only administrators can change the names of staff");
      const problem = displayNameRefusal(name, target.role as Role);
      if (problem) throw new PeopleError(problem, "name");
      if (target.name === name) return false;
      const [taken] = await tx
        .select({ id: user.id })
        .from(user)
        .where(and(sql`lower(${user.name}) = lower(${name})`, sql`${user.id} <> ${input.userId}`));
      if (taken) throw new NameTakenError();
      await tx.update(user).set({ name, updatedAt: new Date() }).where(eq(user.id, input.userId));
      const [change] = await tx
        .insert(displayNameChange)
        .values({ userId: input.userId, oldName: target.name, newName: name, changedById: actor.id })
        .returning({ id: displayNameChange.id });
      await audit(tx, { actorId: actor.id, action: "user.rename", targetType: "user", targetId: input.userId, details: { nameChangeId: change.id } });
      return true;
    });
  } catch (err) {
    // Someone took the name between the check and the update: the unique index decides.
    if (isNameTaken(err)) throw new NameTakenError();
    throw err;
  }
}

export async function changeRole(actor: CurrentUser, input: { userId: string; role: Role; organisation: Organisation | null; reason?: string }) {
  if (!can(actor.role, "people:change-role")) throw new PeopleError("Only administrators can change roles");
  if (input.userId === actor.id) throw new PeopleError("You cannot change your own role");
  if (input.role === "responder" && !input.organisation) throw new PeopleError("Choose the organisation this responder belongs to");
  const organisation = input.role === "responder" ? input.organisation : input.role === "officer" ? "met" : null;
  const changed = await transaction(async (tx) => {
    const [before] = await tx.select({ role: user.role, organisation: user.organisation }).from(user).where(eq(user.id, input.userId));
    if (!before) throw new PeopleError("That person no longer exists");
    // An officer needs a shoulder number and a borough, which only an invitation records.
    if (input.role === "officer" && before.role !== "officer") {
      throw new PeopleError("Police officers join by invitation, with their shoulder number and borough");
    }
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
  // Sockets joined rooms as the old role: end them (the next connection is decided anew).
  if (changed) disconnectUser(input.userId);
  return changed;
}

/** Suspends (signing the person out everywhere) or reinstates an account. */
export async function setSuspended(actor: CurrentUser, input: { userId: string; suspended: boolean; reason?: string }) {
  if (!can(actor.role, "people:suspend")) throw new PeopleError("You cannot suspend accounts");
  if (input.userId === actor.id) throw new PeopleError("You cannot suspend your own account");
  const changed = await transaction(async (tx) => {
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
  // Signed out everywhere: the sockets too, in every process.
  if (changed && input.suspended) disconnectUser(input.userId);
  return changed;
}
