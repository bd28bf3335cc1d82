// /meetings/:id: a meeting as its viewer may see it. Members of the forum see the details (the
// online link too), answer going / maybe / not going and download a calendar file; those who
// attended choose whether they may be named. Moderators get RSVP counts and the lifecycle.
// Once published, the minutes (attendance as counts, never names) are public when the forum's
// minutes are public.
import type { ActionFunctionArgs, LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders, refusalOf } from "~/services/http.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, SuccessBanner, type FormResult } from "~/components/forms";
import { MeetingStatusTag } from "~/components/meeting-fields";
import { ManagePanel } from "~/components/meeting-manage";
import { AttendanceTable, MinutesView, RevisionNotes } from "~/components/meeting-minutes";
import { formatLondonDay, formatMeetingTime } from "~/utils/london-clock";
import {
  ATTENDANCE_ROLES,
  attendanceCounts,
  getMeetingForViewer,
  listAgenda,
  listCoChairNamesForViewer,
  MEETING_ALLOWED_FROM,
  MEETING_STATUS_LABELS,
  ownRsvp,
  RSVP_LABELS,
  RSVP_RESPONSES,
  rsvpCounts,
  setRsvp,
  transitionMeeting,
  type MeetingMove,
  type MeetingStatus,
} from "~/models/meetings/meetings.server";
import { getMinutes, hasNamingConsent, listReviewComments, listRevisions, presentMinutes, setNamingConsent } from "~/models/meetings/minutes.server";
import { listResponsesOn, meetingResponseOffer } from "~/models/responses/official-responses.server";
import { ResponsesOnThing } from "~/components/official-response-form";
import { getCurrentUser, requireUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { SummaryList, SummaryRow } from "~/components/summary-list";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.meeting.title ?? "Meeting"} – Victim Voice Forum` },
  ...(data?.meeting.status === "minutes-published" ? [] : [{ name: "robots", content: "noindex" }]),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getCurrentUser(request);
  const now = new Date();
  const m = await getMeetingForViewer(params.id ?? "", viewer, now);
  if (!m) throw new Response("Not found", { status: 404 });
  const { access } = m;
  const status = m.status as MeetingStatus;
  const [agenda, coChairs] = await Promise.all([listAgenda(m.id), listCoChairNamesForViewer(m)]);
  const counts = attendanceCounts(m);
  const showAttendance = !!counts && (access.canReadMinutes || access.canManage);
  const published = status === "minutes-published";
  return {
    meeting: {
      id: m.id,
      title: m.title,
      description: m.description,
      forumName: m.forumName,
      status,
      statusLabel: MEETING_STATUS_LABELS[status],
      when: formatMeetingTime(m.startsAt, m.endsAt),
      place: m.place,
      online: !!m.onlineUrl,
      onlineUrl: access.canSeeLink ? m.onlineUrl : null,
      cancelReason: m.cancelReason,
      reviewCloses: m.reviewClosesAt ? formatLondonDay(m.reviewClosesAt) : null,
      published: m.publishedAt ? formatLondonDate(m.publishedAt) : null,
    },
    agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, notes: a.notes })),
    coChairs,
    access,
    ownRsvp: access.isForumMember && viewer ? await ownRsvp(m.id, viewer.id) : null,
    // Labels travel with the data: the browser bundle has no server modules.
    rsvpOptions: RSVP_RESPONSES.map((r) => ({ value: r, label: RSVP_LABELS[r] })),
    consent: access.canConsent && viewer ? await hasNamingConsent(m.id, viewer.id) : null,
    attendance: showAttendance ? ATTENDANCE_ROLES.map((r) => ({ label: r.label, count: counts[r.key] })) : null,
    minutes: published ? presentMinutes(await getMinutes(m.id, { viewerId: viewer?.id }), now, { published: true }) : null,
    // Official responses are shown with the minutes, to whoever may read them.
    responses: published
      ? (await listResponsesOn("meeting", m.id)).map((r) => ({ ...r, published: formatLondonDateTime(r.publishedAt), edited: r.editedAt ? formatLondonDateTime(r.editedAt) : null }))
      : [],
    responseOffer: published ? await meetingResponseOffer(viewer, m.id, now) : null,
    revisions: published ? (await listRevisions(m.id)).map((r) => ({ id: r.id, note: r.note, date: formatLondonDate(r.createdAt), item: r.agendaItemTitle })) : [],
    manage: access.canManage
      ? {
          meetingId: m.id,
          status,
          moves: Object.fromEntries(Object.entries(MEETING_ALLOWED_FROM).map(([k, from]) => [k, from.includes(status)])) as Record<MeetingMove["kind"], boolean>,
          counts: await rsvpCounts(m.id),
          started: now >= m.startsAt,
          attendanceRecorded: !!m.attendanceRecordedAt,
          reviewOpenUntil: m.reviewClosesAt ? formatLondonDay(m.reviewClosesAt) : null,
          reviewStillOpen: !!m.reviewClosesAt && now <= m.reviewClosesAt,
          commentCount: viewer ? (await listReviewComments(m.id, viewer)).length : 0,
        }
      : null,
  };
}

const schemas = {
  rsvp: z.object({ response: z.enum(RSVP_RESPONSES, { required_error: "Choose whether you are going", invalid_type_error: "Choose whether you are going" }) }),
  consent: z.object({ consent: z.enum(["yes", "no"]) }),
  "mark-held": z.object({}),
  "start-minutes": z.object({}),
  "open-review": z.object({
    reviewDays: z.coerce
      .number({ invalid_type_error: "Enter the number of days as a number, like 7" })
      .int("Enter a whole number of days")
      .min(1, "Members need at least 1 day to comment")
      .max(30, "The review period can be at most 30 days")
      .default(7),
  }),
  publish: z.object({ early: z.boolean().default(false) }),
  cancel: z.object({ reason: z.string({ required_error: "Give the reason for cancelling: members will see it" }).trim().min(3, "Give the reason for cancelling: members will see it").max(500, "The reason must be 500 characters or fewer") }),
};
type Intent = keyof typeof schemas;

const DONE: Record<string, string> = {
  rsvp: "Your answer has been saved.",
  "consent-yes": "You will be named in these minutes where you are quoted.",
  "consent-no": "You will be quoted as “a member” in these minutes.",
  "mark-held": "The meeting is marked as held. Record the attendance next.",
  "start-minutes": "You can now write the minutes.",
  "open-review": "The draft minutes were sent to the members who attended.",
  publish: "The minutes are published.",
  scheduled: "The meeting is scheduled and the forum's members have been emailed.",
  updated: "The meeting has been changed.",
  attendance: "The attendance has been saved.",
  response: "Your response is published, on this page and on the list of official responses.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "") as Intent;
  const schema = schemas[intent];
  if (!schema) throw new Response("Unknown action", { status: 400 });
  const submission = parseWithZod(formData, { schema: schema as z.ZodTypeAny });
  if (submission.status !== "success") return data({ intent, result: submission.reply() as FormResult }, { status: 400 });
  const value = submission.value as Record<string, unknown>;
  try {
    if (intent === "rsvp") {
      await setRsvp({ meetingId: id, actor: user, response: value.response as (typeof RSVP_RESPONSES)[number] });
      return redirect(`/meetings/${id}?done=rsvp`);
    }
    if (intent === "consent") {
      await setNamingConsent({ meetingId: id, actor: user, consent: value.consent === "yes" });
      return redirect(`/meetings/${id}?done=consent-${value.consent}`);
    }
    const move: MeetingMove =
      intent === "open-review"
        ? { kind: "open-review", reviewDays: value.reviewDays as number }
        : intent === "publish"
          ? { kind: "publish", early: value.early as boolean }
          : intent === "cancel"
            ? { kind: "cancel", reason: value.reason as string }
            : { kind: intent as "mark-held" | "start-minutes" };
    await transitionMeeting({ meetingId: id, actor: user, move });
    return redirect(intent === "cancel" ? "/meetings?done=cancelled" : `/meetings/${id}?done=${intent}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ intent, result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

export default function MeetingPage() {
  const { meeting, agenda, coChairs, access, ownRsvp, rsvpOptions, consent, attendance, minutes, revisions, responses, responseOffer, manage } = useLoaderData<typeof loader>();
  const ownRsvpLabel = rsvpOptions.find((o) => o.value === ownRsvp)?.label;
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const resultFor = (intent: string): FormResult => (acted?.intent === intent ? acted.result : undefined);
  return (
    <>
      <ErrorSummary result={acted?.result} />
      {done && DONE[done] && !acted ? <SuccessBanner>{DONE[done]}</SuccessBanner> : null}
      <span className="govuk-caption-l">{meeting.forumName}</span>
      <h1 className="govuk-heading-l">{meeting.title}</h1>
      <p className="govuk-body">
        <MeetingStatusTag status={meeting.status} label={meeting.statusLabel} />
      </p>
      {meeting.status === "cancelled" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>This meeting was cancelled. {meeting.cancelReason}
          </strong>
        </div>
      ) : null}
      <SummaryList testId="meeting-details">
        <SummaryRow label="When">{meeting.when}</SummaryRow>
        <SummaryRow label="Where">
          {meeting.place ? <span className="govuk-!-display-block">{meeting.place}</span> : null}
          {meeting.online ? (
            meeting.onlineUrl ? (
              <a className="govuk-link" href={meeting.onlineUrl} rel="noopener noreferrer">
                Join online<span className="govuk-visually-hidden"> (video call link for members of the forum)</span>
              </a>
            ) : (
              <span>Online (the link is shown to members of the forum)</span>
            )
          ) : null}
        </SummaryRow>
        {coChairs.length ? <SummaryRow label="Co-chairs">{coChairs.join(", ")}</SummaryRow> : null}
        {meeting.published ? <SummaryRow label="Minutes published">{meeting.published}</SummaryRow> : null}
      </SummaryList>
      {meeting.description ? <p className="govuk-body vvf-pre-wrap">{meeting.description}</p> : null}
      {access.offersCalendar ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/meetings/${meeting.id}/ics`} download>
            Add to your calendar (.ics file)
          </a>
        </p>
      ) : null}
      {access.canRsvp ? (
        <Form method="post" noValidate data-testid="rsvp-form">
          <input type="hidden" name="intent" value="rsvp" />
          <Choices
            type="radio"
            name="response"
            legend={<span className="govuk-heading-m govuk-!-margin-bottom-0">Are you going?</span>}
            hint={ownRsvpLabel ? `Your answer: ${ownRsvpLabel}. You can change it until the meeting ends.` : "Only the moderators see how many people are coming."}
            options={rsvpOptions}
            defaultValue={ownRsvp ? [ownRsvp] : []}
            result={resultFor("rsvp")}
            small
          />
          <Button>Save your answer</Button>
        </Form>
      ) : null}
      {access.canComment ? (
        <div className="govuk-inset-text">
          The draft minutes are ready for your comments until the end of {meeting.reviewCloses}.{" "}
          <Link className="govuk-link" to={`/meetings/${meeting.id}/review`}>
            Read and comment on the draft minutes
          </Link>
        </div>
      ) : null}
      {access.canConsent && consent !== null ? <ConsentForm consent={consent} /> : null}
      {manage ? <ManagePanel data={manage} resultFor={resultFor} /> : null}
      {!minutes ? (
        <>
          <h2 className="govuk-heading-m">Agenda</h2>
          <ol className="govuk-list govuk-list--number" data-testid="agenda">
            {agenda.map((a) => (
              <li key={a.id}>
                {a.title}
                {a.notes ? <span className="govuk-hint govuk-!-margin-bottom-0 govuk-!-display-block vvf-pre-wrap">{a.notes}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {attendance ? <AttendanceTable attendance={attendance} /> : null}
      {minutes ? (
        <>
          <h2 className="govuk-heading-l">Minutes</h2>
          <MinutesView items={minutes} />
          <RevisionNotes revisions={revisions} />
          <ResponsesOnThing responses={responses} offer={responseOffer} respondHref={`/respond/meetings/${meeting.id}`} what="meeting" />
        </>
      ) : null}
    </>
  );
}

function ConsentForm({ consent }: { consent: boolean }) {
  return (
    <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid="consent-form">
      <input type="hidden" name="intent" value="consent" />
      <input type="hidden" name="consent" value={consent ? "no" : "yes"} />
      <h2 className="govuk-heading-m">Being named in the minutes</h2>
      <p className="govuk-body">
        {consent
          ? "You have agreed to be named where these minutes quote you. You can change your mind until the minutes are published."
          : "Where these minutes quote you, they say “a member”. If you would like your display name shown instead, you can agree to be named for this meeting."}
      </p>
      <Button secondary>{consent ? "Quote me as “a member” instead" : "Name me in these minutes"}</Button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
