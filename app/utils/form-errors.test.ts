import { describe, expect, it } from "vitest";
import { errorTitle, showsFormErrors } from "./form-errors";

describe("showsFormErrors: whether the page's error summary shows, from its data", () => {
  it("finds a refused form returned by an action, at the top or wrapped as pages return it", () => {
    const refused = { status: "error", initialValue: { title: "Court dates" }, error: { body: ["Enter your post"] } };
    expect(showsFormErrors([refused])).toBe(true);
    expect(showsFormErrors([{ intent: "reply", result: refused }])).toBe(true);
    expect(showsFormErrors([undefined, { rows: 2, result: { error: { "actions.0.title": ["Enter what you will do"] } } }])).toBe(true);
  });

  it("does not see an error where the summary would show none", () => {
    expect(showsFormErrors([undefined, null])).toBe(false);
    expect(showsFormErrors([{ status: "success", error: {} }])).toBe(false);
    expect(showsFormErrors([{ status: "error", error: { body: null, title: [] } }])).toBe(false);
    // A page's own data that merely has a field called "error" is not a refused form.
    expect(showsFormErrors([{ outbox: [{ error: "Provider timed out" }] }])).toBe(false);
    expect(showsFormErrors([{ posts: [{ id: "p1", text: "error: [x]" }] }])).toBe(false);
  });
});

describe("errorTitle", () => {
  it("puts Error: first, once", () => {
    expect(errorTitle("Start a thread – Victim Voice Forum")).toBe("Error: Start a thread – Victim Voice Forum");
    expect(errorTitle("Error: Start a thread – Victim Voice Forum")).toBe("Error: Start a thread – Victim Voice Forum");
  });
});
