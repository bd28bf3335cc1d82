// /respond/threads/:id: a responder reads a thread and publishes their organisation's official
// response. Responses are not pre-moderated: they are public straight away, audited, and the
// responder can edit their own (the edit is shown).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { OfficialResponse, PostBody } from "~/components/post-body";
import { Button, ErrorSummary, fieldId, SuccessBanner, TextArea, TextInput, type FormResult } from "~/components/forms";
import { lastResponderTitle, listOwnResponseSources } from "~/models/threads/review-queue.server";
import { editThreadResponse, getThreadForViewer, listThreadPosts, listThreadResponses, publishThreadResponse, ResponseError } from "~/models/threads/threads.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { ORGANISATION_LABELS } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ? `Respond: ${data.thread.title}` : "Respond"} – Victim Voice Forum` }];

// min(1) after trim: a response of spaces only would otherwise be published, blank, in public.
const body = z.string({ required_error: "Write the response" }).trim().min(1, "Write the response").max(20_000, "The response must be 20,000 characters or fewer");
const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("publish"),
    responderTitle: z
      .string({ required_error: "Enter your role, like Reform lead, Victim Care" })
      .trim()
      .min(1, "Enter your role, like Reform lead, Victim Care")
      .max(120, "Your role must be 120 characters or fewer"),
    body,
  }),
  z.object({ intent: z.literal("edit"), responseId: z.string().uuid("Choose a response to edit"), body }),
]);

async function loadThread(request: Request, id: string) {
  const responder = await requirePermission(request, "official-response:publish");
  if (!responder.organisation) throw forbidden("Your account is not linked to the Metropolitan Police or MOPAC. Please ask an administrator.");
  const thread = await getThreadForViewer(id, responder);
  if (!thread || !thread.published) throw new Response("That thread does not exist", { status: 404 });
  return { responder, thread };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { responder, thread } = await loadThread(request, params.id ?? "");
  const [posts, responses, own, title] = await Promise.all([
    listThreadPosts(thread.id, responder),
    listThreadResponses(thread.id),
    listOwnResponseSources({ threadId: thread.id, responderId: responder.id }),
    lastResponderTitle(responder.id),
  ]);
  const sources = new Map(own.map((r) => [r.id, r.bodySource]));
  return {
    organisation: ORGANISATION_LABELS[responder.organisation!],
    lastTitle: title ?? "",
    edited: new URL(request.url).searchParams.get("edited"),
    thread: {
      id: thread.id,
      title: thread.title,
      forumName: thread.forumName,
      membersOnly: thread.visibility === "members",
      publicSummary: thread.publicSummary,
      requested: thread.responseOrganisation === responder.organisation,
      due: formatLondonDate(thread.responseDueAt),
    },
    posts: posts
      .filter((p) => p.status === "approved")
      .map((p) => ({ id: p.id, isOpening: p.isOpening, authorName: p.authorName, bodyHtml: p.bodyHtml, contentWarnings: p.contentWarnings, approvedAt: formatLondonDateTime(p.approvedAt) })),
    responses: responses.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      responderTitle: r.responderTitle,
      bodyHtml: r.bodyHtml,
      published: formatLondonDateTime(r.publishedAt),
      edited: r.editedAt ? formatLondonDateTime(r.editedAt) : null,
      ownSource: sources.get(r.id) ?? null,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { responder, thread } = await loadThread(request, params.id ?? "");
  const submission = parseWithZod(await request.formData(), { schema });
  const intent = submission.payload.intent as string | undefined;
  const responseId = submission.payload.responseId as string | undefined;
  if (submission.status !== "success") return data({ intent, responseId, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  try {
    if (v.intent === "edit") {
      await editThreadResponse(responder, { responseId: v.responseId, body: v.body });
      return redirect(`/respond/threads/${thread.id}?edited=${v.responseId}#response-${v.responseId}`);
    }
    const r = await publishThreadResponse(responder, { threadId: thread.id, body: v.body, responderTitle: v.responderTitle });
    return redirect(`/threads/${thread.id}#response-${r.id}`);
  } catch (err) {
    if (err instanceof ResponseError) return data({ intent, responseId, result: submission.reply({ formErrors: [err.message] }) }, { status: 403 });
    throw err;
  }
}

export default function Respond() {
  const { organisation, lastTitle, edited, thread, posts, responses } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const editKey = acted?.intent === "edit" && acted.responseId ? `edit-${acted.responseId}-body` : null;
  // The edit forms' `body` fields have their own ids, so the error summary links to the right one.
  const summary = editKey && acted?.result.error?.body ? { ...acted.result, error: { ...acted.result.error, [editKey]: acted.result.error.body, body: null } } : acted?.result;
  return (
    <>
      <ErrorSummary result={summary as FormResult} fieldOrder={["", "responderTitle", "body"]} />
      {edited && !acted ? <SuccessBanner>Your response has been updated. It now shows as edited.</SuccessBanner> : null}
      <span className="govuk-caption-l">{thread.forumName}</span>
      <h1 className="govuk-heading-l">{thread.title}</h1>
      {thread.requested ? (
        <p className="govuk-inset-text">Moderators asked {organisation} to respond to this thread by {thread.due}.</p>
      ) : null}
      {thread.membersOnly ? (
        <div className="govuk-inset-text">
          <p className="govuk-body">
            This thread is for members only. Your response will be public, shown with the thread&apos;s title and the moderators&apos; summary, never
            members&apos; words. Do not quote members in it.
          </p>
          {thread.publicSummary ? <p className="govuk-body">Public summary: {thread.publicSummary}</p> : null}
        </div>
      ) : null}
      <h2 className="govuk-heading-m">Posts</h2>
      {posts.map((p) => (
        <article className="vvf-post" key={p.id} aria-labelledby={`post-${p.id}-heading`}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`post-${p.id}-heading`}>
            {p.authorName}
          </h3>
          <p className="govuk-body-s vvf-post-meta">
            {p.isOpening ? "Started the thread" : "Replied"}, {p.approvedAt}
          </p>
          <PostBody bodyHtml={p.bodyHtml} contentWarnings={p.contentWarnings} />
        </article>
      ))}
      <h2 className="govuk-heading-m">Official responses</h2>
      {responses.length === 0 ? <p className="govuk-body">There are no official responses yet.</p> : null}
      {responses.map((r) => (
        <div key={r.id} data-testid="official-response">
          <OfficialResponse response={r} />
          {r.ownSource !== null ? <EditResponse id={r.id} source={r.ownSource} result={acted?.intent === "edit" && acted.responseId === r.id ? acted.result : undefined} /> : null}
        </div>
      ))}
      <h2 className="govuk-heading-m">Publish {organisation}&apos;s response</h2>
      <Form method="post" noValidate className="govuk-!-width-two-thirds">
        <input type="hidden" name="intent" value="publish" />
        <TextInput name="responderTitle" label="Your role, as shown with the response" hint="For example, Reform lead, Victim Care" defaultValue={lastTitle} result={acted?.intent === "publish" ? acted.result : undefined} />
        <TextArea name="body" label="Response" hint="Say what will change and by when. You can use Markdown. It is published straight away." rows={10} result={acted?.intent === "publish" ? acted.result : undefined} />
        <Button>Publish the response</Button>
      </Form>
      <p className="govuk-body">
        <Link className="govuk-link" to="/respond">
          Back to threads awaiting a response
        </Link>
      </p>
    </>
  );
}

function EditResponse({ id, source, result }: { id: string; source: string; result: FormResult }) {
  const fid = fieldId(`edit-${id}-body`);
  const error = result?.error?.body?.[0];
  const value = result?.initialValue?.body;
  return (
    <details className="govuk-details" open={!!result}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Edit this response</span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="responseId" value={id} />
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor={fid}>
              Response
            </label>
            {error ? (
              <p id={`${fid}-error`} className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <textarea className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} id={fid} name="body" rows={8} defaultValue={typeof value === "string" ? value : source} aria-describedby={error ? `${fid}-error` : undefined} aria-invalid={error ? true : undefined} />
          </div>
          <Button secondary>Save changes</Button>
        </Form>
      </div>
    </details>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
