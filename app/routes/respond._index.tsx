// /respond: the threads a moderator has asked the responder's organisation to answer, soonest
// due first, overdue ones marked.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { clockText, responseClock } from "~/components/response-clock";
import { listAwaitingResponse } from "~/models/threads/threads.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { formatLondonDate } from "~/utils/london-time";
import { ORGANISATION_LABELS } from "~/utils/permissions";
import { workingDaysBetween } from "~/utils/working-days";

export const meta: MetaFunction = () => [{ title: "Threads awaiting a response – Victim Voice Forum" }];

/** "Overdue by 3 days", "Due today", "4 working days left", as of `now` in London. */
function clock(due: Date, now: Date): { text: string; overdue: boolean } {
  const state = responseClock(due, now);
  if (state.overdue) return { text: clockText(state), overdue: true };
  const left = workingDaysBetween(now, due);
  if (left === 0) return { text: state.days === 0 ? "Due today" : "Less than 1 working day left", overdue: false };
  return { text: `${left} working ${left === 1 ? "day" : "days"} left`, overdue: false };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const responder = await requirePermission(request, "official-response:publish");
  if (!responder.organisation) throw forbidden("Your account is not linked to the Metropolitan Police or MOPAC. Please ask an administrator.");
  const now = new Date();
  const threads = await listAwaitingResponse(responder.organisation);
  return {
    organisation: ORGANISATION_LABELS[responder.organisation],
    threads: threads.map((t) => ({
      id: t.id,
      title: t.title,
      forumName: t.forumName,
      visibility: t.visibility,
      due: t.responseDueAt ? formatLondonDate(t.responseDueAt) : null,
      clock: t.responseDueAt ? clock(t.responseDueAt, now) : null,
    })),
  };
}

export default function AwaitingResponse() {
  const { organisation, threads } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Threads awaiting a response from {organisation}</h1>
      <p className="govuk-body">
        Moderators asked for these responses. Each response is published straight away, in public, with your organisation&apos;s badge. Soonest due
        first.
      </p>
      {threads.length === 0 ? (
        <p className="govuk-body">There are no threads waiting for a response.</p>
      ) : (
        <table className="govuk-table" data-testid="awaiting-response">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {threads.length} {threads.length === 1 ? "thread" : "threads"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Thread</th>
              <th scope="col" className="govuk-table__header">Forum</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Time left</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {threads.map((t) => (
              <tr className="govuk-table__row" key={t.id} data-thread-id={t.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/respond/threads/${t.id}`}>
                    {t.title}
                  </Link>
                  {t.visibility === "members" ? <span className="govuk-body-s"> (members only)</span> : null}
                </td>
                <td className="govuk-table__cell">{t.forumName}</td>
                <td className="govuk-table__cell">{t.due ?? "No due date"}</td>
                <td className="govuk-table__cell">
                  {t.clock ? <strong className={`govuk-tag ${t.clock.overdue ? "govuk-tag--red" : "govuk-tag--grey"}`}>{t.clock.text}</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
