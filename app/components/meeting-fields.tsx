// Form pieces for meetings and actions, in the GOV.UK Design System's patterns: the date input
// (day, month, year), the schedule/edit form with its ordered agenda rows, and status tags.
// Everything works without JavaScript: the agenda offers spare empty rows instead of an
// "add another" button, and blank rows are ignored.
import type { ReactNode } from "react";
import { Choices, fieldError, fieldId, fieldValue, FormGroup, TextArea, TextInput, type FormResult } from "./forms";

export function DateInput({
  name,
  legend,
  hint = "For example, 27 3 2027",
  result,
  defaults = {},
  prefix = name,
}: {
  /** The error key (e.g. "date"); the inputs are `${prefix}Day`, `${prefix}Month`, `${prefix}Year`. */
  name: string;
  legend: ReactNode;
  hint?: string;
  result?: FormResult;
  defaults?: { day?: string; month?: string; year?: string };
  prefix?: string;
}) {
  const id = fieldId(name);
  const error = fieldError(result, name) ?? fieldError(result, `${prefix}Day`) ?? fieldError(result, `${prefix}Month`) ?? fieldError(result, `${prefix}Year`);
  const parts = [
    { key: "Day", label: "Day", width: 2, value: defaults.day },
    { key: "Month", label: "Month", width: 2, value: defaults.month },
    { key: "Year", label: "Year", width: 4, value: defaults.year },
  ];
  return (
    <FormGroup id={id} legend={legend} fieldset={{ role: "group" }} hint={hint} error={error}>
      <div className="govuk-date-input">
        {parts.map((p, i) => {
          // The error summary links to the first input, as the Design System asks.
          const inputId = i === 0 ? id : `${id}-${p.key.toLowerCase()}`;
          return (
            <div className="govuk-date-input__item" key={p.key}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={inputId}>
                  {p.label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${p.width}${error ? " govuk-input--error" : ""}`}
                  id={inputId}
                  name={`${prefix}${p.key}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={fieldValue(result, `${prefix}${p.key}`, p.value)}
                />
              </div>
            </div>
          );
        })}
      </div>
    </FormGroup>
  );
}

export type MeetingFormDefaults = {
  title?: string;
  description?: string;
  date?: { day: string; month: string; year: string };
  startTime?: string;
  endTime?: string;
  place?: string;
  onlineUrl?: string;
  agenda?: { id?: string; title: string; notes: string }[];
  coChairIds?: string[];
};

const SPARE_AGENDA_ROWS = 3;

/** The fields shared by the schedule and edit forms (the <Form> and its button are the page's). */
export function MeetingFields({
  result,
  defaults = {},
  coChairChoices,
}: {
  result?: FormResult;
  defaults?: MeetingFormDefaults;
  coChairChoices: { id: string; name: string; role: string }[];
}) {
  // After a failed submission, the rows as sent; otherwise the saved agenda plus spare rows.
  const sent = result?.initialValue?.agenda;
  const rows: { id?: string; title?: string; notes?: string }[] = Array.isArray(sent)
    ? (sent as { id?: string; title?: string; notes?: string }[])
    : [...(defaults.agenda ?? [])];
  const shown = Math.max(rows.length + SPARE_AGENDA_ROWS, 4);
  return (
    <>
      <TextInput name="title" label="Title" result={result} defaultValue={defaults.title} hint="For example, Quarterly meeting with the Met's victim care team" />
      <TextArea name="description" label="Description (optional)" result={result} defaultValue={defaults.description} rows={3} hint="What the meeting is for, in a sentence or two. Shown to members of the forum." />
      <DateInput name="date" legend="Date" result={result} defaults={defaults.date} />
      <TextInput name="startTime" label="Start time (London time)" result={result} defaultValue={defaults.startTime} width="10" hint="24-hour clock, for example 18:30" />
      <TextInput name="endTime" label="End time (London time)" result={result} defaultValue={defaults.endTime} width="10" hint="24-hour clock, for example 20:00" />
      <TextInput name="place" label="Place (optional if the meeting is online)" result={result} defaultValue={defaults.place} hint="A public venue, for example City Hall, Committee Room 4" />
      <TextInput name="onlineUrl" label="Online link (optional if the meeting is in person)" result={result} defaultValue={defaults.onlineUrl} type="url" spellCheck={false} hint="Only members of the forum and moderators see this link" />
      <FormGroup
        id={fieldId("agenda")}
        legend={<h2 className="govuk-fieldset__heading">Agenda</h2>}
        legendSize="m"
        fieldset={{ focusable: true }}
        hint="Items are shown in this order. Leave rows empty if you do not need them; to remove an item, clear its title and notes."
        error={fieldError(result, "agenda")}
      >
        {Array.from({ length: shown }, (_, i) => {
          const row = rows[i] ?? {};
          return (
            <div className="govuk-!-margin-bottom-4" key={i}>
              {row.id ? <input type="hidden" name={`agenda[${i}].id`} value={row.id} /> : null}
              <TextInput name={`agenda[${i}].title`} label={`Item ${i + 1}: title`} result={result} defaultValue={row.title ?? ""} />
              <TextArea name={`agenda[${i}].notes`} label={`Item ${i + 1}: notes (optional)`} result={result} defaultValue={row.notes ?? ""} rows={2} />
            </div>
          );
        })}
      </FormGroup>
      {coChairChoices.length ? (
        <Choices
          name="coChairs"
          legend="Co-chairs (optional)"
          hint="Members of the forum and moderators. In public, a member co-chair is named only if they agree to be named for this meeting."
          options={coChairChoices.map((p) => ({ value: p.id, label: p.role === "member" ? p.name : `${p.name} (${p.role})` }))}
          defaultValue={defaults.coChairIds ?? []}
          result={result}
          small
        />
      ) : null}
    </>
  );
}

const MEETING_TAGS: Record<string, string> = {
  scheduled: "govuk-tag--blue",
  held: "govuk-tag--yellow",
  "minutes-draft": "govuk-tag--yellow",
  "minutes-review": "govuk-tag--orange",
  "minutes-published": "govuk-tag--green",
  cancelled: "govuk-tag--grey",
};

export function MeetingStatusTag({ status, label }: { status: string; label: string }) {
  return <strong className={`govuk-tag ${MEETING_TAGS[status] ?? "govuk-tag--grey"}`}>{label}</strong>;
}
