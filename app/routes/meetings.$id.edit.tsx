// /meetings/:id/edit: a moderator changes a scheduled meeting. The form carries the version it
// was read at, so a change someone else made meanwhile is not silently overwritten. Members are
// emailed when the title, time, place or link changes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, type FormResult } from "~/components/forms";
import { MeetingFields } from "~/components/meeting-fields";
import { londonDate, londonTimeOfDay } from "~/utils/london-clock";
import {
  getMeeting,
  listAgenda,
  listCoChairChoices,
  listCoChairs,
  MEETING_STATUS_LABELS,
  meetingFormSchema,
  updateMeeting,
  type MeetingStatus,
} from "~/models/meetings/meetings.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { MAX_INTEGER } from "~/utils/form-input";

export const meta: MetaFunction = () => [{ title: "Change a meeting – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "meeting:manage");
  const m = await getMeeting(params.id ?? "");
  if (!m) throw new Response("Not found", { status: 404 });
  const [agenda, coChairs, choices] = await Promise.all([listAgenda(m.id), listCoChairs(m.id), listCoChairChoices(m.forumId)]);
  const [year, month, day] = londonDate(m.startsAt).split("-");
  return {
    meeting: { id: m.id, title: m.title, forumName: m.forumName, status: m.status, statusLabel: MEETING_STATUS_LABELS[m.status as MeetingStatus], version: m.version },
    defaults: {
      title: m.title,
      description: m.description,
      date: { day: String(Number(day)), month: String(Number(month)), year },
      startTime: londonTimeOfDay(m.startsAt),
      endTime: londonTimeOfDay(m.endsAt),
      place: m.place ?? "",
      onlineUrl: m.onlineUrl ?? "",
      agenda: agenda.map((a) => ({ id: a.id, title: a.title, notes: a.notes })),
      coChairIds: coChairs.map((c) => c.id),
    },
    coChairChoices: choices,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const id = params.id ?? "";
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: meetingFormSchema().and(z.object({ version: z.coerce.number().int().min(1).max(MAX_INTEGER) })) });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult }, { status: 400 });
  try {
    await updateMeeting(moderator, { ...submission.value, meetingId: id });
    return redirect(`/meetings/${id}?done=updated`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

const FIELD_ORDER = ["", "title", "description", "date", "startTime", "endTime", "place", "onlineUrl", "agenda", "coChairs"];

export default function EditMeeting() {
  const { meeting, defaults, coChairChoices } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  if (meeting.status !== "scheduled") {
    return (
      <>
        <h1 className="govuk-heading-l">This meeting can no longer be changed</h1>
        <p className="govuk-body">
          “{meeting.title}” is {meeting.statusLabel.toLowerCase()}. Only a scheduled meeting can be changed.{" "}
          <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
            Back to the meeting
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={FIELD_ORDER} />
      <span className="govuk-caption-l">{meeting.forumName}</span>
      <h1 className="govuk-heading-l">Change the meeting</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="version" value={meeting.version} />
        <MeetingFields result={acted?.result} defaults={defaults} coChairChoices={coChairChoices} />
        <Button>Save changes</Button>
      </Form>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
          Back to the meeting without saving
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
