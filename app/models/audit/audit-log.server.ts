// The one way to write the audit log. Call it with the transaction of the change it records,
// so an action and its audit entry are written together or not at all. There is deliberately
// no update or delete here, and the database refuses both (migration 0001).
import { and, desc, eq, gte, ilike, lt, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "../../../db/client";
import { auditLog } from "../../../db/schema/audit";
import { user } from "../../../db/schema/auth";
import { forum } from "../../../db/schema/forums";
import { displayNameChange } from "../../../db/schema/people";
import { database } from "../database.server";

const targetUser = alias(user, "target_user");

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | null;
  details?: Record<string, unknown>;
};

export async function audit(q: Queryable, entry: AuditInput) {
  await q.insert(auditLog).values({
    actorId: entry.actorId,
    // Read in the same statement (and transaction) as the entry: the role the actor had when acting.
    actorRole: entry.actorId ? sql`(select ${user.role} from ${user} where ${user.id} = ${entry.actorId})` : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    reason: entry.reason ?? null,
    details: entry.details ?? null,
  });
}

export type AuditFilter = {
  action?: string;
  actorName?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: entries with a smaller id than this. */
  before?: number;
  limit?: number;
};

export async function listAudit(filter: AuditFilter = {}) {
    const q = database();
  const limit = filter.limit ?? 50;
  const conditions = [
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
    filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
    filter.actorName ? ilike(user.name, `%${filter.actorName.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
    filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
    filter.to ? lte(auditLog.createdAt, filter.to) : undefined,
    filter.before ? lt(auditLog.id, filter.before) : undefined,
  ].filter(Boolean);
  const rows = await q
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      reason: auditLog.reason,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: user.name,
      /** As recorded when they acted; entries from before roles were recorded show none. */
      actorRole: auditLog.actorRole,
      /** A readable name for the target, where it is a person or a forum. */
      targetName: sql<string | null>`coalesce(${targetUser.name}, ${forum.name})`,
      /** A display name change: the names are kept beside the log, and go if the account is deleted. */
      nameFrom: displayNameChange.oldName,
      nameTo: displayNameChange.newName,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .leftJoin(targetUser, and(eq(auditLog.targetType, "user"), eq(targetUser.id, auditLog.targetId)))
    .leftJoin(forum, and(eq(auditLog.targetType, "forum"), sql`${forum.id}::text = ${auditLog.targetId}`))
    .leftJoin(displayNameChange, and(eq(auditLog.action, "user.rename"), sql`${displayNameChange.id}::text = ${auditLog.details}->>'nameChangeId'`))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return { entries: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1].id : undefined };
}

export async function auditActions(): Promise<string[]> {
    const q = database();
  const rows = await q.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}


export async function auditTargetTypes(): Promise<string[]> {
    const q = database();
  const rows = await q.selectDistinct({ targetType: auditLog.targetType }).from(auditLog).orderBy(auditLog.targetType);
  return rows.map((r) => r.targetType);
}
