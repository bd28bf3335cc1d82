// Form pieces in the GOV.UK Design System's patterns. They read a conform SubmissionResult
// (what an action returns after parseWithZod) so a failed submission re-shows the person's
// input with each message beside its field and listed, linked, in an error summary on top.
import { useEffect, useRef, type ReactNode } from "react";
import type { SubmissionResult } from "@conform-to/react";

export type FormResult = SubmissionResult<string[]> | undefined | null;

export function fieldError(result: FormResult, name: string): string | undefined {
  return result?.error?.[name]?.[0] ?? undefined;
}

export function fieldValue(result: FormResult, name: string, fallback?: string): string | undefined {
  const v = result?.initialValue?.[name];
  if (typeof v === "string") return v;
  return fallback;
}

export function fieldValues(result: FormResult, name: string, fallback: string[] = []): string[] {
  const v = result?.initialValue?.[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (typeof v === "string") return [v];
  return result?.initialValue ? [] : fallback;
}

/** The error summary: focused on arrival so screen readers announce it, each error a link. */
export function ErrorSummary({ result, fieldOrder }: { result: FormResult; fieldOrder?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const errors = Object.entries(result?.error ?? {}).filter(([, v]) => v && v.length > 0) as [string, string[]][];
  if (fieldOrder) errors.sort(([a], [b]) => fieldOrder.indexOf(a) - fieldOrder.indexOf(b));
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [result]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!errors.length) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} data-testid="error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map(([name, messages]) => (
              <li key={name || "form"}>{name ? <a href={`#${fieldId(name)}`}>{messages[0]}</a> : messages[0]}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function fieldId(name: string) {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** The aria-describedby that makes a screen reader read a field's hint and error with it. */
export function describedBy(id: string, { hint, error }: { hint?: ReactNode; error?: ReactNode }): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** An error message: "Error:" is read out before it, and its id ties it to the field. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

/**
 * The GOV.UK form group every field sits in: a label for one field (or a fieldset and its
 * legend for a group of inputs), then the hint, then the error, then the field itself. The hint
 * and the error take their ids from `id` (`${id}-hint`, `${id}-error`), so a field names them
 * with `describedBy(id, { hint, error })`; a fieldset is described by them here. With an error
 * the group gets its red bar. Every field in this file and every hand-made one in the pages
 * (date inputs, single checkboxes, fields whose id must be unique on the page) uses this.
 */
export function FormGroup({
  id,
  label,
  legend,
  legendSize = "s",
  fieldset,
  hint,
  error,
  children,
}: {
  /** The field's id (`fieldId(name)`); with a fieldset, the id its hint and error are named from. */
  id: string;
  /** One field: its label, pointing at `id`. */
  label?: ReactNode;
  /** A group of inputs: a fieldset with this legend. */
  legend?: ReactNode;
  legendSize?: "s" | "m";
  /** `focusable`: the fieldset carries `id` and takes focus from the error summary's link (radios, checkboxes). */
  fieldset?: { role?: "group"; focusable?: boolean };
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const parts = (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
    </>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {legend !== undefined ? (
        <fieldset
          className="govuk-fieldset"
          role={fieldset?.role}
          aria-describedby={describedBy(id, { hint, error })}
          id={fieldset?.focusable ? id : undefined}
          tabIndex={fieldset?.focusable ? -1 : undefined}
        >
          <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
          {parts}
          {children}
        </fieldset>
      ) : (
        <>
          {label !== undefined ? (
            <label className="govuk-label govuk-label--s" htmlFor={id}>
              {label}
            </label>
          ) : null}
          {parts}
          {children}
        </>
      )}
    </div>
  );
}

type InputProps = {
  name: string;
  label: ReactNode;
  result?: FormResult;
  defaultValue?: string;
  hint?: ReactNode;
  type?: string;
  autoComplete?: string;
  width?: "full" | "two-thirds" | "one-half" | "20" | "10";
  spellCheck?: boolean;
  labelIsPageHeading?: boolean;
  inputMode?: "numeric" | "text" | "email";
  /** Where one name is used by several forms on a page, each field needs an id of its own. */
  id?: string;
};

export function TextInput({ name, id = fieldId(name), label, result, defaultValue, hint, type = "text", autoComplete, width, spellCheck, inputMode }: InputProps) {
  const error = fieldError(result, name);
  const widthClass = width ? (width.match(/^\d+$/) ? ` govuk-input--width-${width}` : ` govuk-!-width-${width}`) : "";
  const keep = type !== "password";
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <input
        className={`govuk-input${widthClass}${error ? " govuk-input--error" : ""}`}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
        defaultValue={keep ? fieldValue(result, name, defaultValue) : undefined}
        aria-describedby={describedBy(id, { hint, error })}
        aria-invalid={error ? true : undefined}
      />
    </FormGroup>
  );
}

export function TextArea({ name, id = fieldId(name), label, result, defaultValue, hint, rows = 8 }: InputProps & { rows?: number }) {
  const error = fieldError(result, name);
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={fieldValue(result, name, defaultValue)}
        aria-describedby={describedBy(id, { hint, error })}
        aria-invalid={error ? true : undefined}
      />
    </FormGroup>
  );
}

export type Option = { value: string; label: string; hint?: string };

export function Select({ name, id = fieldId(name), label, options, result, defaultValue, hint }: InputProps & { options: Option[] }) {
  const error = fieldError(result, name);
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <select
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={fieldValue(result, name, defaultValue)}
        aria-describedby={describedBy(id, { hint, error })}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** A group of checkboxes or radios in a fieldset with a legend (screen readers read both). */
export function Choices({
  name,
  legend,
  options,
  result,
  defaultValue = [],
  hint,
  type = "checkbox",
  small,
}: {
  name: string;
  legend: ReactNode;
  options: Option[];
  result?: FormResult;
  defaultValue?: string[];
  hint?: ReactNode;
  type?: "checkbox" | "radio";
  small?: boolean;
}) {
  const id = fieldId(name);
  const error = fieldError(result, name);
  const chosen = fieldValues(result, name, defaultValue);
  const base = type === "checkbox" ? "govuk-checkboxes" : "govuk-radios";
  return (
    <FormGroup id={id} legend={legend} fieldset={{ focusable: true }} hint={hint} error={error}>
      <div className={`${base}${small ? ` ${base}--small` : ""}`}>
        {options.map((o, i) => {
          const optionId = `${id}-${i}`;
          return (
            <div className={`${base}__item`} key={o.value}>
              <input
                className={`${base}__input`}
                id={optionId}
                name={name}
                type={type}
                value={o.value}
                defaultChecked={chosen.includes(o.value)}
                aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              />
              <label className={`govuk-label ${base}__label`} htmlFor={optionId}>
                {o.label}
              </label>
              {o.hint ? (
                <div id={`${optionId}-hint`} className={`govuk-hint ${base}__hint`}>
                  {o.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </FormGroup>
  );
}

/** One checkbox on its own (a filter, a yes-or-no setting), in its form group. */
export function Checkbox({
  name,
  id = fieldId(name),
  label,
  value = "on",
  defaultChecked,
  error,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  value?: string;
  defaultChecked?: boolean;
  error?: string;
}) {
  return (
    <FormGroup id={id} error={error}>
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value={value} defaultChecked={defaultChecked} aria-describedby={describedBy(id, { error })} />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </FormGroup>
  );
}

export function Button({ children, secondary, warning, name, value }: { children: ReactNode; secondary?: boolean; warning?: boolean; name?: string; value?: string }) {
  const cls = `govuk-button${secondary ? " govuk-button--secondary" : ""}${warning ? " govuk-button--warning" : ""}`;
  return (
    <button type="submit" className={cls} data-module="govuk-button" name={name} value={value}>
      {children}
    </button>
  );
}

/** A short success message after a completed action (GOV.UK notification banner). */
export function SuccessBanner({ children, title = "Success" }: { children: ReactNode; title?: string }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="success-title">
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

/**
 * A key for a form that changes with every reply from its action. With JavaScript a failed
 * submission does not reload the page, so without a new key the browser would keep what was
 * typed in fields the server deliberately does not send back (passwords).
 */
export function useFormKey(result: unknown): string {
  const seen = useRef<{ result: unknown; n: number }>({ result: undefined, n: 0 });
  // Only a new reply re-keys the form: when the reply goes away (following an error-summary
  // link is a navigation too), the form must stay as it is, with focus where the link put it.
  if (result && seen.current.result !== result) seen.current = { result, n: seen.current.n + 1 };
  return `form-${seen.current.n}`;
}
