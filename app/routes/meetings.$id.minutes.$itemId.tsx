// /meetings/:id/minutes/:itemId: a moderator writes one agenda item's minutes: the summary and
// decisions (Markdown, sanitized on save), quotes linked to the member who said them (shown as
// "a member" unless they agree to be named), and the actions agreed. After publication only the
// text can be corrected, with a note shown with the minutes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ActionItemFields } from "~/components/action-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, Select, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import { actionItemSchema } from "~/models/actions/action-items.server";
import { getMeeting, type MeetingStatus } from "~/models/meetings/meetings.server";
import {
  A_MEMBER,
  addMeetingAction,
  addQuote,
  agendaMinutesSchema,
  getMinutes,
  listAttendeesForQuotes,
  listReviewComments,
  mentionedMembers,
  presentMinutes,
  quoteSchema,
  removeMeetingAction,
  removeQuote,
  saveAgendaMinutes,
} from "~/models/meetings/minutes.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";

export const meta: MetaFunction = () => [{ title: "Write the minutes – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const m = await getMeeting(params.id ?? "");
  if (!m) throw new Response("Not found", { status: 404 });
  const raw = await getMinutes(m.id, { forModerator: true });
  const index = raw.findIndex((i) => i.id === params.itemId);
  if (index < 0) throw new Response("Not found", { status: 404 });
  const item = raw[index];
  const status = m.status as MeetingStatus;
  const [attendees, comments, mentions] = await Promise.all([
    listAttendeesForQuotes(m.id),
    listReviewComments(m.id, moderator),
    mentionedMembers(m.forumId, `${item.summarySource}\n${item.decisionsSource}`),
  ]);
  return {
    meeting: { id: m.id, title: m.title, status },
    editable: ["minutes-draft", "minutes-review", "minutes-published"].includes(status),
    correcting: status === "minutes-published",
    draft: status === "minutes-draft" || status === "minutes-review",
    item: { id: item.id, position: item.position, title: item.title, notes: item.notes, summary: item.summarySource ?? "", decisions: item.decisionsSource ?? "" },
    quotes: item.quotes.map((q) => ({ id: q.id, text: q.text, linkedMember: q.linkedMember ?? null, shownAs: q.speaker === A_MEMBER ? "“a member”" : q.speaker })),
    actions: presentMinutes([item])[0].actions,
    attendees: attendees.map((a) => ({ value: a.id, label: `${a.name}${a.consented ? " (agreed to be named)" : " (will be shown as “a member”)"}` })),
    comments: comments.filter((c) => c.agendaItemId === item.id).map((c) => ({ id: c.id, authorName: c.authorName, body: c.body, date: formatLondonDateTime(c.createdAt) })),
    mentions,
  };
}

const removeSchema = z.object({ id: z.string() });

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "meeting:manage");
  const meetingId = params.id ?? "";
  const agendaItemId = params.itemId ?? "";
  const here = `/meetings/${meetingId}/minutes/${agendaItemId}`;
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const schema = { save: agendaMinutesSchema, "add-quote": quoteSchema, "add-action": actionItemSchema(), "remove-quote": removeSchema, "remove-action": removeSchema }[intent];
  if (!schema) throw new Response("Unknown action", { status: 400 });
  const submission = parseWithZod(formData, { schema: schema as z.ZodTypeAny });
  if (submission.status !== "success") return data({ intent, result: submission.reply() as FormResult }, { status: 400 });
  const v = submission.value;
  try {
    if (intent === "save") await saveAgendaMinutes(moderator, { meetingId, agendaItemId, ...v });
    if (intent === "add-quote") await addQuote(moderator, { meetingId, agendaItemId, text: v.text, memberId: v.memberId || null });
    if (intent === "add-action") await addMeetingAction(moderator, { meetingId, agendaItemId, ...v });
    if (intent === "remove-quote") await removeQuote(moderator, { meetingId, quoteId: v.id });
    if (intent === "remove-action") await removeMeetingAction(moderator, { meetingId, actionItemId: v.id });
    return redirect(`${here}?done=${intent}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ intent, result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

const DONE: Record<string, string> = {
  save: "The minutes for this item have been saved.",
  "add-quote": "The quote has been added.",
  "remove-quote": "The quote has been removed.",
  "add-action": "The action has been added. It becomes public when the minutes are published.",
  "remove-action": "The action has been removed.",
};

export default function AgendaItemMinutes() {
  const { meeting, item, quotes, actions, attendees, comments, mentions, editable, correcting, draft } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const resultFor = (intent: string): FormResult => (acted?.intent === intent ? acted.result : undefined);
  const done = params.get("done");
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "summary", "decisions", "revisionNote", "text", "memberId", "title", "details", "organisation", "dueDate"]} />
      {done && DONE[done] && !acted ? <SuccessBanner>{DONE[done]}</SuccessBanner> : null}
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">
        {item.position}. {item.title}
      </h1>
      {item.notes ? <p className="govuk-body vvf-pre-wrap">{item.notes}</p> : null}
      {mentions.length ? (
        <div className="govuk-warning-text" data-testid="mentions">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The text names {mentions.join(", ")}. Members are named in minutes only in quotes, and only if they agree: please check.
          </strong>
        </div>
      ) : null}
      {comments.length ? (
        <>
          <h2 className="govuk-heading-m">Review comments on this item</h2>
          <ul className="govuk-list" data-testid="item-comments">
            {comments.map((c) => (
              <li key={c.id} className="govuk-inset-text govuk-!-margin-top-0">
                <p className="govuk-body vvf-pre-wrap govuk-!-margin-bottom-1">{c.body}</p>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  {c.authorName}, {c.date}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!editable ? (
        <p className="govuk-body">The minutes cannot be written yet: start them from the meeting&apos;s page once it is marked as held.</p>
      ) : (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <input type="hidden" name="intent" value="save" />
          <TextArea name="summary" label="Summary of the discussion" hint="Markdown: **bold**, lists with -, links. Do not name members here: add their words as quotes below." defaultValue={item.summary} result={resultFor("save")} rows={10} />
          <TextArea name="decisions" label="Decisions" defaultValue={item.decisions} result={resultFor("save")} rows={4} />
          {correcting ? <TextArea name="revisionNote" label="What did you correct?" hint="Shown, with today's date, with the published minutes." result={resultFor("save")} rows={2} /> : null}
          <Button>{correcting ? "Save the correction" : "Save this item"}</Button>
        </Form>
      )}
      <h2 className="govuk-heading-m">Quotes</h2>
      {quotes.length ? (
        <ul className="govuk-list" data-testid="quotes">
          {quotes.map((q) => (
            <li key={q.id} className="govuk-!-margin-bottom-4">
              “{q.text}” — shown as <strong>{q.shownAs}</strong>
              {q.linkedMember ? ` (said by ${q.linkedMember})` : " (not linked to anyone)"}
              {draft ? (
                <Form method="post" className="govuk-!-display-inline govuk-!-margin-left-2">
                  <input type="hidden" name="intent" value="remove-quote" />
                  <input type="hidden" name="id" value={q.id} />
                  <button type="submit" className="govuk-link vvf-link-button">
                    Remove<span className="govuk-visually-hidden"> the quote “{q.text.slice(0, 40)}”</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No quotes yet.</p>
      )}
      {draft ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <input type="hidden" name="intent" value="add-quote" />
          <TextArea name="text" label="What was said" result={resultFor("add-quote")} rows={3} />
          <Select
            name="memberId"
            label="Who said it"
            hint="Only members who attended are listed. The minutes show their display name only if they agree to be named for this meeting."
            options={[{ value: "", label: "Do not link to anyone (always “a member”)" }, ...attendees]}
            result={resultFor("add-quote")}
          />
          <Button secondary>Add the quote</Button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">Actions agreed</h2>
      {actions.length ? (
        <ul className="govuk-list" data-testid="item-actions">
          {actions.map((a) => (
            <li key={a.id} className="govuk-!-margin-bottom-2">
              {a.title} ({a.organisationLabel}, due {a.due})
              {draft ? (
                <Form method="post" className="govuk-!-display-inline govuk-!-margin-left-2">
                  <input type="hidden" name="intent" value="remove-action" />
                  <input type="hidden" name="id" value={a.id} />
                  <button type="submit" className="govuk-link vvf-link-button">
                    Remove<span className="govuk-visually-hidden"> the action “{a.title}”</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No actions yet.</p>
      )}
      {draft ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <input type="hidden" name="intent" value="add-action" />
          <ActionItemFields result={resultFor("add-action")} />
          <Button secondary>Add the action</Button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/meetings/${meeting.id}/minutes`}>
          Back to all the minutes
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
