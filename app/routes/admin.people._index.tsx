import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Button, Select, SuccessBanner, TextInput } from "~/components/forms";
import { listPeople } from "~/models/people/people.server";
import { requirePermission } from "~/services/session.server";
import { can, isOrganisation, isRole, ORGANISATION_LABELS, ROLE_LABELS, ROLES } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "People – Victim Voice Forum" }];

const STATUSES = ["active", "suspended"] as const;
const STATUS_LABELS: Record<string, string> = { active: "Active", suspended: "Suspended" };

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "people:list");
  const params = new URL(request.url).searchParams;
  // Unknown filter values are ignored rather than refused: this is a search, not a form.
  const role = isRole(params.get("role")) ? (params.get("role") as string) : "";
  const status = (STATUSES as readonly string[]).includes(params.get("status") ?? "") ? (params.get("status") as string) : "";
  const search = (params.get("search") ?? "").trim().slice(0, 100);
  const people = await listPeople(viewer, { role: role || undefined, status: status || undefined, search: search || undefined });
  return {
    showEmail: can(viewer.role, "people:see-email"),
    filter: { role, status, search },
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      // listPeople leaves emails out for anyone but admins.
      email: p.email,
      role: ROLE_LABELS[p.role] ?? p.role,
      organisation: p.role === "responder" && isOrganisation(p.organisation) ? ORGANISATION_LABELS[p.organisation] : null,
      forums: p.forums.map((f) => f.name),
      status: p.status,
    })),
  };
}

export default function People() {
  const { showEmail, filter, people } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.role || filter.status || filter.search);
  const [params] = useSearchParams();
  return (
    <>
      {params.get("done") === "deleted" ? <SuccessBanner>The account has been deleted and its owner signed out everywhere</SuccessBanner> : null}
      <h1 className="govuk-heading-l">People</h1>
      <p className="govuk-body">
        Everyone with an account, by display name.{" "}
        {showEmail ? "Email addresses are shown to administrators only." : "Email addresses are seen only by administrators."}
      </p>
      <Form method="get" key={`${filter.role}|${filter.status}|${filter.search}`} className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="role"
              label="Role"
              defaultValue={filter.role}
              options={[{ value: "", label: "Any role" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="Status"
              defaultValue={filter.status}
              options={[{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="search" label="Display name contains" defaultValue={filter.search} spellCheck={false} />
          </div>
        </div>
        <div className="govuk-button-group">
          <Button secondary>Apply filters</Button>
          {filtered ? (
            <Link className="govuk-link" to="/admin/people">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      <TableScroll>
      <table className="govuk-table" data-testid="people-table">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {people.length} {people.length === 1 ? "person" : "people"}
          {filtered ? " matching the filters" : ""}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Display name</th>
            {showEmail ? <th scope="col" className="govuk-table__header">Email</th> : null}
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">Forums</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {people.map((p) => (
            <tr className="govuk-table__row" key={p.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/people/${p.id}`}>
                  {p.name}
                </Link>
              </td>
              {showEmail ? <td className="govuk-table__cell govuk-!-text-break-word">{p.email}</td> : null}
              <td className="govuk-table__cell">
                {p.role}
                {p.organisation ? <>, {p.organisation}</> : null}
              </td>
              <td className="govuk-table__cell">{p.forums.length ? p.forums.join(", ") : "None"}</td>
              <td className="govuk-table__cell">
                {p.status === "active" ? (
                  <strong className="govuk-tag govuk-tag--green">Active</strong>
                ) : (
                  <strong className="govuk-tag govuk-tag--red">{STATUS_LABELS[p.status] ?? p.status}</strong>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {people.length === 0 ? <p className="govuk-body">Nobody matches these filters.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
