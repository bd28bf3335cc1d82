// /meetings/:id/review: the draft minutes for the members who attended (marked present, or
// who said they were going), during the review period. Each can comment on any agenda item and
// choose whether to be named where quoted. Comments are read by moderators only: a member sees
// their own, nobody else's. To anyone else this page does not exist.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import { MinutesView } from "~/components/meeting-minutes";
import { formatLondonDay } from "~/utils/london-clock";
import { getMeetingForViewer } from "~/models/meetings/meetings.server";
import { addReviewComment, getMinutes, hasNamingConsent, listReviewComments, presentMinutes, reviewCommentSchema, setNamingConsent } from "~/models/meetings/minutes.server";
import { refusalOf } from "~/services/http.server";
import { requireUser } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";

export const meta: MetaFunction = () => [{ title: "Review the draft minutes – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const m = await getMeetingForViewer(params.id ?? "", viewer);
  const reviewing = !!m && m.access.isAttendee && m.status === "minutes-review";
  const moderating = !!m && m.access.canManage && ["minutes-draft", "minutes-review", "minutes-published"].includes(m.status);
  if (!m || !(reviewing || moderating)) throw new Response("Not found", { status: 404 });
  const [items, comments] = await Promise.all([getMinutes(m.id, { viewerId: viewer.id }), listReviewComments(m.id, viewer)]);
  return {
    meeting: { id: m.id, title: m.title, forumName: m.forumName, status: m.status, reviewCloses: m.reviewClosesAt ? formatLondonDay(m.reviewClosesAt) : null },
    moderating,
    canComment: m.access.canComment,
    consent: m.access.canConsent ? await hasNamingConsent(m.id, viewer.id) : null,
    minutes: presentMinutes(items),
    comments: comments.map((c) => ({
      id: c.id,
      agendaItem: items.find((i) => i.id === c.agendaItemId)?.title ?? "",
      body: c.body,
      date: formatLondonDateTime(c.createdAt),
      // Moderators see who wrote each comment; a member only ever sees their own.
      authorName: moderating ? c.authorName : "You",
    })),
  };
}

const consentSchema = z.object({ consent: z.enum(["yes", "no"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const meetingId = params.id ?? "";
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const schema = intent === "comment" ? reviewCommentSchema : intent === "consent" ? consentSchema : null;
  if (!schema) throw new Response("Unknown action", { status: 400 });
  const submission = parseWithZod(formData, { schema: schema as z.ZodTypeAny });
  if (submission.status !== "success") return data({ intent, result: submission.reply() as FormResult }, { status: 400 });
  const v = submission.value;
  try {
    if (intent === "comment") await addReviewComment({ meetingId, agendaItemId: v.agendaItemId, actor: viewer, body: v.body });
    else await setNamingConsent({ meetingId, actor: viewer, consent: v.consent === "yes" });
    return redirect(`/meetings/${meetingId}/review?done=${intent === "comment" ? "comment" : `consent-${v.consent}`}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ intent, result: submission.reply(refusal.reply) as FormResult }, { status: refusal.status });
  }
}

const DONE: Record<string, string> = {
  comment: "Thank you. Your comment has been sent to the moderators.",
  "consent-yes": "You will be named where these minutes quote you.",
  "consent-no": "You will be quoted as “a member” in these minutes.",
};

export default function ReviewMinutes() {
  const { meeting, moderating, canComment, consent, minutes, comments } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const resultFor = (intent: string): FormResult => (acted?.intent === intent ? acted.result : undefined);
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "agendaItemId", "body"]} />
      {done && DONE[done] && !acted ? <SuccessBanner>{DONE[done]}</SuccessBanner> : null}
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">{moderating ? "Review comments" : "Review the draft minutes"}</h1>
      {meeting.status === "minutes-review" ? (
        <p className="govuk-body">
          {moderating ? "Members who attended" : "As someone who was at this meeting, you"} can comment on the draft until the end of {meeting.reviewCloses}. Comments are read by the moderators only; they are never published.
        </p>
      ) : null}
      <h2 className="govuk-heading-m">{moderating ? "Comments" : "Your comments"}</h2>
      {comments.length ? (
        <ul className="govuk-list" data-testid="review-comments">
          {comments.map((c) => (
            <li key={c.id} className="govuk-inset-text govuk-!-margin-top-0">
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                On “{c.agendaItem}”: {c.authorName}, {c.date}
              </p>
              <p className="govuk-body vvf-pre-wrap govuk-!-margin-bottom-0">{c.body}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No comments yet.</p>
      )}
      {canComment ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8" data-testid="comment-form">
          <input type="hidden" name="intent" value="comment" />
          <Choices type="radio" name="agendaItemId" legend="Which part of the minutes is your comment about?" options={minutes.map((i) => ({ value: i.id, label: `${i.position}. ${i.title}` }))} result={resultFor("comment")} small />
          <TextArea name="body" label="Your comment" hint="For example, something missing or not quite as it was said." result={resultFor("comment")} rows={4} />
          <Button>Send your comment</Button>
        </Form>
      ) : null}
      {consent !== null ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8" data-testid="consent-form">
          <input type="hidden" name="intent" value="consent" />
          <input type="hidden" name="consent" value={consent ? "no" : "yes"} />
          <h2 className="govuk-heading-m">Being named in the minutes</h2>
          <p className="govuk-body">
            {consent
              ? "You have agreed to be named where these minutes quote you. You can change your mind until they are published."
              : "Where these minutes quote you, they say “a member”. You can agree to have your display name shown instead, for this meeting only."}
          </p>
          <Button secondary>{consent ? "Quote me as “a member” instead" : "Name me in these minutes"}</Button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-l">{meeting.status === "minutes-published" ? "The minutes" : "The draft minutes"}</h2>
      <MinutesView items={minutes} />
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
