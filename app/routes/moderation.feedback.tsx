// /moderation/feedback: victims' My Met Service comments wait here for a moderator (approve,
// redact and approve, or reject; a rating of 4 or 5 may be approved for recognition, which puts
// it on the supervisors' commendations list) before any member of staff reads them; none is
// ever public.
// Below them, the contacts left by victims who would like to hear about the forum. Works
// without JavaScript: each decision is its own small form.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Checkbox, ErrorSummary, SuccessBanner, TextArea } from "~/components/forms";
import { COMMENDABLE_RATING, decideComment, dealWithInterest, listInterest, listPendingComments } from "~/models/feedback/comments.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { FEEDBACK_COMMENT_MAX } from "~/utils/feedback";
import { formatLondonDateTime } from "~/utils/london-time";
import { highlightSegments, PII_LABELS } from "~/utils/pii-labels";
import { monthLabel } from "~/utils/months";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Feedback comments – Moderation – Victim Voice Forum" }];

const DONE: Record<string, string> = {
  approve: "The comment has been approved. Staff who supervise feedback, and the officer it is about, can now read it.",
  commend: "The comment has been approved for recognition. It is on the commendations list of staff who supervise feedback.",
  redact: "The redacted comment has been saved and approved.",
  reject: "The comment has been rejected. Nobody else will read it.",
  "dealt-with": "The contact has been deleted.",
};

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), answerId: z.string() }),
  z.object({ intent: z.literal("commend"), answerId: z.string() }),
  z.object({ intent: z.literal("reject"), answerId: z.string() }),
  z.object({
    intent: z.literal("redact"),
    answerId: z.string(),
    text: z.string({ required_error: "Enter the comment as it should read" }).trim().max(FEEDBACK_COMMENT_MAX),
    commend: z.literal("yes").optional(),
  }),
  z.object({ intent: z.literal("dealt-with"), interestId: z.string() }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const moderator = await requirePermission(request, "moderation:review");
  const [comments, interest] = await Promise.all([listPendingComments(moderator), listInterest(moderator)]);
  const done = new URL(request.url).searchParams.get("done");
  return {
    done: done && DONE[done] ? DONE[done] : null,
    comments: comments.map((c) => ({
      id: c.id,
      borough: c.boroughName,
      standing: c.channel === "standing",
      rating: c.rating,
      commendable: c.rating >= COMMENDABLE_RATING,
      received: formatLondonDateTime(c.answeredAt),
      comment: c.comment,
      segments: highlightSegments(c.comment, c.findings).map((s) => ({ text: s.text, kind: s.finding ? PII_LABELS[s.finding.kind] : null })),
    })),
    interest: interest.map((i) => ({ id: i.id, contact: i.contact, month: i.month })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requirePermission(request, "moderation:review");
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  try {
    if (v.intent === "dealt-with") await dealWithInterest(moderator, v.interestId);
    else await decideComment(moderator, v.answerId, v.intent === "redact" ? { intent: "redact", text: v.text, commend: v.commend === "yes" } : { intent: v.intent });
    return redirect(`/moderation/feedback?done=${v.intent}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) }, { status: refusal.status });
  }
}

export default function FeedbackModeration() {
  const { done, comments, interest } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <ErrorSummary result={acted?.result} />
      <h1 className="govuk-heading-l">Feedback comments</h1>
      <p className="govuk-body">
        Comments victims wrote in My Met Service, oldest first. Nobody but moderators reads them until one is approved, and none is
        ever published. Redact anything that could identify someone. A comment rated 4 or 5 that praises an officer can be approved for
        recognition: it goes on the commendations list the Met's supervisors read.
      </p>
      <p className="govuk-body" data-testid="feedback-comment-count">
        {comments.length === 0 ? "No comment is waiting for review." : `${comments.length} ${comments.length === 1 ? "comment is" : "comments are"} waiting for review.`}
      </p>
      <ul className="govuk-list vvf-queue" data-testid="feedback-comments">
        {comments.map((c, n) => (
          <li className="vvf-queue-item" key={c.id} data-testid="feedback-comment">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-2">
              Comment {n + 1}: {c.borough}, rated {c.rating} out of 5
            </h2>
            <p className="govuk-body-s">
              {c.standing ? "From a leaflet's QR code." : "From a link an officer gave."} Received {c.received}.
            </p>
            <p className="govuk-body vvf-pre-wrap">
              {c.segments.map((s, i) =>
                s.kind ? (
                  <mark className="vvf-pii" key={i}>
                    {s.text}
                    <span className="govuk-visually-hidden"> (possibly {s.kind})</span>
                  </mark>
                ) : (
                  <span key={i}>{s.text}</span>
                ),
              )}
            </p>
            <div className="govuk-button-group">
              <Form method="post">
                <input type="hidden" name="answerId" value={c.id} />
                <Button name="intent" value="approve">
                  Approve<span className="govuk-visually-hidden"> comment {n + 1}</span>
                </Button>
              </Form>
              {c.commendable ? (
                <Form method="post">
                  <input type="hidden" name="answerId" value={c.id} />
                  <Button name="intent" value="commend" secondary>
                    Approve for recognition<span className="govuk-visually-hidden"> (comment {n + 1})</span>
                  </Button>
                </Form>
              ) : null}
              <Form method="post">
                <input type="hidden" name="answerId" value={c.id} />
                <Button name="intent" value="reject" warning>
                  Reject<span className="govuk-visually-hidden"> comment {n + 1}</span>
                </Button>
              </Form>
            </div>
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Redact comment {n + 1}</span>
              </summary>
              <div className="govuk-details__text">
                <Form method="post">
                  <input type="hidden" name="answerId" value={c.id} />
                  <TextArea name="text" label={`Comment ${n + 1} as it should read`} defaultValue={c.comment} rows={5} />
                  {c.commendable ? <Checkbox name="commend" id={`commend-${c.id}`} value="yes" label="Approve it for recognition too (the commendations list)" /> : null}
                  <Button name="intent" value="redact" secondary>
                    Save and approve<span className="govuk-visually-hidden"> comment {n + 1}</span>
                  </Button>
                </Form>
              </div>
            </details>
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">Victims who would like to hear about the forum</h2>
      <p className="govuk-body">
        They left an email address or mobile number on the feedback form. It is kept apart from their answers, so nobody can tell which
        answers were theirs. Once you have been in touch, delete it.
      </p>
      {interest.length === 0 ? (
        <p className="govuk-body">Nobody is waiting to hear about the forum.</p>
      ) : (
        <TableScroll>
        <table className="govuk-table" data-testid="feedback-interest">
          <caption className="govuk-table__caption govuk-visually-hidden">Contacts to get in touch with</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Email address or mobile number
              </th>
              <th scope="col" className="govuk-table__header">
                Left in
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {interest.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <td className="govuk-table__cell govuk-!-text-break-word">{i.contact}</td>
                <td className="govuk-table__cell">{monthLabel(i.month)}</td>
                <td className="govuk-table__cell">
                  <Form method="post">
                    <input type="hidden" name="interestId" value={i.id} />
                    <Button name="intent" value="dealt-with" secondary>
                      Delete<span className="govuk-visually-hidden"> {i.contact}</span>
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
