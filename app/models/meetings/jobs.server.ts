// Time-driven emails for meetings and actions. Each job is a function of `now`, safe to run
// twice and from several processes at once: it claims each row with a conditional update on its
// "sent" column (`where reminder_sent_at is null … returning`) and queues the emails in the same
// transaction, so exactly one run sends them. Emails also carry stable idempotency keys.
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { actionItem } from "../../../db/schema/actions";
import { meeting, meetingRsvp } from "../../../db/schema/meetings";
import { database, transaction } from "../database.server";
import { ACTION_ORGANISATION_LABELS, actionOverdue, actionOwnerIds, actionStillOpen, liveAction, type ActionOrganisation } from "../actions/action-items.server";
import { addLondonDays, formatLondonDay, formatMeetingTime, londonDate, londonWallTime } from "../../utils/london-clock";
import { notifyAbout } from "./notifications.server";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";
import { DAY } from "~/utils/time";


/** The day-before reminder goes from 09:00 London time on the day before the meeting. */
export function meetingReminderDueAt(startsAt: Date): Date {
  return londonWallTime(addLondonDays(londonDate(startsAt), -1), "09:00")!;
}

/** Reminds those who said they are going, the day before. Returns how many meetings were reminded. */
export async function sendMeetingReminders(now: Date): Promise<number> {
  const candidates = await database()
    .select({ id: meeting.id, startsAt: meeting.startsAt })
    .from(meeting)
    .where(and(eq(meeting.status, "scheduled"), isNull(meeting.reminderSentAt), gt(meeting.startsAt, now), lte(meeting.startsAt, new Date(now.getTime() + 2 * DAY))));
  let sent = 0;
  for (const c of candidates) {
    if (now < meetingReminderDueAt(c.startsAt)) continue;
    const events: PendingEvent[] = [];
    const claimed = await transaction(async (tx) => {
      const [m] = await tx
        .update(meeting)
        .set({ reminderSentAt: now })
        .where(and(eq(meeting.id, c.id), eq(meeting.status, "scheduled"), isNull(meeting.reminderSentAt), gt(meeting.startsAt, now)))
        .returning();
      if (!m) return false;
      const going = await tx
        .select({ userId: meetingRsvp.userId })
        .from(meetingRsvp)
        .where(and(eq(meetingRsvp.meetingId, m.id), eq(meetingRsvp.response, "going")));
      events.push(
        ...(await notifyAbout(tx, "meeting-tomorrow", {
          userIds: going.map((g) => g.userId),
          message: `A reminder that "${m.title}" is tomorrow: ${formatMeetingTime(m.startsAt, m.endsAt)}${m.place ? `, at ${m.place}` : ""}${m.onlineUrl ? `${m.place ? " and" : ","} online (the link is on the meeting's page)` : ""}. If you can no longer come, you can change your answer there.`,
          url: `/meetings/${m.id}`,
          subject: `Tomorrow: ${m.title}`,
          at: now,
          emailKey: (userId) => `meeting-tomorrow:${m.id}:${m.startsAt.toISOString()}:${userId}`,
        })),
      );
      return true;
    });
    publishEvents(events);
    if (claimed) sent++;
  }
  return sent;
}

/** An action's owners hear 7 London days before it is due (once). */
export function actionReminderDueAt(dueAt: Date): Date {
  return londonWallTime(addLondonDays(londonDate(dueAt), -7), "09:00")!;
}

export async function sendActionDueReminders(now: Date): Promise<number> {
  const candidates = await database()
    .select({ id: actionItem.id, dueAt: actionItem.dueAt })
    .from(actionItem)
    .where(
      and(
        actionStillOpen(),
        isNull(actionItem.reminderSentAt),
        gt(actionItem.dueAt, now),
        lte(actionItem.dueAt, new Date(now.getTime() + 9 * DAY)),
        liveAction(),
      ),
    );
  let sent = 0;
  for (const c of candidates) {
    if (now < actionReminderDueAt(c.dueAt)) continue;
    const events: PendingEvent[] = [];
    const claimed = await transaction(async (tx) => {
      const [a] = await tx
        .update(actionItem)
        .set({ reminderSentAt: now })
        .where(and(eq(actionItem.id, c.id), isNull(actionItem.reminderSentAt), actionStillOpen(), gt(actionItem.dueAt, now)))
        .returning();
      if (!a) return false;
      events.push(
        ...(await notifyAbout(tx, "action-due", {
          userIds: await actionOwnerIds(a.organisation),
          message: `An action owned by ${ACTION_ORGANISATION_LABELS[a.organisation as ActionOrganisation] ?? a.organisation} is due on ${formatLondonDay(a.dueAt)}: ${a.title}. Please update the public action log with its progress.`,
          url: `/actions/${a.id}`,
          subject: `Action due on ${formatLondonDay(a.dueAt)}`,
          at: now,
          emailKey: (userId) => `action-due:${a.id}:${a.dueAt.toISOString()}:${userId}`,
        })),
      );
      return true;
    });
    publishEvents(events);
    if (claimed) sent++;
  }
  return sent;
}

/** When an action passes the end of its due day (London time) still open, its owners are told, once. */
export async function sendActionOverdueNotices(now: Date): Promise<number> {
  const events: PendingEvent[] = [];
  const count = await transaction(async (tx) => {
    const claimed = await tx
      .update(actionItem)
      .set({ overdueNoticeSentAt: now })
      .where(and(actionOverdue(now), isNull(actionItem.overdueNoticeSentAt), liveAction()))
      .returning();
    for (const a of claimed) {
      events.push(
        ...(await notifyAbout(tx, "action-due", {
          userIds: await actionOwnerIds(a.organisation),
          message: `An action owned by ${ACTION_ORGANISATION_LABELS[a.organisation as ActionOrganisation] ?? a.organisation} is now overdue: it was due on ${formatLondonDay(a.dueAt)}. ${a.title}. The public action log shows it as overdue until it is updated.`,
          url: `/actions/${a.id}`,
          subject: "An action is overdue",
          at: now,
          emailKey: (userId) => `action-overdue:${a.id}:${a.dueAt.toISOString()}:${userId}`,
        })),
      );
    }
    return claimed.length;
  });
  publishEvents(events);
  return count;
}

/** The meetings' and actions' scheduled jobs, in the order they run (app/services/jobs.server.ts registers them). */
export const meetingJobs = [
  { name: "meetings:day-before-reminders", run: sendMeetingReminders },
  { name: "actions:due-in-7-days-reminders", run: sendActionDueReminders },
  { name: "actions:overdue-notices", run: sendActionOverdueNotices },
];
