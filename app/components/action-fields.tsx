// Action items on the page: the status tag (overdue flagged in words, not colour alone), the
// owner's name, the fields that create one, and the table the action log and minutes share.
import { Link } from "@remix-run/react";
import { Choices, TextArea, TextInput, type FormResult } from "./forms";
import { DateInput } from "./meeting-fields";
import { TableScroll } from "./table-scroll";

const STATUS_TAGS: Record<string, string> = {
  open: "govuk-tag--blue",
  "in-progress": "govuk-tag--yellow",
  done: "govuk-tag--green",
  "not-doing": "govuk-tag--grey",
};

export function ActionStatusTag({ status, label }: { status: string; label: string }) {
  return <strong className={`govuk-tag ${STATUS_TAGS[status] ?? "govuk-tag--grey"}`}>{label}</strong>;
}

export function OverdueTag() {
  return <strong className="govuk-tag govuk-tag--red">Overdue</strong>;
}

export const ORGANISATION_OPTIONS = [
  { value: "met", label: "Metropolitan Police" },
  { value: "mopac", label: "MOPAC" },
  { value: "facilitator", label: "Forum facilitators" },
];

/** Title, details, owner and due date: the fields of a new action. */
export function ActionItemFields({ result }: { result?: FormResult }) {
  return (
    <>
      <TextInput name="title" label="What will be done" result={result} hint="One clear promise, for example: Send every victim a named contact when their case is closed" />
      <TextArea name="details" label="Details (optional)" result={result} rows={3} />
      <Choices type="radio" name="organisation" legend="Who owns it" options={ORGANISATION_OPTIONS} result={result} small />
      <DateInput name="dueDate" prefix="due" legend="Due date" hint="It becomes overdue after the end of this day, London time. For example, 31 3 2027" result={result} />
    </>
  );
}

export type ActionRow = {
  id: string;
  title: string;
  organisationLabel: string;
  status: string;
  statusLabel: string;
  due: string;
  overdue: boolean;
  source?: { href: string; label: string } | null;
  forumName?: string | null;
  lastUpdate?: string | null;
};

/** A table of actions; each title links to its page and full history. */
export function ActionTable({ actions, caption, showSource = true }: { actions: ActionRow[]; caption: string; showSource?: boolean }) {
  return (
    <TableScroll>
    <table className="govuk-table" data-testid="action-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Action
          </th>
          <th scope="col" className="govuk-table__header">
            Owner
          </th>
          <th scope="col" className="govuk-table__header">
            Due
          </th>
          <th scope="col" className="govuk-table__header">
            Status
          </th>
          {showSource ? (
            <th scope="col" className="govuk-table__header">
              Agreed at
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {actions.map((a) => (
          <tr className="govuk-table__row" key={a.id} data-testid="action-row">
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/actions/${a.id}`}>
                {a.title}
              </Link>
            </td>
            <td className="govuk-table__cell">{a.organisationLabel}</td>
            <td className="govuk-table__cell">{a.due}</td>
            <td className="govuk-table__cell">
              <ActionStatusTag status={a.status} label={a.statusLabel} /> {a.overdue ? <OverdueTag /> : null}
            </td>
            {showSource ? (
              <td className="govuk-table__cell">
                {a.source ? (
                  <Link className="govuk-link" to={a.source.href}>
                    {a.source.label}
                  </Link>
                ) : null}
                {a.forumName ? <span className="govuk-body-s govuk-!-display-block">{a.forumName}</span> : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}
