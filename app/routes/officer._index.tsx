// An officer's home in My Met Service: their place in the force (shoulder number, borough),
// from which they ask victims for feedback, and their own figures (once at least 5 victims have
// answered; months and kinds of contact, never a contact or a day) with the comments a moderator
// approved. Nobody else's: the model reads the signed-in officer's answers only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Breakdown, FiguresSummary, RatingDistribution, SmallNumberRule } from "~/components/feedback-figures";
import { officerFigures } from "~/models/feedback/figures.server";
import { monthLabel } from "~/utils/months";
import { pageErrorOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { BCUS } from "~/utils/boroughs";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction = () => [{ title: "My Met Service – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "feedback:request");
  const mine = await officerFigures(viewer).catch(pageErrorOf);
  const place = mine.place;
  return {
    figures: mine.figures,
    comments: mine.comments,
    period: `${monthLabel(mine.period.from)} to ${monthLabel(mine.period.to)}`,
    name: place.name,
    shoulderNumber: place.shoulderNumber,
    borough: place.borough.name,
    bcu: BCUS[place.borough.bcu as keyof typeof BCUS],
  };
}

export default function OfficerHome() {
  const officer = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">Feedback from victims</h1>
      <SummaryList testId="officer-place">
        <SummaryRow label="Name">{officer.name}</SummaryRow>
        <SummaryRow label="Shoulder number">{officer.shoulderNumber}</SummaryRow>
        <SummaryRow label="Borough">
          {officer.borough}
          <br />
          <span className="govuk-hint govuk-!-margin-bottom-0">{officer.bcu}</span>
        </SummaryRow>
      </SummaryList>
      <p className="govuk-body">
        After you speak to a victim, you can ask them how well you treated them. Their answer is anonymous: you see your own figures once at
        least 5 people have answered, never who said what.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/officer/feedback/new">
          Ask a victim for feedback
        </Link>
      </p>
      <h2 className="govuk-heading-m">Your figures</h2>
      <p className="govuk-body">Answers from {officer.period}.</p>
      {officer.figures.count === null || officer.figures.count === 0 ? (
        <div className="govuk-inset-text" data-testid="officer-figures-waiting">
          {officer.figures.count === 0 ? "Nobody has answered yet." : "Fewer than 5 victims have answered so far."} Your figures appear here once at
          least 5 have.
        </div>
      ) : (
        <>
          <FiguresSummary figures={officer.figures} testId="officer-figures" />
          <RatingDistribution id="officer-ratings" title="How victims rated you" figures={officer.figures} />
          <h3 className="govuk-heading-s">By month</h3>
          <Breakdown id="officer-months" title="Your ratings by month" heading="Month" cells={officer.figures.layers[0]} />
          <h3 className="govuk-heading-s">By kind of contact</h3>
          <Breakdown id="officer-kinds" title="Your ratings by kind of contact" heading="Kind of contact" cells={officer.figures.layers[1]} />
          <SmallNumberRule />
          <h2 className="govuk-heading-m">What victims wrote</h2>
          {officer.comments.length === 0 ? (
            <p className="govuk-body">No comment about you has been approved yet.</p>
          ) : (
            <>
              <p className="govuk-body">Comments a moderator has read and approved, with anything that could identify someone taken out. They are in no particular order.</p>
              <ul className="govuk-list" data-testid="officer-comments">
                {officer.comments.map((c, i) => (
                  <li key={i}>
                    <blockquote className="govuk-inset-text govuk-!-margin-top-2 vvf-pre-wrap">{c}</blockquote>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
