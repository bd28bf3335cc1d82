import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import type { ReactNode } from "react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, Select, SuccessBanner, TextArea, type FormResult } from "~/components/forms";
import { changeRole, getPerson, PeopleError, setSuspended } from "~/models/people/people.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { formatLondonDate } from "~/utils/london-time";
import { can, isOrganisation, ORGANISATION_LABELS, ORGANISATIONS, ROLE_LABELS, ROLES } from "~/utils/permissions";

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

const DONE: Record<string, string> = {
  "role-changed": "The role has been changed",
  "role-unchanged": "Nothing changed: the person already had that role",
  suspended: "The account has been suspended and signed out everywhere",
  reinstated: "The account has been reinstated",
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
    // Moderators suspend members; administrators anyone but themselves.
    canSuspend: can(viewer.role, "people:suspend") && !self && (viewer.role === "admin" || person.role === "member"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, "people:list");
  const id = params.id ?? "";
  const formData = await request.formData();
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
      if (err instanceof PeopleError) return data({ intent, result: submission.reply({ formErrors: [err.message] }) }, { status: 400 });
      throw err;
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
      if (err instanceof PeopleError) return data({ intent, result: submission.reply({ formErrors: [err.message] }) }, { status: 400 });
      throw err;
    }
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function Person() {
  const { person, self, canChangeRole, canSuspend } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const roleResult: FormResult = acted?.intent === "change-role" ? acted.result : undefined;
  const suspendResult: FormResult = acted && acted.intent !== "change-role" ? acted.result : undefined;
  const suspended = person.status !== "active";
  return (
    <>
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <ErrorSummary result={roleResult ?? suspendResult} fieldOrder={["", "role", "organisation", "roleReason", "reason"]} />
      <span className="govuk-caption-l">Person</span>
      <h1 className="govuk-heading-l">{person.name}</h1>
      <dl className="govuk-summary-list">
        {person.email ? <Row label="Email">{person.email}</Row> : null}
        <Row label="Role">
          {person.roleLabel}
          {person.organisation ? `, ${ORGANISATION_LABELS[person.organisation]}` : ""}
        </Row>
        <Row label="Forums">{person.forums.length ? person.forums.join(", ") : "None"}</Row>
        <Row label="Status">{suspended ? "Suspended" : "Active"}</Row>
        <Row label="Joined">{person.joined}</Row>
      </dl>
      {self ? <p className="govuk-body">This is your own account. Another administrator must change its role or suspend it.</p> : null}

      {canChangeRole ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m">Change role</h2>
          <input type="hidden" name="intent" value="change-role" />
          <Select name="role" label="Role" result={roleResult} defaultValue={person.role} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
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
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/people">
          Back to people
        </Link>
      </p>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
