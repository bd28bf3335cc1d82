// A horizontal bar chart drawn on the server as SVG: no script, no DOM, nothing to load.
//
// Hand-written on purpose: it is a few rectangles and labels, and the chart libraries that
// render without a DOM (or in React on the server) bring far more than that, with their own
// accessibility choices. Accessibility here: the SVG is an image (role="img") named by its
// <title> and described by its <desc>, which reads out every bar's figure; the same figures
// are in a real data table beside the chart (ConsultationResults), which is what screen reader
// users and anyone copying the numbers should use. Colours meet 3:1 against white (WCAG 1.4.11)
// and no information is carried by colour alone: each bar is labelled with its count and share.
import type { ReactNode } from "react";

export type Bar = { label: string; count: number; percent: number };

const WIDTH = 420;
const LABEL_HEIGHT = 22;
const BAR_HEIGHT = 24;
const GAP = 14;
const FIGURE_SPACE = 110;
const BAR_COLOUR = "#1d70b8"; // GOV.UK blue: 5.2:1 on white
const TEXT_COLOUR = "#0b0c0c";

export function describeBars(bars: Bar[]): string {
  return bars.map((b) => `${b.label}: ${b.count} (${b.percent}%)`).join("; ");
}

export function BarChart({ id, title, bars, caption }: { id: string; title: string; bars: Bar[]; caption?: ReactNode }) {
  const row = LABEL_HEIGHT + BAR_HEIGHT + GAP;
  const height = Math.max(row, bars.length * row);
  const maxBar = WIDTH - FIGURE_SPACE;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4">
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        focusable="false"
        fontFamily="arial, sans-serif"
        data-testid="bar-chart"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{`Bar chart of the share of people who chose each answer. ${describeBars(bars)}.`}</desc>
        {bars.map((b, i) => {
          const y = i * row;
          const length = Math.round((Math.max(0, Math.min(100, b.percent)) / 100) * maxBar);
          return (
            <g key={i}>
              <text x={0} y={y + LABEL_HEIGHT - 6} fill={TEXT_COLOUR} fontSize={16}>
                {b.label.length > 44 ? `${b.label.slice(0, 43)}…` : b.label}
              </text>
              <rect x={0} y={y + LABEL_HEIGHT} width={Math.max(length, 2)} height={BAR_HEIGHT} fill={BAR_COLOUR} />
              <text x={Math.max(length, 2) + 8} y={y + LABEL_HEIGHT + BAR_HEIGHT - 6} fill={TEXT_COLOUR} fontSize={16} fontWeight="bold">
                {`${b.count} (${b.percent}%)`}
              </text>
            </g>
          );
        })}
      </svg>
      {caption ? <figcaption className="govuk-body-s">{caption}</figcaption> : null}
    </figure>
  );
}
