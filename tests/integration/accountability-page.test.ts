// The accountability page's actions part (issue 16): the status bars of an organisation add up
// to its actions, overdue is said as part of the open and in-progress ones (never as a bar
// beside them), an owner without actions and a site without any are sentences, not bars of
// zeros; every figure still links to the records it counts, with the same number.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { ActionsByStatus } from "~/components/accountability-tables";
import { accountabilityFigures, ACTION_ORGANISATIONS, itemsBehind, loadAccountability, ORGANISATION_NAMES } from "~/models/accountability/dashboard.server";
import * as dashboard from "~/routes/accountability._index";
import { useTestDatabase } from "../db";
import { makeAccountabilityFixture } from "./accountability-fixtures";

useTestDatabase();

type Page = Awaited<ReturnType<typeof dashboard.loader>>;
const load = async () => (await dashboard.loader({ request: new Request("http://localhost/accountability"), params: {}, context: {} })) as Page;
const draw = (page: Page) =>
  renderToStaticMarkup(
    createElement(
      StaticRouter,
      { location: "/accountability" },
      createElement(ActionsByStatus, { total: page.headline.actions, series: page.statusSeries, groups: page.actionsChart, withoutActions: page.withoutActions, overdue: page.actionsOverdue }),
    ),
  );
const textOf = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

describe("/accountability: actions by status", () => {
  it("each organisation's bars add up to its actions; overdue is a part of its open and in-progress ones, said in words with a link to those records", async () => {
    await makeAccountabilityFixture();
    const page = await load();
    const now = new Date();
    const data = await loadAccountability();
    const { find } = accountabilityFigures(data, now);
    expect(page.statusSeries.map((s) => s.name)).toEqual(["Open", "In progress", "Done", "Not doing"]);
    expect(page.actionsChart.length).toBeGreaterThan(0);
    for (const group of page.actionsChart) {
      const org = ACTION_ORGANISATIONS.find((o) => ORGANISATION_NAMES[o] === group.label)!;
      const f = find(org, null).actions;
      const sum = Object.values(group.values).reduce((n, v) => n + (v.value ?? 0), 0);
      expect({ org, sum }).toEqual({ org, sum: f.actions });
    }
    const html = draw(page);
    expect(html).not.toMatch(/class="vvf-bar-chart__name">Overdue</);
    for (const o of page.actionsOverdue) {
      const f = find(o.key as (typeof ACTION_ORGANISATIONS)[number], null).actions;
      expect(o).toMatchObject({ overdue: f.overdue, unfinished: f.open + f.inProgress });
      expect(o.overdue).toBeLessThanOrEqual(o.unfinished);
      // The figure's link lists exactly as many records.
      expect(itemsBehind(data, { organisation: o.key, quarter: null }, "action-overdue", now).actions).toHaveLength(o.overdue);
    }
    const said = textOf(/data-testid="actions-overdue"[^>]*>(.*?)<\/(ul|p)>/.exec(html)![1]);
    const met = page.actionsOverdue.find((o) => o.key === "met")!;
    expect(said).toContain(`Metropolitan Police: ${met.overdue} overdue, of ${met.unfinished} actions open or in progress`);
    // An owner with no actions is a sentence, not a row of empty bars.
    for (const name of page.withoutActions) expect(page.actionsChart.map((g) => g.label)).not.toContain(name);
    if (page.withoutActions.length) expect(textOf(html)).toContain(`No actions yet for ${page.withoutActions.join(" or ")}.`);
  });

  it("with no actions at all, says so in a sentence instead of drawing a chart of zeros", async () => {
    const page = await load();
    expect(page.headline.actions).toBe(0);
    expect(page.actionsChart).toEqual([]);
    expect(page.withoutActions).toEqual(ACTION_ORGANISATIONS.map((o) => ORGANISATION_NAMES[o]));
    const html = draw(page);
    expect(textOf(html)).toBe("No actions have been agreed yet.");
    expect(html).not.toContain('role="img"');
    // Nothing has been due either: the on-time chart is a sentence too.
    expect(page.onTimeChartHasBars).toBe(false);
  });
});
