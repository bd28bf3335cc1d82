// The author edits a post that is still with the moderators, or that was not approved, and
// sends it again. The same identifying-details check as a new post runs on the new text.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { postFormFields, threadTitleField } from "~/utils/post-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, TextInput, type FormResult } from "~/components/forms";
import { PiiFindings } from "~/components/pii-findings";
import { PostFields } from "~/components/post-form";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { checkIdentifyingDetails, getOwnPostForEditing } from "~/models/threads/threads.server";
import { withFlash } from "~/services/flash.server";
import { refusalOf } from "~/services/http.server";
import { requireUser } from "~/services/session.server";
import { describeRejection } from "~/utils/content-warnings";
import { formatLondonDateTime } from "~/utils/london-time";

export const meta: MetaFunction = () => [{ title: "Edit your post – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const schema = z.object({
  title: threadTitleField.optional(),
  body: postFormFields.body,
  contentWarnings: postFormFields.contentWarnings,
  piiConfirmed: postFormFields.piiConfirmed,
});

async function ownPost(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const post = await getOwnPostForEditing({ postId: params.postId ?? "", threadId: params.id ?? "", authorId: user.id });
  // Someone else's post, or one that can no longer be edited, is not offered for editing.
  if (!post) throw new Response("Not found", { status: 404 });
  return { user, post };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { post } = await ownPost(request, params);
  return {
    post: {
      id: post.id,
      threadId: post.threadId,
      threadTitle: post.threadTitle,
      isOpening: post.isOpening,
      status: post.status,
      bodySource: post.bodySource,
      contentWarnings: post.contentWarnings,
      submitted: formatLondonDateTime(post.submittedAt),
      rejection:
        post.status === "rejected"
          ? describeRejection(post.rejectionReason, post.rejectionNote)
          : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, post } = await ownPost(request, params);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply() as FormResult, pii: null }, { status: 400 });
  const { body, contentWarnings, piiConfirmed } = submission.value;
  const title = post.isOpening ? submission.value.title : undefined;
  if (post.isOpening && !title) {
    return data({ result: submission.reply({ fieldErrors: { title: ["Enter a title"] } }) as FormResult, pii: null }, { status: 400 });
  }
  const pii = checkIdentifyingDetails({ title, body, confirmed: piiConfirmed });
  if (pii) return data({ result: submission.reply() as FormResult, pii }, { status: 200 });
  try {
    await transitionPost({ postId: post.id, actor: user, transition: { kind: "resubmit", body, warnings: contentWarnings, title } });
    return redirect(`/threads/${post.threadId}`, { headers: await withFlash("post-sent") });
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) as FormResult, pii: null }, { status: refusal.status });
  }
}

export default function EditPost() {
  const { post } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const result = acted?.result;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={["", "body", "contentWarnings"]} />
        {post.rejection ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="rejection-title">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="rejection-title">
                Not approved
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{post.rejection.reason}</p>
              {post.rejection.note ? <p className="govuk-body vvf-pre-wrap">{post.rejection.note}</p> : null}
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{post.threadTitle}</span>
        <h1 className="govuk-heading-l">{post.rejection ? "Edit your post and send it again" : "Edit your post"}</h1>
        <p className="govuk-body">
          {post.rejection
            ? "Change your post to deal with the reason above, then send it again. A moderator will read it before anyone else can see it."
            : `You sent this post on ${post.submitted}. A moderator has not read it yet. If you change it, it goes back to the moderators as a new version.`}
        </p>
        <Form method="post" noValidate>
          {acted?.pii ? <PiiFindings check={acted.pii} /> : null}
          {post.isOpening ? <TextInput name="title" label="Title" result={result} defaultValue={post.threadTitle} /> : null}
          <PostFields result={result} defaultBody={post.bodySource} defaultWarnings={post.contentWarnings} showAtRisk={false} />
          <div className="govuk-button-group">
            <Button>Send again</Button>
            <Link className="govuk-link" to={`/threads/${post.threadId}`}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
