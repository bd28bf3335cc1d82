// /consultations/:id/results: the results on their own. Public once published; staff may
// preview them once the consultation has closed (to check them before publishing); while it is
// open nobody, staff included, sees them.
import type { LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConsultationResults } from "~/components/consultation-results";
import { ErrorPage } from "~/components/error-page";
import { loadResults } from "~/models/consultations/results-page.server";
import { pageErrorOf, publicPageHeaders } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Results: ${data.title}` : "Results"} – Victim Voice Forum` },
  ...(data?.preview ? [{ name: "robots", content: "noindex" }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { c, results } = await loadResults(params.id ?? "", await getCurrentUser(request)).catch(pageErrorOf);
  return { id: c.id, title: c.title, preview: c.status === "closed", results };
}

export default function Results() {
  const { id, title, preview, results } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{title}</span>
      <h1 className="govuk-heading-l">Results</h1>
      {preview ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            A preview for staff: these results are not published yet. Written answers appear only once a moderator has approved them.
          </strong>
        </div>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/consultations/${id}`}>
          Read the proposal{preview ? "" : " and the response"}
        </Link>
      </p>
      <h2 className="govuk-heading-l">Answers to each question</h2>
      <ConsultationResults results={results} downloads={preview ? undefined : { csv: `/consultations/${id}/results.csv`, json: `/consultations/${id}/results.json` }} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
