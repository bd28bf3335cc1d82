// /meetings/:id/minutes: the moderators' view of the minutes being written: every agenda item
// with what is written so far, who each quote is linked to (and whether they agreed to be
// named), the actions, and how many review comments each item has. Items open for editing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, TextArea, TextInput, type FormResult } from "~/components/forms";
import { MeetingStatusTag } from "~/components/meeting-fields";
import { getMeeting, MEETING_STATUS_LABELS, type MeetingStatus } from "~/models/meetings/meetings.server";
import { A_MEMBER, addAgendaItem, getMinutes, listReviewComments, newAgendaItemSchema, presentMinutes } from "~/models/meetings/minutes.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Minutes – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const m = await getMeeting(params.id ?? "");
  if (!m) throw new Response("Not found", { status: 404 });
  const status = m.status as MeetingStatus;
  const [raw, comments] = await Promise.all([getMinutes(m.id, { forModerator: true }), listReviewComments(m.id, moderator)]);
  const shown = presentMinutes(raw);
  return {
    meeting: { id: m.id, title: m.title, forumName: m.forumName, status, statusLabel: MEETING_STATUS_LABELS[status] },
    editable: ["minutes-draft", "minutes-review", "minutes-published"].includes(status),
    canAddItem: ["held", "minutes-draft", "minutes-review"].includes(status),
    items: shown.map((item, i) => ({
      ...item,
      comments: comments.filter((c) => c.agendaItemId === item.id).length,
      quotes: raw[i].quotes.map((q) => ({ id: q.id, text: q.text, named: q.speaker !== A_MEMBER, linkedMember: q.linkedMember ?? null })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const id = params.id ?? "";
  const submission = parseWithZod(await readForm(request), { schema: newAgendaItemSchema });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult }, { status: 400 });
  try {
    const item = await addAgendaItem(moderator, { meetingId: id, ...submission.value });
    return redirect(`/meetings/${id}/minutes/${item.id}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

export default function MinutesOverview() {
  const { meeting, items, editable, canAddItem } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={acted?.result} />
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">Minutes</h1>
      <p className="govuk-body">
        <MeetingStatusTag status={meeting.status} label={meeting.statusLabel} />
      </p>
      {!editable ? (
        <p className="govuk-body">
          Start writing the minutes from the <Link className="govuk-link" to={`/meetings/${meeting.id}`}>meeting&apos;s page</Link> once it is marked as held.
        </p>
      ) : (
        <p className="govuk-body">
          Write each agenda item&apos;s summary and decisions, quotes and actions. Members are quoted as “a member” unless they agree to be named.
          {meeting.status === "minutes-published" ? " The minutes are published: a change needs a note saying what was corrected, shown with the minutes." : ""} When you are ready, go back to the{" "}
          <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
            meeting&apos;s page
          </Link>{" "}
          to send the draft for review or publish it.
        </p>
      )}
      {items.map((item) => (
        <section key={item.id} className="govuk-!-margin-bottom-8" data-testid="minutes-item">
          <h2 className="govuk-heading-m">
            {item.position}. {item.title}
          </h2>
          {editable ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/meetings/${meeting.id}/minutes/${item.id}`}>
                {meeting.status === "minutes-published" ? "Correct" : "Write"} the minutes<span className="govuk-visually-hidden"> for “{item.title}”</span>
              </Link>
            </p>
          ) : null}
          {item.summaryHtml ? <div className="govuk-body vvf-post-body" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} /> : <p className="govuk-body">No summary yet.</p>}
          <p className="govuk-body-s">
            {item.quotes.length} {item.quotes.length === 1 ? "quote" : "quotes"} ({item.quotes.map((q) => (q.linkedMember ? `${q.linkedMember}, shown as ${q.named ? "their name" : "“a member”"}` : "not linked")).join("; ") || "none"}),{" "}
            {item.actions.length} {item.actions.length === 1 ? "action" : "actions"}, {item.comments} review {item.comments === 1 ? "comment" : "comments"}.
          </p>
        </section>
      ))}
      {canAddItem ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Add an agenda item</h2>
          <p className="govuk-body">For something discussed that was not on the agenda, like any other business.</p>
          <TextInput name="title" label="Title" result={acted?.result} />
          <TextArea name="notes" label="Notes (optional)" result={acted?.result} rows={2} />
          <Button secondary>Add the item</Button>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
