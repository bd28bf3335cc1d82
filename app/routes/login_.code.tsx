// The second step of signing in, for accounts with two-factor authentication: a code from the
// authenticator app, or one of the backup codes. A plain form: it works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, TextInput, useFormKey } from "~/components/forms";
import { TWO_FACTOR_LOCK_MINUTES } from "~/services/auth.server";
import { getSessionState, safeRedirect, TWO_FACTOR_SET_UP_PATH } from "~/services/session.server";
import { normaliseAppCode, TOTP_ISSUER, verifySignInCode } from "~/services/two-factor.server";

export const meta: MetaFunction = () => [{ title: "Enter your security code – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

/** better-auth's short-lived cookie between the password and the code (vvf.two_factor). */
const CHALLENGE_COOKIE = /(?:^|;\s*)(?:__Secure-)?vvf\.two_factor=/;

const appSchema = z.object({
  method: z.literal("app"),
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app" })
    .transform(normaliseAppCode)
    .refine((v) => /^\d{6}$/.test(v), "The code must be 6 digits, like 123456"),
  redirectTo: z.string().optional(),
});

const backupSchema = z.object({
  method: z.literal("backup"),
  code: z
    .string({ required_error: "Enter one of your backup codes" })
    .transform((v) => v.replace(/\s/g, ""))
    // Backup codes are printed as abcde-12345; the hyphen may be left out.
    .transform((v) => (/^[A-Za-z0-9]{10}$/.test(v) ? `${v.slice(0, 5)}-${v.slice(5)}` : v))
    .refine((v) => /^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/.test(v), "A backup code is 10 letters and numbers, like abcde-12345"),
  redirectTo: z.string().optional(),
});

const schema = z.discriminatedUnion("method", [appSchema, backupSchema]);

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await getSessionState(request);
  if (state.kind === "signed-in") return redirect("/forums");
  if (state.kind === "needs-two-factor") return redirect(TWO_FACTOR_SET_UP_PATH);
  if (!CHALLENGE_COOKIE.test(request.headers.get("cookie") ?? "")) return redirect("/login");
  const url = new URL(request.url);
  return {
    method: url.searchParams.get("backup") ? ("backup" as const) : ("app" as const),
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/forums"),
    issuer: TOTP_ISSUER,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), locked: false }, { status: 400 });
  const { method, code, redirectTo } = submission.value;
  const outcome = await verifySignInCode(request, { method, code });
  if (outcome.ok) return redirect(safeRedirect(redirectTo, "/forums"), { headers: outcome.headers });
  switch (outcome.reason) {
    case "locked":
      return data({ result: null, locked: true }, { status: 429 });
    case "start-again":
    case "not-set-up":
      return redirect("/login?timed-out=1");
    default: {
      const message =
        method === "app"
          ? "The code is not right. Check your authenticator app and enter the code it shows now"
          : "That backup code is not right, or it has been used already";
      return data({ result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }), locked: false }, { status: 401 });
    }
  }
}

export default function SignInCode() {
  const { method, redirectTo, issuer } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const formKey = useFormKey(acted?.result);
  if (acted?.locked) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Too many wrong codes</h1>
          <p className="govuk-body">
            To keep this account safe, signing in to it is paused for {TWO_FACTOR_LOCK_MINUTES} minutes. After that, sign in again
            with your password and a new code.
          </p>
          <p className="govuk-body">
            If you did not try to sign in just now, tell an administrator of the forum. If you need to talk to someone now, see{" "}
            <Link className="govuk-link" to="/support">
              support services
            </Link>
            .
          </p>
        </div>
      </div>
    );
  }
  const backup = method === "backup";
  const query = redirectTo === "/forums" ? "" : `redirectTo=${encodeURIComponent(redirectTo)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={acted?.result} fieldOrder={["", "code"]} />
        <h1 className="govuk-heading-l">{backup ? "Enter a backup code" : "Enter the code from your authenticator app"}</h1>
        <p className="govuk-body">
          {backup
            ? "Use one of the backup codes you saved when you set up two-factor authentication. Each code works once."
            : `Open your authenticator app and enter the 6-digit code it shows for ${issuer}.`}
        </p>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="method" value={method} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {backup ? (
            <TextInput
              name="code"
              label="Backup code"
              hint="10 letters and numbers, like abcde-12345"
              autoComplete="one-time-code"
              spellCheck={false}
              width="10"
              result={acted?.result}
            />
          ) : (
            <TextInput
              name="code"
              label="Code"
              hint="For example, 123456"
              autoComplete="one-time-code"
              inputMode="numeric"
              spellCheck={false}
              width="10"
              result={acted?.result}
            />
          )}
          <Button>Continue</Button>
        </Form>
        <p className="govuk-body">
          {backup ? (
            <Link className="govuk-link" to={`/login/code${query ? `?${query}` : ""}`}>
              Use a code from your authenticator app instead
            </Link>
          ) : (
            <Link className="govuk-link" to={`/login/code?backup=1${query ? `&${query}` : ""}`}>
              Use a backup code instead
            </Link>
          )}
        </p>
        <p className="govuk-body">
          If you have lost your phone and your backup codes, ask an administrator of the forum to reset your two-factor
          authentication. Then{" "}
          <Link className="govuk-link" to="/login">
            sign in again
          </Link>
          .
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
