// Invitations: the only way in. A token is emailed once, used once, expires after 14 days and
// can be revoked. Accepting creates the account, its password and its forum memberships in
// one transaction with the claim on the invitation, so nothing is half-written.
import crypto from "node:crypto";
import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import type { Queryable } from "../../../db/client";
import { account, user } from "../../../db/schema/auth";
import { forum, forumMembership } from "../../../db/schema/forums";
import { officer } from "../../../db/schema/feedback";
import { invitation, type Invitation } from "../../../db/schema/invitations";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { publicUrl } from "~/services/config.server";
import { invitationEmail } from "~/services/emails.server";
import { enqueueMail } from "~/services/mail.server";
import type { CurrentUser } from "~/services/session.server";
import { staffLookalikeProblem } from "~/utils/display-name";
import { boroughName, isBorough, normaliseShoulderNumber, SHOULDER_NUMBER } from "~/utils/boroughs";
import { can, invitableRoles, ROLE_LABELS, type Organisation, type Role } from "~/utils/permissions";
import { isUuid } from "~/utils/uuid";
import { DAY } from "~/utils/time";

export const INVITATION_DAYS = 14;

export function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export class InvitationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Joining with an invitation was refused. Without a field the invitation cannot be used (used,
 * withdrawn or expired meanwhile; the address already has an account; an officer's number is
 * taken or missing); with one, that field must change (the display name is taken, or passes for
 * staff).
 */
export class InvitationClaimError extends InvitationError {}

export type InvitationInput = {
  email: string;
  role: Role;
  organisation: Organisation | null;
  forumIds: string[];
  /** Officers only. */
  shoulderNumber?: string | null;
  borough?: string | null;
};

/** Creates an invitation and queues its email. Returns the token (only the email keeps it). */
export async function createInvitation(actor: CurrentUser, input: InvitationInput, now = new Date()) {
  if (!invitableRoles(actor.role).includes(input.role)) {
    throw new InvitationError(actor.role === "moderator" ? "Moderators can invite members only" : "You cannot invite people", "role");
  }
  if (input.role === "responder" && !input.organisation) throw new InvitationError("Choose the responder's organisation", "organisation");
  if (input.role === "member" && input.forumIds.length === 0) throw new InvitationError("Choose at least one forum", "forumIds");
  const officerPlace = input.role === "officer" ? checkOfficerPlace(input) : null;
  const email = input.email.trim().toLowerCase();
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY);
  return transaction(async (tx) => {
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
    if (existing) throw new InvitationError("Someone with this email address already has an account", "email");
    if (officerPlace) await refuseTakenShoulderNumber(officerPlace.shoulderNumber);
    const forums = input.forumIds.length
      ? await tx.select({ id: forum.id, name: forum.name }).from(forum).where(inArray(forum.id, input.forumIds))
      : [];
    if (forums.length !== new Set(input.forumIds).size) throw new InvitationError("One of the chosen forums no longer exists", "forumIds");
    const [created] = await tx
      .insert(invitation)
      .values({
        tokenHash: hashToken(token),
        email,
        role: input.role,
        // Officers belong to the force (the Met) only.
        organisation: input.role === "responder" ? input.organisation : input.role === "officer" ? "met" : null,
        shoulderNumber: officerPlace?.shoulderNumber ?? null,
        borough: officerPlace?.borough ?? null,
        forumIds: input.role === "officer" ? [] : forums.map((f) => f.id),
        invitedById: actor.id,
        expiresAt,
        createdAt: now,
      })
      .returning();
    await enqueueMail(
      tx,
      invitationEmail({
        to: email,
        url: `${publicUrl()}/join/${token}`,
        roleLabel: ROLE_LABELS[input.role],
        forumNames: input.role === "officer" ? [] : forums.map((f) => f.name),
        expiresAt,
        officer: officerPlace ? { shoulderNumber: officerPlace.shoulderNumber, boroughName: boroughName(officerPlace.borough) } : undefined,
      }),
    );
    await audit(tx, {
      actorId: actor.id,
      action: "invitation.create",
      targetType: "invitation",
      targetId: created.id,
      details: {
        role: input.role,
        organisation: created.organisation,
        forumIds: created.forumIds,
        ...(officerPlace ? { shoulderNumber: officerPlace.shoulderNumber, borough: officerPlace.borough } : {}),
      },
    });
    return { invitation: created, token };
  });
}

/** An officer's shoulder number and borough, checked (the one home of these two rules). */
function checkOfficerPlace(input: Pick<InvitationInput, "shoulderNumber" | "borough">) {
  const shoulderNumber = normaliseShoulderNumber(input.shoulderNumber ?? "");
  if (!shoulderNumber) throw new InvitationError("Enter the officer's shoulder number", "shoulderNumber");
  if (!SHOULDER_NUMBER.test(shoulderNumber)) {
    throw new InvitationError("Enter a shoulder number of up to 7 digits, with up to 3 letters before or after, like 123456 or 456HT", "shoulderNumber");
  }
  if (!isBorough(input.borough)) throw new InvitationError("Choose the borough the officer works in", "borough");
  return { shoulderNumber, borough: input.borough };
}

/** A shoulder number is one officer's: taken by an account or by a waiting invitation. */
async function refuseTakenShoulderNumber(shoulderNumber: string, now = new Date()) {
  const q = database();
  const [taken] = await q.select({ userId: officer.userId }).from(officer).where(eq(officer.shoulderNumber, shoulderNumber));
  const [waiting] = await q
    .select({ id: invitation.id })
    .from(invitation)
    .where(
      and(
        eq(invitation.shoulderNumber, shoulderNumber),
        isNull(invitation.usedAt),
        isNull(invitation.revokedAt),
        gt(invitation.expiresAt, now),
      ),
    );
  if (taken || waiting) throw new InvitationError("Another officer already has this shoulder number", "shoulderNumber");
}

/** "Police officer, 456HT, Hackney" style label of an invitation's officer details. */
export function officerPlaceLabel(row: Pick<Invitation, "shoulderNumber" | "borough">): string | null {
  if (!row.shoulderNumber || !row.borough) return null;
  return `${row.shoulderNumber}, ${boroughName(row.borough)}`;
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "unknown";

export function invitationState(row: Invitation | null | undefined, now = new Date()): InvitationState {
  if (!row) return "unknown";
  if (row.revokedAt) return "revoked";
  if (row.usedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  return "valid";
}

export async function findInvitation(token: string) {
    const q = database();
  const [row] = await q.select().from(invitation).where(eq(invitation.tokenHash, hashToken(token)));
  if (!row) return { state: "unknown" as const, invitation: null, forums: [] };
  const forums = row.forumIds.length
    ? await q.select({ id: forum.id, name: forum.name }).from(forum).where(inArray(forum.id, row.forumIds))
    : [];
  return { state: invitationState(row), invitation: row, forums };
}

/**
 * Accepts an invitation. The claim is a conditional update (unused, unrevoked, unexpired), so
 * two tabs submitting at once create one account; the loser gets InvitationClaimError.
 */
export async function acceptInvitation(input: { token: string; displayName: string; password: string }, now = new Date()) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await claimAndCreate(input, passwordHash, now);
  } catch (err) {
    // Two people choosing the same name at the same moment: the unique index decides.
    if (isUniqueViolation(err, "user_name_lower_idx")) {
      throw new InvitationClaimError("That display name is already taken. Please choose another", "displayName");
    }
    // Two invitations to one address accepted at the same moment: only one account is made.
    if (isUniqueViolation(err, "user_email_unique")) {
      throw new InvitationClaimError("An account with this email address already exists. Please sign in instead");
    }
    if (isUniqueViolation(err, "officer_shoulder_number_idx")) {
      throw new InvitationClaimError("Another officer already has this shoulder number. Please ask for a new invitation");
    }
    throw err;
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const x = e as { code?: string; constraint?: string; message?: string };
    if (x.code === "23505" && (x.constraint === constraint || x.message?.includes(constraint))) return true;
  }
  return false;
}

async function claimAndCreate(input: { token: string; displayName: string }, passwordHash: string, now: Date) {
  return transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitation)
      .set({ usedAt: now })
      .where(
        and(
          eq(invitation.tokenHash, hashToken(input.token)),
          isNull(invitation.usedAt),
          isNull(invitation.revokedAt),
          gt(invitation.expiresAt, now),
        ),
      )
      .returning();
    if (!claimed) throw new InvitationClaimError("This invitation can no longer be used");
    // A member's name must not pass for staff; staff (police officers included) are invited by name by their roles.
    const lookalike = claimed.role === "member" ? staffLookalikeProblem(input.displayName) : null;
    if (lookalike) throw new InvitationClaimError(lookalike, "displayName");
    const [nameTaken] = await tx
      .select({ id: user.id })
      .from(user)
      .where(sql`lower(${user.name}) = lower(${input.displayName})`);
    if (nameTaken) throw new InvitationClaimError("That display name is already taken. Please choose another", "displayName");
    const [emailTaken] = await tx.select({ id: user.id }).from(user).where(eq(user.email, claimed.email));
    if (emailTaken) throw new InvitationClaimError("An account with this email address already exists. Please sign in instead");
    const userId = crypto.randomUUID();
    await tx.insert(user).values({
      id: userId,
      name: input.displayName,
      email: claimed.email,
      // The invitation link reached this address, which proves it belongs to the person.
      emailVerified: true,
      role: claimed.role,
      organisation: claimed.organisation,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(account).values({
      id: crypto.randomUUID(),
      accountId: userId,
      providerId: "credential",
      userId,
      password: passwordHash,
      createdAt: now,
      updatedAt: now,
    });
    if (claimed.role === "officer") {
      if (!claimed.shoulderNumber || !claimed.borough) throw new InvitationClaimError("This invitation is missing the officer's number or borough");
      await tx.insert(officer).values({ userId, shoulderNumber: claimed.shoulderNumber, borough: claimed.borough, createdAt: now });
    }
    if (claimed.forumIds.length) {
      await tx.insert(forumMembership).values(claimed.forumIds.map((forumId) => ({ forumId, userId }))).onConflictDoNothing();
    }
    await tx.update(invitation).set({ acceptedUserId: userId }).where(eq(invitation.id, claimed.id));
    await audit(tx, { actorId: userId, action: "invitation.accept", targetType: "invitation", targetId: claimed.id, details: { role: claimed.role } });
    return { userId, email: claimed.email };
  });
}


/**
 * Revokes a waiting invitation. Returns false when there is nothing to revoke (already used,
 * already revoked, unknown, or — for a moderator — an invitation for a role they could not
 * have sent themselves).
 */
export async function revokeInvitation(actor: CurrentUser, invitationId: string) {
  if (!can(actor.role, "invitation:revoke")) throw new InvitationError("You cannot withdraw invitations");
  if (!isUuid(invitationId)) return false;
  const roles = invitableRoles(actor.role);
  return transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitation)
      .set({ revokedAt: new Date(), revokedById: actor.id })
      .where(
        and(
          eq(invitation.id, invitationId),
          isNull(invitation.usedAt),
          isNull(invitation.revokedAt),
          roles.length ? inArray(invitation.role, roles) : sql`false`,
        ),
      )
      .returning({ id: invitation.id });
    if (!revoked) return false;
    await audit(tx, { actorId: actor.id, action: "invitation.revoke", targetType: "invitation", targetId: invitationId });
    return true;
  });
}

export async function listInvitations(viewer: Pick<CurrentUser, "role" | "id">) {
    const q = database();
  const rows = await q
    .select({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      organisation: invitation.organisation,
      shoulderNumber: invitation.shoulderNumber,
      borough: invitation.borough,
      forumIds: invitation.forumIds,
      expiresAt: invitation.expiresAt,
      usedAt: invitation.usedAt,
      revokedAt: invitation.revokedAt,
      revokedById: invitation.revokedById,
      createdAt: invitation.createdAt,
      invitedById: invitation.invitedById,
      invitedByName: user.name,
    })
    .from(invitation)
    .innerJoin(user, eq(user.id, invitation.invitedById))
    .orderBy(desc(invitation.createdAt))
    .limit(200);
  const forumIds = [...new Set(rows.flatMap((r) => r.forumIds))];
  const forums = forumIds.length ? await q.select({ id: forum.id, name: forum.name }).from(forum).where(inArray(forum.id, forumIds)) : [];
  const forumName = new Map(forums.map((f) => [f.id, f.name]));
  const revocable = invitableRoles(viewer.role);
  const now = new Date();
  return rows.map((r) => {
    const state = invitationState(r as unknown as Invitation, now);
    return {
      ...r,
      // Emails are for admins' eyes only.
      email: can(viewer.role, "people:see-email") ? r.email : null,
      forumNames: r.forumIds.map((id) => forumName.get(id)).filter((n): n is string => !!n),
      state,
      canRevoke: state === "valid" && revocable.includes(r.role as Role),
    };
  });
}

/** Invitations still waiting to be accepted (not used, revoked or expired). */
export async function countWaitingInvitations(now = new Date()): Promise<number> {
    const q = database();
  const [row] = await q
    .select({ count: sql<number>`count(*)::int` })
    .from(invitation)
    .where(and(isNull(invitation.usedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, now)));
  return Number(row?.count ?? 0);
}

/**
 * The address an invitation went to, for the "Invitation sent to …" banner: shown to the
 * person who typed it, and to admins; null for anyone else.
 */
export async function invitationEmailForViewer(viewer: Pick<CurrentUser, "id" | "role">, invitationId: string) {
    const q = database();
  if (!isUuid(invitationId)) return null;
  const [row] = await q
    .select({ email: invitation.email, invitedById: invitation.invitedById })
    .from(invitation)
    .where(eq(invitation.id, invitationId));
  if (!row) return null;
  return row.invitedById === viewer.id || can(viewer.role, "people:see-email") ? row.email : null;
}
