import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Button, Select } from "~/components/forms";
import { listOutboxEmails, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES, outboxStatusLabel, type OutboxStatus } from "~/models/notifications/outbox.server";
import { requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Email outbox – Victim Voice Forum" }];

// Kept here, not imported from the model: server-only modules are empty in the browser bundle.
const STATUS_TAGS: Record<string, string> = { pending: "govuk-tag--blue", sending: "govuk-tag--yellow", sent: "govuk-tag--green", failed: "govuk-tag--red" };

const isStatus = (v: string | null): v is OutboxStatus => (OUTBOX_STATUSES as readonly string[]).includes(v ?? "");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  const requested = new URL(request.url).searchParams.get("status");
  const status = isStatus(requested) ? requested : undefined;
  const emails = await listOutboxEmails({ status });
  return {
    status: status ?? "",
    // Labelled here: the one wording lives in the outbox model, which the browser never loads.
    statuses: OUTBOX_STATUSES.map((s) => ({ value: s, label: OUTBOX_STATUS_LABELS[s] })),
    emails: emails.map((e) => ({
      id: e.id,
      // Addresses of people without an account (feedback requests) are erased once sent.
      to: e.toAddress || "(erased)",
      subject: e.subject,
      kind: e.channel === "text" ? `${e.kind} (text message)` : e.kind,
      status: e.status,
      statusLabel: outboxStatusLabel(e.status),
      attempts: e.attempts,
      // Why it failed for good, or why the last attempt did not go (the provider's words).
      reason: e.status === "sent" ? null : e.lastError,
      created: formatLondonDateTime(e.createdAt),
    })),
  };
}

export default function Outbox() {
  const { status, statuses, emails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Email outbox</h1>
      <p className="govuk-body">
        Every email the site sends is written here first, then delivered. If no email provider is set up (as on the demonstration
        site), emails stay here: open one to read it and follow its links.
      </p>
      <Form method="get" key={status} className="govuk-!-margin-bottom-6">
        <Select
          name="status"
          label="Status"
          defaultValue={status}
          options={[{ value: "", label: "Any status" }, ...statuses]}
        />
        <Button secondary>Show emails</Button>
      </Form>
      <TableScroll>
      <table className="govuk-table" data-testid="outbox-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Emails, newest first</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">To</th>
            <th scope="col" className="govuk-table__header">Subject</th>
            <th scope="col" className="govuk-table__header">Kind</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Attempts</th>
            <th scope="col" className="govuk-table__header">Created</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {emails.map((e) => (
            <tr className="govuk-table__row" key={e.id}>
              <td className="govuk-table__cell govuk-!-text-break-word">{e.to}</td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/outbox/${e.id}`}>
                  {e.subject}
                </Link>
              </td>
              <td className="govuk-table__cell">{e.kind}</td>
              <td className="govuk-table__cell">
                <strong className={`govuk-tag ${STATUS_TAGS[e.status] ?? "govuk-tag--grey"}`}>{e.statusLabel}</strong>
                {e.reason ? (
                  <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0 govuk-!-text-break-word">
                    {e.status === "failed" ? "Reason: " : "Last attempt: "}
                    {e.reason}
                  </p>
                ) : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{e.attempts}</td>
              <td className="govuk-table__cell">{e.created}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {emails.length === 0 ? <p className="govuk-body">No emails{status ? " with this status" : ""}.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
