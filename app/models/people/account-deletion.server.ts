// A member deleting their own account (UK GDPR right to erasure; issue 11, item 3), and an
// administrator deleting a staff or officer's account (`deleteStaffAccount`): the same erasure.
//
// One transaction, so a failure anywhere leaves the account exactly as it was:
// - the email address, display name and credentials go from every table: the user row is kept
//   (posts, reports and meeting records point at it) but renamed "Former member …", its email
//   replaced by an address that cannot receive mail; sessions, the password hash, reset tokens,
//   forum memberships, notifications and preferences, meeting replies, consents, attendance,
//   name-change records and the person's emails in the outbox are deleted;
// - published posts stay, shown as by "Former member", or — if the person asks — keep their place
//   with their text (and the titles of threads they started, their comments on draft minutes,
//   and moderators' notes on the posts, which may quote them) replaced by "Removed at the
//   author's request."; posts not yet published are withdrawn, as the author would have;
// - consultation answers stay only inside the aggregates: each response's respondent key is
//   replaced by a random one, so not even the server can find them from the person any more;
// - the audit entry says an account was deleted and which choice was made (and, for staff, that
//   an administrator did it, as its actor), and nothing else.
// Sessions are revoked in the transaction; the person's open sockets are ended once it commits.
import crypto from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { account, session, twoFactor, user, verification } from "../../../db/schema/auth";
import { consultation, consultationResponse } from "../../../db/schema/consultations";
import { officer } from "../../../db/schema/feedback";
import { forumMembership } from "../../../db/schema/forums";
import { invitation } from "../../../db/schema/invitations";
import { meetingAttendee, meetingCoChair, meetingNamingConsent, meetingQuote, meetingReviewComment, meetingRsvp } from "../../../db/schema/meetings";
import { notification, notificationPreference } from "../../../db/schema/notifications";
import { outbox } from "../../../db/schema/outbox";
import { displayNameChange } from "../../../db/schema/people";
import { post, thread } from "../../../db/schema/threads";
import { transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { respondentKey } from "~/models/consultations/answers.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { renderMarkdown } from "~/services/markdown.server";
import { disconnectUser } from "~/services/live-events.server";
import type { CurrentUser } from "~/services/session.server";
import { can } from "~/utils/permissions";

export const REMOVED_AT_AUTHORS_REQUEST = "Removed at the author's request.";

export type PostsChoice = "keep" | "remove";

export class AccountDeletionError extends Error {}

export const STAFF_DELETED_BY_ADMIN = "Staff accounts are deleted by an administrator. Ask one to delete yours.";

/**
 * Deletes the signed-in member's own account. The caller has confirmed it is them (their
 * password). Only members delete themselves: staff and officers' accounts are refused here,
 * whoever calls; an administrator deletes those.
 */
export async function deleteOwnAccount(member: Pick<CurrentUser, "id" | "role" | "name">, input: { posts: PostsChoice }, now = new Date()): Promise<void> {
  if (member.role !== "member") throw new AccountDeletionError(STAFF_DELETED_BY_ADMIN);
  const userId = member.id;
  await transaction(async (tx) => {
    const [me] = await tx.select().from(user).where(eq(user.id, userId)).for("update");
    if (!me || me.deletedAt) throw new AccountDeletionError("This account has already been deleted.");
    if (me.role !== "member") throw new AccountDeletionError(STAFF_DELETED_BY_ADMIN);
    await eraseAccount(me, { posts: input.posts, now });
    await audit(tx, { actorId: userId, action: "user.delete", targetType: "user", targetId: userId, details: { posts: input.posts === "remove" ? "removed" : "kept" } });
  });
  // Committed: end every socket the person still has open, in every process.
  disconnectUser(userId);
}

export const MEMBERS_DELETE_THEIR_OWN = "Members delete their own accounts, from their account page.";
export const NOT_YOUR_OWN = "You cannot delete your own account. Another administrator must do it.";
export const LAST_ADMIN = "This is the only administrator account left. Make someone else an administrator first.";

/**
 * An administrator deletes a staff or officer's account (they have confirmed it is them with
 * their own second factor). The same erasure as a member's own deletion; what the person wrote
 * stays, shown as by "Former member" (an official response or a minute is part of the public
 * record). Never the administrator's own account, nor the last administrator: the admin rows
 * are locked first, so two administrators deleting each other at once cannot leave none.
 */
export async function deleteStaffAccount(actor: Pick<CurrentUser, "id" | "role">, input: { userId: string }, now = new Date()): Promise<void> {
  if (!can(actor.role, "people:delete-staff")) throw new AccountDeletionError("Only administrators can delete staff accounts.");
  if (input.userId === actor.id) throw new AccountDeletionError(NOT_YOUR_OWN);
  await transaction(async (tx) => {
    // Every administrator's row, in one order, before anything else: the last-admin rule holds
    // against another deletion or role change running at the same time.
    const admins = await tx
      .select({ id: user.id, status: user.status })
      .from(user)
      .where(and(eq(user.role, "admin"), sql`${user.deletedAt} is null`))
      .orderBy(user.id)
      .for("update");
    const active = admins.filter((a) => a.status === "active");
    // Still an administrator now (not deleted, suspended or demoted since the page was opened).
    if (!active.some((a) => a.id === actor.id)) throw new AccountDeletionError("Only administrators can delete staff accounts.");
    const [target] = await tx.select().from(user).where(eq(user.id, input.userId)).for("update");
    if (!target || target.deletedAt) throw new AccountDeletionError("This account has already been deleted.");
    if (target.role === "member") throw new AccountDeletionError(MEMBERS_DELETE_THEIR_OWN);
    if (target.role === "admin" && active.filter((a) => a.id !== target.id).length === 0) throw new AccountDeletionError(LAST_ADMIN);
    await eraseAccount(target, { posts: "keep", now });
    await tx.delete(officer).where(eq(officer.userId, target.id));
    await audit(tx, { actorId: actor.id, action: "user.delete", targetType: "user", targetId: target.id, details: { posts: "kept", by: "administrator" } });
  });
  disconnectUser(input.userId);
}

/** The erasure itself, inside the caller's transaction, for a user row it has locked. */
async function eraseAccount(me: typeof user.$inferSelect, input: { posts: PostsChoice; now: Date }): Promise<void> {
  const userId = me.id;
  const { now } = input;
  const author = { id: me.id, role: me.role, name: me.name } as Pick<CurrentUser, "id" | "role" | "name">;
  await transaction(async (tx) => {
    // Sign-in goes first: whatever follows, nobody can start a session on this account again.
    await tx.delete(session).where(eq(session.userId, userId));
    await tx.delete(account).where(eq(account.userId, userId));
    // The authenticator secret and backup codes are credentials too.
    await tx.delete(twoFactor).where(eq(twoFactor.userId, userId));
    await tx.delete(verification).where(eq(verification.value, userId));

    // Unpublished posts are withdrawn, as their author would have withdrawn them.
    const unpublished = await tx
      .select({ id: post.id })
      .from(post)
      .where(and(eq(post.authorId, userId), inArray(post.status, ["pending", "rejected"])));
    for (const p of unpublished) await transitionPost({ postId: p.id, actor: author, transition: { kind: "withdraw" }, now });

    if (input.posts === "remove") {
      const removedHtml = renderMarkdown(REMOVED_AT_AUTHORS_REQUEST);
      await tx
        .update(post)
        .set({ bodySource: REMOVED_AT_AUTHORS_REQUEST, bodyHtml: removedHtml, piiFindings: [], contentWarnings: [], redactionNote: null, rejectionNote: null, version: sql`${post.version} + 1` })
        .where(eq(post.authorId, userId));
      await tx.update(thread).set({ title: REMOVED_AT_AUTHORS_REQUEST }).where(eq(thread.authorId, userId));
      await tx.update(meetingReviewComment).set({ body: REMOVED_AT_AUTHORS_REQUEST }).where(eq(meetingReviewComment.authorId, userId));
    }

    // Consultation answers stay in the counts, but nothing can lead back to this person.
    const consultations = await tx.select({ id: consultation.id }).from(consultation);
    if (consultations.length) {
      await tx
        .update(consultationResponse)
        .set({ respondentKey: sql`'erased-' || gen_random_uuid()::text` })
        .where(inArray(consultationResponse.respondentKey, consultations.map((c) => respondentKey(c.id, userId))));
    }

    await tx.delete(forumMembership).where(eq(forumMembership.userId, userId));
    await tx.delete(notification).where(eq(notification.userId, userId));
    await tx.delete(notificationPreference).where(eq(notificationPreference.userId, userId));
    await tx.delete(meetingRsvp).where(eq(meetingRsvp.userId, userId));
    await tx.delete(meetingNamingConsent).where(eq(meetingNamingConsent.userId, userId));
    await tx.delete(meetingAttendee).where(eq(meetingAttendee.userId, userId));
    await tx.delete(meetingCoChair).where(eq(meetingCoChair.userId, userId));
    await tx.update(meetingQuote).set({ memberId: null }).where(eq(meetingQuote.memberId, userId));
    await tx.delete(displayNameChange).where(eq(displayNameChange.userId, userId));

    // Emails to this address: those waiting are no longer wanted, those sent held the name.
    await tx.delete(outbox).where(sql`lower(${outbox.toAddress}) = lower(${me.email})`);
    const erasedEmail = `deleted-${userId}@deleted.invalid`;
    await tx.update(invitation).set({ email: erasedEmail }).where(sql`lower(${invitation.email}) = lower(${me.email})`);

    await tx
      .update(user)
      .set({
        name: `Former member ${crypto.randomBytes(5).toString("hex")}`,
        email: erasedEmail,
        emailVerified: false,
        image: null,
        twoFactorEnabled: false,
        deletedAt: now,
        updatedAt: now,
      })
      .where(eq(user.id, userId));
  });
}
