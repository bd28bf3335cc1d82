import { formatLondonTime, formatLondonTimeOnDay, formatMeetingTime, londonWallTime } from "./london-clock";

describe("times as London clocks show them, with the zone spelt out", () => {
  it("says GMT in winter and BST in summer", () => {
    expect(formatLondonTime(new Date("2026-12-04T14:05:00Z"))).toBe("14:05 GMT");
    expect(formatLondonTime(new Date("2026-07-04T14:05:00Z"))).toBe("15:05 BST");
  });

  it("names the London day of a decision, which is not always the UTC one", () => {
    expect(formatLondonTimeOnDay(new Date("2026-12-04T14:05:00Z"))).toBe("14:05 GMT on 4 December");
    // 23:30 UTC on 4 July is 00:30 on 5 July in London.
    expect(formatLondonTimeOnDay(new Date("2026-07-04T23:30:00Z"))).toBe("00:30 BST on 5 July");
  });

  it("reads the hour the clocks skip as no time at all, and the repeated hour as its first (BST) one", () => {
    expect(londonWallTime("2026-03-29", "01:30")).toBeNull();
    expect(formatLondonTime(londonWallTime("2026-10-25", "01:30")!)).toBe("01:30 BST");
  });

  it("names the end's day only when a meeting ends on another day", () => {
    const start = londonWallTime("2026-12-04", "18:30")!;
    expect(formatMeetingTime(start, londonWallTime("2026-12-04", "20:00")!)).toBe("Friday 4 December 2026, 18:30 GMT to 20:00 GMT");
    expect(formatMeetingTime(start, londonWallTime("2026-12-05", "01:00")!)).toBe(
      "Friday 4 December 2026, 18:30 GMT to Saturday 5 December 2026, 01:00 GMT",
    );
  });
});
