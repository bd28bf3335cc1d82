import { displayNameProblem, staffLookalikeProblem } from "./display-name";

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
    ["Daniel Hughes", "a person's name"],
    ["Mrs Okafor", "a person's name"],
    ["AB12 CDE", "vehicle registration"],
    ["jd_1990 at gmail dot com", "email"],
  ])("refuses %s", (name, word) => {
    expect(displayNameProblem(name)).toMatch(new RegExp(word, "i"));
  });

  it("refuses names that are too short or too long", () => {
    expect(displayNameProblem("Al")).toMatch(/at least 3/);
    expect(displayNameProblem("x".repeat(41))).toMatch(/40 characters or fewer/);
  });
});

describe("staffLookalikeProblem", () => {
  it.each(["Moderator Sam", "admin", "Met Liaison", "Jo Staff", "MOPAC Lead", "M0derator", "Forum Team", "Former Member 3"])("refuses %s for a member", (name) => {
    expect(staffLookalikeProblem(name)).toMatch(/look like a member of staff/);
  });

  it.each(["Quiet Heron", "Badminton Fan", "Metal Heart", "Admiral Blue", "Modest Wren"])("accepts %s", (name) => {
    expect(staffLookalikeProblem(name)).toBeNull();
  });
});

it("refuses a name with a postcode in it", () => {
  expect(displayNameProblem("Jo SW1A 1AA")).toMatch(/identifying details/);
});
