// The public clock on something that awaits an official response: the due date and how much
// time is left, or how overdue it is. What the clock reads is decided in ~/utils/clocks; this
// draws it. Pure: it takes `now`, so the server and the browser (given the loader's `now`) draw
// the same thing.
import { clockFor, clockText, overdueText, type ClockKind } from "~/utils/clocks";

type ClockProps = { kind: ClockKind; dueAt: Date | string; now: Date | string; organisationName: string };

/** A tag and a due date, for the page of the thing awaiting a response. */
export function ResponseClock({ kind, dueAt, now, organisationName }: ClockProps) {
  const state = clockFor(kind, dueAt, now);
  return (
    <p className="govuk-body vvf-response-clock">
      <strong className={`govuk-tag ${state.overdue ? "govuk-tag--red" : "govuk-tag--yellow"}`}>{clockText(state)}</strong>{" "}
      Awaiting a response from {organisationName}. Due {state.dueDate}.
    </p>
  );
}

/** One line for a list: "Awaiting response from the Met — due 3 December 2026". */
export function ResponseClockLine({ kind, dueAt, now, organisationName }: ClockProps) {
  const state = clockFor(kind, dueAt, now);
  return (
    <span className="vvf-response-clock">
      Awaiting response from {organisationName} — {state.overdue ? <strong>{overdueText(state)}</strong> : <>due {state.dueDate}</>}
    </span>
  );
}
