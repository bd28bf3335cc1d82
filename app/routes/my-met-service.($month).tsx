// /my-met-service and /my-met-service/:month: what victims said about officers, in public. Each
// month's ratings (how many, the mean, how they spread from 1 to 5) London-wide and by borough,
// after a contact with an officer and through leaflets (counted apart), the share of contacts
// that led to feedback, month by month; and the month's report with the Met's official response
// and its 20-working-day clock. Figures come from counts kept up to date on write and pass the
// small-number rule (models/feedback/public-figures.server.ts); no comment is ever public.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, BAR_COLOUR, type ChartGroup } from "~/components/bar-chart";
import { ErrorPage } from "~/components/error-page";
import { OfficialResponse } from "~/components/post-body";
import { ResponseClock } from "~/components/response-clock";
import { TableScroll } from "~/components/table-scroll";
import { loadMyMetService, type FeedbackFigure, type GroupFigures } from "~/models/feedback/public-figures.server";
import { FEEDBACK_SMALL_NUMBERS, RATING_VALUES } from "~/utils/feedback-figures";
import { publicPageHeaders } from "~/services/http.server";
import { RATING_LABELS } from "~/utils/feedback";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { isMonth, monthLabel } from "~/utils/months";
import { FEEDBACK_LINK_DAYS } from "~/utils/feedback";

export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `My Met Service${data?.month ? `: ${monthLabel(data.month)}` : ""} – what victims say about officers – Victim Voice Forum` },
  { name: "description", content: "How victims of crime rated the officers they met, by London borough and month, and the Metropolitan Police's response." },
];

const NOT_SHOWN = "not shown";

export async function loader({ params }: LoaderFunctionArgs) {
  const month = params.month ?? null;
  if (month !== null && !isMonth(month)) throw new Response("Not found", { status: 404 });
  const now = new Date();
  const page = await loadMyMetService(month, now);
  if (!page) throw new Response("There are no My Met Service figures for that month", { status: 404 });
  return {
    now: now.toISOString(),
    month: page.month,
    months: page.months.map((m) => ({ month: m, label: monthLabel(m) })),
    figures: page.figures,
    pending: page.pending,
    upcoming: page.upcoming ? { label: monthLabel(page.upcoming.month), publishedOn: page.upcoming.publishedOn } : null,
    trend: page.trend.map((t) => ({ month: t.month, label: t.label, contacts: t.contacts.london, leaflets: t.leaflets.london })),
    report: page.report ? { state: page.report.state, dueAt: page.report.dueAt.toISOString(), answered: page.report.answeredAt ? formatLondonDate(page.report.answeredAt) : null } : null,
    responses: page.responses.map((r) => ({ ...r, published: formatLondonDateTime(r.publishedAt), edited: r.editedAt ? formatLondonDateTime(r.editedAt) : null })),
    rules: FEEDBACK_SMALL_NUMBERS,
  };
}

const count = (n: number | null) => (n === null ? NOT_SHOWN : n.toLocaleString("en-GB"));
const meanText = (m: number | null) => (m === null ? NOT_SHOWN : m.toFixed(2));
const shareText = (s: number | null) => (s === null ? NOT_SHOWN : `${s}%`);

function distributionGroups(f: FeedbackFigure): ChartGroup[] {
  return [...RATING_VALUES].reverse().map((r) => {
    const n = f.distribution[r - 1];
    const pct = n !== null && f.ratings ? Math.round((n / f.ratings) * 100) : null;
    return { label: RATING_LABELS[String(r) as keyof typeof RATING_LABELS], values: { n: { value: n, text: n === null ? NOT_SHOWN : `${n} (${pct}%)` } } };
  });
}

function LondonSummary({ figure, contacts }: { figure: FeedbackFigure; contacts: boolean }) {
  return (
    <dl className="govuk-summary-list">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Ratings</dt>
        <dd className="govuk-summary-list__value">{count(figure.ratings)}</dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Mean rating (1 to 5)</dt>
        <dd className="govuk-summary-list__value">{meanText(figure.mean)}</dd>
      </div>
      {contacts ? (
        <>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Contacts where the officer asked for feedback</dt>
            <dd className="govuk-summary-list__value">{count(figure.issued)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Share of those contacts that led to feedback</dt>
            <dd className="govuk-summary-list__value">{shareText(figure.share)}</dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

function BoroughTable({ id, caption, group, contacts }: { id: string; caption: string; group: GroupFigures; contacts: boolean }) {
  return (
    <TableScroll>
      <table className="govuk-table govuk-!-font-size-16" data-testid={`boroughs-${id}`}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Borough</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Ratings</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Mean</th>
            {[...RATING_VALUES].reverse().map((r) => (
              <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={r}>
                Rated {r}
              </th>
            ))}
            {contacts ? (
              <>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts asked</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Led to feedback</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {[{ key: "london", name: "London (all boroughs)", figure: group.london as FeedbackFigure | null }, ...group.boroughs.map((b) => ({ key: b.borough, name: b.name, figure: b.shown ? b.figure : null }))].map((row) => (
            <tr className="govuk-table__row" key={row.key} data-borough={row.key}>
              <th scope="row" className="govuk-table__header">
                {row.name}
              </th>
              {row.figure ? (
                <>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{count(row.figure.ratings)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{meanText(row.figure.mean)}</td>
                  {[...RATING_VALUES].reverse().map((r) => (
                    <td className="govuk-table__cell govuk-table__cell--numeric" key={r}>
                      {count(row.figure!.distribution[r - 1])}
                    </td>
                  ))}
                  {contacts ? (
                    <>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{count(row.figure.issued)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{shareText(row.figure.share)}</td>
                    </>
                  ) : null}
                </>
              ) : (
                <td className="govuk-table__cell" colSpan={contacts ? 9 : 7}>
                  Not shown: too few people, or its figures could be worked out from the others
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function GroupSection({ id, heading, intro, group, contacts, label }: { id: string; heading: string; intro: string; group: GroupFigures; contacts: boolean; label: string }) {
  const shown = group.boroughs.filter((b) => b.shown);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {heading}
      </h2>
      <p className="govuk-body">{intro}</p>
      <h3 className="govuk-heading-s">London-wide</h3>
      <LondonSummary figure={group.london} contacts={contacts} />
      {group.london.ratings ? (
        <BarChart
          id={`${id}-distribution`}
          title={`${heading}: how victims rated the officer, London-wide, ${label}`}
          summary="How many victims gave each rating, from 5 (very well) to 1 (very badly)."
          series={[{ key: "n", name: "Ratings", colour: BAR_COLOUR }]}
          groups={distributionGroups(group.london)}
          table={{ groupHeading: "Rating" }}
        />
      ) : null}
      <h3 className="govuk-heading-s">By borough</h3>
      {group.boroughs.length === 0 ? (
        <p className="govuk-body">No borough had any this month.</p>
      ) : (
        <>
          {shown.length ? (
            <BarChart
              id={`${id}-boroughs`}
              title={`${heading}: mean rating by borough, ${label}`}
              summary="The mean rating in each borough, from 1 (very badly) to 5 (very well); boroughs whose figures are not shown have no bar."
              series={[{ key: "mean", name: "Mean rating", colour: BAR_COLOUR }]}
              groups={group.boroughs.map((b) => ({ label: b.name, values: { mean: b.shown ? { value: b.figure.mean, text: meanText(b.figure.mean) } : { value: null, text: NOT_SHOWN } } }))}
              max={5}
            />
          ) : null}
          <BoroughTable id={id} caption={`${heading}: figures by borough, ${label}`} group={group} contacts={contacts} />
          <p className="govuk-body-s">Boroughs not listed had none this month.</p>
        </>
      )}
    </section>
  );
}

export default function MyMetService() {
  const { month, months, figures, pending, upcoming, trend, report, responses, rules, now } = useLoaderData<typeof loader>();
  const label = month ? monthLabel(month) : "";
  return (
    <>
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">What victims say about the officers they met{month ? `: ${label}` : ""}</h1>
      <p className="govuk-body">
        After speaking to a police officer, a victim of crime can rate how well the officer treated them, from 1 (very badly) to 5 (very well), in
        under a minute and without an account: through a link the officer gives them (a QR code, an email or a text message), or through the QR
        code on a <Link className="govuk-link" to="/leaflets">victim information leaflet</Link>. Here are the ratings for each London borough, every
        month. Comments are read by the forum&apos;s moderators and never published.
      </p>
      <p className="govuk-body">
        A month&apos;s figures are published once they can no longer change, 4 weeks after the month ends: an officer can record a contact up to{" "}
        {FEEDBACK_LINK_DAYS} days after it, and the victim&apos;s link works for {FEEDBACK_LINK_DAYS} days. Figures that changed from one day to the
        next could tell someone who knew of one contact what that victim said.
        {upcoming ? ` The figures for ${upcoming.label} will be published on ${upcoming.publishedOn}.` : ""}
      </p>
      {!month || !figures ? (
        <p className="govuk-body" data-testid="no-figures">
          {pending && month ? `The figures for ${label} will be published on ${pending.publishedOn}.` : "No month's figures are published yet."}
        </p>
      ) : (
        <>
          {months.length > 1 ? (
            <nav aria-label="Months" className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-s">Other months</h2>
              <ul className="govuk-list vvf-inline-list">
                {months.map((m) =>
                  m.month === month ? (
                    <li key={m.month} aria-current="page">
                      <strong>{m.label}</strong>
                    </li>
                  ) : (
                    <li key={m.month}>
                      <Link className="govuk-link" to={`/my-met-service/${m.month}`}>
                        {m.label}
                      </Link>
                    </li>
                  ),
                )}
              </ul>
            </nav>
          ) : null}

          <section aria-labelledby="report-heading">
            <h2 className="govuk-heading-m" id="report-heading">
              The Met&apos;s response to {label}
            </h2>
            {report?.state === "awaiting" ? (
              <div data-testid="report-state">
                <ResponseClock kind="feedback-report" dueAt={report.dueAt} now={now} organisationName="the Metropolitan Police" />
              </div>
            ) : report?.state === "answered" ? (
              <p className="govuk-body" data-testid="report-state">
                The Metropolitan Police responded on {report.answered}.
              </p>
            ) : null}
            {responses.map((r) => (
              <OfficialResponse key={r.id} response={r} />
            ))}
          </section>

          <GroupSection
            id="contacts"
            heading="After a contact with an officer"
            intro="Ratings from victims an officer asked for feedback, counted in the month of the contact."
            group={figures.contacts}
            contacts
            label={label}
          />
          <GroupSection
            id="leaflets"
            heading="Through a leaflet"
            intro="Ratings through the QR code on a borough's victim information leaflet, counted apart (no officer or contact is known), in the month they arrived."
            group={figures.leaflets}
            contacts={false}
            label={label}
          />

          <section aria-labelledby="trend-heading">
            <h2 className="govuk-heading-m" id="trend-heading">
              Month by month, London-wide
            </h2>
            <TableScroll>
              <table className="govuk-table govuk-!-font-size-16" data-testid="trend">
                <caption className="govuk-table__caption govuk-table__caption--s">Ratings after a contact and through leaflets, by month (newest first)</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Month</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Ratings after a contact</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Mean</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts that led to feedback</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Ratings through leaflets</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Mean</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {trend.map((t) => (
                    <tr className="govuk-table__row" key={t.month}>
                      <th scope="row" className="govuk-table__header">
                        <Link className="govuk-link" to={`/my-met-service/${t.month}`}>
                          {t.label}
                        </Link>
                      </th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{count(t.contacts.ratings)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{meanText(t.contacts.mean)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{shareText(t.contacts.share)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{count(t.leaflets.ratings)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{meanText(t.leaflets.mean)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        </>
      )}

      <section aria-labelledby="small-numbers">
        <h2 className="govuk-heading-m" id="small-numbers">
          Why some figures are not shown
        </h2>
        {rules.map((r) => (
          <p className="govuk-body" key={r}>
            {r}
          </p>
        ))}
      </section>
      <h2 className="govuk-heading-m">Download the figures</h2>
      <p className="govuk-body">
        The same figures, with the same figures hidden, as open data: ratings by borough and month{" "}
        <a className="govuk-link" href="/open-data/feedback.csv">
          as CSV
        </a>{" "}
        or{" "}
        <a className="govuk-link" href="/open-data/feedback.json">
          as JSON
        </a>
        ; the monthly reports and the Met&apos;s responses{" "}
        <a className="govuk-link" href="/open-data/feedback-reports.csv">
          as CSV
        </a>{" "}
        or{" "}
        <a className="govuk-link" href="/open-data/feedback-reports.json">
          as JSON
        </a>
        ;{" "}
        and <Link className="govuk-link" to="/open-data#feedback">what each column means</Link>.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
