// Start a thread. The post goes to the moderators first; before it is saved the server looks
// for likely identifying details and, if it finds any, shows the author what it found so they
// can edit or post anyway (the confirmation is tied to the exact text by a hash).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { postFormFields, threadTitleField } from "~/utils/post-fields";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, Select, TextInput } from "~/components/forms";
import { PiiFindings } from "~/components/pii-findings";
import { AtRiskField, PostFields } from "~/components/post-form";
import { listForumsForUser } from "~/models/people/forums.server";
import { checkIdentifyingDetails, startThread } from "~/models/threads/threads.server";
import { withFlash } from "~/services/flash.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Start a thread – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const schema = z.object({
  forumId: z.string({ required_error: "Choose a forum" }).uuid("Choose a forum"),
  title: threadTitleField,
  ...postFormFields,
  visibility: z.enum(["members", "public"], { errorMap: () => ({ message: "Choose who can read this thread" }) }),
});

const FIELD_ORDER = ["", "forumId", "title", "body", "contentWarnings", "visibility", "atRisk"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "post:create");
  const forums = await listForumsForUser(user);
  const slug = new URL(request.url).searchParams.get("forum");
  const chosen = forums.find((f) => f.slug === slug) ?? (forums.length === 1 ? forums[0] : undefined);
  return { forums: forums.map((f) => ({ value: f.id, label: f.name })), chosenForumId: chosen?.id ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post:create");
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), pii: null }, { status: 400 });
  const { title, body, piiConfirmed, ...rest } = submission.value;
  const pii = checkIdentifyingDetails({ title, body, confirmed: piiConfirmed });
  if (pii) return data({ result: submission.reply(), pii }, { status: 200 });
  try {
    const { thread } = await startThread(user, { ...rest, title, body });
    return redirect(`/threads/${thread.id}`, { headers: await withFlash(rest.atRisk ? "post-sent-at-risk" : "post-sent") });
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply), pii: null }, { status: refusal.status });
  }
}

export default function NewThread() {
  const { forums, chosenForumId } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const result = acted?.result;
  if (!forums.length) {
    return (
      <>
        <h1 className="govuk-heading-l">Start a thread</h1>
        <p className="govuk-body">You are not in any forum yet. The moderators will add you to one, and then you can start threads there.</p>
      </>
    );
  }
  const forumOptions = chosenForumId ? forums : [{ value: "", label: "Choose a forum" }, ...forums];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={FIELD_ORDER} />
        <h1 className="govuk-heading-l">Start a thread</h1>
        <p className="govuk-body">
          A moderator reads every post before anyone else can see it. This usually takes a working day. If you need help now, see{" "}
          <Link className="govuk-link" to="/support">
            support services
          </Link>
          .
        </p>
        <Form method="post" noValidate>
          {acted?.pii ? <PiiFindings check={acted.pii} /> : null}
          <Select name="forumId" label="Forum" options={forumOptions} defaultValue={chosenForumId} result={result} />
          <TextInput name="title" label="Title" hint="A few words about what your post is about. Everyone who can read the thread sees it." result={result} />
          <PostFields result={result} showAtRisk={false} />
          <Choices
            type="radio"
            name="visibility"
            legend="Who can read this thread?"
            options={[
              { value: "members", label: "Members of this forum only", hint: "Other members of the forum, and the forum's staff." },
              { value: "public", label: "Anyone, including the public", hint: "Anyone on the internet can read it once a moderator approves it." },
            ]}
            defaultValue={["members"]}
            result={result}
          />
          <AtRiskField result={result} />
          <Button>Send to moderators</Button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
