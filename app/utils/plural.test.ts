import { describe, expect, it } from "vitest";
import { plural, pluralWord } from "./plural";

describe("plural", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(plural(1, "action")).toBe("1 action");
    expect(plural(0, "action")).toBe("0 actions");
    expect(plural(2, "working day")).toBe("2 working days");
    expect(plural(1, "action is", "actions are")).toBe("1 action is");
    expect(plural(5, "action is", "actions are")).toBe("5 actions are");
    expect(pluralWord(1, "person", "people")).toBe("person");
    expect(pluralWord(7, "person", "people")).toBe("people");
  });
});
