// The minutes as readers see them: attendance as counts by role, then each agenda item's
// summary, decisions, quotes ("A member said" unless that member consented to be named) and
// the actions agreed, then any dated correction notes. The HTML was sanitized when saved.
import { Link } from "@remix-run/react";
import { ActionStatusTag, OverdueTag } from "./action-fields";
import { TableScroll } from "./table-scroll";

export type MinutesViewItem = {
  id: string;
  position: number;
  title: string;
  summaryHtml: string;
  decisionsHtml: string;
  quotes: { id: string; text: string; speaker: string; byViewer?: boolean }[];
  actions: { id: string; title: string; href: string | null; organisationLabel: string; status: string; statusLabel: string; due: string; overdue: boolean }[];
};

export function AttendanceTable({ attendance, caption = "Who attended" }: { attendance: { label: string; count: number }[]; caption?: string }) {
  const total = attendance.reduce((sum, a) => sum + a.count, 0);
  return (
    <TableScroll>
    <table className="govuk-table" data-testid="attendance">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Role
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            People
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {attendance.map((a) => (
          <tr className="govuk-table__row" key={a.label}>
            <th scope="row" className="govuk-table__header">
              {a.label}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{a.count}</td>
          </tr>
        ))}
        <tr className="govuk-table__row">
          <th scope="row" className="govuk-table__header">
            Total
          </th>
          <td className="govuk-table__cell govuk-table__cell--numeric">{total}</td>
        </tr>
      </tbody>
    </table>
    </TableScroll>
  );
}

export function MinutesView({ items, headingLevel = 3 }: { items: MinutesViewItem[]; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <div data-testid="minutes">
      {items.map((item) => (
        <section key={item.id} className="govuk-!-margin-bottom-8" aria-labelledby={`minutes-item-${item.id}`}>
          <H className="govuk-heading-m" id={`minutes-item-${item.id}`}>
            {item.position}. {item.title}
          </H>
          {item.summaryHtml ? (
            // Rendered from Markdown and sanitized on save (app/services/markdown.server.ts).
            <div className="govuk-body vvf-post-body" dangerouslySetInnerHTML={{ __html: item.summaryHtml }} />
          ) : (
            <p className="govuk-body">No summary was recorded for this item.</p>
          )}
          {item.quotes.length ? (
            <>
              <Sub className="govuk-heading-s">What members said</Sub>
              {item.quotes.map((q) => (
                <figure key={q.id} className="govuk-inset-text govuk-!-margin-top-2" data-testid="quote">
                  <blockquote className="govuk-!-margin-0">
                    <p className="govuk-body vvf-pre-wrap govuk-!-margin-bottom-1">“{q.text}”</p>
                  </blockquote>
                  <figcaption className="govuk-body-s govuk-!-margin-bottom-0">
                    — {q.speaker}
                    {q.byViewer ? " (you)" : ""}
                  </figcaption>
                </figure>
              ))}
            </>
          ) : null}
          {item.decisionsHtml ? (
            <>
              <Sub className="govuk-heading-s">Decisions</Sub>
              <div className="govuk-body vvf-post-body" dangerouslySetInnerHTML={{ __html: item.decisionsHtml }} />
            </>
          ) : null}
          {item.actions.length ? (
            <>
              <Sub className="govuk-heading-s">Actions agreed</Sub>
              <ul className="govuk-list">
                {item.actions.map((a) => (
                  <li key={a.id} data-testid="minutes-action">
                    {a.href ? (
                      <Link className="govuk-link" to={a.href}>
                        {a.title}
                      </Link>
                    ) : (
                      a.title
                    )}{" "}
                    ({a.organisationLabel}, due {a.due}) <ActionStatusTag status={a.status} label={a.statusLabel} /> {a.overdue ? <OverdueTag /> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
    </div>
  );
}

export function RevisionNotes({ revisions }: { revisions: { id: string; note: string; date: string; item: string | null }[] }) {
  if (!revisions.length) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Corrections</h2>
      <ul className="govuk-list" data-testid="revisions">
        {revisions.map((r) => (
          <li key={r.id}>
            <strong>{r.date}</strong>
            {r.item ? ` (${r.item})` : ""}: {r.note}
          </li>
        ))}
      </ul>
    </>
  );
}
