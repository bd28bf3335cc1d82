import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ActionsByStatus, ActionsTables, type OverdueShare, type Section } from "./accountability-tables";
import type { ChartGroup } from "./bar-chart";

const render = (element: React.ReactElement) => renderToStaticMarkup(<StaticRouter location="/accountability">{element}</StaticRouter>);
const textOf = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

const series = [
  { key: "open", name: "Open", colour: "#505a5f" },
  { key: "in-progress", name: "In progress", colour: "#1d70b8" },
  { key: "done", name: "Done", colour: "#00703c" },
  { key: "not-doing", name: "Not doing", colour: "#4c2c92" },
];
const v = (n: number) => ({ value: n, text: String(n) });
// Three Met actions: one open (and overdue), one in progress, one done.
const groups: ChartGroup[] = [{ label: "Metropolitan Police", values: { open: v(1), "in-progress": v(1), done: v(1), "not-doing": v(0) } }];
const overdue: OverdueShare[] = [{ key: "met", name: "Metropolitan Police", overdue: 1, unfinished: 2, href: "/accountability/items?org=met&measure=action-overdue" }];

describe("ActionsByStatus", () => {
  it("draws one bar per status, adding up to the actions, and says overdue as part of open and in progress, never as a bar beside them", () => {
    const html = render(<ActionsByStatus total={3} series={series} groups={groups} withoutActions={[]} overdue={overdue} />);
    const names = [...html.matchAll(/class="vvf-bar-chart__name">([^<]*)</g)].map(([, n]) => n);
    expect(names).toEqual(["Open", "In progress", "Done", "Not doing"]);
    const figures = [...html.matchAll(/class="vvf-bar-chart__figure[^"]*">([^<]*)</g)].map(([, n]) => Number(n));
    expect(figures.reduce((a, b) => a + b, 0)).toBe(3);
    const said = /<ul[^>]*data-testid="actions-overdue"[^>]*>(.*?)<\/ul>/.exec(html)?.[1] ?? "";
    expect(textOf(said)).toBe("Metropolitan Police: 1 overdue, of 2 actions open or in progress");
    expect(said).toContain('href="/accountability/items?org=met&amp;measure=action-overdue"');
  });

  it("is a sentence, not a chart of zeros, when no action has been agreed", () => {
    const html = render(<ActionsByStatus total={0} series={series} groups={[]} withoutActions={["Metropolitan Police", "MOPAC", "Forum facilitators"]} overdue={[]} />);
    expect(textOf(html)).toBe("No actions have been agreed yet.");
    expect(html).not.toContain('role="img"');
    expect(html).not.toContain("<svg");
  });

  it("names an owner without actions in a sentence instead of drawing empty bars, and says when nothing is overdue", () => {
    const html = render(
      <ActionsByStatus total={3} series={series} groups={groups} withoutActions={["MOPAC", "Forum facilitators"]} overdue={[{ ...overdue[0], overdue: 0 }]} />,
    );
    expect([...html.matchAll(/class="vvf-bar-chart__group">([^<]*)</g)].map(([, g]) => g)).toEqual(["Metropolitan Police"]);
    expect(html).not.toContain(">MOPAC<");
    expect(textOf(html)).toContain("No actions yet for MOPAC or Forum facilitators.");
    expect(textOf(html)).toContain("No action is overdue.");
  });
});

describe("ActionsTables", () => {
  const cell = (n: number, href: string | null = `/accountability/items?measure=x${n}`) => ({ text: String(n), href });
  const row = (quarter: string, quarterCode: string | null) => ({
    quarter,
    quarterCode,
    cells: { actions: cell(3), open: cell(1), inProgress: cell(1), done: cell(1), notDoing: cell(0), overdue: cell(1), median: cell(4) },
  });
  const sections: Section[] = ["All organisations", "Metropolitan Police"].map((name, i) => ({
    key: i ? "met" : "all",
    name,
    asksForResponses: true,
    responses: [],
    actions: [row("All quarters", null), row("July to September 2026", "2026-Q3")],
  }));

  it("is one table of organisations, with the quarters in one more table inside a details, every figure a link", () => {
    const html = render(<ActionsTables sections={sections} />);
    expect(html.match(/<table /g)).toHaveLength(2);
    expect(html).toMatch(/<details[^>]*>.*data-testid="actions-by-quarter".*<\/details>/);
    const summary = /data-testid="actions-table".*?<\/table>/.exec(html)![0];
    expect([...summary.matchAll(/<tr [^>]*data-organisation="([^"]*)" data-quarter="all"/g)].map(([, o]) => o)).toEqual(["all", "met"]);
    // Overdue is a column of its own, named as part of the open and in-progress ones.
    expect(summary).toContain("Overdue (of open and in progress)");
    const cells = [...html.matchAll(/<td [^>]*>(.*?)<\/td>/g)].map(([, c]) => c);
    expect(cells.length).toBe(4 * 7);
    expect(cells.filter((c) => !/^<a [^>]*href="\/accountability\/items\?/.test(c))).toEqual([]);
  });
});
