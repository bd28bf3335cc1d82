import { describe, expect, it } from "vitest";
import {
  CLOCK_COUNTS,
  feedbackMonthFinalAt,
  feedbackReportDueAt,
  feedbackReportRequestedAt,
  latestFinalFeedbackMonth,
  clockFor,
  clockText,
  consultationResponseDueAt,
  isActionOverdue,
  londonDaysBetween,
  responseClock,
  responseOutcome,
  THREAD_RESPONSE_WORKING_DAYS,
  threadResponseDueAt,
} from "./clocks";
import { HOUR } from "./time";
import { endOfLondonDay } from "./working-days";

// Noon in London on a date ("YYYY-MM-DD"), GMT or BST.
const noon = (iso: string) => new Date(endOfLondonDay(iso).getTime() - (12 * HOUR - 1));

describe("when things are due", () => {
  it("a consultation's response is due 12 weeks after it closed", () => {
    expect(consultationResponseDueAt(new Date("2026-01-05T12:00:00Z")).toISOString()).toBe("2026-03-30T12:00:00.000Z");
  });

  it("a thread marked for response is due at the end of the 20th working day, skipping weekends and bank holidays", () => {
    expect(THREAD_RESPONSE_WORKING_DAYS).toBe(20);
    // Friday 4 December 2026: Christmas Day, Boxing Day's substitute (28th) and New Year's Day are not counted.
    expect(threadResponseDueAt(noon("2026-12-04")).toISOString()).toBe(endOfLondonDay("2027-01-06").toISOString());
  });

  it("an action is overdue only while open or in progress after the end of its due day", () => {
    const dueAt = endOfLondonDay("2026-06-30");
    const after = new Date(dueAt.getTime() + 1);
    expect(isActionOverdue({ status: "open", dueAt }, dueAt)).toBe(false);
    expect(isActionOverdue({ status: "open", dueAt }, after)).toBe(true);
    expect(isActionOverdue({ status: "in-progress", dueAt }, after)).toBe(true);
    expect(isActionOverdue({ status: "done", dueAt }, after)).toBe(false);
    expect(isActionOverdue({ status: "not-doing", dueAt }, after)).toBe(false);
  });

  it("an answer at the due moment is on time, a moment later is late; unanswered is overdue only after the due moment", () => {
    const dueAt = endOfLondonDay("2026-06-30");
    const later = new Date(dueAt.getTime() + 1);
    expect(responseOutcome({ dueAt, answeredAt: dueAt }, later)).toBe("on-time");
    expect(responseOutcome({ dueAt, answeredAt: later }, later)).toBe("late");
    expect(responseOutcome({ dueAt, answeredAt: null }, dueAt)).toBe("not-yet-due");
    expect(responseOutcome({ dueAt, answeredAt: null }, later)).toBe("overdue");
  });

  it("days between two instants are London calendar days, and a reversed pair shows as negative rather than hidden as 0", () => {
    expect(londonDaysBetween(new Date("2026-10-24T12:00:00Z"), new Date("2026-10-26T12:00:00Z"))).toBe(2);
    expect(londonDaysBetween(new Date("2026-09-30T22:30:00Z"), new Date("2026-09-30T23:30:00Z"))).toBe(1); // 23:30 → 00:30 BST
    // An answer dated before its request is impossible (refused where written); if one ever
    // slipped in, the figure would show it as -17, not pass it off as "0 days".
    expect(londonDaysBetween(new Date("2026-08-20T10:00:00Z"), new Date("2026-08-03T09:00:00Z"))).toBe(-17);
  });
});

describe("what a clock reads", () => {
  it("a thread's clock counts working days, a consultation's and an action's calendar days", () => {
    expect(CLOCK_COUNTS).toEqual({ thread: "working-days", consultation: "days", action: "days", "feedback-report": "working-days" });
    const now = noon("2026-12-04"); // a Friday
    const dueAt = endOfLondonDay("2026-12-14"); // the Monday after next
    expect(clockText(clockFor("thread", dueAt, now))).toBe("6 working days left");
    expect(clockText(clockFor("consultation", dueAt, now))).toBe("10 days left");
    expect(clockText(clockFor("action", dueAt, now))).toBe("10 days left");
  });

  it("publishes a month's My Met Service figures once final, 4 weeks after it, and gives its report 20 working days from then, bank holidays skipped", () => {
    // November 2026 ends on Monday 30th: a contact on the 30th can be recorded until 14 December
    // and its link answered until 28 December, so the month is final at the end of the 28th.
    expect(feedbackMonthFinalAt("2026-11")).toEqual(endOfLondonDay("2026-12-28"));
    expect(feedbackReportRequestedAt("2026-11")).toEqual(feedbackMonthFinalAt("2026-11"));
    // Then 20 working days, New Year's Day skipped: Tuesday 26 January 2027.
    expect(feedbackReportDueAt("2026-11")).toEqual(endOfLondonDay("2027-01-26"));
    expect(clockText(clockFor("feedback-report", feedbackReportDueAt("2026-11"), noon("2026-12-29")))).toBe("19 working days left");
    expect(clockText(clockFor("feedback-report", feedbackReportDueAt("2026-11"), noon("2027-01-27")))).toBe("Overdue by 1 day");
    // On 5 December 2026 the newest final month is October (final at the end of 28 November).
    expect(latestFinalFeedbackMonth(noon("2026-12-05"))).toBe("2026-10");
    expect(latestFinalFeedbackMonth(noon("2026-12-28"))).toBe("2026-10");
    expect(latestFinalFeedbackMonth(noon("2026-12-29"))).toBe("2026-11");
    expect(latestFinalFeedbackMonth(noon("2027-01-29"))).toBe("2026-12");
  });

  it("reads the usual thread clock as 20 working days on the day it is marked", () => {
    const now = noon("2026-12-04");
    expect(clockText(clockFor("thread", threadResponseDueAt(now), now))).toBe("20 working days left");
  });

  it("says due today on the due day, and counts overdue days on the calendar whatever the clock counted", () => {
    const dueAt = endOfLondonDay("2026-12-07");
    for (const counts of ["days", "working-days"] as const) {
      expect(clockText(responseClock(dueAt, noon("2026-12-07"), counts))).toBe("Due today");
      expect(clockText(responseClock(dueAt, noon("2026-12-08"), counts))).toBe("Overdue by 1 day");
      expect(clockText(responseClock(dueAt, noon("2026-12-12"), counts))).toBe("Overdue by 5 days");
    }
  });

  it("a thread due on a Sunday, seen on the Saturday, has less than a working day left", () => {
    const state = clockFor("thread", endOfLondonDay("2026-12-06"), noon("2026-12-05"));
    expect(clockText(state)).toBe("Less than 1 working day left");
    expect(clockText(clockFor("consultation", endOfLondonDay("2026-12-06"), noon("2026-12-05")))).toBe("1 day left");
  });

  it("gives the due date in words and reads the same from strings as from dates (the browser gets strings)", () => {
    const dueAt = endOfLondonDay("2027-03-03");
    const now = noon("2027-02-24");
    expect(clockFor("thread", dueAt.toISOString(), now.toISOString())).toEqual(clockFor("thread", dueAt, now));
    expect(clockFor("thread", dueAt, now).dueDate).toBe("3 March 2027");
  });
});
