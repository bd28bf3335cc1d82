import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { APIError } from "better-auth/api";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, useFormKey, TextInput } from "~/components/forms";
import { auth } from "~/services/auth.server";
import { getCurrentUser, safeRedirect } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Victim Voice Forum" }];

const schema = z.object({
  email: z.string({ required_error: "Enter your email address" }).trim().email("Enter an email address in the correct format, like name@example.com"),
  password: z.string({ required_error: "Enter your password" }),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/forums");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    const response = await auth().api.signInEmail({
      body: { email: submission.value.email, password: submission.value.password, rememberMe: true },
      headers: request.headers,
      asResponse: true,
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      return data(submission.reply({ formErrors: [signInMessage(body.code, body.message)], hideFields: ["password"] }), { status: response.status === 403 ? 403 : 401 });
    }
    const headers = new Headers();
    for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
    return redirect(safeRedirect(submission.value.redirectTo, "/forums"), { headers });
  } catch (err) {
    if (err instanceof APIError) {
      const body = err.body as { code?: string; message?: string } | undefined;
      return data(submission.reply({ formErrors: [signInMessage(body?.code, body?.message)], hideFields: ["password"] }), { status: 401 });
    }
    throw err;
  }
}

function signInMessage(code?: string, message?: string): string {
  if (code === "EMAIL_NOT_VERIFIED") return "Please confirm your email address first: we have sent you a link";
  if (code === "ACCOUNT_SUSPENDED" || message?.includes("suspended")) return "This account is suspended. Please contact the forum's moderators";
  return "The email address or password is not right. Check them and try again";
}

export default function Login() {
  const result = useActionData<typeof action>();
  const formKey = useFormKey(result);
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={["", "email", "password"]} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">
          The forum is for people who have been invited. If you have an invitation, use the link in your email to join first.
        </p>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} result={result} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" result={result} />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">
            I have forgotten my password
          </Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
