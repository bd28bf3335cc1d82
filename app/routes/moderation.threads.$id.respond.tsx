// /moderation/threads/:id/respond: a moderator asks the Met or MOPAC to respond to a thread, with
// a due date (default 20 working days) that the public sees as a clock.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { getThreadForViewer } from "~/models/threads/threads.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { endOfLondonDay, formatLondonDate, isIsoDate } from "~/utils/london-time";
import { ORGANISATION_LABELS, ORGANISATIONS } from "~/utils/permissions";
import { londonDate } from "~/utils/working-days";
import { markForResponse } from "~/models/threads/official-responses.server";
import { THREAD_RESPONSE_WORKING_DAYS, threadResponseDueAt } from "~/utils/clocks";

export const meta: MetaFunction = () => [{ title: "Ask for an official response – Victim Voice Forum" }];

function schemaFor(visibility: string, today: string) {
  return z.object({
    organisation: z.enum(ORGANISATIONS, { errorMap: () => ({ message: "Choose who should respond: the Metropolitan Police or MOPAC" }) }),
    dueDate: z
      .string({ required_error: "Enter the date the response is due" })
      .trim()
      .refine(isIsoDate, "Enter the due date as a real date, like 2026-03-31")
      .refine((v) => v >= today, "The due date must be today or later"),
    publicSummary:
      visibility === "members"
        ? z.string({ required_error: "Write a short public summary: the thread is members-only" }).trim().max(1500, "The summary must be 1500 characters or fewer")
        : z.string().trim().max(1500, "The summary must be 1500 characters or fewer").optional(),
  });
}

async function loadThread(request: Request, id: string) {
  const moderator = await requirePermission(request, "thread:mark-for-response");
  const thread = await getThreadForViewer(id, moderator);
  if (!thread || !thread.published) throw new Response("That thread does not exist or is not published yet", { status: 404 });
  return { moderator, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { thread } = await loadThread(request, params.id ?? "");
  return {
    thread: {
      id: thread.id,
      title: thread.title,
      forumName: thread.forumName,
      visibility: thread.visibility,
      organisation: thread.responseOrganisation ?? "",
      dueDate: thread.responseDueAt ? londonDate(thread.responseDueAt) : londonDate(threadResponseDueAt(new Date())),
      dueLabel: thread.responseDueAt ? formatLondonDate(thread.responseDueAt) : null,
      publicSummary: thread.publicSummary ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { moderator, thread } = await loadThread(request, params.id ?? "");
  const submission = parseWithZod(await readForm(request), { schema: schemaFor(thread.visibility, londonDate(new Date())) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { organisation, dueDate, publicSummary } = submission.value;
  try {
    await markForResponse(moderator, { threadId: thread.id, organisation, dueAt: endOfLondonDay(dueDate), publicSummary });
  } catch (err) {
    const refusal = refusalOf(err);
    return data(submission.reply(refusal.reply), { status: refusal.status });
  }
  return redirect(`/threads/${thread.id}?marked=1`);
}

export default function MarkForResponse() {
  const { thread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const membersOnly = thread.visibility === "members";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={["", "organisation", "dueDate", "publicSummary"]} />
        <span className="govuk-caption-l">
          {thread.title} ({membersOnly ? "members only" : "public"}, {thread.forumName})
        </span>
        <h1 className="govuk-heading-l">Ask for an official response</h1>
        <p className="govuk-body">
          The organisation you choose sees this thread on its list of threads awaiting a response. The thread shows a public clock counting down to
          the due date.
        </p>
        {thread.dueLabel ? (
          <p className="govuk-inset-text">
            This thread is already marked for response, due {thread.dueLabel}. Saving changes the request.
          </p>
        ) : null}
        <Form method="post" noValidate>
          <Choices
            type="radio"
            name="organisation"
            legend="Who should respond?"
            options={ORGANISATIONS.map((o) => ({ value: o, label: ORGANISATION_LABELS[o] }))}
            defaultValue={thread.organisation ? [thread.organisation] : []}
            result={result}
          />
          <TextInput
            name="dueDate"
            type="date"
            label="Due date"
            hint={`The response is due by the end of this day, London time. The usual time is ${THREAD_RESPONSE_WORKING_DAYS} working days. For example, ${thread.dueDate}.`}
            defaultValue={thread.dueDate}
            width="10"
            result={result}
          />
          <TextArea
            name="publicSummary"
            label={membersOnly ? "Public summary" : "Public summary (optional)"}
            hint="The public sees this summary, never members' words."
            defaultValue={thread.publicSummary}
            rows={5}
            result={result}
          />
          <Button>Ask for a response</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/threads/${thread.id}`}>
            Back to the thread
          </Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
