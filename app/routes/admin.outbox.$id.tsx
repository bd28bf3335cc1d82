import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { getOutboxEmail, linksInText } from "~/models/notifications/outbox.server";
import { requirePermission } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";

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
      status: row.status,
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
      <dl className="govuk-summary-list">
        <Row label="To">{email.to}</Row>
        <Row label="Kind">{email.kind}</Row>
        <Row label="Status">{email.status}</Row>
        <Row label="Attempts">{String(email.attempts)}</Row>
        <Row label="Created">{email.created}</Row>
        {email.sent ? <Row label="Sent">{email.sent}</Row> : null}
        {email.lastError ? <Row label="Last error">{email.lastError}</Row> : null}
      </dl>
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

function Row({ label, children }: { label: string; children: string }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value govuk-!-text-break-word">{children}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
