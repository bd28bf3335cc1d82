// /meetings/new: a moderator schedules a meeting. First the forum (a GET form, so it works
// without JavaScript and the co-chair choices can be the forum's people), then the details.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, type FormResult } from "~/components/forms";
import { MeetingFields } from "~/components/meeting-fields";
import { getForumById, listAllForums } from "~/models/people/forums.server";
import { listCoChairChoices, meetingFormSchema, scheduleMeeting } from "~/models/meetings/meetings.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Schedule a meeting – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "meeting:manage");
  const forumId = new URL(request.url).searchParams.get("forum");
  const forum = forumId ? await getForumById(forumId) : null;
  if (!forum) {
    const forums = await listAllForums();
    return { forum: null, forums: forums.map((f) => ({ value: f.id, label: f.name })), coChairChoices: [], chooseError: !!forumId };
  }
  return { forum: { id: forum.id, name: forum.name }, forums: [], coChairChoices: await listCoChairChoices(forum.id), chooseError: false };
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: meetingFormSchema().and(z.object({ forumId: z.string().uuid("Choose the forum") })) });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult }, { status: 400 });
  try {
    const created = await scheduleMeeting(moderator, submission.value);
    return redirect(`/meetings/${created.id}?done=scheduled`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

const FIELD_ORDER = ["title", "description", "date", "startTime", "endTime", "place", "onlineUrl", "agenda", "coChairs"];

export default function NewMeeting() {
  const { forum, forums, coChairChoices, chooseError } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  if (!forum) {
    const result: FormResult = chooseError ? { status: "error", error: { forum: ["Choose the forum the meeting is for"] }, initialValue: {} } : undefined;
    return (
      <>
        <ErrorSummary result={result} />
        <h1 className="govuk-heading-l">Schedule a meeting</h1>
        <Form method="get" noValidate>
          <Choices type="radio" name="forum" legend="Which forum is the meeting for?" options={forums} result={result} />
          <Button>Continue</Button>
        </Form>
      </>
    );
  }
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={FIELD_ORDER} />
      <span className="govuk-caption-l">{forum.name}</span>
      <h1 className="govuk-heading-l">Schedule a meeting</h1>
      <p className="govuk-body">Everyone in the forum is emailed when you schedule it, and reminded the day before if they said they are going.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="forumId" value={forum.id} />
        <MeetingFields result={acted?.result} coChairChoices={coChairChoices} />
        <Button>Schedule the meeting</Button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
