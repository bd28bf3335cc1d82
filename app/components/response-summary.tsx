// An official response in a list (home page, /responses): who answered, what it answers (for a
// members-only discussion, the moderators' public summary: never members' words), when, and
// whether it came on time. Takes only what the loader sent: no server values here.
import { Link } from "@remix-run/react";

export type ResponseSummaryData = {
  id: string;
  kindLabel: string;
  organisation: string;
  organisationName: string;
  responderTitle: string;
  published: string;
  edited: string | null;
  target: { label: string; summary: string | null; href: string | null; forumNames: string[] };
  timeliness: { state: string; text: string };
  excerpt: string | null;
};

const TAGS: Record<string, { text: string; className: string }> = {
  "on-time": { text: "On time", className: "govuk-tag--green" },
  late: { text: "Late", className: "govuk-tag--red" },
  "follow-up": { text: "Further response", className: "govuk-tag--grey" },
  "no-deadline": { text: "No due date", className: "govuk-tag--grey" },
};

export function TimelinessTag({ state }: { state: string }) {
  const tag = TAGS[state] ?? TAGS["no-deadline"];
  return <strong className={`govuk-tag ${tag.className}`}>{tag.text}</strong>;
}

export function OrganisationBadge({ organisation, name }: { organisation: string; name: string }) {
  return <span className={`vvf-badge${organisation === "mopac" ? " vvf-badge--mopac" : organisation === "facilitator" ? " vvf-badge--facilitator" : ""}`}>{name}</span>;
}

export function ResponseSummary({ response, headingLevel = 3 }: { response: ResponseSummaryData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="vvf-response-summary" data-testid="response-summary">
      <Heading className="govuk-heading-s govuk-!-margin-bottom-2">
        <Link className="govuk-link" to={`/responses/${response.id}`}>
          {response.organisationName} responded: {response.target.label}
        </Link>
      </Heading>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        <OrganisationBadge organisation={response.organisation} name={response.organisationName} /> {response.responderTitle} · {response.published}
        {response.edited ? <> · edited {response.edited}</> : null} · {response.kindLabel}
        {response.target.forumNames.length ? <> · {response.target.forumNames.join(", ")}</> : null}
      </p>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        <TimelinessTag state={response.timeliness.state} /> {response.timeliness.text}
      </p>
      {response.target.summary ? (
        <p className="govuk-body-s govuk-!-margin-bottom-2">
          <strong>What members raised, summarised by the moderators:</strong> {response.target.summary}
        </p>
      ) : null}
      {response.excerpt ? <p className="govuk-body govuk-!-margin-bottom-0">{response.excerpt}</p> : null}
    </article>
  );
}
