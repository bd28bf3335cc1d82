// /accountability/items?org=met&quarter=2026-Q3&measure=late: the records behind one figure of
// the dashboard, filtered by the same scope and predicate that counted it — so the number of
// rows here is the figure there. Items still awaiting a response show their public clock.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { OrganisationBadge } from "~/components/response-summary";
import { isResponseMeasure, itemsBehind, loadAccountability, measureLabel, ORGANISATION_NAMES, parseItemsQuery, quarterLabel } from "~/models/accountability/dashboard.server";
import { daysText, OUTCOME_TEXT, presentAction, presentItem } from "~/models/accountability/present.server";
import { publicPageHeaders } from "~/services/http.server";
import { clockFor, clockText } from "~/utils/clocks";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? "Items"} – Accountability – Victim Voice Forum` }];

export const headers: HeadersFunction = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseItemsQuery(new URL(request.url).searchParams);
  if (!query) throw new Response("Not found", { status: 404 });
  const { scope, measure } = query;
  const now = new Date();
  const data = await loadAccountability();
  const behind = itemsBehind(data, scope, measure, now);
  const what = measureLabel(measure);
  const heading = isResponseMeasure(measure) ? `Items ${what}` : what.charAt(0).toUpperCase() + what.slice(1);
  return {
    now: now.toISOString(),
    heading,
    scope: [scope.organisation ? ORGANISATION_NAMES[scope.organisation] : "All organisations", scope.quarter ? `due ${quarterLabel(scope.quarter)} (${scope.quarter})` : "all quarters"].join(", "),
    kind: behind.kind,
    // Everything the table shows is worded here: nothing from a .server module runs in the browser.
    items: behind.items.map((i) => {
      const item = presentItem(i, now);
      return { ...item, outcomeText: OUTCOME_TEXT[item.outcome], tookText: daysText(item.daysToRespond) };
    }),
    actions: behind.actions.map((a) => {
      const action = presentAction(a, now);
      return { ...action, tookText: daysText(action.daysToComplete) };
    }),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ItemsTable({ items, now }: { items: Data["items"]; now: string }) {
  return (
    <TableScroll>
      <table className="govuk-table govuk-!-font-size-16" data-testid="items-table">
        <caption className="govuk-table__caption govuk-visually-hidden">The items behind the figure</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">What awaits a response</th>
            <th scope="col" className="govuk-table__header">From</th>
            <th scope="col" className="govuk-table__header">Asked</th>
            <th scope="col" className="govuk-table__header">Due</th>
            <th scope="col" className="govuk-table__header">Where it stands</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {items.map((i) => {
            const clock = i.answered ? null : clockFor(i.kind, i.dueIso, now);
            return (
              <tr className="govuk-table__row" key={i.key} data-testid="item-row">
                <td className="govuk-table__cell">
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-1">{i.kindLabel}</span>
                  {i.href ? (
                    <Link className="govuk-link" to={i.href}>
                      {i.label}
                    </Link>
                  ) : (
                    i.label
                  )}
                  {i.summary ? <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1">Moderators&apos; summary: {i.summary}</span> : null}
                </td>
                <td className="govuk-table__cell">{i.organisationName}</td>
                <td className="govuk-table__cell">{i.requested}</td>
                <td className="govuk-table__cell">{i.due}</td>
                <td className="govuk-table__cell">
                  {clock ? (
                    <span className="vvf-response-clock">
                      <strong className={`govuk-tag ${clock.overdue ? "govuk-tag--red" : "govuk-tag--yellow"}`}>{clockText(clock)}</strong>
                    </span>
                  ) : (
                    <>
                      <strong className={`govuk-tag ${i.outcome === "on-time" ? "govuk-tag--green" : "govuk-tag--red"}`}>{i.outcomeText}</strong>{" "}
                      {i.responseId ? (
                        <Link className="govuk-link" to={`/responses/${i.responseId}`}>
                          on {i.answered}, after {i.tookText}
                        </Link>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ActionsTable({ actions }: { actions: Data["actions"] }) {
  return (
    <TableScroll>
      <table className="govuk-table govuk-!-font-size-16" data-testid="actions-table">
        <caption className="govuk-table__caption govuk-visually-hidden">The actions behind the figure</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">Owner</th>
            <th scope="col" className="govuk-table__header">Due</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">Agreed in</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {actions.map((a) => (
            <tr className="govuk-table__row" key={a.id} data-testid="action-row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/actions/${a.id}`}>
                  {a.title}
                </Link>
              </td>
              <td className="govuk-table__cell">
                <OrganisationBadge organisation={a.organisation} name={a.organisationName} />
              </td>
              <td className="govuk-table__cell">{a.due}</td>
              <td className="govuk-table__cell">
                {a.statusLabel}
                {a.overdue ? (
                  <>
                    {" "}
                    <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                  </>
                ) : null}
                {a.completed ? <span className="govuk-body-s govuk-!-display-block">on {a.completed}{a.tookText ? `, after ${a.tookText}` : ""}</span> : null}
              </td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={a.sourceHref}>
                  {a.sourceLabel}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function AccountabilityItems() {
  const { heading, scope, kind, items, actions, now } = useLoaderData<typeof loader>();
  const n = kind === "responses" ? items.length : actions.length;
  return (
    <>
      <span className="govuk-caption-l">{scope}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <p className="govuk-body" data-testid="count">
        {n === 1 ? "1 record" : `${n} records`}. These are the records the figure on the dashboard counts.
      </p>
      {n === 0 ? <p className="govuk-body">There is nothing to list.</p> : kind === "responses" ? <ItemsTable items={items} now={now} /> : <ActionsTable actions={actions} />}
      <p className="govuk-body">
        <Link className="govuk-link" to="/accountability">
          Back to the accountability figures
        </Link>{" "}
        ·{" "}
        <a className="govuk-link" href="/accountability#definitions">
          How the figures are worked out
        </a>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
