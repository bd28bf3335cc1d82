// Layout for /admin/*: staff who manage the forum (moderators and admins). Each child route
// still guards its own loader and action: Remix runs this loader alongside theirs, not first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requirePermission } from "~/services/session.server";
import { can, type Permission } from "~/utils/permissions";

// The sections, each shown only to roles whose permission table grants it.
const SECTIONS: { to: string; label: string; permission: Permission; end?: boolean }[] = [
  { to: "/admin", label: "Overview", permission: "people:list", end: true },
  { to: "/admin/people", label: "People", permission: "people:list" },
  { to: "/admin/invitations", label: "Invitations", permission: "invitation:create" },
  { to: "/admin/forums", label: "Forums", permission: "forum:manage-membership" },
  { to: "/admin/outbox", label: "Email outbox", permission: "outbox:read" },
  { to: "/admin/audit", label: "Audit log", permission: "audit:read" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "people:list");
  return {
    sections: SECTIONS.filter((s) => can(viewer.role, s.permission)).map(({ to, label, end }) => ({ to, label, end: !!end })),
  };
}

export default function AdminLayout() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-service-navigation govuk-!-margin-bottom-6">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Admin sections" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list">
              {sections.map((s) => (
                <SectionLink key={s.to} {...s} />
              ))}
            </ul>
          </nav>
        </div>
      </div>
      <Outlet />
    </>
  );
}

function SectionLink({ to, label, end }: { to: string; label: string; end: boolean }) {
  const { pathname } = useLocation();
  const active = end ? pathname === to || pathname === `${to}/` : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <li className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
      <NavLink to={to} end={end} className="govuk-service-navigation__link">
        {active ? <strong className="govuk-service-navigation__active-fallback">{label}</strong> : label}
      </NavLink>
    </li>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
