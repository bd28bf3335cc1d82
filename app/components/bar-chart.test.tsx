import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, type ChartGroup, type ChartSeries } from "./bar-chart";

const render = (element: React.ReactElement) => renderToStaticMarkup(<StaticRouter location="/">{element}</StaticRouter>);

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
/** Each drawn bar's length, as a share of the full track, in the order the bars are drawn. */
const barLengths = (html: string) => [...html.matchAll(/<svg class="vvf-bar-chart__bar"[^>]*>(.*?)<\/svg>/g)].map(([, inner]) => (inner ? Number(/width="([\d.]+)"/.exec(inner)![1]) : null));

const share: ChartSeries[] = [{ key: "share", name: "Share", colour: "#1d70b8" }];
const answers: ChartGroup[] = [
  { label: "Yes", values: { share: { value: 60, text: "12 (60%)" } } },
  { label: "No", values: { share: { value: 15, text: "3 (15%)" } } },
  { label: "Not sure", values: { share: { value: null, text: "not shown" } } },
];

const orgs: ChartSeries[] = [
  { key: "met", name: "Metropolitan Police", colour: "#1d70b8" },
  { key: "mopac", name: "MOPAC", colour: "#4c2c92" },
];
const actions: ChartGroup[] = [
  { label: "Open", values: { met: { value: 8, text: "8", href: "/actions?status=open&organisation=met" }, mopac: { value: 2, text: "2" } } },
  { label: "Done", values: { met: { value: 4, text: "4" }, mopac: { value: 0, text: "0" } } },
];

describe("BarChart", () => {
  it("is one image named by its title and described by every bar in words", () => {
    const html = render(<BarChart id="q1" title="Question 1: Should letters name a contact?" summary="Bar chart of the share of people who chose each answer." series={share} groups={answers} max={100} />);
    expect(html.match(/role="img"/g)).toHaveLength(1);
    expect(html).toContain('role="img" aria-labelledby="q1-title" aria-describedby="q1-desc"');
    expect(textOf(html, "q1-title")).toBe("Question 1: Should letters name a contact?");
    expect(textOf(html, "q1-desc")).toBe("Bar chart of the share of people who chose each answer. Yes: 12 (60%); No: 3 (15%); Not sure: not shown.");
  });

  it("draws bars in proportion to the full length they stand for, and none where a figure is hidden", () => {
    const html = render(<BarChart id="q1" title="Q1" summary="Shares." series={share} groups={answers} max={100} />);
    expect(barLengths(html)).toEqual([60, 15, null]);
    expect(html).toContain("not shown");
    // Without a given full length, the largest value is the full length.
    const counts = render(<BarChart id="a" title="Actions" summary="Counts." series={orgs} groups={actions} />);
    expect(barLengths(counts)).toEqual([100, 25, 50, 0.5]); // 8, 2, 4 of 8; a zero keeps a sliver
  });

  it("writes its words as page text beside the bars, not inside a scaled drawing, so they stay readable on a phone", () => {
    const html = render(<BarChart id="a" title="Actions" summary="Counts." series={orgs} groups={actions} />);
    expect(html).not.toContain("<text");
    expect(html).toContain('<span class="vvf-bar-chart__group">Open</span><span class="vvf-bar-chart__name">Metropolitan Police</span>');
    expect(html).toContain('<span class="vvf-bar-chart__figure">8</span>');
    expect(textOf(html, "a-desc")).toBe("Counts. Open: Metropolitan Police 8, MOPAC 2; Done: Metropolitan Police 4, MOPAC 0.");
  });

  it("gives the same figures as a table, each linking to its records where it can", () => {
    const html = render(<BarChart id="a" title="Actions by status" summary="Counts." series={orgs} groups={actions} table={{ groupHeading: "Status" }} />);
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Actions by status: the figures</caption>');
    expect([...html.matchAll(/<th scope="col"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["Status", "Metropolitan Police", "MOPAC"]);
    expect([...html.matchAll(/<th scope="row"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["Open", "Done"]);
    expect(html).toMatch(/<a class="govuk-link"[^>]* href="\/actions\?status=open&amp;organisation=met">8<\/a>/);
    // Without a table asked for, the page shows its own beside the chart.
    expect(render(<BarChart id="q" title="Q" summary="S." series={share} groups={answers} />)).not.toContain("<table");
  });
});
