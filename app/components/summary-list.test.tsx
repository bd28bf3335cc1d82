import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SummaryList, SummaryRow } from "./summary-list";

describe("SummaryList and SummaryRow", () => {
  it("pair each key with its value in a description list, in order", () => {
    const html = renderToStaticMarkup(
      <SummaryList testId="meeting-details">
        <SummaryRow label="When">Tuesday 3 March 2026, 6:30pm</SummaryRow>
        <SummaryRow label="Where">City Hall</SummaryRow>
      </SummaryList>,
    );
    expect(html).toBe(
      '<dl class="govuk-summary-list" data-testid="meeting-details">' +
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">When</dt><dd class="govuk-summary-list__value">Tuesday 3 March 2026, 6:30pm</dd></div>' +
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Where</dt><dd class="govuk-summary-list__value">City Hall</dd></div>' +
        "</dl>",
    );
  });

  it("keeps a value's line breaks or long words where the page asks, and can mark the value for a test", () => {
    const html = renderToStaticMarkup(
      <SummaryRow label={<>1. What would help?</>} valueClassName="vvf-pre-wrap" valueTestId="answer">
        {"A named officer.\nA phone number."}
      </SummaryRow>,
    );
    expect(html).toContain('<dt class="govuk-summary-list__key">1. What would help?</dt>');
    expect(html).toContain('<dd class="govuk-summary-list__value vvf-pre-wrap" data-testid="answer">A named officer.\nA phone number.</dd>');
  });
});
