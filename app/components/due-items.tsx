// The table of everything waiting for a responder's organisation's answer (/respond): one row
// per item of any kind, its clock beside it, overdue ones tagged red; a sentence when there is none.
import { Link } from "@remix-run/react";
import { TableScroll } from "./table-scroll";
import { plural } from "~/utils/plural";

export type DueItemView = {
  kind: string;
  kindLabel: string;
  id: string;
  title: string;
  href: string;
  detail: string;
  due: string | null;
  clock: { text: string; overdue: boolean } | null;
};

export function DueItems({ organisation, items }: { organisation: string; items: DueItemView[] }) {
  const overdue = items.filter((i) => i.clock?.overdue).length;
  return (
    <>
      {items.length === 0 ? (
        <p className="govuk-body" data-testid="nothing-awaiting">
          Nothing is waiting for a response from {organisation}.
        </p>
      ) : (
        <TableScroll>
          <table className="govuk-table" data-testid="awaiting-response">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {plural(items.length, "item")} waiting
              {overdue ? `, ${overdue} overdue` : ""}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  What
                </th>
                <th scope="col" className="govuk-table__header">
                  Details
                </th>
                <th scope="col" className="govuk-table__header">
                  Due
                </th>
                <th scope="col" className="govuk-table__header">
                  Time left
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((i) => (
                <tr
                  className="govuk-table__row"
                  key={`${i.kind}-${i.id}`}
                  data-kind={i.kind}
                  data-id={i.id}
                  data-thread-id={i.kind === "thread" ? i.id : undefined}
                >
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={i.href}>
                      {i.kindLabel}: {i.title}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{i.detail}</td>
                  <td className="govuk-table__cell">{i.due ?? "No due date"}</td>
                  <td className="govuk-table__cell">
                    {i.clock ? <strong className={`govuk-tag ${i.clock.overdue ? "govuk-tag--red" : "govuk-tag--grey"}`}>{i.clock.text}</strong> : "No clock"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
