// /consultations: what is open for the signed-in member to answer (and whether they have), what
// has closed, and every consultation whose results are published — the only part the public
// sees. Staff also see drafts and can start one.
import type { LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders } from "~/services/http.server";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { StatusTag } from "~/components/consultation-parts";
import { listConsultationsForViewer } from "~/models/consultations/consultations.server";
import { organisationName } from "~/models/consultations/lifecycle.server";
import { answeredConsultationIds } from "~/models/consultations/answers.server";
import { getCurrentUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can, isStaff } from "~/utils/permissions";
import { clockFor, clockText, consultationResponseDueAt } from "~/utils/clocks";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction = () => [{ title: "Consultations – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const now = new Date();
  const rows = await listConsultationsForViewer(user);
  const canAnswer = !!user && can(user.role, "consultation:answer");
  const answered = canAnswer ? await answeredConsultationIds(user.id, rows.filter((r) => r.status === "open").map((r) => r.id)) : new Set<string>();
  const item = (r: (typeof rows)[number]) => {
    const due = r.closedAt ? consultationResponseDueAt(r.closedAt) : null;
    const state = due && !r.respondedAt ? clockFor("consultation", due, now) : null;
    return {
      id: r.id,
      title: r.title,
      summary: r.summary,
      status: r.status,
      scheduled: !!r.scheduledAt,
      forums: r.forums.map((f) => f.name).join(", "),
      opens: formatLondonDateTime(r.opensAt),
      closes: formatLondonDateTime(r.closedAt ?? r.closesAt),
      answered: answered.has(r.id),
      canAnswer: canAnswer && r.viewerInTargetForum && r.status === "open",
      response: r.respondedAt
        ? `${organisationName(r.organisation)} responded on ${formatLondonDate(r.respondedAt)}`
        : state
          ? `Awaiting a response from ${organisationName(r.organisation).replace(/^The/, "the")}: ${clockText(state).toLowerCase()} (due ${state.dueDate})`
          : null,
      overdue: !!state?.overdue,
    };
  };
  return {
    signedIn: !!user,
    staff: !!user && isStaff(user.role),
    canDraft: !!user && can(user.role, "consultation:draft"),
    open: rows.filter((r) => r.status === "open").map(item),
    drafts: rows.filter((r) => r.status === "draft").map(item),
    closed: rows.filter((r) => r.status === "closed").map(item),
    published: rows.filter((r) => r.status === "published" || r.status === "responded").map(item),
  };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

export default function Consultations() {
  const { signedIn, staff, canDraft, open, drafts, closed, published } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Consultations</h1>
      <p className="govuk-body">
        The Metropolitan Police and MOPAC ask the forum&apos;s members what they think of reforms they propose. Answers are anonymous: nobody, staff included, sees who
        answered what. Once a consultation closes its results are published here, followed by the response: what you said, and what will change.
      </p>
      {canDraft ? (
        <p className="govuk-body">
          <Link className="govuk-button govuk-!-margin-bottom-0" to="/consultations/new">
            Draft a new consultation
          </Link>
        </p>
      ) : null}
      {signedIn ? (
        <Section id="open" title={staff ? "Open now" : "Open for you to answer"} items={open} empty={staff ? "No consultation is open." : "There is nothing for you to answer at the moment."} />
      ) : null}
      {staff ? <Section id="drafts" title="Drafts" items={drafts} empty="There are no drafts." /> : null}
      {signedIn && closed.length ? <Section id="closed" title="Closed: results to come" items={closed} /> : null}
      <Section id="published" title="Results and responses" items={published} empty="No results have been published yet." />
    </>
  );
}

function Section({ id, title, items, empty }: { id: string; title: string; items: Item[]; empty?: string }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="govuk-!-margin-top-8" data-testid={`consultations-${id}`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {items.length === 0 ? <p className="govuk-body">{empty}</p> : null}
      <ul className="govuk-list">
        {items.map((c) => (
          <li key={c.id} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={`/consultations/${c.id}`}>
                {c.title}
              </Link>
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <StatusTag status={c.status} scheduled={c.scheduled} /> {c.answered ? <strong className="govuk-tag govuk-tag--green">You have answered</strong> : null} For {c.forums}.{" "}
              {c.status === "open" ? `Closes ${c.closes}.` : c.status === "draft" ? `Opens ${c.opens}${c.scheduled ? "" : " once scheduled"}.` : `Closed ${c.closes}.`}
            </p>
            <p className="govuk-body govuk-!-margin-bottom-1">{c.summary}</p>
            {c.response ? <p className={`govuk-body-s${c.overdue ? " govuk-!-font-weight-bold" : ""}`}>{c.response}</p> : null}
            {c.canAnswer ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/consultations/${c.id}/answer`}>
                  {c.answered ? "Change your answers" : "Answer this consultation"}
                  <span className="govuk-visually-hidden">: {c.title}</span>
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
