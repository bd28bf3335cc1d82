// Setting up two-factor authentication (staff must; members may), and a member turning it off.
// A staff account without it is sent here by every guard until it is done. Every step is a plain
// form: it works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, SuccessBanner, TextInput, useFormKey } from "~/components/forms";
import { twoFactorStatus } from "~/models/people/two-factor.server";
import { requireAccount, safeRedirect, TWO_FACTOR_SET_UP_PATH } from "~/services/session.server";
import { confirmTwoFactorSetUp, normaliseAppCode, startTwoFactorSetUp, TOTP_ISSUER, turnOffTwoFactor, twoFactorSetUpDetails } from "~/services/two-factor.server";
import { mustUseTwoFactor, ROLE_LABELS } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Two-factor authentication – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const passwordSchema = z.object({
  intent: z.enum(["start", "turn-off"]),
  password: z.string({ required_error: "Enter your password" }).max(200, "Enter your password"),
});

const codeSchema = z.object({
  intent: z.literal("confirm"),
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app" })
    .transform(normaliseAppCode)
    .refine((v) => /^\d{6}$/.test(v), "The code must be 6 digits, like 123456"),
});

function goingTo(request: Request) {
  return safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/forums");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, needsTwoFactor } = await requireAccount(request);
  const status = await twoFactorStatus(user.id);
  const setUp = status === "setting-up" ? await twoFactorSetUpDetails(user) : null;
  return {
    status,
    needsTwoFactor,
    required: mustUseTwoFactor(user.role),
    roleLabel: ROLE_LABELS[user.role],
    setUp,
    issuer: TOTP_ISSUER,
    redirectTo: goingTo(request),
    justTurnedOn: new URL(request.url).searchParams.get("done") === "on",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireAccount(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const here = `${TWO_FACTOR_SET_UP_PATH}${new URL(request.url).search}`;
  if (intent === "confirm") {
    const submission = parseWithZod(formData, { schema: codeSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const outcome = await confirmTwoFactorSetUp(request, submission.value.code);
    if (outcome.ok) {
      const url = new URL(request.url);
      url.searchParams.set("done", "on");
      return redirect(`${TWO_FACTOR_SET_UP_PATH}${url.search}`, { headers: outcome.headers });
    }
    if (outcome.reason === "not-set-up") return redirect(here);
    return data(
      {
        intent,
        result: submission.reply({
          fieldErrors: { code: ["The code is not right. Check that the app shows VVF and enter the code it shows now"] },
          hideFields: ["code"],
        }),
      },
      { status: 400 },
    );
  }
  const submission = parseWithZod(formData, { schema: passwordSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const wrongPassword = () =>
    data({ intent, result: submission.reply({ fieldErrors: { password: ["Your password is not right"] }, hideFields: ["password"] }) }, { status: 400 });
  if (submission.value.intent === "start") {
    const started = await startTwoFactorSetUp(request, submission.value.password);
    if (started === "wrong-password") return wrongPassword();
    return redirect(here);
  }
  // Turning it off: members only (better-auth's hook refuses staff too).
  if (mustUseTwoFactor(user.role)) throw new Response("Staff accounts must keep two-factor authentication on.", { status: 403 });
  const outcome = await turnOffTwoFactor(request, submission.value.password);
  if (!outcome.ok) return wrongPassword();
  return redirect("/account?two-factor=off", { headers: outcome.headers });
}

export default function TwoFactor() {
  const { status, needsTwoFactor, required, roleLabel, setUp, issuer, redirectTo, justTurnedOn } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const formKey = useFormKey(acted?.result);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={acted?.result} fieldOrder={["", "password", "code"]} />
        {status === "on" ? (
          <On justTurnedOn={justTurnedOn && !acted} required={required} redirectTo={redirectTo} result={acted?.intent === "turn-off" ? acted.result : undefined} formKey={formKey} />
        ) : setUp ? (
          <>
            <h1 className="govuk-heading-l">Set up two-factor authentication</h1>
            <h2 className="govuk-heading-m">1. Add the forum to your authenticator app</h2>
            <p className="govuk-body">
              Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 2FAS) and
              scan this QR code. The app will show the forum as <strong>{issuer}</strong>.
            </p>
            <div className="vvf-qr-code" role="img" aria-label="QR code for your authenticator app. The key below says the same" dangerouslySetInnerHTML={{ __html: setUp.qrSvg }} />
            <p className="govuk-body">If you cannot scan it, choose to enter a key in the app, and enter this key (it is time-based):</p>
            <p className="govuk-body">
              <code className="vvf-secret-key" data-testid="two-factor-secret">
                {setUp.secretKey}
              </code>
            </p>
            <h2 className="govuk-heading-m">2. Save your backup codes</h2>
            <p className="govuk-body">
              If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere
              safe, away from your phone: print them or write them down. They are not shown again.
            </p>
            <ul className="govuk-list vvf-backup-codes" data-testid="two-factor-backup-codes">
              {setUp.backupCodes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
            <h2 className="govuk-heading-m">3. Enter a code from the app</h2>
            <Form method="post" noValidate key={formKey}>
              <input type="hidden" name="intent" value="confirm" />
              <TextInput
                name="code"
                label="Code from your authenticator app"
                hint="6 digits, for example 123456"
                autoComplete="one-time-code"
                inputMode="numeric"
                spellCheck={false}
                width="10"
                result={acted?.intent === "confirm" ? acted.result : undefined}
              />
              <Button>Turn on two-factor authentication</Button>
            </Form>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Set up two-factor authentication</h1>
            {needsTwoFactor ? (
              <p className="govuk-body">
                As a {roleLabel.toLowerCase()} you can read what members have shared in confidence, so your account needs a second
                step when you sign in: a code from an authenticator app on your phone. You need to set it up before you can use the
                forum.
              </p>
            ) : (
              <p className="govuk-body">
                Two-factor authentication protects your account if someone learns your password: when you sign in, you also enter a
                code from an authenticator app on your phone.
              </p>
            )}
            <p className="govuk-body">You will need your phone with an authenticator app on it. Enter your password to start.</p>
            <Form method="post" noValidate key={formKey}>
              <input type="hidden" name="intent" value="start" />
              <TextInput name="password" label="Password" type="password" autoComplete="current-password" result={acted?.intent === "start" ? acted.result : undefined} />
              <Button>Continue</Button>
            </Form>
          </>
        )}
        {status !== "on" && !needsTwoFactor ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/account">
              Back to your account
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}

function On({
  justTurnedOn,
  required,
  redirectTo,
  result,
  formKey,
}: {
  justTurnedOn: boolean;
  required: boolean; redirectTo: string; result: Parameters<typeof ErrorSummary>[0]["result"]; formKey: string }) {
  return (
    <>
      {justTurnedOn ? <SuccessBanner>Two-factor authentication is on</SuccessBanner> : null}
      <h1 className="govuk-heading-l">Two-factor authentication</h1>
      <p className="govuk-body">
        Two-factor authentication is on. When you sign in, you enter a code from your authenticator app after your password, or
        one of your backup codes.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={redirectTo}>
          Continue to the forum
        </Link>
      </p>
      {required ? (
        <p className="govuk-body">
          Staff accounts must keep it on. If you lose your phone and your backup codes, ask another administrator to reset it.
        </p>
      ) : (
        <Form method="post" noValidate key={formKey}>
          <h2 className="govuk-heading-m">Turn off two-factor authentication</h2>
          <p className="govuk-body">You will then sign in with your password alone.</p>
          <input type="hidden" name="intent" value="turn-off" />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" result={result} />
          <Button warning>Turn off two-factor authentication</Button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
