// /respond/feedback: My Met Service for the force's supervisors (Met responders and admins):
// London's figures by month and kind of contact, every borough, every officer (shoulder number
// and name), and the commendations list (ratings of 4 or 5 whose comment a moderator approved for
// recognition). Every figure under the small-number rule. MOPAC, moderators, members, officers
// and the public see none of it (403; signed out, the sign-in page).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Breakdown, FiguresSummary, RatingDistribution, SmallNumberRule } from "~/components/feedback-figures";
import { listCommendations, supervisorFigures } from "~/models/feedback/figures.server";
import { monthLabel } from "~/utils/months";
import { pageErrorOf } from "~/services/http.server";
import { requireUser } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "My Met Service feedback – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  try {
    const [figures, commendations] = await Promise.all([supervisorFigures(viewer), listCommendations(viewer)]);
    return {
      period: `${monthLabel(figures.period.from)} to ${monthLabel(figures.period.to)}`,
      london: figures.london,
      places: figures.places,
      officerBoroughs: Object.fromEntries(Object.entries(figures.officers).map(([k, o]) => [k, o.borough])),
      commendations: commendations.map((c) => ({ ...c, month: monthLabel(c.month) })),
    };
  } catch (err) {
    pageErrorOf(err);
  }
}

export default function FeedbackSupervision() {
  const { period, london, places, officerBoroughs, commendations } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">Feedback from victims</h1>
      <p className="govuk-body">
        How victims rated the officers they spoke to, from {period}. Answers through a leaflet&apos;s QR code have no officer or contact:
        they count in London&apos;s and their borough&apos;s figures and are shown apart by kind of contact.
      </p>
      <SmallNumberRule />

      <h2 className="govuk-heading-m">London</h2>
      <FiguresSummary figures={london} testId="london-figures" />
      <RatingDistribution id="london-ratings" title="How victims rated officers in London" figures={london} />
      <h3 className="govuk-heading-s">By month</h3>
      <Breakdown id="london-months" title="London's ratings by month" heading="Month" cells={london.layers[0]} />
      <h3 className="govuk-heading-s">By kind of contact</h3>
      <Breakdown id="london-kinds" title="London's ratings by kind of contact" heading="Kind of contact" cells={london.layers[1]} />

      <h2 className="govuk-heading-m">Boroughs</h2>
      <Breakdown id="boroughs" title="Ratings by borough" heading="Borough" cells={places.layers[0]} />

      <h2 className="govuk-heading-m">Officers</h2>
      {places.layers[1].length === 0 ? (
        <p className="govuk-body">No officer has been rated yet.</p>
      ) : (
        <Breakdown
          id="officers"
          title="Ratings by officer (shoulder number and name)"
          heading="Officer"
          cells={places.layers[1]}
          chart={false}
          extraColumn={{ heading: "Borough", value: (c) => officerBoroughs[c.key] }}
        />
      )}

      <h2 className="govuk-heading-m" id="commendations">
        Commendations
      </h2>
      <p className="govuk-body">Ratings of 4 or 5 whose comment a moderator approved for recognition, newest first.</p>
      {commendations.length === 0 ? (
        <p className="govuk-body">No comment has been approved for recognition yet.</p>
      ) : (
        <ul className="govuk-list" data-testid="commendations">
          {commendations.map((c) => (
            <li key={c.id} className="govuk-!-margin-bottom-6" data-testid="commendation">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{c.officer ?? `A leaflet's QR code in ${c.borough}`}</h3>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {c.borough}, {c.month}: rated {c.rating} out of 5
              </p>
              <blockquote className="govuk-inset-text govuk-!-margin-top-1 vvf-pre-wrap">{c.comment}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
