// Lengths of time in milliseconds, written once. A "day" here is 24 hours of elapsed time: for
// calendar days as London reads them (23 or 25 hours across a clock change) use the London
// date helpers in working-days.ts.
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
