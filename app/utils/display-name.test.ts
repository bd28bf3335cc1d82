import { displayNameProblem } from "./display-name";

describe("displayNameProblem", () => {
  it.each(["Quiet Heron", "Ash_Tree", "Marigold 7", "O'Neill-ish", "Renée"])("accepts the pseudonym %s", (name) => {
    expect(displayNameProblem(name)).toBeNull();
  });

  it.each([
    ["someone@example.org", "email"],
    ["jo at gmail dot com", "email"],
    ["07700 900123", "phone"],
    ["+44 20 7946 0000", "letters"],
    ["020 7946 0000", "phone"],
  ])("refuses %s", (name, word) => {
    expect(displayNameProblem(name)).toMatch(new RegExp(word, "i"));
  });

  it("refuses names that are too short or too long", () => {
    expect(displayNameProblem("Al")).toMatch(/at least 3/);
    expect(displayNameProblem("x".repeat(41))).toMatch(/40 characters or fewer/);
  });
});
