// /meetings/:id/attendance: a moderator records attendance as counts by role (the only thing
// ever shown in public) and, privately, ticks the members who were there, so that they are
// invited to review the draft minutes and can be quoted by name if they consent.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, TextInput, type FormResult } from "~/components/forms";
import {
  ATTENDANCE_ROLES,
  attendanceCounts,
  attendanceSchema,
  getMeeting,
  listForumPeople,
  listMarkedAttendees,
  MEETING_STATUS_LABELS,
  recordAttendance,
  type MeetingStatus,
} from "~/models/meetings/meetings.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Attendance – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "meeting:manage");
  const m = await getMeeting(params.id ?? "");
  if (!m) throw new Response("Not found", { status: 404 });
  const [people, marked] = await Promise.all([listForumPeople(m.forumId), listMarkedAttendees(m.id)]);
  return {
    meeting: { id: m.id, title: m.title, status: m.status, statusLabel: MEETING_STATUS_LABELS[m.status as MeetingStatus] },
    open: ["held", "minutes-draft", "minutes-review"].includes(m.status),
    counts: attendanceCounts(m),
    roles: ATTENDANCE_ROLES.map((r) => ({ key: r.key, label: r.label })),
    members: people.filter((p) => p.role === "member").map((p) => ({ value: p.id, label: p.name })),
    marked,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const id = params.id ?? "";
  const submission = parseWithZod(await readForm(request), { schema: attendanceSchema });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult }, { status: 400 });
  const { present, ...counts } = submission.value;
  try {
    await recordAttendance(moderator, { meetingId: id, counts, presentIds: present });
    return redirect(`/meetings/${id}?done=attendance`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

export default function Attendance() {
  const { meeting, open, counts, roles, members, marked } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "members", "met", "mopac", "facilitators", "others", "present"]} />
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">Attendance</h1>
      {!open ? (
        <p className="govuk-body">
          Attendance can be recorded once the meeting is marked as held, until its minutes are published. This meeting is {meeting.statusLabel.toLowerCase()}.
        </p>
      ) : (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">How many people came</h2>
          <p className="govuk-body">These numbers are published with the minutes. Nobody is named.</p>
          {roles.map((r) => (
            <TextInput key={r.key} name={r.key} label={r.label} width="10" result={acted?.result} defaultValue={counts ? String(counts[r.key]) : "0"} />
          ))}
          <h2 className="govuk-heading-m">Members who were there</h2>
          {members.length ? (
            <Choices
              name="present"
              legend="Tick the members who came"
              hint="Only moderators see this. These members, and those who said they were going, are invited to comment on the draft minutes and can be quoted by name if they agree."
              options={members}
              defaultValue={marked}
              result={acted?.result}
              small
            />
          ) : (
            <p className="govuk-body">The forum has no members yet.</p>
          )}
          <Button>Save the attendance</Button>
        </Form>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
          Back to the meeting
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
