// Layout for /moderation/*: the review queue and the safeguarding list, moderators and admins
// only. Each child route still guards its own loader and action: Remix runs this loader
// alongside theirs, not first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation, type ShouldRevalidateFunction } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { countPendingComments } from "~/models/feedback/comments.server";
import { queueCounts } from "~/models/threads/review-queue.server";
import { requirePermission } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Moderation – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "moderation:review");
  const [counts, feedback] = await Promise.all([queueCounts(), countPendingComments()]);
  return { queue: counts.pending + counts.reported, safeguarding: counts.safeguarding, feedback };
}

/**
 * The counts are read again after a decision a child page refused (409, "already approved by
 * …"): Remix does not reload after a 4xx answer by default, and the queue's count would still
 * include the item someone else just decided.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (!!actionResult && typeof actionResult === "object" && (actionResult as { conflict?: unknown }).conflict === true) || defaultShouldRevalidate;

export default function ModerationLayout() {
  const { queue, safeguarding, feedback } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-service-navigation govuk-!-margin-bottom-6">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Moderation" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list">
              <SectionLink to="/moderation" end label={`Review queue (${queue})`} />
              <SectionLink to="/moderation/safeguarding" label={`Safeguarding (${safeguarding})`} />
              <SectionLink to="/moderation/feedback" label={`Feedback comments (${feedback})`} />
            </ul>
          </nav>
        </div>
      </div>
      <Outlet />
    </>
  );
}

function SectionLink({ to, label, end }: { to: string; label: string; end?: boolean }) {
  const { pathname } = useLocation();
  const active = end ? pathname === to || pathname === `${to}/` : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <li className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
      <NavLink to={to} end={end} className="govuk-service-navigation__link" aria-current={active ? "page" : undefined}>
        {active ? <strong className="govuk-service-navigation__active-fallback">{label}</strong> : label}
      </NavLink>
    </li>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
