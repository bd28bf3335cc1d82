import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, Select, SuccessBanner, TextArea, TextInput, type FormResult } from "~/components/forms";
import { deleteStaffAccount } from "~/models/people/account-deletion.server";
import { changeRole, getPerson, renamePerson, setSuspended } from "~/models/people/people.server";
import { refusalOf } from "~/services/http.server";
import { resetTwoFactor, twoFactorStatus } from "~/models/people/two-factor.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { verifySecondFactor } from "~/services/two-factor.server";
import { formatLondonDate } from "~/utils/london-time";
import { can, isOrganisation, ORGANISATION_LABELS, ORGANISATIONS, ROLE_LABELS, ROLES } from "~/utils/permissions";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? "Person"} – Victim Voice Forum` }];

const roleSchema = z
  .object({
    role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) }),
    organisation: z.enum(ORGANISATIONS, { errorMap: () => ({ message: "Choose the Metropolitan Police or MOPAC" }) }).optional(),
    roleReason: z.string().trim().max(500, "The reason must be 500 characters or fewer").optional(),
  })
  .refine((v) => v.role !== "responder" || v.organisation, { message: "Choose the organisation this responder belongs to", path: ["organisation"] });

const suspensionSchema = z.object({
  reason: z
    .string({ required_error: "Enter the reason, so that other staff can see why" })
    .trim()
    .min(1, "Enter the reason, so that other staff can see why")
    .max(500, "The reason must be 500 characters or fewer"),
});

const renameSchema = z.object({
  name: z.string({ required_error: "Enter the new display name" }).trim().max(200, "Display name must be 40 characters or fewer"),
});

const resetSchema = z.object({
  resetReason: z
    .string({ required_error: "Enter the reason, so that other staff can see why" })
    .trim()
    .min(1, "Enter the reason, so that other staff can see why")
    .max(500, "The reason must be 500 characters or fewer"),
});

const deleteSchema = z.object({
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app, or a backup code" })
    .trim()
    .min(1, "Enter the 6-digit code from your authenticator app, or a backup code")
    .max(40, "Enter the 6-digit code from your authenticator app, or a backup code"),
});

const DONE: Record<string, string> = {
  renamed: "The display name has been changed",
  "name-unchanged": "Nothing changed: that is already the display name",
  "role-changed": "The role has been changed",
  "role-unchanged": "Nothing changed: the person already had that role",
  suspended: "The account has been suspended and signed out everywhere",
  reinstated: "The account has been reinstated",
  "two-factor-reset": "Two-factor authentication has been reset. The person has been signed out and sets it up again when they next sign in",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "people:list");
  const person = await getPerson(viewer, params.id ?? "");
  if (!person) throw new Response("Not found", { status: 404 });
  const self = person.id === viewer.id;
  return {
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      role: person.role,
      roleLabel: ROLE_LABELS[person.role] ?? person.role,
      organisation: person.role === "responder" && isOrganisation(person.organisation) ? person.organisation : null,
      forums: person.forums.map((f) => f.name),
      status: person.status,
      joined: formatLondonDate(person.createdAt),
    },
    self,
    canChangeRole: can(viewer.role, "people:change-role") && !self,
    // Moderators rename members; administrators anyone.
    canRename: can(viewer.role, "people:rename") && (viewer.role === "admin" || person.role === "member"),
    // Moderators suspend members; administrators anyone but themselves.
    canSuspend: can(viewer.role, "people:suspend") && !self && (viewer.role === "admin" || person.role === "member"),
    twoFactor: await twoFactorStatus(person.id),
    canResetTwoFactor: can(viewer.role, "people:reset-two-factor") && !self,
    // Administrators delete staff and officers' accounts (never their own); members delete theirs.
    canDelete: can(viewer.role, "people:delete-staff") && !self && person.role !== "member",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, "people:list");
  const id = params.id ?? "";
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "change-role") {
    const actor = await requirePermission(request, "people:change-role");
    const submission = parseWithZod(formData, { schema: roleSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      const { role, organisation, roleReason } = submission.value;
      const changed = await changeRole(actor, { userId: id, role, organisation: organisation ?? null, reason: roleReason });
      return redirect(`/admin/people/${encodeURIComponent(id)}?done=${changed ? "role-changed" : "role-unchanged"}`);
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply(refusal.reply) }, { status: refusal.status });
    }
  }
  if (intent === "rename") {
    const actor = await requirePermission(request, "people:rename");
    const submission = parseWithZod(formData, { schema: renameSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      const changed = await renamePerson(actor, { userId: id, name: submission.value.name });
      return redirect(`/admin/people/${encodeURIComponent(id)}?done=${changed ? "renamed" : "name-unchanged"}`);
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply(refusal.reply) }, { status: refusal.status });
    }
  }
  if (intent === "suspend" || intent === "reinstate") {
    const actor = await requirePermission(request, "people:suspend");
    const target = await getPerson(actor, id);
    if (!target) throw new Response("Not found", { status: 404 });
    if (actor.role !== "admin" && target.role !== "member") throw forbidden("Only administrators can suspend or reinstate staff accounts.");
    const submission = parseWithZod(formData, { schema: suspensionSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      const suspended = intent === "suspend";
      await setSuspended(actor, { userId: id, suspended, reason: submission.value.reason });
      return redirect(`/admin/people/${encodeURIComponent(id)}?done=${suspended ? "suspended" : "reinstated"}`);
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply(refusal.reply) }, { status: refusal.status });
    }
  }
  if (intent === "reset-two-factor") {
    const actor = await requirePermission(request, "people:reset-two-factor");
    const submission = parseWithZod(formData, { schema: resetSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      await resetTwoFactor(actor, { userId: id, reason: submission.value.resetReason });
      return redirect(`/admin/people/${encodeURIComponent(id)}?done=two-factor-reset`);
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply(refusal.reply) }, { status: refusal.status });
    }
  }
  if (intent === "delete-staff") {
    const actor = await requirePermission(request, "people:delete-staff");
    const submission = parseWithZod(formData, { schema: deleteSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
    // The administrator confirms it is them with their own second factor (a backup code is used up).
    const confirmed = await verifySecondFactor(request, submission.value.code);
    if (confirmed !== "ok") {
      const message =
        confirmed === "wrong-code"
          ? "The code is not right. Enter the 6-digit code your authenticator app shows now, or a backup code"
          : confirmed === "locked"
            ? "There have been too many wrong codes. Try again in 15 minutes"
            : "Set up two-factor authentication on your own account first";
      return data({ intent, result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }) }, { status: confirmed === "locked" ? 429 : 400 });
    }
    try {
      await deleteStaffAccount(actor, { userId: id });
      return redirect("/admin/people?done=deleted");
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply({ ...refusal.reply, hideFields: ["code"] }) }, { status: refusal.status });
    }
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function Person() {
  const { person, self, canChangeRole, canRename, canSuspend, twoFactor, canResetTwoFactor, canDelete } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const roleResult: FormResult = acted?.intent === "change-role" ? acted.result : undefined;
  const renameResult: FormResult = acted?.intent === "rename" ? acted.result : undefined;
  const suspendResult: FormResult = acted && (acted.intent === "suspend" || acted.intent === "reinstate") ? acted.result : undefined;
  const resetResult: FormResult = acted?.intent === "reset-two-factor" ? acted.result : undefined;
  const deleteResult: FormResult = acted?.intent === "delete-staff" ? acted.result : undefined;
  const suspended = person.status !== "active";
  return (
    <>
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <ErrorSummary
        result={roleResult ?? renameResult ?? suspendResult ?? resetResult ?? deleteResult}
        fieldOrder={["", "name", "role", "organisation", "roleReason", "reason", "resetReason", "code"]}
      />
      <span className="govuk-caption-l">Person</span>
      <h1 className="govuk-heading-l">{person.name}</h1>
      <SummaryList>
        {person.email ? <SummaryRow label="Email">{person.email}</SummaryRow> : null}
        <SummaryRow label="Role">
          {person.roleLabel}
          {person.organisation ? `, ${ORGANISATION_LABELS[person.organisation]}` : ""}
        </SummaryRow>
        <SummaryRow label="Forums">{person.forums.length ? person.forums.join(", ") : "None"}</SummaryRow>
        <SummaryRow label="Status">{suspended ? "Suspended" : "Active"}</SummaryRow>
        <SummaryRow label="Two-factor authentication">{twoFactor === "on" ? "On" : twoFactor === "setting-up" ? "Being set up" : "Off"}</SummaryRow>
        <SummaryRow label="Joined">{person.joined}</SummaryRow>
      </SummaryList>
      {self ? <p className="govuk-body">This is your own account. Another administrator must change its role or suspend it.</p> : null}

      {canRename ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m">Change display name</h2>
          <input type="hidden" name="intent" value="rename" />
          <TextInput
            name="name"
            label="New display name"
            hint="3 to 40 characters. No identifying details, and nothing that reads as staff (such as Moderator, Admin or Met). The change is recorded in the audit log."
            spellCheck={false}
            autoComplete="off"
            result={renameResult}
            defaultValue={person.name}
          />
          <Button>Change display name</Button>
        </Form>
      ) : null}

      {canChangeRole ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m">Change role</h2>
          <input type="hidden" name="intent" value="change-role" />
          <Select name="role" label="Role" result={roleResult} defaultValue={person.role} options={ROLES.filter((r) => r !== "officer" || person.role === "officer").map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          <Choices
            type="radio"
            name="organisation"
            legend="Organisation (responders only)"
            hint="A responder answers for the Metropolitan Police or for MOPAC."
            result={roleResult}
            defaultValue={person.organisation ? [person.organisation] : []}
            options={ORGANISATIONS.map((o) => ({ value: o, label: ORGANISATION_LABELS[o] }))}
            small
          />
          <TextArea name="roleReason" label="Reason (optional)" hint="Recorded in the audit log." rows={3} result={roleResult} />
          <Button>Change role</Button>
        </Form>
      ) : null}

      {canSuspend ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">{suspended ? "Reinstate this account" : "Suspend this account"}</h2>
          <p className="govuk-body">
            {suspended
              ? "Reinstating lets the person sign in again."
              : "Suspending signs the person out everywhere and stops them signing in. What they wrote stays as it is."}
          </p>
          <input type="hidden" name="intent" value={suspended ? "reinstate" : "suspend"} />
          <TextArea name="reason" label="Reason" hint="Recorded in the audit log, which other staff can read." rows={3} result={suspendResult} />
          {suspended ? <Button>Reinstate account</Button> : <Button warning>Suspend account</Button>}
        </Form>
      ) : null}
      {canResetTwoFactor && twoFactor !== "off" ? (
        <Form method="post" noValidate className="govuk-!-margin-top-8">
          <h2 className="govuk-heading-m">Reset two-factor authentication</h2>
          <p className="govuk-body">
            For someone who has lost their phone and their backup codes. Their authenticator app and backup codes stop working, they
            are signed out everywhere, and they set two-factor up again when they next sign in. Check who is asking first.
          </p>
          <input type="hidden" name="intent" value="reset-two-factor" />
          <TextArea name="resetReason" label="Reason for the reset" hint="Recorded in the audit log, which other staff can read." rows={3} result={resetResult} />
          <Button warning>Reset two-factor authentication</Button>
        </Form>
      ) : null}
      {canDelete ? (
        <Form method="post" noValidate className="govuk-!-margin-top-8">
          <h2 className="govuk-heading-m">Delete this account</h2>
          <p className="govuk-body">For a staff member or officer who has left. Deleting the account:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>removes their email address, display name, password and two-factor authentication from the forum</li>
            <li>signs them out everywhere at once; they cannot sign in again</li>
            <li>keeps what they wrote and published (posts, official responses, minutes), shown as by “Former member”</li>
          </ul>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              This cannot be undone. The audit log records that an administrator deleted an account, without their name or email.
            </strong>
          </div>
          <input type="hidden" name="intent" value="delete-staff" />
          <TextInput
            name="code"
            label="Your code"
            hint="To confirm it is you: the 6-digit code your authenticator app shows now, or one of your backup codes."
            autoComplete="one-time-code"
            inputMode="text"
            spellCheck={false}
            width="10"
            result={deleteResult}
          />
          <Button warning>Delete this account</Button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/people">
          Back to people
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
