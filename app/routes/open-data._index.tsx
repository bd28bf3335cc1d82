// /open-data: the downloads (CSV and JSON), the Atom feeds, and a data dictionary generated from
// the same column list that builds the files (public-open-data.server.ts DATASETS).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FEEDS } from "~/models/accountability/feeds.server";
import { DATASETS, OPEN_DATA_FILES } from "~/models/accountability/open-data.server";
import { publicPageHeaders } from "~/services/http.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [
  { title: "Open data – Victim Voice Forum" },
  { name: "description", content: "Official responses, actions, consultation results and accountability figures as CSV and JSON, with a data dictionary." },
];

export const headers: HeadersFunction = publicPageHeaders;

export async function loader(_: LoaderFunctionArgs) {
  const files = Object.entries(OPEN_DATA_FILES);
  return {
    datasets: Object.entries(DATASETS).map(([key, d]) => ({
      key,
      title: d.title,
      description: d.description,
      columns: d.columns.map((c) => ({ name: c.name, description: c.description })),
      files: files.filter(([, dataset]) => dataset === key).map(([file]) => ({ file, format: file.endsWith(".csv") ? "CSV" : "JSON" })),
    })),
    feeds: Object.entries(FEEDS).map(([file, f]) => ({ file, title: f.title })),
  };
}

export default function OpenData() {
  const { datasets, feeds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Open data</h1>
      <p className="govuk-body">
        Everything the accountability pages show, to download and reuse: official responses, the actions the Met, MOPAC and the forum&apos;s
        facilitators promised with their full update history, consultation results and the accountability figures. The files hold only what
        is public on this site. Members-only discussions appear only as the moderators&apos; summaries; consultation results are totals,
        never anyone&apos;s own answers.
      </p>
      <p className="govuk-body">
        Files are made fresh from the site&apos;s records (at most a few minutes old). Dates and times are ISO 8601 in UTC; &ldquo;days&rdquo;
        and quarters follow the <Link className="govuk-link" to="/accountability#definitions">definitions on the accountability page</Link>.
        In CSV files, a text cell that begins with =, +, - or @ starts with an apostrophe, so that spreadsheets do not run it as a formula.
        JSON files wrap the rows in <code>data</code>, beside the dataset&apos;s name, description and the time it was made.
      </p>

      <h2 className="govuk-heading-m">Downloads</h2>
      <ul className="govuk-list govuk-list--bullet" data-testid="downloads">
        {datasets.map((d) => (
          <li key={d.key}>
            {d.title}:{" "}
            {d.files.map((f, i) => (
              <span key={f.file}>
                {i > 0 ? " or " : null}
                <a className="govuk-link" href={`/open-data/${f.file}`} {...(f.format === "CSV" ? { download: true } : {})}>
                  {f.file} <span className="govuk-visually-hidden">({d.title}, {f.format})</span>
                </a>
              </span>
            ))}
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Feeds</h2>
      <p className="govuk-body">Follow new responses, minutes and results in any feed reader (Atom format).</p>
      <ul className="govuk-list govuk-list--bullet">
        {feeds.map((f) => (
          <li key={f.file}>
            <a className="govuk-link" href={`/feeds/${f.file}`}>
              {f.title}
            </a>
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Data dictionary</h2>
      {datasets.map((d) => (
        <section key={d.key} aria-labelledby={d.key}>
          <h3 className="govuk-heading-s" id={d.key}>
            {d.title} ({d.files.map((f) => f.file).join(", ")})
          </h3>
          <p className="govuk-body">{d.description}</p>
          <TableScroll>
          <table className="govuk-table govuk-!-font-size-16">
              <caption className="govuk-table__caption govuk-visually-hidden">Columns of {d.title}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Column</th>
                  <th scope="col" className="govuk-table__header">What it holds</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {d.columns.map((c) => (
                  <tr className="govuk-table__row" key={c.name}>
                    <th scope="row" className="govuk-table__header">
                      <code>{c.name}</code>
                    </th>
                    <td className="govuk-table__cell">{c.description}</td>
                  </tr>
                ))}
              </tbody>
          </table>
          </TableScroll>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
