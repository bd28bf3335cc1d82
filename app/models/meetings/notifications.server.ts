// The notification kinds meetings and action items send, and the one way they send them: the
// shared sendNotification (in-site notification + email through the outbox, per preference, in
// the caller's transaction).
import type { Tx } from "../../../db/client";
import { sendNotification, type NotifyInput, type PendingEvent } from "../notifications/notifications.server";

/** The kinds meetings and actions send (declared, with their labels, in NOTIFICATION_KINDS). */
export const MEETING_NOTIFICATION_KINDS = ["meeting", "meeting-tomorrow", "minutes-review", "action-outcome", "action-due"] as const;

export type MeetingNotificationKind = (typeof MEETING_NOTIFICATION_KINDS)[number];

export async function notifyAbout(
  tx: Tx,
  kind: MeetingNotificationKind,
  input: Omit<NotifyInput, "kind">,
): Promise<PendingEvent[]> {
  return sendNotification(tx, { ...input, kind });
}
