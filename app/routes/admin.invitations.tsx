import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, Select, SuccessBanner, TextInput } from "~/components/forms";
import { listAllForums } from "~/models/people/forums.server";
import {
  createInvitation,
  invitationEmailForViewer,
  INVITATION_DAYS,
  listInvitations,
  officerPlaceLabel,
  revokeInvitation,
} from "~/models/people/invitations.server";
import { BOROUGHS } from "~/utils/boroughs";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { invitableRoles, isOrganisation, isRole, ORGANISATION_LABELS, ORGANISATIONS, ROLE_LABELS, ROLES } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Invitations – Victim Voice Forum" }];

const schema = z
  .object({
    email: z
      .string({ required_error: "Enter the email address of the person to invite" })
      .trim()
      .max(254, "The email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.com"),
    role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) }),
    organisation: z.enum(ORGANISATIONS, { errorMap: () => ({ message: "Choose the Metropolitan Police or MOPAC" }) }).optional(),
    forumIds: z.array(z.string().uuid("Choose forums from the list")).default([]),
    // Officers only; checked in the model (createInvitation), the one home of the rule.
    shoulderNumber: z.string().trim().max(20, "Enter a shoulder number of up to 7 digits, with up to 3 letters").optional(),
    borough: z.string().max(60).optional(),
  })
  .refine((v) => v.role !== "responder" || v.organisation, { message: "Choose the organisation this responder belongs to", path: ["organisation"] });

const STATES = {
  valid: { label: "Waiting", tag: "govuk-tag--blue" },
  used: { label: "Accepted", tag: "govuk-tag--green" },
  expired: { label: "Expired", tag: "govuk-tag--grey" },
  revoked: { label: "Revoked", tag: "govuk-tag--red" },
  unknown: { label: "Unknown", tag: "govuk-tag--grey" },
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "invitation:create");
  const params = new URL(request.url).searchParams;
  const sentId = params.get("sent");
  const [forums, invitations, sentTo] = await Promise.all([
    listAllForums(),
    listInvitations(viewer),
    sentId ? invitationEmailForViewer(viewer, sentId) : Promise.resolve(null),
  ]);
  return {
    roles: invitableRoles(viewer.role).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
    forums: forums.map((f) => ({ value: f.id, label: f.name })),
    sent: sentId ? { id: sentId, to: sentTo } : null,
    revoked: params.get("revoked") === "1",
    showEmail: viewer.role === "admin",
    // Server-only modules are empty in the browser bundle, so their constants travel as data.
    invitationDays: INVITATION_DAYS,
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: isRole(i.role) ? ROLE_LABELS[i.role] : i.role,
      organisation: i.role === "officer" ? officerPlaceLabel(i) : isOrganisation(i.organisation) ? ORGANISATION_LABELS[i.organisation] : null,
      forums: i.forumNames,
      invitedBy: i.invitedByName,
      sent: formatLondonDateTime(i.createdAt),
      expires: formatLondonDate(i.expiresAt),
      state: i.state,
      canRevoke: i.canRevoke,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "invitation:create");
  const formData = await readForm(request);
  if (formData.get("intent") === "revoke") {
    await requirePermission(request, "invitation:revoke");
    const revoked = await revokeInvitation(actor, String(formData.get("invitationId") ?? ""));
    if (!revoked) {
      return data({ result: { status: "error" as const, error: { "": ["That invitation cannot be withdrawn: it has already been used or withdrawn"] } } }, { status: 409 });
    }
    return redirect("/admin/invitations?revoked=1");
  }
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { invitation } = await createInvitation(actor, {
      ...submission.value,
      organisation: submission.value.organisation ?? null,
      shoulderNumber: submission.value.shoulderNumber ?? null,
      borough: submission.value.borough ?? null,
    });
    return redirect(`/admin/invitations?sent=${invitation.id}`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply) }, { status: refusal.status });
  }
}

export default function Invitations() {
  const { roles, forums, sent, revoked, showEmail, invitationDays, invitations } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const result = acted?.result;
  const [params] = useSearchParams();
  return (
    <>
      {sent && !acted ? <SuccessBanner>{sent.to ? `Invitation sent to ${sent.to}` : "Invitation sent"}</SuccessBanner> : null}
      {revoked && !acted ? <SuccessBanner>The invitation has been withdrawn. Its link no longer works.</SuccessBanner> : null}
      <ErrorSummary result={result} fieldOrder={["", "email", "role", "organisation", "shoulderNumber", "borough", "forumIds"]} />
      <h1 className="govuk-heading-l">Invitations</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Invite someone</h2>
          <p className="govuk-body">
            The person gets an email with a link to join. The link works once and expires after {invitationDays} days.
          </p>
          <Form method="post" noValidate key={params.get("sent") ?? "new"}>
            <input type="hidden" name="intent" value="invite" />
            <TextInput name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} result={result} />
            <Select name="role" label="Role" options={roles} defaultValue="member" result={result} />
            <Choices
              type="radio"
              name="organisation"
              legend="Organisation (responders only)"
              hint="A responder answers for the Metropolitan Police or for MOPAC."
              options={ORGANISATIONS.map((o) => ({ value: o, label: ORGANISATION_LABELS[o] }))}
              result={result}
              small
            />
            <TextInput
              name="shoulderNumber"
              label="Shoulder number (police officers only)"
              hint="The number on the officer's shoulder, like 123456 or 456HT."
              autoComplete="off"
              spellCheck={false}
              width="10"
              result={result}
            />
            <Select
              name="borough"
              label="Borough (police officers only)"
              hint="Where the officer works. Their feedback is counted in this borough."
              options={[{ value: "", label: "Choose a borough" }, ...BOROUGHS.map((b) => ({ value: b.slug, label: b.name }))]}
              defaultValue=""
              result={result}
            />
            <Choices name="forumIds" legend="Forums" hint="Members must join at least one forum." options={forums} result={result} />
            <Button>Send invitation</Button>
          </Form>
        </div>
      </div>
      <TableScroll>
      <table className="govuk-table" data-testid="invitations-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Invitations sent</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {showEmail ? <th scope="col" className="govuk-table__header">Email</th> : null}
            <th scope="col" className="govuk-table__header">State</th>
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">Forums</th>
            <th scope="col" className="govuk-table__header">Invited by</th>
            <th scope="col" className="govuk-table__header">Sent</th>
            <th scope="col" className="govuk-table__header">Expires</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {invitations.map((i) => (
            <tr className="govuk-table__row" key={i.id}>
              {showEmail ? <td className="govuk-table__cell govuk-!-text-break-word">{i.email}</td> : null}
              <td className="govuk-table__cell">
                <strong className={`govuk-tag ${STATES[i.state].tag}`}>{STATES[i.state].label}</strong>
              </td>
              <td className="govuk-table__cell">
                {i.role}
                {i.organisation ? `, ${i.organisation}` : ""}
              </td>
              <td className="govuk-table__cell">{i.forums.join(", ") || "None"}</td>
              <td className="govuk-table__cell">{i.invitedBy}</td>
              <td className="govuk-table__cell">{i.sent}</td>
              <td className="govuk-table__cell">{i.expires}</td>
              <td className="govuk-table__cell">
                {i.canRevoke ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                      Revoke<span className="govuk-visually-hidden"> the invitation {i.email ? `to ${i.email}` : `sent ${i.sent}`}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {invitations.length === 0 ? <p className="govuk-body">No invitations have been sent yet.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
