// The public clock on something that awaits an official response: the due date and how many
// days are left, or how overdue it is. Pure: it takes `now`, so the server and the browser
// (given the loader's `now`) draw the same thing. Days are London calendar days.
import { formatLondonDate } from "~/utils/london-time";
import { londonDate } from "~/utils/working-days";

const DAY = 86_400_000;

function dayNumber(iso: string) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

export type ClockState = { dueDate: string; overdue: boolean; days: number };

/** `days` is the days left (0 = due today) or, when overdue, the days past the due date (≥ 1). */
export function responseClock(dueAt: Date | string, now: Date | string): ClockState {
  const due = new Date(dueAt);
  const at = new Date(now);
  const diff = dayNumber(londonDate(due)) - dayNumber(londonDate(at));
  const overdue = at.getTime() > due.getTime();
  return { dueDate: formatLondonDate(due), overdue, days: overdue ? Math.max(1, -diff) : Math.max(0, diff) };
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function clockText(state: ClockState): string {
  if (state.overdue) return `Overdue by ${plural(state.days, "day")}`;
  if (state.days === 0) return "Due today";
  return `${plural(state.days, "day")} left`;
}

/** A tag and a due date, for the thread page. */
export function ResponseClock({ dueAt, now, organisationName }: { dueAt: Date | string; now: Date | string; organisationName: string }) {
  const state = responseClock(dueAt, now);
  return (
    <p className="govuk-body vvf-response-clock">
      <strong className={`govuk-tag ${state.overdue ? "govuk-tag--red" : "govuk-tag--yellow"}`}>{clockText(state)}</strong>{" "}
      Awaiting a response from {organisationName}. Due {state.dueDate}.
    </p>
  );
}

/** One line for a list: "Awaiting response from the Met — due 3 December 2026". */
export function ResponseClockLine({ dueAt, now, organisationName }: { dueAt: Date | string; now: Date | string; organisationName: string }) {
  const state = responseClock(dueAt, now);
  return (
    <span className="vvf-response-clock">
      Awaiting response from {organisationName} —{" "}
      {state.overdue ? <strong>overdue by {plural(state.days, "day")}</strong> : <>due {state.dueDate}</>}
    </span>
  );
}
