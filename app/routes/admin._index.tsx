import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { countWaitingInvitations } from "~/models/people/invitations.server";
import { countPeopleByRole } from "~/models/people/people.server";
import { runningDatabase } from "~/models/site/running-database.server";
import { requirePermission } from "~/services/session.server";
import { can, ROLE_LABELS, type Permission } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Manage the forum – Victim Voice Forum" }];

const LINKS: { to: string; label: string; description: string; permission: Permission }[] = [
  { to: "/admin/people", label: "People", description: "Everyone with an account: roles, forums, suspending and reinstating.", permission: "people:list" },
  { to: "/admin/invitations", label: "Invitations", description: "Invite someone to join, and withdraw invitations not yet used.", permission: "invitation:create" },
  { to: "/admin/forums", label: "Forums", description: "The forums and who belongs to each.", permission: "forum:manage-membership" },
  { to: "/admin/outbox", label: "Email outbox", description: "Every email the site has sent or is about to send.", permission: "outbox:read" },
  { to: "/admin/audit", label: "Audit log", description: "A permanent record of every staff action.", permission: "audit:read" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "people:list");
  const [people, waitingInvitations] = await Promise.all([countPeopleByRole(), countWaitingInvitations()]);
  return {
    isAdmin: viewer.role === "admin",
    people: people.map((p) => ({ ...p, label: ROLE_LABELS[p.role] })),
    waitingInvitations,
    // Only admins run the platform: moderators have no use for where its data lives.
    database: viewer.role === "admin" ? runningDatabase() : null,
    links: LINKS.filter((l) => can(viewer.role, l.permission)).map(({ to, label, description }) => ({ to, label, description })),
  };
}

export default function AdminOverview() {
  const { isAdmin, people, waitingInvitations, database, links } = useLoaderData<typeof loader>();
  const total = people.reduce((n, p) => n + p.active + p.suspended, 0);
  return (
    <>
      <h1 className="govuk-heading-l">{isAdmin ? "Administration" : "Manage the forum"}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <TableScroll>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">People by role</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Role</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Active</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Suspended</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {people.map((p) => (
                <tr className="govuk-table__row" key={p.role}>
                  <th scope="row" className="govuk-table__header">{p.label}s</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{p.active}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{p.suspended}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableScroll>
          <p className="govuk-body">
            {total} {total === 1 ? "person has" : "people have"} an account.{" "}
            <Link className="govuk-link" to="/admin/invitations">
              {waitingInvitations} {waitingInvitations === 1 ? "invitation is" : "invitations are"} waiting to be accepted
            </Link>
            .
          </p>
          {database ? (
            <>
              <h2 className="govuk-heading-m">Database</h2>
              {database.kind === "postgres" ? (
                <p className="govuk-body" data-testid="running-database">
                  PostgreSQL: database <strong>{database.database}</strong> on {database.host}:{database.port}. It writes each saved change to
                  disk before saying it is saved.
                </p>
              ) : (
                <>
                  <p className="govuk-body" data-testid="running-database">
                    The embedded database (PGlite){database.dataDir ? <>, in <code>{database.dataDir}</code></> : ", in memory only"}. It does
                    not wait for the disk when it saves a change (it is not fsynced): a power cut or a crash of the machine can lose the
                    last changes people were told were saved.
                  </p>
                  <p className="govuk-body">
                    For real use, set <code>DATABASE_URL</code> to a PostgreSQL database (see decision 032 in the project&apos;s{" "}
                    <code>docs/decisions</code>).
                  </p>
                </>
              )}
            </>
          ) : null}
          <h2 className="govuk-heading-m">Sections</h2>
          <ul className="govuk-list">
            {links.map((l) => (
              <li key={l.to} className="govuk-!-margin-bottom-4">
                <Link className="govuk-link govuk-!-font-weight-bold" to={l.to}>
                  {l.label}
                </Link>
                <br />
                <span className="govuk-body-s">{l.description}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
