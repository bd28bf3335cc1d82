import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, ErrorSummary, useFormKey, TextInput } from "~/components/forms";
import { acceptInvitation, findInvitation, type InvitationState } from "~/models/people/invitations.server";
import { auth } from "~/services/auth.server";
import { setFlash } from "~/services/flash.server";
import { refusalHeaders, refusalOf } from "~/services/http.server";
import { refuseWhenLimited } from "~/services/rate-limit.server";
import { afterPasswordSignIn } from "~/services/two-factor.server";
import { MIN_PASSWORD_LENGTH } from "~/utils/passwords";
import { displayNameProblem, normaliseDisplayName } from "~/utils/display-name";
import { ROLE_LABELS, isRole } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Join the Victim Voice Forum" }, { name: "robots", content: "noindex" }];

// Built inside the action: the display-name check runs the identifying-details detector,
// which (with its language library) has no place in this page's browser code.
const joinSchema = () => z
  .object({
    displayName: z
      .string({ required_error: "Enter a display name" })
      .transform(normaliseDisplayName)
      .superRefine((name, ctx) => {
        const problem = displayNameProblem(name);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    password: z
      .string({ required_error: "Enter a password" })
      .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Password must be 200 characters or fewer"),
    confirmPassword: z.string({ required_error: "Enter your password again" }),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] });

/** An unknown link is not found (404); one used, withdrawn or expired is gone (410). Both read kindly. */
const STATUS_OF: Record<InvitationState, number> = { valid: 200, unknown: 404, used: 410, revoked: 410, expired: 410 };

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findInvitation(params.token ?? "");
  return data(
    {
      state: found.state,
      role: found.invitation && isRole(found.invitation.role) ? ROLE_LABELS[found.invitation.role] : null,
      forums: found.forums.map((f) => f.name),
    },
    { status: STATUS_OF[found.state] },
  );
}

// Too many invitation links tried from one address: the site's 429 page says when to try again.
export const headers = refusalHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  refuseWhenLimited(context);
  const token = params.token ?? "";
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: joinSchema() });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }), state: null }, { status: 400 });
  }
  try {
    const { email } = await acceptInvitation({ token, displayName: submission.value.displayName, password: submission.value.password });
    const response = await auth().api.signInEmail({
      body: { email, password: submission.value.password, rememberMe: true },
      headers: request.headers,
      asResponse: true,
    });
    // Staff invited here set up two-factor next, before anything else.
    const next = await afterPasswordSignIn({ response, password: submission.value.password, redirectTo: "/forums" });
    // The welcome is said once on the forums page (a flash, not the address, so a shared link does not repeat it).
    next.headers.append("Set-Cookie", await setFlash("welcome"));
    return next;
  } catch (err) {
    const refusal = refusalOf(err);
    // Gone (used, withdrawn or expired meanwhile): the page says which, as it does when opened.
    if (refusal.status === 410) {
      const found = await findInvitation(token);
      return data({ result: null, state: found.state as InvitationState }, { status: refusal.status });
    }
    return data({ result: submission.reply({ ...refusal.reply, hideFields: ["password", "confirmPassword"] }), state: null }, { status: refusal.status });
  }
}

const UNUSABLE: Record<Exclude<InvitationState, "valid">, { title: string; body: string }> = {
  expired: {
    title: "This invitation has expired",
    body: "Invitations last 14 days. Please ask the person who invited you, or the forum's moderators, to send a new one.",
  },
  used: {
    title: "This invitation has already been used",
    body: "Each invitation can be used once. If you joined with it, sign in with your email address and password.",
  },
  revoked: {
    title: "This invitation has been withdrawn",
    body: "The forum's moderators withdrew this invitation. If you think this is a mistake, please contact them.",
  },
  unknown: {
    title: "We cannot find this invitation",
    body: "Check that you copied the whole link from your email. If it still does not work, ask for a new invitation.",
  },
};

export default function Join() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const formKey = useFormKey(acted);
  const state = acted?.state ?? loaded.state;
  if (state !== "valid") {
    const copy = UNUSABLE[state];
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{copy.title}</h1>
          <p className="govuk-body">{copy.body}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/login">
              Sign in
            </Link>{" "}
            or <Link className="govuk-link" to="/support">find support</Link>.
          </p>
        </div>
      </div>
    );
  }
  const result = acted?.result;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary result={result} fieldOrder={["displayName", "password", "confirmPassword"]} />
        <h1 className="govuk-heading-l">Join the Victim Voice Forum</h1>
        <p className="govuk-body">
          You have been invited as a {loaded.role?.toLowerCase()}
          {loaded.forums.length ? <> to {loaded.forums.join(" and ")}</> : null}.
        </p>
        <Form method="post" noValidate key={formKey}>
          <TextInput
            name="displayName"
            label="Choose a display name"
            hint="This is the only name other people will see. Do not use your real name, email address or phone number."
            autoComplete="nickname"
            spellCheck={false}
            result={result}
          />
          <TextInput
            name="password"
            label="Create a password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few random words together make a strong password.`}
            type="password"
            autoComplete="new-password"
            result={result}
          />
          <TextInput name="confirmPassword" label="Confirm your password" type="password" autoComplete="new-password" result={result} />
          <Button>Join the forum</Button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
