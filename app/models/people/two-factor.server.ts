// Two-factor records (better-auth's twoFactor plugin writes them while people set up and sign
// in): whether someone has it, an admin's reset, and the per-account count of wrong codes that
// the plugin keeps for sign-in and that confirming an action with a code shares.
import { and, eq, gt, sql } from "drizzle-orm";
import { session, twoFactor, user } from "../../../db/schema/auth";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { PeopleError } from "~/models/people/people.server";
import { disconnectUser } from "~/services/live-events.server";
import type { CurrentUser } from "~/services/session.server";
import { can } from "~/utils/permissions";

export type TwoFactorStatus = "off" | "setting-up" | "on";

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [row] = await database()
    .select({ enabled: user.twoFactorEnabled, verified: twoFactor.verified })
    .from(user)
    .leftJoin(twoFactor, eq(twoFactor.userId, user.id))
    .where(eq(user.id, userId));
  if (!row) return "off";
  if (row.enabled && row.verified) return "on";
  return row.verified === false ? "setting-up" : "off";
}

/** The stored (encrypted) secret of a set-up not yet confirmed with a code, if there is one. */
export async function pendingTwoFactorSecret(userId: string): Promise<string | null> {
  const [row] = await database()
    .select({ secret: twoFactor.secret })
    .from(twoFactor)
    .where(and(eq(twoFactor.userId, userId), eq(twoFactor.verified, false)));
  return row?.secret ?? null;
}

/** When this account's code step opens again, if wrong codes have locked it. */
export async function twoFactorLockedUntil(userId: string, now = new Date()): Promise<Date | null> {
  const [row] = await database()
    .select({ lockedUntil: twoFactor.lockedUntil })
    .from(twoFactor)
    .where(and(eq(twoFactor.userId, userId), gt(twoFactor.lockedUntil, now)));
  return row?.lockedUntil ?? null;
}

/** Counts a wrong code; the `max`-th wrong code in a row locks the account's codes for `lockMs`. */
export async function recordWrongCode(userId: string, options: { max: number; lockMs: number; now?: Date }) {
  const now = options.now ?? new Date();
  await database()
    .update(twoFactor)
    .set({
      failedVerificationCount: sql`${twoFactor.failedVerificationCount} + 1`,
      lockedUntil: sql`case when ${twoFactor.failedVerificationCount} + 1 >= ${options.max} then ${new Date(now.getTime() + options.lockMs)}::timestamptz else ${twoFactor.lockedUntil} end`,
    })
    .where(eq(twoFactor.userId, userId));
}

export async function clearWrongCodes(userId: string) {
  await database().update(twoFactor).set({ failedVerificationCount: 0, lockedUntil: null }).where(eq(twoFactor.userId, userId));
}

/**
 * An admin clears someone's authenticator app and backup codes (a lost phone, a left job). They
 * are signed out everywhere and, if their role needs it, set two-factor up again when they next
 * sign in. Audited in the same transaction. Returns false when there was nothing to reset.
 */
export async function resetTwoFactor(actor: CurrentUser, input: { userId: string; reason: string }) {
  if (!can(actor.role, "people:reset-two-factor")) throw new PeopleError("Only administrators can reset two-factor authentication");
  if (input.userId === actor.id) throw new PeopleError("Another administrator must reset your own two-factor authentication");
  const changed = await transaction(async (tx) => {
    const [target] = await tx.select({ id: user.id, enabled: user.twoFactorEnabled }).from(user).where(eq(user.id, input.userId));
    if (!target) throw new PeopleError("That person no longer exists");
    const removed = await tx.delete(twoFactor).where(eq(twoFactor.userId, input.userId)).returning({ id: twoFactor.id });
    if (!target.enabled && removed.length === 0) return false;
    await tx.update(user).set({ twoFactorEnabled: false, updatedAt: new Date() }).where(eq(user.id, input.userId));
    await tx.delete(session).where(eq(session.userId, input.userId));
    await audit(tx, {
      actorId: actor.id,
      action: "user.two-factor-reset",
      targetType: "user",
      targetId: input.userId,
      reason: input.reason,
    });
    return true;
  });
  // Committed: their open sockets end too, in every process.
  if (changed) disconnectUser(input.userId);
  return changed;
}
