// /respond/threads/:id: a responder reads a thread and publishes their organisation's official
// response. Responses are not pre-moderated: they are public straight away, audited, and the
// responder can edit their own (the edit is shown).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { OfficialResponse, PostBody } from "~/components/post-body";
import { Button, ErrorSummary, fieldId, SuccessBanner, TextArea, TextInput, type FormResult } from "~/components/forms";
import { getThreadForViewer, listThreadPosts, listThreadResponses } from "~/models/threads/threads.server";
import { refusalOf } from "~/services/http.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { ORGANISATION_LABELS } from "~/utils/permissions";
import { editThreadResponse, publishThreadResponse } from "~/models/threads/official-responses.server";
import { lastResponderTitle, listOwnResponseSources } from "~/models/threads/official-responses.server";
import { checkResponseDetails } from "~/models/responses/official-responses.server";
import { PiiFindings } from "~/components/pii-findings";
import { piiConfirmedField, responderTitleField, responseBodyField } from "~/utils/official-response-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ? `Respond: ${data.thread.title}` : "Respond"} – Victim Voice Forum` }];

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), responderTitle: responderTitleField, body: responseBodyField, piiConfirmed: piiConfirmedField }),
  z.object({ intent: z.literal("edit"), responseId: z.string().uuid("Choose a response to edit"), body: responseBodyField }),
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
  const submission = parseWithZod(await readForm(request), { schema });
  const intent = submission.payload.intent as string | undefined;
  const responseId = submission.payload.responseId as string | undefined;
  if (submission.status !== "success") return data({ intent, responseId, result: submission.reply(), pii: null }, { status: 400 });
  const v = submission.value;
  // A response is public at once: the responder sees likely identifying details first, as on meetings and actions.
  const pii = v.intent === "publish" ? checkResponseDetails({ body: v.body, confirmed: v.piiConfirmed }) : null;
  if (pii) return data({ intent, responseId, result: submission.reply(), pii }, { status: 200 });
  try {
    if (v.intent === "edit") {
      await editThreadResponse(responder, { responseId: v.responseId, body: v.body });
      return redirect(`/respond/threads/${thread.id}?edited=${v.responseId}#response-${v.responseId}`);
    }
    const r = await publishThreadResponse(responder, { threadId: thread.id, body: v.body, responderTitle: v.responderTitle });
    return redirect(`/threads/${thread.id}#response-${r.id}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ intent, responseId, result: submission.reply(refusal.reply), pii: null }, { status: refusal.status });
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
        {acted?.intent === "publish" && acted.pii ? <PiiFindings check={acted.pii} what="response" submitLabel="Publish anyway" /> : null}
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
  return (
    <details className="govuk-details" open={!!result}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Edit this response</span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="responseId" value={id} />
          <TextArea name="body" id={fieldId(`edit-${id}-body`)} label="Response" result={result} defaultValue={source} />
          <Button secondary>Save changes</Button>
        </Form>
      </div>
    </details>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
