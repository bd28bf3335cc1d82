import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { getOutboxEmail, linksInText, outboxStatusLabel } from "~/models/notifications/outbox.server";
import { requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { SummaryList, SummaryRow } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.email.subject ?? "Email"} – Victim Voice Forum` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  const row = await getOutboxEmail(params.id ?? "");
  if (!row) throw new Response("Not found", { status: 404 });
  return {
    email: {
      to: row.toAddress,
      subject: row.subject,
      kind: row.kind,
      status: outboxStatusLabel(row.status),
      attempts: row.attempts,
      lastError: row.lastError,
      created: formatLondonDateTime(row.createdAt),
      sent: formatLondonDateTime(row.sentAt),
      text: row.text,
    },
    links: linksInText(row.text),
  };
}

export default function OutboxEmail() {
  const { email, links } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Email</span>
      <h1 className="govuk-heading-l">{email.subject}</h1>
      <SummaryList>
        <SummaryRow label="To" valueClassName="govuk-!-text-break-word">{email.to}</SummaryRow>
        <SummaryRow label="Kind" valueClassName="govuk-!-text-break-word">{email.kind}</SummaryRow>
        <SummaryRow label="Status" valueClassName="govuk-!-text-break-word">{email.status}</SummaryRow>
        <SummaryRow label="Attempts" valueClassName="govuk-!-text-break-word">{String(email.attempts)}</SummaryRow>
        <SummaryRow label="Created" valueClassName="govuk-!-text-break-word">{email.created}</SummaryRow>
        {email.sent ? <SummaryRow label="Sent" valueClassName="govuk-!-text-break-word">{email.sent}</SummaryRow> : null}
        {email.lastError ? <SummaryRow label="Last error" valueClassName="govuk-!-text-break-word">{email.lastError}</SummaryRow> : null}
      </SummaryList>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Message</h2>
          <pre className="vvf-pre-wrap govuk-body govuk-inset-text" data-testid="outbox-body">
            {email.text}
          </pre>
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Links in this email</h2>
          {links.length ? (
            <ul className="govuk-list">
              {links.map((url) => (
                <li key={url} className="govuk-!-text-break-word">
                  <a className="govuk-link" href={url} rel="noreferrer">
                    {url}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">This email has no links.</p>
          )}
        </div>
      </div>
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/outbox">
          Back to the outbox
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
