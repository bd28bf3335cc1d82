// The GOV.UK summary list: a key and its value on each row, in a <dl> so screen readers read
// each pair together. Every page that shows facts about one thing (a person, a meeting, an
// email, an action, a consultation) uses these, so the markup lives once.
import type { ReactNode } from "react";

export function SummaryList({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className="govuk-summary-list" data-testid={testId}>
      {children}
    </dl>
  );
}

export function SummaryRow({
  label,
  children,
  valueClassName,
  valueTestId,
}: {
  label: ReactNode;
  children: ReactNode;
  /** Extra classes for the value, e.g. `vvf-pre-wrap` to keep a member's line breaks. */
  valueClassName?: string;
  valueTestId?: string;
}) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className={valueClassName ? `govuk-summary-list__value ${valueClassName}` : "govuk-summary-list__value"} data-testid={valueTestId}>
        {children}
      </dd>
    </div>
  );
}
