// /account/delete: a member deletes their own account (issue 11, item 3), after confirming with
// their password and choosing what happens to what they wrote. Staff accounts are deleted by an
// administrator, so staff are told so here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, TextInput, useFormKey } from "~/components/forms";
import { deleteOwnAccount, STAFF_DELETED_BY_ADMIN } from "~/models/people/account-deletion.server";
import { expiredSessionCookies, verifyOwnPassword } from "~/services/auth.server";
import { refusalOf } from "~/services/http.server";
import { forbidden, requireUser } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Delete your account – Victim Voice Forum" }, { name: "robots", content: "noindex" }];


const schema = z.object({
  posts: z.enum(["keep", "remove"], { errorMap: () => ({ message: "Choose what happens to what you wrote" }) }),
  password: z.string({ required_error: "Enter your password to confirm it is you" }).max(200, "Enter your password to confirm it is you"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Only members delete their own accounts; an administrator deletes staff and officers'.
  return { name: user.name, staff: user.role !== "member", staffMessage: STAFF_DELETED_BY_ADMIN };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (user.role !== "member") throw forbidden(STAFF_DELETED_BY_ADMIN);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  if (!(await verifyOwnPassword(request, submission.value.password))) {
    return data(submission.reply({ fieldErrors: { password: ["Your password is not right"] }, hideFields: ["password"] }), { status: 400 });
  }
  try {
    await deleteOwnAccount(user, { posts: submission.value.posts });
  } catch (err) {
    const refusal = refusalOf(err);
    return data(submission.reply({ ...refusal.reply, hideFields: ["password"] }), { status: refusal.status });
  }
  return redirect("/?account-deleted=1", { headers: expiredSessionCookies(request) });
}

export default function DeleteAccount() {
  const { name, staff, staffMessage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formKey = useFormKey(result);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={["", "posts", "password"]} />
        <h1 className="govuk-heading-l">Delete your account</h1>
        {staff ? (
          <>
            <p className="govuk-body">{staffMessage}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/account">
                Back to your account
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">If you delete your account, {name}:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>your email address, display name and password are removed from the forum</li>
              <li>you are signed out everywhere and cannot sign in again</li>
              <li>posts that were not yet published are withdrawn</li>
              <li>your consultation answers stay only in the totals, and nobody can link them to you any more</li>
            </ul>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This cannot be undone. You may want to{" "}
                <a className="govuk-link" href="/account/data" download>
                  download your data
                </a>{" "}
                first.
              </strong>
            </div>
            <Form method="post" noValidate key={formKey}>
              <Choices
                type="radio"
                name="posts"
                legend="What should happen to what you wrote?"
                result={result}
                options={[
                  { value: "keep", label: "Keep my published posts, shown as by “Former member”", hint: "Conversations you took part in still make sense to others." },
                  {
                    value: "remove",
                    label: "Remove their text too",
                    hint: "Each post keeps its place, with “Removed at the author's request.” instead of what you wrote. This includes the titles of threads you started and your comments on draft minutes.",
                  },
                ]}
              />
              <TextInput name="password" label="Your password" hint="To confirm it is you." type="password" autoComplete="current-password" result={result} />
              <Button warning>Delete my account</Button>
            </Form>
            <p className="govuk-body">
              <Link className="govuk-link" to="/account">
                Cancel and go back to your account
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
