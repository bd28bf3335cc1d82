// A grouped horizontal bar chart drawn on the server as SVG (no script), with the same figures
// in a data table under it, for the accountability dashboard.
//
// Why not the consultation results' BarChart (bar-chart.tsx): that one draws one series of
// shares and describes itself as "the share of people who chose each answer"; these charts
// compare organisations (several series) in shares or counts, and need their own description.
//
// Accessibility: the SVG is an image (role="img") named by its <title> and described by its
// <desc>, which reads every bar; every bar also carries its series name and figure as text, so
// nothing depends on colour; colours meet 3:1 against white (WCAG 1.4.11). The table is the
// place to read and copy the numbers; each figure in it can link to the records behind it.
import { Link } from "@remix-run/react";

export type ChartSeries = { key: string; name: string; colour: string };
export type ChartValue = { value: number | null; text: string; href?: string };
export type ChartGroup = { label: string; values: Record<string, ChartValue> };

const WIDTH = 680;
const GROUP_LABEL = 26;
const BAR = 22;
const BAR_GAP = 6;
const GROUP_GAP = 18;
const NAME_SPACE = 190;
const FIGURE_SPACE = 150;
const TEXT = "#0b0c0c";
const AXIS = "#505a5f";
const FONT = "arial, sans-serif";

export function describeChart(series: ChartSeries[], groups: ChartGroup[]): string {
  return groups.map((g) => `${g.label}: ${series.map((s) => `${s.name} ${g.values[s.key]?.text ?? "no figure"}`).join(", ")}`).join(". ");
}

export function SvgBarChart({
  id,
  title,
  summary,
  series,
  groups,
  max,
  groupHeading,
}: {
  id: string;
  title: string;
  /** One sentence saying what the bars measure. */
  summary: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** The value a full-length bar stands for (e.g. 100 for percentages); defaults to the largest value. */
  max?: number;
  /** The table's first column heading. */
  groupHeading: string;
}) {
  const groupHeight = GROUP_LABEL + series.length * (BAR + BAR_GAP) + GROUP_GAP;
  const height = Math.max(groupHeight, groups.length * groupHeight);
  const largest = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key]?.value ?? 0)));
  const scale = max ?? largest;
  const barSpace = WIDTH - NAME_SPACE - FIGURE_SPACE;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <div className="vvf-chart" data-testid={`chart-${id}`}>
      <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4">
        <svg
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          focusable="false"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{`${summary} ${describeChart(series, groups)}.`}</desc>
          {groups.map((g, gi) => {
            const top = gi * groupHeight;
            return (
              <g key={g.label}>
                <text x={0} y={top + GROUP_LABEL - 8} fill={TEXT} fontFamily={FONT} fontSize={16} fontWeight="bold">
                  {g.label}
                </text>
                <line x1={NAME_SPACE} x2={NAME_SPACE} y1={top + GROUP_LABEL - 2} y2={top + GROUP_LABEL + series.length * (BAR + BAR_GAP)} stroke={AXIS} strokeWidth={1} />
                {series.map((s, si) => {
                  const v = g.values[s.key];
                  const y = top + GROUP_LABEL + si * (BAR + BAR_GAP);
                  const length = v?.value == null ? 0 : Math.round((Math.max(0, Math.min(scale, v.value)) / scale) * barSpace);
                  return (
                    <g key={s.key}>
                      <text x={0} y={y + BAR - 6} fill={TEXT} fontFamily={FONT} fontSize={15}>
                        {s.name}
                      </text>
                      {v?.value != null ? <rect x={NAME_SPACE} y={y} width={Math.max(length, 2)} height={BAR} fill={s.colour} /> : null}
                      <text x={NAME_SPACE + Math.max(length, 2) + 8} y={y + BAR - 6} fill={TEXT} fontFamily={FONT} fontSize={15} fontWeight="bold">
                        {v?.text ?? "no figure"}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </figure>
      <div className="vvf-table-scroll">
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
                        (v?.text ?? "no figure")
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
