// /meetings: upcoming meetings of the viewer's forums (with their own answer), meetings whose
// minutes are on the way, and published minutes. Signed out, only published minutes of forums
// whose minutes are public. Moderators also get "Schedule a meeting".
import type { LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders } from "~/services/http.server";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SuccessBanner } from "~/components/forms";
import { MeetingStatusTag } from "~/components/meeting-fields";
import { formatMeetingTime } from "~/utils/london-clock";
import { listMeetingsForViewer, MEETING_STATUS_LABELS, RSVP_LABELS, type MeetingStatus, type RsvpResponse } from "~/models/meetings/meetings.server";
import { getCurrentUser } from "~/services/session.server";
import { can } from "~/utils/permissions";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction = () => [{ title: "Meetings – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getCurrentUser(request);
  const now = new Date();
  const rows = await listMeetingsForViewer(viewer);
  const present = (m: (typeof rows)[number]) => ({
    id: m.id,
    title: m.title,
    forumName: m.forumName,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status as MeetingStatus] ?? m.status,
    when: formatMeetingTime(m.startsAt, m.endsAt),
    where: [m.place, m.online ? "Online" : null].filter(Boolean).join(" and "),
    ownRsvp: m.ownRsvp ? RSVP_LABELS[m.ownRsvp as RsvpResponse] : null,
  });
  const upcoming = rows.filter((m) => (m.status === "scheduled" || m.status === "cancelled") && m.endsAt >= now).reverse();
  const inProgress = rows.filter((m) => ["held", "minutes-draft", "minutes-review"].includes(m.status) || (m.status === "scheduled" && m.endsAt < now));
  const published = rows.filter((m) => m.status === "minutes-published");
  return {
    signedIn: !!viewer,
    canSchedule: !!viewer && can(viewer.role, "meeting:manage"),
    upcoming: upcoming.map(present),
    inProgress: inProgress.map(present),
    published: published.map(present),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function MeetingList({ meetings, showAnswer }: { meetings: Row[]; showAnswer?: boolean }) {
  return (
    <ul className="govuk-list" data-testid="meeting-list">
      {meetings.map((m) => (
        <li key={m.id} className="govuk-!-margin-bottom-5">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            <Link className="govuk-link" to={`/meetings/${m.id}`}>
              {m.title}
            </Link>
          </h3>
          <p className="govuk-body govuk-!-margin-bottom-1">
            {m.forumName}. {m.when}
            {m.where ? `. ${m.where}` : ""}.
          </p>
          <p className="govuk-body govuk-!-margin-bottom-0">
            <MeetingStatusTag status={m.status} label={m.statusLabel} />
            {showAnswer && m.status === "scheduled" ? <span> Your answer: {m.ownRsvp ?? "not given yet"}</span> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function Meetings() {
  const { signedIn, canSchedule, upcoming, inProgress, published } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("done") === "cancelled" ? <SuccessBanner>The meeting was cancelled and its members were told.</SuccessBanner> : null}
      <h1 className="govuk-heading-l">Meetings</h1>
      <p className="govuk-body">
        Each forum meets with the Metropolitan Police and MOPAC. Minutes are checked by the members who were there before they are published, and
        the actions agreed are tracked in public in the <Link className="govuk-link" to="/actions">action log</Link>.
      </p>
      {canSchedule ? (
        <Link to="/meetings/new" className="govuk-button" data-module="govuk-button">
          Schedule a meeting
        </Link>
      ) : null}
      {signedIn ? (
        <>
          <h2 className="govuk-heading-m">Upcoming meetings</h2>
          {upcoming.length ? <MeetingList meetings={upcoming} showAnswer /> : <p className="govuk-body">There are no upcoming meetings of your forums.</p>}
          {inProgress.length ? (
            <>
              <h2 className="govuk-heading-m">Minutes on the way</h2>
              <MeetingList meetings={inProgress} />
            </>
          ) : null}
        </>
      ) : (
        <p className="govuk-body">Members of a forum see its upcoming meetings when they sign in.</p>
      )}
      <h2 className="govuk-heading-m">Published minutes</h2>
      {published.length ? <MeetingList meetings={published} /> : <p className="govuk-body">No minutes have been published yet.</p>}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
