// /respond/meetings/:id: a responder publishes their organisation's official response to a
// meeting whose minutes are published (an organisation that was at it or took on one of its
// actions). Like a response on a thread it is not pre-moderated: public at once, audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { datedResponses, publishResponseFromForm, requireOrganisationResponder } from "~/services/official-response-form.server";
import { ErrorPage } from "~/components/error-page";
import { ErrorSummary } from "~/components/forms";
import { ResponsesWithForm } from "~/components/official-response-form";
import { OfficialResponse } from "~/components/post-body";
import { getMeetingForViewer } from "~/models/meetings/meetings.server";
import { listResponsesOn, meetingResponseOffer, publishMeetingResponse } from "~/models/responses/official-responses.server";
import { lastResponderTitle } from "~/models/threads/official-responses.server";
import { forbidden } from "~/services/session.server";
import { formatMeetingTime } from "~/utils/london-clock";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ? `Respond: ${data.meeting.title}` : "Respond"} – Victim Voice Forum` }];

async function loadMeeting(request: Request, id: string) {
  const responder = await requireOrganisationResponder(request);
  const meeting = await getMeetingForViewer(id, responder);
  if (!meeting) throw new Response("That meeting does not exist", { status: 404 });
  return { responder, meeting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { responder, meeting } = await loadMeeting(request, params.id ?? "");
  const offer = await meetingResponseOffer(responder, meeting.id);
  if (!offer) {
    throw forbidden("Your organisation cannot respond to this meeting: a meeting is answered once its minutes are published, by an organisation that was at it or took on one of its actions.");
  }
  const [responses, title] = await Promise.all([listResponsesOn("meeting", meeting.id), lastResponderTitle(responder.id)]);
  return {
    offer,
    lastTitle: title ?? "",
    meeting: { id: meeting.id, title: meeting.title, forumName: meeting.forumName, when: formatMeetingTime(meeting.startsAt, meeting.endsAt), minutesPublic: meeting.minutesPublic },
    responses: datedResponses(responses),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { responder, meeting } = await loadMeeting(request, params.id ?? "");
  return publishResponseFromForm(request, ({ body, responderTitle }) => publishMeetingResponse(responder, { meetingId: meeting.id, body, responderTitle }), (id) => `/meetings/${meeting.id}?done=response#response-${id}`);
}

export default function RespondToMeeting() {
  const { offer, lastTitle, meeting, responses } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "responderTitle", "body"]} />
      <span className="govuk-caption-l">{meeting.forumName}</span>
      <h1 className="govuk-heading-l">Respond to the meeting: {meeting.title}</h1>
      <p className="govuk-body">
        {meeting.when}.{" "}
        <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
          Read the published minutes
        </Link>
      </p>
      <div className="govuk-inset-text">
        {meeting.minutesPublic
          ? "These minutes are public, so your response will be too: on the meeting's page, on the list of official responses, in the feed and in open data."
          : "This forum's minutes are for its members only, so your response will be shown only with the minutes, to those who can read them."}{" "}
        Do not name or quote members.
      </div>
      <ResponsesWithForm
        responses={responses}
        offer={offer}
        noneYet="There are no official responses to this meeting yet."
        responded="has responded to this meeting. Each organisation responds once."
        lastTitle={lastTitle}
        result={acted?.result}
        pii={acted?.pii ?? null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
