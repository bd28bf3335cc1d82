import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { auth } from "~/services/auth.server";
import { refusalHeaders } from "~/services/http.server";
import { refuseWhenLimited } from "~/services/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Reset your password – Victim Voice Forum" }];

const schema = z.object({
  email: z.string({ required_error: "Enter your email address" }).trim().email("Enter an email address in the correct format, like name@example.com"),
});

// Too many reset requests from one address: the site's 429 page says when to try again.
export const headers = refusalHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  refuseWhenLimited(context);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  // The answer is the same whether or not the address has an account, so the page cannot be
  // used to find out who is a member.
  await auth()
    .api.requestPasswordReset({ body: { email: submission.value.email.toLowerCase(), redirectTo: "/reset-password" }, headers: request.headers })
    .catch((err) => console.error("[auth] password reset request failed:", err instanceof Error ? err.message : err));
  return { result: null, sent: true };
}

export default function ForgotPassword() {
  const acted = useActionData<typeof action>();
  if (acted?.sent) {
    return (
      <>
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">If that address belongs to an account, we have sent it a link to choose a new password. The link works for one hour.</p>
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={acted?.result} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">Enter the email address you use for the forum. We will send you a link to choose a new password.</p>
        <Form method="post" noValidate>
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} result={acted?.result} />
          <Button>Send the link</Button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
