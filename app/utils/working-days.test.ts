import {
  addWorkingDays,
  easterSunday,
  endOfLondonDay,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  englandAndWalesBankHolidays,
  isLondonWorkingDay,
  londonDate,
  workingDaysBetween,
} from "./working-days";
import { HOUR } from "./time";

/** Noon in London on a calendar date, far from any midnight or clock change. */
function londonNoon(iso: string): Date {
  return new Date(endOfLondonDay(iso).getTime() - (12 * HOUR - 1));
}

describe("Easter", () => {
  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2028, 4, 16],
    [2038, 4, 25],
    [2285, 3, 22],
  ])("Easter Sunday %i is %i/%i", (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });
});

describe("England and Wales bank holidays", () => {
  // As published on gov.uk/bank-holidays (2024–2027) and by the standing rules (2028).
  const published: Record<number, string[]> = {
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"],
  };

  it.each(Object.entries(published))("%s matches the published list", (year, days) => {
    expect(englandAndWalesBankHolidays(Number(year))).toEqual(days);
  });

  it("the constant covers exactly 2024–2050, eight days a year", () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.size).toBe(27 * 8);
    expect([...ENGLAND_AND_WALES_BANK_HOLIDAYS].every((d) => d >= "2024" && d < "2051")).toBe(true);
  });

  it("has Good Friday 3 April 2026 and Easter Monday 6 April 2026", () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2026-04-03")).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2026-04-06")).toBe(true);
  });

  it("substitutes Monday 27 and Tuesday 28 December 2027 when Christmas is a Saturday", () => {
    expect(new Date("2027-12-25T12:00:00Z").getUTCDay()).toBe(6);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2027-12-25")).toBe(false);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2027-12-26")).toBe(false);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2027-12-27")).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2027-12-28")).toBe(true);
  });

  it("substitutes Monday 28 December 2026 when only Boxing Day falls on a weekend", () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2026-12-25")).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2026-12-28")).toBe(true);
  });

  it("moves New Year's Day 2028 (a Saturday) to Monday 3 January", () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2028-01-01")).toBe(false);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has("2028-01-03")).toBe(true);
  });

  it("gives Boxing Day a Tuesday when Christmas Day is a Sunday (2022 rule)", () => {
    const days = englandAndWalesBankHolidays(2022);
    expect(days).toContain("2022-12-26");
    expect(days).toContain("2022-12-27");
  });
});

describe("addWorkingDays", () => {
  it("20 working days from Monday 2 November 2026 is Monday 30 November 2026", () => {
    const due = addWorkingDays(londonNoon("2026-11-02"), 20);
    expect(londonDate(due)).toBe("2026-11-30");
  });

  it("returns the end of the due day in London (GMT)", () => {
    const due = addWorkingDays(londonNoon("2026-11-02"), 20);
    expect(due.toISOString()).toBe("2026-11-30T23:59:59.999Z");
  });

  it("returns the end of the due day in London (BST)", () => {
    const due = addWorkingDays(londonNoon("2026-06-01"), 1);
    expect(due.toISOString()).toBe("2026-06-02T22:59:59.999Z");
  });

  it("does not count the start day, and 0 days is the end of the start day", () => {
    expect(londonDate(addWorkingDays(londonNoon("2026-11-02"), 1))).toBe("2026-11-03");
    expect(londonDate(addWorkingDays(londonNoon("2026-11-02"), 0))).toBe("2026-11-02");
  });

  it("skips weekends", () => {
    expect(londonDate(addWorkingDays(londonNoon("2026-11-06"), 1))).toBe("2026-11-09"); // Fri → Mon
    expect(londonDate(addWorkingDays(londonNoon("2026-11-07"), 1))).toBe("2026-11-09"); // Sat → Mon
    expect(londonDate(addWorkingDays(londonNoon("2026-11-08"), 5))).toBe("2026-11-13"); // Sun → Fri
  });

  it("skips Good Friday and Easter Monday 2026", () => {
    // Thursday 2 April 2026 + 1 working day: Fri 3 and Mon 6 are bank holidays → Tue 7.
    expect(londonDate(addWorkingDays(londonNoon("2026-04-02"), 1))).toBe("2026-04-07");
  });

  it("skips the Christmas 2027 substitute days", () => {
    // Friday 24 December 2027 + 1: Sat, Sun, then Mon 27 and Tue 28 are holidays → Wed 29.
    expect(londonDate(addWorkingDays(londonNoon("2027-12-24"), 1))).toBe("2027-12-29");
  });

  it("uses the London date of the start, not the UTC date", () => {
    // 23:30 on Sunday 28 June 2026 in London is already Sunday in UTC too, but 00:30 on
    // Monday 29 June in London is still Sunday 23:30 in UTC.
    const justAfterMidnightMonday = new Date("2026-06-28T23:30:00Z");
    expect(londonDate(justAfterMidnightMonday)).toBe("2026-06-29");
    expect(londonDate(addWorkingDays(justAfterMidnightMonday, 1))).toBe("2026-06-30");
  });

  it("honours a custom holiday set", () => {
    const holidays = new Set(["2026-11-03"]);
    expect(londonDate(addWorkingDays(londonNoon("2026-11-02"), 1, holidays))).toBe("2026-11-04");
    expect(londonDate(addWorkingDays(londonNoon("2026-12-24"), 1, new Set()))).toBe("2026-12-25");
  });

  it("refuses negative or fractional day counts", () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date("nope"), 1)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("is the inverse of addWorkingDays", () => {
    const start = londonNoon("2026-03-30");
    for (const n of [0, 1, 4, 5, 20, 60]) {
      expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });

  it("counts 20 from Monday 2 to Monday 30 November 2026", () => {
    expect(workingDaysBetween(londonNoon("2026-11-02"), londonNoon("2026-11-30"))).toBe(20);
  });

  it("is negative when the end is earlier", () => {
    expect(workingDaysBetween(londonNoon("2026-11-30"), londonNoon("2026-11-02"))).toBe(-20);
  });

  it("excludes bank holidays", () => {
    // Thu 2 April → Tue 7 April 2026: only Tue 7 counts.
    expect(workingDaysBetween(londonNoon("2026-04-02"), londonNoon("2026-04-07"))).toBe(1);
  });
});

describe("London days", () => {
  it("knows the working days", () => {
    expect(isLondonWorkingDay(londonNoon("2026-04-03"))).toBe(false);
    expect(isLondonWorkingDay(londonNoon("2026-04-07"))).toBe(true);
    expect(isLondonWorkingDay(londonNoon("2026-04-04"))).toBe(false);
  });

  it("ends days correctly on the clock-change days", () => {
    expect(endOfLondonDay("2026-03-29").toISOString()).toBe("2026-03-29T22:59:59.999Z");
    expect(endOfLondonDay("2026-10-25").toISOString()).toBe("2026-10-25T23:59:59.999Z");
    expect(endOfLondonDay("2026-03-28").toISOString()).toBe("2026-03-28T23:59:59.999Z");
  });
});
