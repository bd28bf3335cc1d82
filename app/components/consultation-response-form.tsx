// The rows of "You said, we did" action items: what will be done, who owns it and by when (the
// GOV.UK date input). Blank rows are ignored; "Add another action" adds a row without JavaScript.
import { fieldError, fieldId, fieldValue, FormGroup, Select, TextInput, type FormResult } from "./forms";

const OWNERS = [
  { value: "met", label: "Metropolitan Police" },
  { value: "mopac", label: "MOPAC" },
  { value: "facilitator", label: "Forum facilitators" },
];

export function ActionRows({ rows, result, organisation }: { rows: number; result: FormResult; organisation: string }) {
  return (
    <>
      {Array.from({ length: rows }, (_, i) => (
        <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i} data-testid="action-row">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Action {i + 1} (optional)</legend>
          <TextInput name={`action-${i}-title`} label="What will be done" result={result} />
          <TextInput name={`action-${i}-details`} label="Details (optional)" result={result} />
          <Select name={`action-${i}-organisation`} label="Who will do it" options={OWNERS} defaultValue={organisation} result={result} />
          <DueDate index={i} result={result} />
        </fieldset>
      ))}
    </>
  );
}

function DueDate({ index, result }: { index: number; result: FormResult }) {
  const base = `action-${index}`;
  const id = fieldId(`${base}-dueDate`);
  const error = fieldError(result, `${base}-dueDate`) ?? fieldError(result, `${base}-dueDay`) ?? fieldError(result, `${base}-dueMonth`) ?? fieldError(result, `${base}-dueYear`);
  const part = (name: "dueDay" | "dueMonth" | "dueYear", label: string, width: string) => (
    <div className="govuk-date-input__item">
      <label className="govuk-label govuk-date-input__label" htmlFor={name === "dueDay" ? id : fieldId(`${base}-${name}`)}>
        {label}
      </label>
      <input
        className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
        id={name === "dueDay" ? id : fieldId(`${base}-${name}`)}
        name={`${base}-${name}`}
        type="text"
        inputMode="numeric"
        defaultValue={fieldValue(result, `${base}-${name}`)}
      />
    </div>
  );
  return (
    <FormGroup id={id} legend="Due by" fieldset={{ role: "group" }} hint="For example, 31 3 2027" error={error}>
      <div className="govuk-date-input">
        {part("dueDay", "Day", "2")}
        {part("dueMonth", "Month", "2")}
        {part("dueYear", "Year", "4")}
      </div>
    </FormGroup>
  );
}
