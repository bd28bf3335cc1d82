// The one bar chart: horizontal bars drawn on the server (no script, nothing to load), used by
// the consultation results and the accountability dashboard.
//
// Words in HTML, bars in SVG. The words (labels and figures) are page text at the page's size,
// so they stay readable on a 375px phone: a chart drawn wholly in one scaled-down SVG shrinks
// its text with its width (labels of about 7px on a phone). Each bar is a small SVG stretched
// to its track, so every bar's length is in proportion to the same full length whatever the
// screen; SVG, not a coloured box, because a box's background disappears in forced colours
// (Windows contrast themes), where the bars here take the text colour.
//
// Hand-written on purpose: a few rectangles and labels, where the chart libraries that render
// without a DOM bring far more, with their own accessibility choices. Accessibility: the chart
// is an image (role="img") named by its title and described by a sentence that reads out every
// bar; the same figures are in a real data table (here, or beside the chart on the page), which
// is what screen reader users and anyone copying the numbers should use. Colours meet 3:1
// against white (WCAG 1.4.11) and nothing is carried by colour alone: every bar has its words.
import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { TableScroll } from "./table-scroll";

/** One set of bars: with several, each group shows one bar per series (e.g. per organisation). */
export type ChartSeries = { key: string; name: string; colour: string };
/** value null: no bar is drawn (no figure, or one hidden by the small-number rule); text says why. */
export type ChartValue = { value: number | null; text: string; href?: string };
export type ChartGroup = { label: string; values: Record<string, ChartValue> };

/** GOV.UK blue, 5.2:1 on white: the colour of a chart with one series. */
export const BAR_COLOUR = "#1d70b8";

const NO_FIGURE = "no figure";

/** Every bar in words, for the chart's description. */
export function describeChart(series: ChartSeries[], groups: ChartGroup[]): string {
  const single = series.length === 1;
  return groups
    .map((g) => `${g.label}: ${series.map((s) => `${single ? "" : `${s.name} `}${g.values[s.key]?.text ?? NO_FIGURE}`).join(", ")}`)
    .join("; ");
}

/** A bar's length as a share of the full track (0–100), or null where no bar is drawn. */
export function barLength(value: number | null | undefined, scale: number): number | null {
  if (value === null || value === undefined) return null;
  const share = (Math.max(0, Math.min(scale, value)) / scale) * 100;
  return Math.round(share * 10) / 10;
}

export function BarChart({
  id,
  title,
  summary,
  series,
  groups,
  max,
  table,
}: {
  id: string;
  /** Names the chart (and its table). */
  title: string;
  /** One sentence saying what the bars measure; the description goes on to read every bar. */
  summary: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** The value a full-length bar stands for (e.g. 100 for percentages); defaults to the largest value. */
  max?: number;
  /** Draws the figures as a table under the chart, with this first column heading; leave out where the page has its own table. */
  table?: { groupHeading: string };
}) {
  const single = series.length === 1;
  const scale = max ?? Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key]?.value ?? 0)));
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <div className="vvf-bar-chart" data-testid={`chart-${id}`}>
      <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4">
        <div role="img" aria-labelledby={titleId} aria-describedby={descId} className={`vvf-bar-chart__bars${single ? "" : " vvf-bar-chart__bars--series"}`}>
          <span id={titleId} className="govuk-visually-hidden">
            {title}
          </span>
          <span id={descId} className="govuk-visually-hidden">{`${summary} ${describeChart(series, groups)}.`}</span>
          {groups.map((g) => (
            <Fragment key={g.label}>
              {single ? null : <span className="vvf-bar-chart__group">{g.label}</span>}
              {series.map((s) => {
                const v = g.values[s.key];
                const length = barLength(v?.value, scale);
                return (
                  <Fragment key={s.key}>
                    <span className="vvf-bar-chart__name">{single ? g.label : s.name}</span>
                    <svg className="vvf-bar-chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                      {/* A zero still shows a sliver, so it reads as a figure of none, not a missing one. */}
                      {length === null ? null : <rect x={0} y={0} width={Math.max(length, 0.5)} height={10} fill={s.colour} />}
                    </svg>
                    <span className={`vvf-bar-chart__figure${length === null ? " vvf-bar-chart__figure--none" : ""}`}>{v?.text ?? NO_FIGURE}</span>
                  </Fragment>
                );
              })}
            </Fragment>
          ))}
        </div>
      </figure>
      {table ? <FigureTable title={title} groupHeading={table.groupHeading} series={series} groups={groups} /> : null}
    </div>
  );
}

function FigureTable({ title, groupHeading, series, groups }: { title: string; groupHeading: string; series: ChartSeries[]; groups: ChartGroup[] }) {
  return (
    <TableScroll>
      <table className="govuk-table govuk-!-font-size-16">
        <caption className="govuk-table__caption govuk-table__caption--s">{title}: the figures</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              {groupHeading}
            </th>
            {series.map((s) => (
              <th scope="col" className="govuk-table__header" key={s.key}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {groups.map((g) => (
            <tr className="govuk-table__row" key={g.label}>
              <th scope="row" className="govuk-table__header">
                {g.label}
              </th>
              {series.map((s) => {
                const v = g.values[s.key];
                return (
                  <td className="govuk-table__cell" key={s.key}>
                    {v?.href ? (
                      <Link className="govuk-link" to={v.href}>
                        {v.text}
                      </Link>
                    ) : (
                      (v?.text ?? NO_FIGURE)
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
