// Notifications: in the site (a list and a count) and by email through the outbox, each kind
// switchable by the person. Events for sockets are collected during a transaction and sent
// only after it commits, so nobody is told about a change that was rolled back.
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Queryable, Tx } from "../../../db/client";
import { user } from "../../../db/schema/auth";
import { notification, notificationPreference } from "../../../db/schema/notifications";
import { outbox } from "../../../db/schema/outbox";
import { thread, type Post } from "../../../db/schema/threads";
import { database } from "../database.server";
import { unreadNotificationsOfUser } from "./unread.server";
import { publicUrl } from "~/services/config.server";
import { enqueueMail } from "~/services/mail.server";
import { sendRoomEvents } from "~/services/live-events.server";
import type { RoomEvent } from "~/services/rooms.server";
import type { CurrentUser } from "~/services/session.server";
import { isStaff, type Role } from "~/utils/permissions";
import { describeRejection } from "~/utils/content-warnings";
import type { Transition } from "../threads/post-lifecycle.server";
import { MINUTE } from "~/utils/time";

/**
 * Every kind of notification, and who it is for: "everyone", "moderators" (moderators and
 * admins) or "staff" (moderators, responders and admins). The choices page lists exactly these.
 */
/** Ends a sentence once: the moderator may or may not have put a full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** "It is abusive or discriminatory. Please leave out the names." — or, for another reason, the moderator's words alone. */
function rejectionWords(code: string, note: string | null | undefined): string {
  const { reason, note: words } = describeRejection(code, note);
  return words ? `${sentence(reason)} ${sentence(words)}` : sentence(reason);
}

export const NOTIFICATION_KINDS = {
  "post-decision": { label: "A moderator approves, rejects or edits your post", audience: "everyone" },
  "thread-reply": { label: "Someone replies in a thread you started", audience: "everyone" },
  "official-response": { label: "The Met or MOPAC responds where you took part", audience: "everyone" },
  consultation: { label: "A consultation opens in your forum, or closes soon and you have not answered", audience: "everyone" },
  "consultation-results": { label: "The results of a consultation in your forum, or the response to it, are published", audience: "everyone" },
  meeting: { label: "A meeting of your forum is scheduled, changed or cancelled", audience: "everyone" },
  "meeting-tomorrow": { label: "A meeting you are going to is tomorrow", audience: "everyone" },
  "minutes-review": { label: "Draft minutes of a meeting you attended are ready for your comments", audience: "everyone" },
  "action-outcome": { label: "An action from a meeting you attended is done or will not be done", audience: "everyone" },
  "review-queue": { label: "New items wait in the review queue (at most one email every 15 minutes)", audience: "moderators" },
  "action-due": { label: "An action your organisation owns is due within 7 days, or overdue", audience: "staff" },
} as const;

export function notificationKindsFor(role: Role): NotificationKind[] {
  return (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).filter((kind) => {
    const audience = NOTIFICATION_KINDS[kind].audience;
    if (audience === "moderators") return role === "moderator" || role === "admin";
    if (audience === "staff") return isStaff(role);
    return true;
  });
}

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** An event for a socket room, held until the transaction that caused it commits. */
export type PendingEvent = RoomEvent;

export function publishEvents(events: PendingEvent[]) {
  sendRoomEvents(events);
}

type Preference = { inSite: boolean; email: boolean };

async function preferencesFor(q: Queryable, userIds: string[], kind: NotificationKind): Promise<Map<string, Preference>> {
  const rows = userIds.length
    ? await q
        .select({ userId: notificationPreference.userId, inSite: notificationPreference.inSite, email: notificationPreference.email })
        .from(notificationPreference)
        .where(and(inArray(notificationPreference.userId, userIds), eq(notificationPreference.kind, kind)))
    : [];
  return new Map(rows.map((r) => [r.userId, { inSite: r.inSite, email: r.email }]));
}

export type NotifyInput = {
  userIds: string[];
  kind: NotificationKind;
  message: string;
  /** A path on this site. */
  url: string;
  /** Email subject; the email's text is the message and the link, never quoted post text. */
  subject: string;
  /** When set, at most one email per person per key (e.g. a 15-minute digest window). */
  emailKey?: (userId: string) => string;
  /** Skip the in-site notification (digest-only kinds). */
  emailOnly?: boolean;
  /** When it happened (the caller's `now`): the notification is dated then, not when the row is written. */
  at?: Date;
};

/** Writes notifications and queues emails per preference; returns socket events to publish. */
export async function sendNotification(tx: Tx, input: NotifyInput): Promise<PendingEvent[]> {
  const ids = [...new Set(input.userIds)];
  if (!ids.length) return [];
  const prefs = await preferencesFor(tx, ids, input.kind);
  const people = await tx
    .select({ id: user.id, email: user.email, name: user.name })
    .from(user)
    .where(and(inArray(user.id, ids), eq(user.status, "active"), isNull(user.deletedAt)));
  const events: PendingEvent[] = [];
  const siteRows = people.filter((p) => !input.emailOnly && (prefs.get(p.id)?.inSite ?? true));
  if (siteRows.length) {
    await tx.insert(notification).values(siteRows.map((p) => ({ userId: p.id, kind: input.kind, message: input.message, url: input.url, ...(input.at ? { createdAt: input.at } : {}) })));
    for (const p of siteRows) events.push({ room: `user:${p.id}`, event: "notification", payload: { message: input.message, url: input.url } });
  }
  const mailTo = people.filter((p) => prefs.get(p.id)?.email ?? true);
  await enqueueMail(
    tx,
    mailTo.map((p) => ({
      kind: input.kind,
      to: p.email,
      subject: input.subject,
      text: `Hello ${p.name},\n\n${input.message}\n\n${publicUrl()}${input.url}\n\nYou can choose which emails you get at ${publicUrl()}/account/notifications\n\nThe Victim Voice Forum team`,
      idempotencyKey: input.emailKey?.(p.id),
      queuedAt: input.at,
    })),
  );
  return events;
}

/** Who hears about a post's move, and what they are told. */
export async function notify(
  tx: Tx,
  input: { before: Post; after: Post; transition: Transition; actor: Pick<CurrentUser, "id">; at?: Date },
): Promise<PendingEvent[]> {
  const { after, transition: t } = input;
  const [th] = await tx.select({ id: thread.id, title: thread.title, authorId: thread.authorId }).from(thread).where(eq(thread.id, after.threadId));
  const url = `/threads/${th.id}#post-${after.id}`;
  const events: PendingEvent[] = [
    { room: "moderation", event: "queue:changed", payload: { postId: after.id, status: after.status } },
    // A moderator who has this item open hears that it was decided (their page reloads its data).
    { room: `review-item:${after.id}`, event: "item:decided", payload: { postId: after.id, status: after.status } },
  ];
  const toAuthor = (message: string, subject: string) =>
    sendNotification(tx, { userIds: [after.authorId], kind: "post-decision", message, url, subject, at: input.at });
  const title = `"${th.title}"`;
  switch (t.kind) {
    case "approve":
      events.push(...(await toAuthor(`Your post in ${title} was approved and is now visible.`, "Your post was approved")));
      break;
    case "redact":
      events.push(
        ...(await toAuthor(
          `A moderator edited your post in ${title} before it was shown, to keep people safe. Their note: ${t.note}`,
          "A moderator edited your post",
        )),
      );
      break;
    case "reject":
      events.push(
        ...(await toAuthor(
          `Your post in ${title} was not approved. Reason: ${rejectionWords(t.reason, t.note)} You can edit it and send it again.`,
          "Your post was not approved",
        )),
      );
      break;
    case "set-warnings":
      events.push(...(await toAuthor(`A moderator changed the content warnings on your post in ${title}.`, "Content warnings on your post changed")));
      break;
    case "escalate":
      events.push(
        ...(await toAuthor(
          `A moderator has passed your post in ${title} to the forum's safeguarding lead, who may get in touch. If you are in danger now, call 999.`,
          "About your post",
        )),
      );
      break;
    case "reopen":
      events.push(...(await toAuthor(`A moderator is looking at your post in ${title} again.`, "Your post is being reviewed again")));
      break;
    case "hide":
      events.push(...(await toAuthor(`Your post in ${title} has been hidden after a report.`, "Your post was hidden")));
      break;
    default:
      break;
  }
  const becameVisible = input.before.status !== "approved" && after.status === "approved";
  const stoppedVisible = input.before.status === "approved" && after.status !== "approved";
  if (becameVisible) {
    events.push({ room: `thread:${th.id}`, event: "post:approved", payload: { postId: after.id } });
    if (!after.isOpening && th.authorId !== after.authorId) {
      events.push(
        ...(await sendNotification(tx, {
          userIds: [th.authorId],
          kind: "thread-reply",
          message: `There is a new reply in your thread ${title}.`,
          url,
          subject: "New reply in your thread",
          at: input.at,
        })),
      );
    }
  } else if (stoppedVisible) {
    events.push({ room: `thread:${th.id}`, event: "post:removed", payload: { postId: after.id } });
  } else if (after.status === "approved" && t.kind !== "approve") {
    events.push({ room: `thread:${th.id}`, event: "post:updated", payload: { postId: after.id } });
  }
  return events;
}

export async function unreadCount(userId: string): Promise<number> {
  const [row] = await database().select({ n: unreadNotificationsOfUser }).from(user).where(eq(user.id, userId));
  return row?.n ?? 0;
}

export async function listNotifications(userId: string, limit = 50) {
    const q = database();
  return q
    .select()
    .from(notification)
    .where(eq(notification.userId, userId))
    .orderBy(desc(notification.createdAt))
    .limit(limit);
}

export async function markAllRead(userId: string) {
    const q = database();
  await q.update(notification).set({ readAt: new Date() }).where(and(eq(notification.userId, userId), isNull(notification.readAt)));
}

export async function getPreferences(userId: string) {
    const q = database();
  const rows = await q.select().from(notificationPreference).where(eq(notificationPreference.userId, userId));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).map((kind) => ({
    kind,
    label: NOTIFICATION_KINDS[kind].label,
    inSite: byKind.get(kind)?.inSite ?? true,
    email: byKind.get(kind)?.email ?? true,
  }));
}

export async function savePreferences(userId: string, prefs: { kind: NotificationKind; inSite: boolean; email: boolean }[]) {
    const q = database();
  for (const p of prefs) {
    await q
      .insert(notificationPreference)
      .values({ userId, kind: p.kind, inSite: p.inSite, email: p.email })
      .onConflictDoUpdate({ target: [notificationPreference.userId, notificationPreference.kind], set: { inSite: p.inSite, email: p.email } });
  }
}

const QUEUE_EMAIL_GAP_MS = 15 * MINUTE;

/**
 * Tells moderators by email that the review queue has new items (posts, reports, or written
 * answers to a consultation): at most once per 15 minutes each.
 * A batch starts with the first post after a quiet spell and takes in every post of the next 15
 * minutes, however they fall on the clock (fixed quarter-hour windows would send two emails
 * minutes apart across a boundary). Each email's idempotency key carries its batch's start.
 */
export async function emailModeratorsAboutQueue(tx: Tx, now: Date) {
  // Locking the moderators' rows (in id order, so two posters never deadlock) makes two posts at
  // the same moment decide one after the other, so they cannot both start a batch. "No key
  // update" does not block the key-share locks that inserts referencing a moderator take.
  const moderators = await tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.role, "moderator"), eq(user.status, "active")))
    .orderBy(asc(user.id))
    .for("no key update");
  if (!moderators.length) return [];
  const prefix = (id: string) => `review-queue:${id}:`;
  const sent = await tx
    .select({ key: outbox.idempotencyKey })
    .from(outbox)
    .where(and(eq(outbox.kind, "review-queue"), or(...moderators.map((m) => sql`starts_with(${outbox.idempotencyKey}, ${prefix(m.id)})`))));
  const batchStart = new Map<string, number>();
  for (const m of moderators) {
    const starts = sent
      .filter((r) => r.key.startsWith(prefix(m.id)))
      .map((r) => Number(r.key.slice(prefix(m.id).length)))
      .filter((t) => Number.isFinite(t) && t <= now.getTime());
    const latest = starts.length ? Math.max(...starts) : -Infinity;
    batchStart.set(m.id, now.getTime() - latest < QUEUE_EMAIL_GAP_MS ? latest : now.getTime());
  }
  return sendNotification(tx, {
    userIds: moderators.map((m) => m.id),
    kind: "review-queue",
    message: "New items are waiting in the review queue.",
    url: "/moderation",
    subject: "New items in the review queue",
    // The key of a batch already emailed makes the outbox insert do nothing.
    emailKey: (id) => `${prefix(id)}${batchStart.get(id)}`,
    emailOnly: true,
    at: now,
  });
}
