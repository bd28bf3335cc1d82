// The accountability dashboard's tables (every figure a link to the records behind it) and the
// definitions of its figures. Presentational only: the loader sends every text and link.
import { Link } from "@remix-run/react";
import { BarChart, type ChartGroup, type ChartSeries } from "./bar-chart";
import { plural } from "~/utils/plural";
import { CONSULTATION_RESPONSE_WEEKS, FEEDBACK_REPORT_WORKING_DAYS, THREAD_RESPONSE_WORKING_DAYS } from "~/utils/clocks";
import { SummaryList, SummaryRow } from "./summary-list";
import { TableScroll } from "./table-scroll";

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

type Column<K extends string> = { key: K; measure: string; heading: string };

const RESPONSE_COLUMNS: Column<"due" | "onTime" | "late" | "awaiting" | "overdue" | "share" | "median">[] = [
  { key: "due", measure: "due", heading: "Due" },
  { key: "onTime", measure: "on-time", heading: "Answered on time" },
  { key: "late", measure: "late", heading: "Answered late" },
  { key: "awaiting", measure: "awaiting", heading: "Still awaiting" },
  { key: "overdue", measure: "overdue", heading: "Overdue (of still awaiting)" },
  { key: "share", measure: "share", heading: "Share answered by due date" },
  { key: "median", measure: "median", heading: "Median time to respond" },
];

const ACTION_COLUMNS: Column<"actions" | "open" | "inProgress" | "done" | "notDoing" | "overdue" | "median">[] = [
  { key: "actions", measure: "actions", heading: "Actions" },
  { key: "open", measure: "open", heading: "Open" },
  { key: "inProgress", measure: "in-progress", heading: "In progress" },
  { key: "overdue", measure: "action-overdue", heading: "Overdue (of open and in progress)" },
  { key: "done", measure: "done", heading: "Done" },
  { key: "notDoing", measure: "not-doing", heading: "Not doing" },
  { key: "median", measure: "median", heading: "Median time to complete" },
];

/**
 * One table of figures for several organisations. `byQuarter` false: one row per organisation,
 * all quarters together. True: the organisations' quarters, each organisation a group of rows.
 */
function FiguresTable<K extends string>({
  testId,
  caption,
  columns,
  sections,
  rowsOf,
  byQuarter,
}: {
  testId: string;
  caption: string;
  columns: Column<K>[];
  sections: Section[];
  rowsOf: (s: Section) => Row<K>[];
  byQuarter: boolean;
}) {
  const cells = (r: Row<K>) =>
    columns.map((c) => (
      <td className="govuk-table__cell" data-measure={c.measure} key={c.key}>
        <CellLink cell={r.cells[c.key]} />
      </td>
    ));
  return (
    <TableScroll>
      <table className="govuk-table govuk-!-font-size-16" data-testid={testId}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              {byQuarter ? "Quarter due" : "Organisation"}
            </th>
            {columns.map((c) => (
              <th scope="col" className="govuk-table__header" key={c.key}>
                {c.heading}
              </th>
            ))}
          </tr>
        </thead>
        {byQuarter ? (
          sections.map((s) => {
            const rows = rowsOf(s).filter((r) => r.quarterCode !== null);
            return rows.length ? (
              <tbody className="govuk-table__body" key={s.key} data-organisation={s.key}>
                <tr className="govuk-table__row">
                  <th scope="rowgroup" colSpan={columns.length + 1} className="govuk-table__header vvf-table__group">
                    {s.name}
                  </th>
                </tr>
                {rows.map((r) => (
                  <tr className="govuk-table__row" key={r.quarter} data-organisation={s.key} data-quarter={r.quarterCode}>
                    <th scope="row" className="govuk-table__header">
                      {r.quarter}
                    </th>
                    {cells(r)}
                  </tr>
                ))}
              </tbody>
            ) : null;
          })
        ) : (
          <tbody className="govuk-table__body">
            {sections.map((s) => {
              const r = rowsOf(s).find((x) => x.quarterCode === null);
              return r ? (
                <tr className="govuk-table__row" key={s.key} data-organisation={s.key} data-quarter="all">
                  <th scope="row" className="govuk-table__header">
                    {s.name}
                  </th>
                  {cells(r)}
                </tr>
              ) : null;
            })}
          </tbody>
        )}
      </table>
    </TableScroll>
  );
}

/** The official responses asked of the Met and MOPAC: one row each (and both together), then every quarter in a details. */
export function ResponsesTables({ sections }: { sections: Section[] }) {
  const asked = sections.filter((s) => s.asksForResponses);
  const quarters = asked.some((s) => s.responses.some((r) => r.quarterCode !== null));
  return (
    <>
      <FiguresTable testId="responses-table" caption="Official responses, all quarters" columns={RESPONSE_COLUMNS} sections={asked} rowsOf={(s) => s.responses} byQuarter={false} />
      {quarters ? (
        <details className="govuk-details" data-testid="responses-by-quarter-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Official responses by quarter</span>
          </summary>
          <div className="govuk-details__text">
            <FiguresTable
              testId="responses-by-quarter"
              caption="Official responses, by quarter of their due date"
              columns={RESPONSE_COLUMNS}
              sections={asked}
              rowsOf={(s) => s.responses}
              byQuarter
            />
          </div>
        </details>
      ) : null}
    </>
  );
}

/** The actions of every owner: one row each (and everyone together), then every quarter in a details. */
export function ActionsTables({ sections }: { sections: Section[] }) {
  const quarters = sections.some((s) => s.actions.some((r) => r.quarterCode !== null));
  return (
    <>
      <FiguresTable testId="actions-table" caption="Actions, all quarters" columns={ACTION_COLUMNS} sections={sections} rowsOf={(s) => s.actions} byQuarter={false} />
      {quarters ? (
        <details className="govuk-details" data-testid="actions-by-quarter-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Actions by quarter</span>
          </summary>
          <div className="govuk-details__text">
            <FiguresTable testId="actions-by-quarter" caption="Actions, by quarter of their due date" columns={ACTION_COLUMNS} sections={sections} rowsOf={(s) => s.actions} byQuarter />
          </div>
        </details>
      ) : null}
    </>
  );
}

export type OverdueShare = { key: string; name: string; overdue: number; unfinished: number; href: string };

/**
 * The actions part of the dashboard. The chart has one bar per status, so an organisation's bars
 * add up to its actions; overdue ones are part of the open and in-progress bars, and are said in
 * words below, never drawn beside them. With no actions at all it is a sentence, not a chart of
 * zeros, and an owner with none is named in a sentence rather than drawn as empty bars.
 */
export function ActionsByStatus({
  total,
  series,
  groups,
  withoutActions,
  overdue,
}: {
  total: number;
  series: ChartSeries[];
  groups: ChartGroup[];
  withoutActions: string[];
  overdue: OverdueShare[];
}) {
  if (total === 0) {
    return (
      <p className="govuk-body" data-testid="no-actions">
        No actions have been agreed yet.
      </p>
    );
  }
  const anyOverdue = overdue.some((o) => o.overdue > 0);
  return (
    <>
      <BarChart
        id="actions"
        title="Actions by status, per organisation"
        summary="How many of each organisation's public actions are open, in progress, done or not being done. Each action has one status."
        series={series}
        groups={groups}
      />
      {withoutActions.length ? (
        <p className="govuk-body" data-testid="without-actions">
          No actions yet for {withoutActions.join(" or ")}.
        </p>
      ) : null}
      <h3 className="govuk-heading-s">Overdue actions</h3>
      <p className="govuk-body">An action is overdue when it is still open or in progress after its due date.</p>
      {anyOverdue ? (
        <ul className="govuk-list govuk-list--bullet" data-testid="actions-overdue">
          {overdue.map((o) => (
            <li key={o.key} data-organisation={o.key}>
              {o.name}:{" "}
              <Link className="govuk-link" to={o.href}>
                {o.overdue} overdue
              </Link>
              , of {plural(o.unfinished, "action")} open or in progress
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body" data-testid="actions-overdue">
          No action is overdue.
        </p>
      )}
    </>
  );
}

/** How each figure is worked out, in plain words (the README's Decisions section says why). */
export function FigureDefinitions() {
  return (
    <section aria-labelledby="definitions">
      <h2 className="govuk-heading-m" id="definitions">
        How the figures are worked out
      </h2>
      <p className="govuk-body">All dates and days are in London time.</p>
      <SummaryList>
        <SummaryRow label="Items awaiting a response">
          <p className="govuk-body">There are three kinds. The first is a discussion thread that a moderator asked the Met or MOPAC to answer.</p>
          <p className="govuk-body">
            Its answer is due {THREAD_RESPONSE_WORKING_DAYS} working days later, by the end of that day. Weekends and bank holidays do not count.
          </p>
          <p className="govuk-body">
            The second is a consultation. Once it closes, its &ldquo;You said, we did&rdquo; answer is due {CONSULTATION_RESPONSE_WEEKS} weeks later. This is the UK
            government&apos;s standard.
          </p>
          <p className="govuk-body">We count a consultation before its results are published, but we do not name it until then.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">
            The third is a month&apos;s My Met Service report: how victims rated the officers they met. Its figures are published 4 weeks after the
            month, once they can no longer change. The Met&apos;s answer is due {FEEDBACK_REPORT_WORKING_DAYS} working days later.
          </p>
        </SummaryRow>
        <SummaryRow label="Answered on time">
          <p className="govuk-body">The organisation published its first official response by the due date and time.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">A later response on the same item does not change this.</p>
        </SummaryRow>
        <SummaryRow label="Overdue">
          <p className="govuk-body">An item is overdue when it has no answer and its due date and time have passed.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">
            An action is overdue when it is still open or in progress after its due day. So overdue actions are part of the open and in progress ones.
          </p>
        </SummaryRow>
        <SummaryRow label="Share answered by due date">
          <p className="govuk-body">We divide the items answered on time by all items that were answered or are overdue.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">We leave out items not yet due and not yet answered. They can still be answered on time.</p>
        </SummaryRow>
        <SummaryRow label="Median time to respond">
          <p className="govuk-body">We count calendar days from the request to the first response. The request is the day a thread was marked, or a consultation closed.</p>
          <p className="govuk-body">The median is the middle value of the answered items. One very slow or very fast answer hardly moves it.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">With an even number of items, it is the average of the two middle values.</p>
        </SummaryRow>
        <SummaryRow label="Median time to complete">Calendar days from the day an action was agreed to the day it was marked done. Only actions that are done count.</SummaryRow>
        <SummaryRow label="Quarters">
          <p className="govuk-body">We group items by the quarter of their due date: January to March, April to June, July to September, October to December.</p>
          <p className="govuk-body govuk-!-margin-bottom-0">So each quarter shows the deadlines that fell in it. An item stays in its quarter when it is answered.</p>
        </SummaryRow>
      </SummaryList>
    </section>
  );
}
