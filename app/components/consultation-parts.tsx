// Small pieces the consultation pages share: the status tag, the facts list, the live response
// count for staff, the public clock and "You said, we did" with its action items.
import { Link, useRevalidator } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useRoom } from "./live";
import { OfficialResponse, type OfficialResponseView } from "./post-body";
import { ResponseClock } from "./response-clock";
import { CONSULTATION_RESPONSE_WEEKS } from "~/utils/clocks";
import { SummaryList, SummaryRow } from "./summary-list";
import { TableScroll } from "./table-scroll";

const TAGS: Record<string, { label: string; tag: string }> = {
  draft: { label: "Draft", tag: "govuk-tag--grey" },
  scheduled: { label: "Scheduled", tag: "govuk-tag--purple" },
  open: { label: "Open", tag: "govuk-tag--green" },
  closed: { label: "Closed", tag: "govuk-tag--orange" },
  published: { label: "Results published", tag: "govuk-tag--blue" },
  responded: { label: "Responded", tag: "govuk-tag--turquoise" },
};

export function StatusTag({ status, scheduled }: { status: string; scheduled?: boolean }) {
  const t = TAGS[status === "draft" && scheduled ? "scheduled" : status] ?? { label: status, tag: "govuk-tag--grey" };
  return <strong className={`govuk-tag ${t.tag}`}>{t.label}</strong>;
}

export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <SummaryList testId="consultation-facts">
      {rows.map(([key, value]) => (
        <SummaryRow key={key} label={key}>{value}</SummaryRow>
      ))}
    </SummaryList>
  );
}

/**
 * How many have answered, rising live for staff while the consultation is open. The socket
 * only ever carries this number; the page reloads its data when the consultation moves on.
 */
export function LiveResponseCount({ consultationId, initial, live }: { consultationId: string; initial: number; live: boolean }) {
  const [count, setCount] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const { revalidate } = useRevalidator();
  if (seen !== initial) {
    // New loader data (after a reload): take it, unless the socket already knows a higher count.
    setSeen(initial);
    setCount((c) => Math.max(c, initial));
  }
  useRoom(live ? `consultation:${consultationId}` : null, {
    "consultation:count": (p: { consultationId: string; responses: number }) => {
      if (p.consultationId === consultationId) setCount((c) => Math.max(c, p.responses));
    },
    "consultation:status": () => revalidate(),
  });
  return (
    <div className="govuk-inset-text" data-testid="response-count">
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong className="govuk-!-font-size-36" role="status" aria-live="polite" aria-atomic="true">
          {count.toLocaleString("en-GB")} {count === 1 ? "response" : "responses"}
        </strong>
      </p>
      <p className="govuk-body-s govuk-!-margin-bottom-0">
        {live ? "Rises live as members answer. " : ""}Only the number is shown to staff: nobody sees results while a consultation is open, or who answered what, ever.
      </p>
    </div>
  );
}

/** The public clock while a response is awaited (12 weeks from closing), or when it came. */
export function ConsultationClock({ clock, now }: { clock: { dueAt: string; organisationName: string; respondedOn: string | null; onTime: boolean | null }; now: string }) {
  if (clock.respondedOn) {
    return (
      <p className="govuk-body vvf-response-clock">
        <strong className={`govuk-tag ${clock.onTime ? "govuk-tag--green" : "govuk-tag--red"}`}>{clock.onTime ? "Responded on time" : "Responded late"}</strong>{" "}
        {clock.organisationName.replace(/^the /, "The ")} responded on{" "}
        {clock.respondedOn}. The response was due within {CONSULTATION_RESPONSE_WEEKS} weeks of closing.
      </p>
    );
  }
  return (
    <div data-testid="consultation-clock">
      <ResponseClock kind="consultation" dueAt={clock.dueAt} now={now} organisationName={clock.organisationName} />
      <p className="govuk-body-s">The response is due {CONSULTATION_RESPONSE_WEEKS} weeks after the consultation closed, the UK government&apos;s standard for consultations.</p>
    </div>
  );
}

export type ActionView = { id: string; title: string; organisation: string; due: string; status: string; overdue: boolean };

export function YouSaidWeDid({ response, actions }: { response: OfficialResponseView; actions: ActionView[] }) {
  return (
    <section aria-labelledby="you-said-we-did" id="you-said-we-did-section">
      <h2 className="govuk-heading-l" id="you-said-we-did">
        You said, we did
      </h2>
      <OfficialResponse response={response} />
      {actions.length ? (
        <TableScroll>
        <table className="govuk-table" data-testid="consultation-actions">
          <caption className="govuk-table__caption govuk-table__caption--m">What was promised</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {actions.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/actions/${a.id}`}>
                    {a.title}
                  </Link>
                </td>
                <td className="govuk-table__cell">{a.organisation}</td>
                <td className="govuk-table__cell">{a.due}</td>
                <td className="govuk-table__cell">
                  {a.status}
                  {a.overdue ? (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
