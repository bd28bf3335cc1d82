import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { APIError } from "better-auth/api";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, useFormKey, SuccessBanner, TextInput } from "~/components/forms";
import { listForumMemberships } from "~/models/people/forums.server";
import { twoFactorStatus } from "~/models/people/two-factor.server";
import { auth } from "~/services/auth.server";
import { MIN_PASSWORD_LENGTH } from "~/utils/passwords";
import { requireUser } from "~/services/session.server";
import { isStaff, mustUseTwoFactor, ORGANISATION_LABELS, ROLE_LABELS } from "~/utils/permissions";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction = () => [{ title: "Your account – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

const schema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password" }).max(200, "Enter your current password"),
    newPassword: z
      .string({ required_error: "Enter a new password" })
      .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Password must be 200 characters or fewer"),
    confirmPassword: z.string({ required_error: "Enter your new password again" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The new passwords do not match", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Your new password must be different from your current one", path: ["newPassword"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const forums = await listForumMemberships(user.id);
  return {
    name: user.name,
    role: ROLE_LABELS[user.role],
    organisation: user.organisation ? ORGANISATION_LABELS[user.organisation] : null,
    staff: isStaff(user.role),
    // Only members delete their own accounts; an administrator deletes staff and officers'.
    deletesOwnAccount: user.role === "member",
    forums: forums.map((f) => ({ slug: f.slug, name: f.name })),
    twoFactorOn: (await twoFactorStatus(user.id)) === "on",
    twoFactorRequired: mustUseTwoFactor(user.role),
    // Server-only modules are empty in the browser bundle, so their constants travel as data.
    minPasswordLength: MIN_PASSWORD_LENGTH,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: PASSWORD_FIELDS }), { status: 400 });
  const wrongPassword = () =>
    data(submission.reply({ fieldErrors: { currentPassword: ["Your current password is not right"] }, hideFields: PASSWORD_FIELDS }), { status: 400 });
  try {
    // Revoking other sessions also replaces this one, so its new cookie is passed on.
    const response = await auth().api.changePassword({
      body: { currentPassword: submission.value.currentPassword, newPassword: submission.value.newPassword, revokeOtherSessions: true },
      headers: request.headers,
      asResponse: true,
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      if (body.code === "INVALID_PASSWORD") return wrongPassword();
      return data(submission.reply({ formErrors: ["Your password could not be changed. Please try again"], hideFields: PASSWORD_FIELDS }), { status: 400 });
    }
    const headers = new Headers();
    for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
    return redirect("/account?password-changed=1", { headers });
  } catch (err) {
    if (err instanceof APIError) {
      if ((err.body as { code?: string } | undefined)?.code === "INVALID_PASSWORD") return wrongPassword();
      return data(submission.reply({ formErrors: ["Your password could not be changed. Please try again"], hideFields: PASSWORD_FIELDS }), { status: 400 });
    }
    throw err;
  }
}

export default function Account() {
  const { name, role, organisation, staff, deletesOwnAccount, forums, twoFactorOn, twoFactorRequired, minPasswordLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formKey = useFormKey(result);
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get("password-changed") && !result ? (
          <SuccessBanner>Your password has been changed. Any other devices you were signed in on have been signed out.</SuccessBanner>
        ) : null}
        {params.get("two-factor") === "off" && !result ? <SuccessBanner>Two-factor authentication is off.</SuccessBanner> : null}
        <ErrorSummary result={result} fieldOrder={["", ...PASSWORD_FIELDS]} />
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList>
          <SummaryRow label="Display name">{name}</SummaryRow>
          <SummaryRow label="Role">{role}</SummaryRow>
          {organisation ? (
            <SummaryRow label="Organisation">{organisation}</SummaryRow>
          ) : null}
          <SummaryRow label="Forums">
            {forums.length ? (
              <ul className="govuk-list">
                {forums.map((f) => (
                  <li key={f.slug}>
                    <Link className="govuk-link" to={`/forums/${f.slug}`}>
                      {f.name}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : staff ? (
              "You are not a member of a forum, but as staff you can read them all."
            ) : (
              "You are not in any forum yet. The moderators will add you to one."
            )}
          </SummaryRow>
        </SummaryList>
        <p className="govuk-body">Your display name is the only name other people see. To change it, ask the forum&apos;s moderators.</p>

        <h2 className="govuk-heading-m">Two-factor authentication</h2>
        {twoFactorOn ? (
          <p className="govuk-body">
            On: when you sign in, you also enter a code from your authenticator app.{" "}
            <Link className="govuk-link" to="/account/two-factor">
              Manage two-factor authentication
            </Link>
          </p>
        ) : (
          <p className="govuk-body">
            {twoFactorRequired ? "Your role needs it, and it is not set up yet. " : "Off. It protects your account if someone learns your password. "}
            <Link className="govuk-link" to="/account/two-factor">
              Set up two-factor authentication
            </Link>
          </p>
        )}

        <h2 className="govuk-heading-m">Change your password</h2>
        <Form method="post" noValidate key={formKey}>
          <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" result={result} />
          <TextInput
            name="newPassword"
            label="New password"
            hint={`At least ${minPasswordLength} characters. A few random words together make a strong password.`}
            type="password"
            autoComplete="new-password"
            result={result}
          />
          <TextInput name="confirmPassword" label="Confirm your new password" type="password" autoComplete="new-password" result={result} />
          <p className="govuk-body">Changing your password signs you out on every other device.</p>
          <Button>Change password</Button>
        </Form>

        <h2 className="govuk-heading-m">Your data</h2>
        <p className="govuk-body">
          You can download everything the forum holds about you: your account, forums, posts and what happened to them, reports you
          made, meeting replies, comments on minutes, your consultation answers and your notifications. It is a JSON file, which
          other services and most text editors can open.
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/account/data" download>
            Download your data (JSON file)
          </a>
        </p>

        <h2 className="govuk-heading-m">Delete your account</h2>
        {!deletesOwnAccount ? (
          <p className="govuk-body">Staff accounts are deleted by an administrator. Ask one to delete yours.</p>
        ) : (
          <>
            <p className="govuk-body">
              Deleting your account removes your email address, display name and password. You can choose whether what you wrote stays,
              shown as by &ldquo;Former member&rdquo;, or is removed too.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/account/delete">
                Delete your account
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
