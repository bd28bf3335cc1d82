// The accountability dashboard's tables (every figure a link to the records behind it) and the
// definitions of its figures. Presentational only: the loader sends every text and link.
import { Link } from "@remix-run/react";

export type FigureCell = { text: string; href: string | null };
type Cells<K extends string> = Record<K, FigureCell>;
type Row<K extends string> = { quarter: string; quarterCode: string | null; cells: Cells<K> };

/** One organisation's (or everyone's) figures, per quarter of the due date. */
export type Section = {
  key: string;
  name: string;
  asksForResponses: boolean;
  responses: Row<"due" | "onTime" | "late" | "awaiting" | "overdue" | "share" | "median">[];
  actions: Row<"actions" | "open" | "inProgress" | "done" | "notDoing" | "overdue" | "median">[];
};

function CellLink({ cell }: { cell: FigureCell }) {
  return cell.href ? (
    <Link className="govuk-link" to={cell.href}>
      {cell.text}
    </Link>
  ) : (
    <>{cell.text}</>
  );
}

export function ResponsesTable({ section }: { section: Section }) {
  return (
    <div className="vvf-table-scroll">
      <table className="govuk-table govuk-!-font-size-16" data-testid={`responses-table-${section.key}`}>
        <caption className="govuk-table__caption govuk-table__caption--s">Official responses asked of {section.name === "All organisations" ? "the Met and MOPAC" : section.name}, by quarter of their due date</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Quarter due</th>
            <th scope="col" className="govuk-table__header">Due</th>
            <th scope="col" className="govuk-table__header">Answered on time</th>
            <th scope="col" className="govuk-table__header">Answered late</th>
            <th scope="col" className="govuk-table__header">Still awaiting</th>
            <th scope="col" className="govuk-table__header">Overdue</th>
            <th scope="col" className="govuk-table__header">Share answered by due date</th>
            <th scope="col" className="govuk-table__header">Median time to respond</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {section.responses.map((r) => (
            <tr className="govuk-table__row" key={r.quarter} data-quarter={r.quarterCode ?? "all"}>
              <th scope="row" className="govuk-table__header">{r.quarter}</th>
              <td className="govuk-table__cell" data-measure="due"><CellLink cell={r.cells.due} /></td>
              <td className="govuk-table__cell" data-measure="on-time"><CellLink cell={r.cells.onTime} /></td>
              <td className="govuk-table__cell" data-measure="late"><CellLink cell={r.cells.late} /></td>
              <td className="govuk-table__cell" data-measure="awaiting"><CellLink cell={r.cells.awaiting} /></td>
              <td className="govuk-table__cell" data-measure="overdue"><CellLink cell={r.cells.overdue} /></td>
              <td className="govuk-table__cell" data-measure="share"><CellLink cell={r.cells.share} /></td>
              <td className="govuk-table__cell" data-measure="median"><CellLink cell={r.cells.median} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ActionsTable({ section }: { section: Section }) {
  return (
    <div className="vvf-table-scroll">
      <table className="govuk-table govuk-!-font-size-16" data-testid={`actions-table-${section.key}`}>
        <caption className="govuk-table__caption govuk-table__caption--s">Actions owned by {section.name === "All organisations" ? "anyone" : section.name}, by quarter of their due date</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Quarter due</th>
            <th scope="col" className="govuk-table__header">Actions</th>
            <th scope="col" className="govuk-table__header">Open</th>
            <th scope="col" className="govuk-table__header">In progress</th>
            <th scope="col" className="govuk-table__header">Done</th>
            <th scope="col" className="govuk-table__header">Not doing</th>
            <th scope="col" className="govuk-table__header">Overdue</th>
            <th scope="col" className="govuk-table__header">Median time to complete</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {section.actions.map((r) => (
            <tr className="govuk-table__row" key={r.quarter} data-quarter={r.quarterCode ?? "all"}>
              <th scope="row" className="govuk-table__header">{r.quarter}</th>
              <td className="govuk-table__cell" data-measure="actions"><CellLink cell={r.cells.actions} /></td>
              <td className="govuk-table__cell" data-measure="open"><CellLink cell={r.cells.open} /></td>
              <td className="govuk-table__cell" data-measure="in-progress"><CellLink cell={r.cells.inProgress} /></td>
              <td className="govuk-table__cell" data-measure="done"><CellLink cell={r.cells.done} /></td>
              <td className="govuk-table__cell" data-measure="not-doing"><CellLink cell={r.cells.notDoing} /></td>
              <td className="govuk-table__cell" data-measure="action-overdue"><CellLink cell={r.cells.overdue} /></td>
              <td className="govuk-table__cell" data-measure="median"><CellLink cell={r.cells.median} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How each figure is worked out, in plain words (the README's Decisions section says why). */
export function FigureDefinitions() {
  return (
    <section aria-labelledby="definitions">
      <h2 className="govuk-heading-m" id="definitions">
        How the figures are worked out
      </h2>
      <p className="govuk-body">All dates and days are in London time (GMT or BST, whichever is in force).</p>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Items awaiting a response</dt>
          <dd className="govuk-summary-list__value">
            A discussion thread a moderator marked for a response from the Met or MOPAC (due 20 working days later, by the end of that
            day; weekends and bank holidays in England and Wales do not count), and a consultation once it closes (its &ldquo;You said,
            we did&rdquo; response is due 12 weeks after it closed, the UK government&apos;s standard for consultation responses). Until a
            consultation&apos;s results are published it is counted but not named.
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Answered on time</dt>
          <dd className="govuk-summary-list__value">
            The organisation asked published its first official response on the item at or before its due date and time. A later
            response on the same item does not change this.
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Overdue</dt>
          <dd className="govuk-summary-list__value">
            An item: not answered, and its due date and time have passed. An action: open or in progress after the end of its due day.
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Share answered by due date</dt>
          <dd className="govuk-summary-list__value">
            Answered on time ÷ (answered on time + answered late + overdue). Items not yet due and not yet answered are left out: they can
            still be answered on time.
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Median time to respond</dt>
          <dd className="govuk-summary-list__value">
            Calendar days from the request (the day the thread was marked for response, or the day the consultation closed) to the day of
            the first response; 0 when both fall on the same day. The median is the middle value of the answered items (the average of
            the two middle values when there is an even number), so one very slow or very fast answer does not move it much.
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Median time to complete</dt>
          <dd className="govuk-summary-list__value">Calendar days from the day an action was agreed to the day it was marked done, over actions that are done.</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Quarters</dt>
          <dd className="govuk-summary-list__value">
            Calendar quarters (January to March, April to June, July to September, October to December) of the <strong>due date</strong>, so
            each quarter&apos;s figures are about the deadlines that fell in it, and an item moves to no other quarter when it is answered.
          </dd>
        </div>
      </dl>
    </section>
  );
}
