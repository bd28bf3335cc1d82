// /accountability: per organisation and per quarter, how many things awaited a response, how
// many were answered by their due date, how long answers took, and what happened to the actions
// promised. Every figure is counted from the records on the pages (accountability.server.ts)
// and links to the list of those records; the charts are drawn on the server.
//
// Summary first (headline figures, then the charts), then one table per subject with a row per
// organisation; the quarters are folded into one more table each, in a details (issue 16: the
// page was 4,700 px of one table per organisation). Actions' bars are their statuses only, so
// they add up; overdue is said in words as part of the open and in-progress ones.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ActionsByStatus, ActionsTables, FigureDefinitions, ResponsesTables, type FigureCell } from "~/components/accountability-tables";
import { BarChart, type ChartGroup } from "~/components/bar-chart";
import {
  accountabilityFigures,
  ACTION_ORGANISATIONS,
  loadAccountability,
  measureHref,
  ORGANISATION_NAMES,
  quarterLabel,
  type ActionFigures,
  type Measure,
  type ResponseFigures,
} from "~/models/accountability/dashboard.server";
import { daysText, percentText } from "~/models/accountability/present.server";
import { publicPageHeaders } from "~/services/http.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { pluralWord } from "~/utils/plural";

export const meta: MetaFunction = () => [
  { title: "Accountability: responses and actions – Victim Voice Forum" },
  { name: "description", content: "Whether the Metropolitan Police and MOPAC answer on time and do what they promised, per quarter." },
];

export const headers: HeadersFunction = publicPageHeaders;

type Cell = FigureCell;

const ORG_COLOURS: Record<string, string> = { met: "#1d70b8", mopac: "#4c2c92", facilitator: "#00703c" };

function responseCells(f: ResponseFigures, scope: { organisation: string | null; quarter: string | null }) {
  const link = (measure: Measure, n: number): Cell => ({ text: String(n), href: measureHref(measure, scope) });
  return {
    due: link("due", f.due),
    onTime: link("on-time", f.onTime),
    late: link("late", f.late),
    awaiting: link("awaiting", f.awaiting),
    overdue: link("overdue", f.overdue),
    share: { text: percentText(f.shareOnTime) ?? "nothing due yet", href: measureHref("settled", scope) },
    median: { text: daysText(f.medianDaysToRespond) ?? "none answered", href: measureHref("answered", scope) },
  };
}

function actionCells(f: ActionFigures, scope: { organisation: string | null; quarter: string | null }) {
  const link = (measure: Measure, n: number): Cell => ({ text: String(n), href: measureHref(measure, scope) });
  return {
    actions: link("actions", f.actions),
    open: link("open", f.open),
    inProgress: link("in-progress", f.inProgress),
    done: link("done", f.done),
    notDoing: link("not-doing", f.notDoing),
    overdue: link("action-overdue", f.overdue),
    median: { text: daysText(f.medianDaysToComplete) ?? "none done", href: measureHref("done", scope) },
  };
}

export async function loader(_: LoaderFunctionArgs) {
  const now = new Date();
  const data = await loadAccountability();
  const { quarters, rows, find } = accountabilityFigures(data, now);
  const all = find(null, null);

  const sections = [null, ...ACTION_ORGANISATIONS].map((organisation) => {
    const own = rows.filter((r) => r.organisation === organisation);
    const kept = own.filter((r) => r.quarter === null || (r.responses?.due ?? 0) > 0 || r.actions.actions > 0);
    return {
      key: organisation ?? "all",
      name: organisation ? ORGANISATION_NAMES[organisation] : "All organisations",
      asksForResponses: organisation !== "facilitator",
      responses: kept
        .filter((r) => r.responses && (r.quarter === null || r.responses.due > 0))
        .map((r) => ({ quarter: r.quarter ? quarterLabel(r.quarter) : "All quarters", quarterCode: r.quarter, cells: responseCells(r.responses!, r) })),
      actions: kept
        .filter((r) => r.quarter === null || r.actions.actions > 0)
        .map((r) => ({ quarter: r.quarter ? quarterLabel(r.quarter) : "All quarters", quarterCode: r.quarter, cells: actionCells(r.actions, r) })),
    };
  });

  // Oldest first, the last eight quarters that had something due for a response.
  const chartQuarters = quarters.filter((q) => (find(null, q).responses?.due ?? 0) > 0).slice(0, 8).reverse();
  const onTimeChart: ChartGroup[] = chartQuarters.map((quarter) => ({
    label: quarterLabel(quarter),
    values: Object.fromEntries(
      (["met", "mopac"] as const).map((org) => {
        const f = find(org, quarter).responses!;
        return [
          org,
          {
            value: f.shareOnTime === null ? null : Math.round(f.shareOnTime * 100),
            text: f.shareOnTime === null ? "nothing due yet" : `${percentText(f.shareOnTime)} (${f.onTime} of ${f.settled})`,
            href: measureHref("settled", { organisation: org, quarter }),
          },
        ];
      }),
    ),
  }));
  // Every action has exactly one status, so the bars of one organisation add up to its actions.
  // Overdue is not a status: it is part of the open and in-progress ones, so it is said in words.
  const statusSeries = [
    { key: "open", name: "Open", colour: "#505a5f" },
    { key: "in-progress", name: "In progress", colour: "#1d70b8" },
    { key: "done", name: "Done", colour: "#00703c" },
    { key: "not-doing", name: "Not doing", colour: "#4c2c92" },
  ] as const;
  const owners = ACTION_ORGANISATIONS.map((org) => ({ org, f: find(org, null).actions }));
  // An organisation with no actions is a sentence, not a row of empty bars.
  const actionsChart: ChartGroup[] = owners
    .filter(({ f }) => f.actions > 0)
    .map(({ org, f }) => {
      const values: Record<string, number> = { open: f.open, "in-progress": f.inProgress, done: f.done, "not-doing": f.notDoing };
      return {
        label: ORGANISATION_NAMES[org],
        values: Object.fromEntries(statusSeries.map((s) => [s.key, { value: values[s.key], text: String(values[s.key]), href: measureHref(s.key, { organisation: org }) }])),
      };
    });
  const withoutActions = owners.filter(({ f }) => f.actions === 0).map(({ org }) => ORGANISATION_NAMES[org]);
  const actionsOverdue = owners
    .filter(({ f }) => f.actions > 0)
    .map(({ org, f }) => ({ key: org, name: ORGANISATION_NAMES[org], overdue: f.overdue, unfinished: f.open + f.inProgress, href: measureHref("action-overdue", { organisation: org }) }));

  return {
    generated: formatLondonDateTime(now),
    headline: {
      share: percentText(all.responses!.shareOnTime),
      onTime: all.responses!.onTime,
      settled: all.responses!.settled,
      overdue: all.responses!.overdue,
      awaiting: all.responses!.awaiting,
      actionsDone: all.actions.done,
      actions: all.actions.actions,
      actionsOverdue: all.actions.overdue,
      links: {
        settled: measureHref("settled"),
        overdue: measureHref("overdue"),
        awaiting: measureHref("awaiting"),
        done: measureHref("done"),
        actions: measureHref("actions"),
        actionsOverdue: measureHref("action-overdue"),
      },
    },
    sections,
    onTimeChart,
    // A quarter's bar exists once something in it was answered or became overdue.
    onTimeChartHasBars: onTimeChart.some((g) => Object.values(g.values).some((v) => v.value !== null)),
    orgSeries: (["met", "mopac"] as const).map((org) => ({ key: org, name: ORGANISATION_NAMES[org], colour: ORG_COLOURS[org] })),
    actionsChart,
    statusSeries: statusSeries.map((s) => ({ ...s })),
    withoutActions,
    actionsOverdue,
  };
}

export default function Accountability() {
  const { generated, headline, sections, onTimeChart, onTimeChartHasBars, orgSeries, actionsChart, statusSeries, withoutActions, actionsOverdue } = useLoaderData<typeof loader>();
  const actionsTotal = headline.actions;
  const h = headline;
  return (
    <>
      <h1 className="govuk-heading-l">Are the Met and MOPAC keeping their promises?</h1>
      <p className="govuk-body-l">
        How quickly the Metropolitan Police and MOPAC answer what victims raise, and whether they do what they said they would. Every figure
        is counted from the records this site publishes, and links to them.
      </p>
      <ul className="vvf-figures" data-testid="headline-figures">
        <li className="vvf-figure">
          <Link className="govuk-link vvf-figure__link" to={h.links.settled}>
            <span className="vvf-figure__number">{h.share ?? "–"}</span>
            <span className="vvf-figure__label">answered by their due date ({h.onTime} of {h.settled})</span>
          </Link>
        </li>
        <li className="vvf-figure">
          <Link className="govuk-link vvf-figure__link" to={h.links.overdue}>
            <span className="vvf-figure__number">{h.overdue}</span>
            <span className="vvf-figure__label">overdue for a response (of {h.awaiting} still awaiting one)</span>
          </Link>
        </li>
        <li className="vvf-figure">
          <Link className="govuk-link vvf-figure__link" to={h.links.done}>
            <span className="vvf-figure__number">{h.actionsDone}</span>
            <span className="vvf-figure__label">{pluralWord(h.actionsDone, "action")} done, of {h.actions} promised</span>
          </Link>
        </li>
        <li className="vvf-figure">
          <Link className="govuk-link vvf-figure__link" to={h.links.actionsOverdue}>
            <span className="vvf-figure__number">{h.actionsOverdue}</span>
            <span className="vvf-figure__label">{pluralWord(h.actionsOverdue, "action")} overdue</span>
          </Link>
        </li>
      </ul>
      <p className="govuk-body-s">Figures as at {generated}. <a className="govuk-link" href="#definitions">How the figures are worked out</a>.</p>

      <h2 className="govuk-heading-m">Answered by their due date, by quarter</h2>
      {onTimeChartHasBars ? (
        <BarChart
          id="on-time"
          title="Share of items answered by their due date, by quarter of the due date"
          summary="Each bar is the share of items due in that quarter that the organisation answered by their due date, out of those answered or past their due date."
          series={orgSeries}
          groups={onTimeChart}
          max={100}
          table={{ groupHeading: "Quarter due" }}
        />
      ) : (
        <p className="govuk-body" data-testid="nothing-due">
          Nothing has reached its due date or been answered yet.
        </p>
      )}

      <h2 className="govuk-heading-m">Official responses by organisation</h2>
      <ResponsesTables sections={sections} />
      <p className="govuk-body">The forum&apos;s facilitators are not asked for official responses. They only own actions.</p>

      <h2 className="govuk-heading-m">Actions</h2>
      <ActionsByStatus total={actionsTotal} series={statusSeries} groups={actionsChart} withoutActions={withoutActions} overdue={actionsOverdue} />
      {actionsTotal > 0 ? <ActionsTables sections={sections} /> : null}

      <FigureDefinitions />

      <h2 className="govuk-heading-m">Download and follow</h2>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href="/open-data/accountability.csv" download>
            These figures as CSV
          </a>{" "}
          or{" "}
          <a className="govuk-link" href="/open-data/accountability.json">
            JSON
          </a>
        </li>
        <li>
          <Link className="govuk-link" to="/open-data">
            All open data, with a data dictionary
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/responses">
            Every official response
          </Link>
        </li>
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
