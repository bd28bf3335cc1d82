// My Met Service figures for staff (an officer's own, the supervisors' London, borough and
// officer figures): a chart of the mean rating and a table of every figure, each hidden figure
// reading "not shown" (the small-number rule of app/models/feedback/figures.server.ts).
import type { ReactNode } from "react";
import { BAR_COLOUR, BarChart } from "./bar-chart";
import { SummaryList, SummaryRow } from "./summary-list";
import { TableScroll } from "./table-scroll";

export type FigureCellView = { key: string; label: string; count: number | null; mean: number | null; distribution: number[] | null };
export type FiguresView = { count: number | null; distribution: (number | null)[]; mean: number | null; layers: FigureCellView[][] };

export const NOT_SHOWN = "not shown";
const SERIES = [{ key: "v", name: "Mean rating", colour: BAR_COLOUR }];
const RATING_NAMES = ["1 – Very badly", "2 – Badly", "3 – Neither well nor badly", "4 – Well", "5 – Very well"];

export const countText = (n: number | null) => (n === null ? NOT_SHOWN : n.toLocaleString("en-GB"));
export const meanText = (m: number | null) => (m === null ? NOT_SHOWN : `${m.toFixed(2)} out of 5`);

export function FiguresSummary({ figures, testId }: { figures: FiguresView; testId: string }) {
  return (
    <SummaryList testId={testId}>
      <SummaryRow label="Ratings" valueTestId={`${testId}-count`}>
        {countText(figures.count)}
      </SummaryRow>
      <SummaryRow label="Mean rating" valueTestId={`${testId}-mean`}>
        {meanText(figures.mean)}
      </SummaryRow>
    </SummaryList>
  );
}

/** How many gave each rating, as a chart with its table. */
export function RatingDistribution({ id, title, figures }: { id: string; title: string; figures: FiguresView }) {
  return (
    <BarChart
      id={id}
      title={title}
      summary="How many victims gave each rating, from 1 (very badly) to 5 (very well)."
      series={[{ key: "v", name: "Ratings", colour: BAR_COLOUR }]}
      groups={figures.distribution
        .map((n, i) => ({ label: RATING_NAMES[i], values: { v: { value: n, text: countText(n) } } }))
        .reverse()}
      table={{ groupHeading: "Rating" }}
    />
  );
}

/** One breakdown (months, kinds of contact, boroughs, officers): the mean by group as a chart, and a table of counts and means. */
export function Breakdown({
  id,
  title,
  heading,
  cells,
  extraColumn,
  chart = true,
}: {
  id: string;
  title: string;
  heading: string;
  cells: FigureCellView[];
  extraColumn?: { heading: string; value: (cell: FigureCellView) => ReactNode };
  chart?: boolean;
}) {
  return (
    <div data-testid={`breakdown-${id}`}>
      {chart ? (
        <BarChart
          id={id}
          title={`${title}: mean rating`}
          summary="The mean rating out of 5, where it may be shown."
          series={SERIES}
          max={5}
          groups={cells.map((c) => ({ label: c.label, values: { v: { value: c.mean, text: meanText(c.mean) } } }))}
        />
      ) : null}
      <TableScroll>
        <table className="govuk-table govuk-!-font-size-16">
          <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {extraColumn ? (
                <th scope="col" className="govuk-table__header">
                  {extraColumn.heading}
                </th>
              ) : null}
              <th scope="col" className="govuk-table__header">
                {heading}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Ratings
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Mean rating
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {cells.map((c) => (
              <tr className="govuk-table__row" key={c.key} data-testid="figure-row">
                {extraColumn ? <td className="govuk-table__cell">{extraColumn.value(c)}</td> : null}
                <th scope="row" className="govuk-table__header">
                  {c.label}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{countText(c.count)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{meanText(c.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

export function SmallNumberRule() {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Why some figures read “not shown”</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          No figure here counts 1 to 4 ratings, and none can be subtracted from another to count 1 to 4 ratings, so that nobody can work out
          what one victim said. A figure that would do so reads “not shown”, and so do enough others that it cannot be worked out from
          them. A mean rating is shown only where the number who gave each rating could be shown too.
        </p>
        <p className="govuk-body">
          The figures count answers up to the end of last month, so that none of them changes on the day of a single contact.
        </p>
      </div>
    </details>
  );
}
