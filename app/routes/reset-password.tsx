import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { APIError } from "better-auth/api";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, useFormKey, TextInput } from "~/components/forms";
import { auth } from "~/services/auth.server";
import { MIN_PASSWORD_LENGTH } from "~/utils/passwords";

export const meta: MetaFunction = () => [{ title: "Choose a new password – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const schema = z
  .object({
    token: z.string({ required_error: "This link is not complete" }),
    password: z
      .string({ required_error: "Enter a new password" })
      .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Password must be 200 characters or fewer"),
    confirmPassword: z.string({ required_error: "Enter your new password again" }),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "", linkError: url.searchParams.get("error") };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }), invalid: false }, { status: 400 });
  try {
    await auth().api.resetPassword({ body: { newPassword: submission.value.password, token: submission.value.token } });
  } catch (err) {
    if (err instanceof APIError) return data({ result: null, invalid: true }, { status: 400 });
    throw err;
  }
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { token, linkError } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const formKey = useFormKey(acted);
  if (!token || linkError || acted?.invalid) {
    return (
      <>
        <h1 className="govuk-heading-l">This link does not work any more</h1>
        <p className="govuk-body">Password reset links work once and for one hour.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={acted?.result} fieldOrder={["password", "confirmPassword"]} />
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="token" value={token} />
          <TextInput name="password" label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} type="password" autoComplete="new-password" result={acted?.result} />
          <TextInput name="confirmPassword" label="Confirm your new password" type="password" autoComplete="new-password" result={acted?.result} />
          <Button>Save the new password</Button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
