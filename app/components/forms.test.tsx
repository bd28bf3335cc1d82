import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkbox, Choices, ErrorSummary, FormGroup, Select, TextArea, TextInput, describedBy, type FormResult } from "./forms";

/** The opening tag and text of the element with this id (the markup here never nests one in another of its kind). */
function byId(html: string, id: string) {
  const open = new RegExp(`<(\\w+)([^>]*\\sid="${id}"[^>]*)>`).exec(html);
  if (!open) return null;
  const [tag, name, attrs] = open;
  const rest = html.slice(open.index + tag.length);
  const inner = rest.slice(0, rest.indexOf(`</${name}>`));
  return { name, attr: (a: string) => new RegExp(`\\s${a}="([^"]*)"`).exec(attrs)?.[1], text: inner.replace(/<[^>]+>/g, "") };
}

/** What a screen reader reads after a field's name: the texts its aria-describedby points at. */
function description(html: string, fieldId: string) {
  const ids = byId(html, fieldId)?.attr("aria-describedby");
  return ids ? ids.split(" ").map((id) => byId(html, id)?.text) : [];
}

const failed = (error: Record<string, string[]>, initialValue: Record<string, string | string[]> = {}): FormResult => ({ status: "error", error, initialValue });

describe("the form group every field sits in", () => {
  it("labels a text input, and reads its hint and its error with it", () => {
    const html = renderToStaticMarkup(
      <TextInput name="title" label="Title" hint="Say what it is about in a few words" result={failed({ title: ["Enter a title"] }, { title: "Hi" })} />,
    );
    expect(html).toContain('<label class="govuk-label govuk-label--s" for="field-title">Title</label>');
    expect(description(html, "field-title")).toEqual(["Say what it is about in a few words", "Error: Enter a title"]);
    expect(byId(html, "field-title")?.attr("aria-invalid")).toBe("true");
    // The group gets the red bar; the input keeps what the person typed.
    expect(html).toMatch(/^<div class="govuk-form-group govuk-form-group--error">/);
    expect(byId(html, "field-title")?.attr("value")).toBe("Hi");
    // The error summary's link lands on this very input.
    expect(renderToStaticMarkup(<ErrorSummary result={failed({ title: ["Enter a title"] })} />)).toContain('<a href="#field-title">Enter a title</a>');
  });

  it("says nothing more than the hint when there is no error, and nothing at all without either", () => {
    const hinted = renderToStaticMarkup(<TextArea name="body" label="Your reply" hint="Do not name anyone" />);
    expect(description(hinted, "field-body")).toEqual(["Do not name anyone"]);
    expect(hinted).not.toContain("govuk-error-message");
    expect(hinted).not.toContain("govuk-form-group--error");
    const bare = renderToStaticMarkup(<Select name="forum" label="Forum" options={[{ value: "a", label: "North" }]} />);
    expect(byId(bare, "field-forum")?.attr("aria-describedby")).toBeUndefined();
    expect(bare).not.toContain("govuk-hint");
  });

  it("gives a field its own id where one name is used by several forms on a page", () => {
    const html = renderToStaticMarkup(<TextArea name="note" id="field-reject-note" label="Reason" result={failed({ note: ["Say why"] })} />);
    expect(html).toContain('for="field-reject-note"');
    expect(byId(html, "field-reject-note")?.attr("name")).toBe("note");
    expect(description(html, "field-reject-note")).toEqual(["Error: Say why"]);
  });

  it("puts a group of choices in a fieldset whose legend, hint and error are read together, and that the error summary can focus", () => {
    const html = renderToStaticMarkup(
      <Choices
        name="forumIds"
        legend="Which forums?"
        hint="Choose all that apply"
        options={[
          { value: "n", label: "North" },
          { value: "s", label: "South" },
        ]}
        result={failed({ forumIds: ["Choose at least one forum"] }, { forumIds: ["s"] })}
      />,
    );
    const fieldset = byId(html, "field-forumIds");
    expect(fieldset?.name).toBe("fieldset");
    expect(fieldset?.attr("tabindex")).toBe("-1");
    expect(html).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which forums?</legend>');
    expect(description(html, "field-forumIds")).toEqual(["Choose all that apply", "Error: Choose at least one forum"]);
    // What the person chose stays chosen.
    expect(byId(html, "field-forumIds-1")?.attr("checked")).toBe("");
    expect(byId(html, "field-forumIds-0")?.attr("checked")).toBeUndefined();
  });

  it("wraps a hand-made group of inputs (a date) the same way", () => {
    const id = "field-dueDate";
    const html = renderToStaticMarkup(
      <FormGroup id={id} legend="Due by" fieldset={{ role: "group" }} hint="For example, 31 3 2027" error="Enter a real date">
        <input id={id} name="dueDay" aria-describedby={describedBy(id, { error: "Enter a real date" })} />
      </FormGroup>,
    );
    expect(html).toMatch(/<fieldset class="govuk-fieldset" role="group" aria-describedby="field-dueDate-hint field-dueDate-error">/);
    expect(html).toContain('<p id="field-dueDate-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter a real date</p>');
    expect(description(html, id)).toEqual(["Error: Enter a real date"]);
  });

  it("reads a single checkbox's error with it, and keeps it ticked as asked", () => {
    const html = renderToStaticMarkup(<Checkbox name="early" label="Close the review early and publish now" error="Tick the box to publish before the review ends" />);
    expect(html).toContain('<label class="govuk-label govuk-checkboxes__label" for="field-early">Close the review early and publish now</label>');
    expect(description(html, "field-early")).toEqual(["Error: Tick the box to publish before the review ends"]);
    expect(html).toMatch(/^<div class="govuk-form-group govuk-form-group--error">/);
    const filter = renderToStaticMarkup(<Checkbox name="overdue" id="filter-overdue" value="1" label="Only overdue actions" defaultChecked />);
    expect(byId(filter, "filter-overdue")?.attr("checked")).toBe("");
    expect(byId(filter, "filter-overdue")?.attr("value")).toBe("1");
    expect(byId(filter, "filter-overdue")?.attr("aria-describedby")).toBeUndefined();
  });
});
