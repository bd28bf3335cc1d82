// The public clocks, in one place (PRODUCT.md: "Each thing that awaits a response carries a
// public clock"): 12 weeks from a consultation's close, 20 working days for a thread marked for
// response, the due date for an action, 20 working days after a month's My Met Service figures
// are final (4 weeks after the month) for that month's report. When each is due, whether it is overdue, how an answer
// counts (on time or late) and what the clock reads ("5 working days left", "Overdue by 3
// days") are decided here, and pages, /respond, the dashboard, feeds and open data all ask.
//
// Pure and safe on both sides: a page may draw a clock in the browser from the loader's `now`
// and get what the server drew. Every date is a London calendar date (working-days.ts).
import { formatLondonDate } from "./london-time";
import { WEEK } from "./time";
import { addLondonDays, addWorkingDays, calendarDaysBetween, endOfLondonDay, workingDaysBetween } from "./working-days";
import { plural } from "./plural";
import { lastDayOfMonth, londonMonth, previousMonth } from "./months";
import { FEEDBACK_LINK_DAYS } from "./feedback";

/** "You said, we did" is due this many weeks after a consultation closed (the UK government's standard). */
export const CONSULTATION_RESPONSE_WEEKS = 12;

/** A thread marked for response is due, unless the moderator picks another date, this many working days later. */
export const THREAD_RESPONSE_WORKING_DAYS = 20;

/** A month's My Met Service report awaits the Met's response this many working days after its figures are published. */
export const FEEDBACK_REPORT_WORKING_DAYS = 20;

/**
 * When a month's My Met Service figures are final, and published: a contact can be recorded up
 * to FEEDBACK_LINK_DAYS after it happened and its link answered for FEEDBACK_LINK_DAYS more,
 * counted in the month of the contact, so a month's figures can change until the end of the
 * 28th day after it. Published earlier, a change from one day to the next would tell someone
 * who knows of one contact (its officer) what that victim said.
 */
export function feedbackMonthFinalAt(month: string): Date {
  return endOfLondonDay(addLondonDays(lastDayOfMonth(month), 2 * FEEDBACK_LINK_DAYS));
}

/** The newest month whose figures are final at `now` (see feedbackMonthFinalAt). */
export function latestFinalFeedbackMonth(now: Date): string {
  let month = previousMonth(londonMonth(now));
  while (feedbackMonthFinalAt(month).getTime() >= now.getTime()) month = previousMonth(month);
  return month;
}

/** When a month's My Met Service report starts to await a response: when its figures are final and published. */
export function feedbackReportRequestedAt(month: string): Date {
  return feedbackMonthFinalAt(month);
}

/** When the Met's response to a month's report is due: the end of the 20th working day after its figures are published. */
export function feedbackReportDueAt(month: string): Date {
  return addWorkingDays(feedbackMonthFinalAt(month), FEEDBACK_REPORT_WORKING_DAYS);
}

/** When the official response to a consultation is due: 12 weeks after it closed. */
export function consultationResponseDueAt(closedAt: Date): Date {
  return new Date(closedAt.getTime() + CONSULTATION_RESPONSE_WEEKS * WEEK);
}

/** The usual due date of a thread marked for response: the end (London time) of the 20th working day after. */
export function threadResponseDueAt(markedAt: Date): Date {
  return addWorkingDays(markedAt, THREAD_RESPONSE_WORKING_DAYS);
}

/** Past its due moment. Due moments are the end of a London day, so "due 3 March" is overdue from 4 March. */
export function isPastDue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}

/** The statuses of an action still being worked on: only these can be overdue or be reminded of. */
export const ACTION_STILL_OPEN = ["open", "in-progress"] as const;

/** An action is overdue when it is open or in progress after the end of its due day. */
export function isActionOverdue(action: { status: string; dueAt: Date }, now: Date): boolean {
  return (ACTION_STILL_OPEN as readonly string[]).includes(action.status) && isPastDue(action.dueAt, now);
}

/** An answer is on time when it was published at or before the due moment. */
export function isAnsweredOnTime(answeredAt: Date, dueAt: Date): boolean {
  return answeredAt.getTime() <= dueAt.getTime();
}

export type ResponseOutcome = "on-time" | "late" | "overdue" | "not-yet-due";

/** How something awaiting a response stands: answered on time or late; unanswered and overdue, or still in time. */
export function responseOutcome(item: { dueAt: Date; answeredAt: Date | null }, now: Date): ResponseOutcome {
  if (item.answeredAt) return isAnsweredOnTime(item.answeredAt, item.dueAt) ? "on-time" : "late";
  return isPastDue(item.dueAt, now) ? "overdue" : "not-yet-due";
}

/**
 * Whole London calendar days from `from` to `to` (0 on the same London day): days to respond,
 * days to complete. Not clamped: an answer or a completion dated before what it ends would come
 * out negative, and is refused where it is written (issue 12), so a figure never hides one.
 */
export function londonDaysBetween(from: Date, to: Date): number {
  return calendarDaysBetween(from, to);
}

// ---------------------------------------------------------------------------------------------
// What a clock reads

/** What a clock counts while time is left: a thread's clock counts working days, the others calendar days. */
export type ClockCount = "days" | "working-days";

export type ClockKind = "thread" | "consultation" | "action" | "feedback-report";

export const CLOCK_COUNTS: Record<ClockKind, ClockCount> = { thread: "working-days", consultation: "days", action: "days", "feedback-report": "working-days" };

export type ClockState = {
  /** "3 March 2027". */
  dueDate: string;
  overdue: boolean;
  /** Days left (working days when `counts` says so; 0 = none left), or when overdue the calendar days past the due date (≥ 1). */
  days: number;
  counts: ClockCount;
  /** Due by the end of today, London time. */
  dueToday: boolean;
};

export function responseClock(dueAt: Date | string, now: Date | string, counts: ClockCount = "days"): ClockState {
  const due = new Date(dueAt);
  const at = new Date(now);
  const calendar = calendarDaysBetween(at, due);
  const overdue = isPastDue(due, at);
  const days = overdue ? Math.max(1, -calendar) : counts === "working-days" ? Math.max(0, workingDaysBetween(at, due)) : Math.max(0, calendar);
  return { dueDate: formatLondonDate(due), overdue, days, counts, dueToday: !overdue && calendar <= 0 };
}

/** The clock of one kind of thing: `clockFor("thread", dueAt, now)`. */
export function clockFor(kind: ClockKind, dueAt: Date | string, now: Date | string): ClockState {
  return responseClock(dueAt, now, CLOCK_COUNTS[kind]);
}


/** "Overdue by 3 days", "Due today", "5 working days left", "12 days left". */
export function clockText(state: ClockState): string {
  if (state.overdue) return `Overdue by ${plural(state.days, "day")}`;
  if (state.dueToday) return "Due today";
  if (state.counts === "working-days") return state.days === 0 ? "Less than 1 working day left" : `${plural(state.days, "working day")} left`;
  return `${plural(state.days, "day")} left`;
}

/** "overdue by 3 days" in the middle of a sentence. */
export function overdueText(state: ClockState): string {
  return `overdue by ${plural(state.days, "day")}`;
}
