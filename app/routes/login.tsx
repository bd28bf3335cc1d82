import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { APIError } from "better-auth/api";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, useFormKey, TextInput } from "~/components/forms";
import { auth } from "~/services/auth.server";
import { getSessionState, safeRedirect, TWO_FACTOR_SET_UP_PATH } from "~/services/session.server";
import { afterPasswordSignIn } from "~/services/two-factor.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Victim Voice Forum" }];

// A refusal by the sign-in limits says when to come back, to browsers and scripts alike.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

const schema = z.object({
  email: z.string({ required_error: "Enter your email address" }).trim().email("Enter an email address in the correct format, like name@example.com"),
  password: z.string({ required_error: "Enter your password" }),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await getSessionState(request);
  if (state.kind === "signed-in") return redirect("/forums");
  if (state.kind === "needs-two-factor") return redirect(TWO_FACTOR_SET_UP_PATH);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  // Refused by the sign-in limits: this page, with when to try again and where to get help.
  const limited = (message: string | undefined, retryAfter: string | null) =>
    data(
      { ...submission.reply({ formErrors: [message ?? "There have been too many attempts to sign in. Please try again later."], hideFields: ["password"] }), limited: true },
      { status: 429, headers: { "Retry-After": retryAfter ?? "900" } },
    );
  try {
    const response = await auth().api.signInEmail({
      body: { email: submission.value.email, password: submission.value.password, rememberMe: true },
      headers: request.headers,
      asResponse: true,
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      if (response.status === 429 && body.code === "SIGN_IN_LIMITED") return limited(body.message, response.headers.get("Retry-After"));
      return data(submission.reply({ formErrors: [signInMessage(body.code, body.message)], hideFields: ["password"] }), { status: response.status === 403 ? 403 : 401 });
    }
    // On to the code step, the two-factor set-up (staff without it) or where they were going.
    return afterPasswordSignIn({ response, password: submission.value.password, redirectTo: safeRedirect(submission.value.redirectTo, "/forums") });
  } catch (err) {
    if (err instanceof APIError) {
      const body = err.body as { code?: string; message?: string } | undefined;
      if (body?.code === "SIGN_IN_LIMITED") return limited(body.message, new Headers(err.headers).get("Retry-After"));
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
        {params.get("timed-out") && !result ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="timed-out-title" data-module="govuk-notification-banner">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="timed-out-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">Your sign-in timed out. Please sign in again.</p>
            </div>
          </div>
        ) : null}
        <ErrorSummary result={result} fieldOrder={["", "email", "password"]} />
        <h1 className="govuk-heading-l">Sign in</h1>
        {result && "limited" in result && result.limited ? (
          <div className="govuk-inset-text" data-testid="sign-in-limited">
            <p className="govuk-body">
              If you have forgotten your password,{" "}
              <Link className="govuk-link" to="/forgot-password">
                you can reset it
              </Link>
              . If you are worried that someone else is trying to get into your account, tell the forum&apos;s moderators.
            </p>
            <p className="govuk-body">
              If you need support now, see{" "}
              <Link className="govuk-link" to="/support">
                support services
              </Link>
              . In an emergency, call 999.
            </p>
          </div>
        ) : null}
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
