// One official response, public: who answered (organisation and role), when, whether on time,
// and what it answers — with a link to that thing's public page, or for a members-only
// discussion the moderators' summary (never members' words). A response that is not public
// is a 404, like anything else that does not exist for the reader.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { OfficialResponse } from "~/components/post-body";
import { TimelinessTag } from "~/components/response-summary";
import { getPublicResponse, listResponseItems } from "~/models/accountability/dashboard.server";
import { presentResponse } from "~/models/accountability/present.server";
import { publicPageHeaders } from "~/services/http.server";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.response.organisationName} responded: ${data.response.target.label} – Victim Voice Forum` : "Official response – Victim Voice Forum" },
];

export const headers: HeadersFunction = publicPageHeaders;

const LINK_TEXT: Record<string, string> = {
  thread: "Read the discussion",
  consultation: "Read the consultation, its results and the response",
  meeting: "Read the meeting's minutes",
  action: "See the action and its updates",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const response = await getPublicResponse(params.id ?? "");
  if (!response) throw new Response("Not found", { status: 404 });
  const items = await listResponseItems();
  return {
    response: presentResponse(response, items),
    bodyHtml: response.bodyHtml,
    linkText: LINK_TEXT[response.kind],
  };
}

export default function ResponsePage() {
  const { response, bodyHtml, linkText } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Official response from {response.organisationName}</span>
      <h1 className="govuk-heading-l">{response.target.label}</h1>
      <h2 className="govuk-heading-m">What it answers</h2>
      <SummaryList>
        <SummaryRow label="Kind">{response.kindLabel}</SummaryRow>
        {response.target.forumNames.length ? (
          <SummaryRow label={response.target.forumNames.length > 1 ? "Forums" : "Forum"}>{response.target.forumNames.join(", ")}</SummaryRow>
        ) : null}
        {response.target.summary ? (
          <SummaryRow label="What members raised">
            {response.target.summary}
            <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
              This discussion is for members of the forum only. This summary was written by the forum&apos;s moderators so that the public can
              follow the answer without anyone&apos;s own words being published.
            </p>
          </SummaryRow>
        ) : null}
        <SummaryRow label="Answered by">
          {response.organisationName}, {response.responderTitle}
        </SummaryRow>
        <SummaryRow label="Published">
          {response.published}
          {response.edited ? `, edited ${response.edited}` : ""}
        </SummaryRow>
        <SummaryRow label="On time?" valueTestId="timeliness">
          <TimelinessTag state={response.timeliness.state} /> {response.timeliness.text}
        </SummaryRow>
      </SummaryList>
      {response.target.href ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={response.target.href}>
            {linkText}
          </Link>
        </p>
      ) : null}
      <h2 className="govuk-heading-m">The response</h2>
      <OfficialResponse
        response={{ id: response.id, organisation: response.organisation, responderTitle: response.responderTitle, bodyHtml, published: response.published, edited: response.edited }}
      />
      <p className="govuk-body">
        <Link className="govuk-link" to="/responses">
          All official responses
        </Link>{" "}
        ·{" "}
        <Link className="govuk-link" to="/accountability">
          How the Met and MOPAC are doing
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
