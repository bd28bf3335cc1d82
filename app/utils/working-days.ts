/**
 * Working-day arithmetic for response deadlines ("default 20 working days").
 *
 * Everything here works on calendar dates in Europe/London, written as ISO strings
 * "YYYY-MM-DD". A Date going in is first turned into its London calendar date; a Date coming
 * out is the last millisecond of the due day in London (23:59:59.999), so "due by end of day"
 * holds whether that day is in GMT or BST.
 *
 * Pure and safe on both sides: no server-only imports.
 */

import { DAY } from "./time";

const LONDON = "Europe/London";

/** The years covered by ENGLAND_AND_WALES_BANK_HOLIDAYS. */
// Regular holidays follow fixed rules, so the set reaches well beyond today; one-off holidays
// (such as 2022 and 2023's) are not included.
export const BANK_HOLIDAY_YEARS = { first: 2024, last: 2050 } as const;

// ---------------------------------------------------------------------------------------------
// Calendar dates, held as a count of days since 1970-01-01 so that arithmetic never meets a
// clock change.

function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

function isoFromDayNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

function dayNumberFromIso(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`Not an ISO calendar date: ${iso}`);
  return dayNumber(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekend(n: number): boolean {
  const d = weekday(n);
  return d === 0 || d === 6;
}

// ---------------------------------------------------------------------------------------------
// Bank holidays

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function firstMonday(year: number, month: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = dayNumber(year, month + 1, 0); // day 0 of next month = last day of this one
  return last - ((weekday(last) + 6) % 7);
}

/** The next weekday on or after n that is not already taken. */
function substitute(n: number, taken: Set<number>): number {
  let day = n;
  while (isWeekend(day) || taken.has(day)) day += 1;
  return day;
}

/**
 * The regular England & Wales bank holidays of one year, by the standing rules.
 *
 * One-off days proclaimed for a single year (the 2022 Platinum Jubilee and State Funeral,
 * the 2023 Coronation) are not rules and fall outside the 2024–2028 range of the constant
 * below; if another is proclaimed, add it to the constant by hand.
 */
export function englandAndWalesBankHolidays(year: number): string[] {
  const days = new Set<number>();

  days.add(substitute(dayNumber(year, 1, 1), days)); // New Year's Day

  const easter = easterSunday(year);
  const easterDay = dayNumber(year, easter.month, easter.day);
  days.add(easterDay - 2); // Good Friday
  days.add(easterDay + 1); // Easter Monday

  days.add(firstMonday(year, 5)); // Early May bank holiday
  days.add(lastMonday(year, 5)); // Spring bank holiday
  days.add(lastMonday(year, 8)); // Summer bank holiday

  // Christmas first, then Boxing Day, so that when 25 December is a Saturday the substitute
  // for Christmas is Monday 27 and the one for Boxing Day is Tuesday 28.
  days.add(substitute(dayNumber(year, 12, 25), days));
  days.add(substitute(dayNumber(year, 12, 26), days));

  return [...days].sort((x, y) => x - y).map(isoFromDayNumber);
}

function buildBankHolidays(): ReadonlySet<string> {
  const all: string[] = [];
  for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year += 1) {
    all.push(...englandAndWalesBankHolidays(year));
  }
  return new Set(all);
}

/**
 * England & Wales bank holidays 2024–2050 as "YYYY-MM-DD" strings. Derived from the rules in
 * englandAndWalesBankHolidays rather than typed in, so a mistyped date cannot slip through.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlySet<string> = buildBankHolidays();

// ---------------------------------------------------------------------------------------------
// Europe/London conversions

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** What London clocks show at an instant, field by field. */
export function londonWallClock(instant: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The calendar date in London at the given instant, as "YYYY-MM-DD". */
export function londonDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date");
  const { year, month, day } = londonWallClock(date.getTime());
  return isoFromDayNumber(dayNumber(year, month, day));
}

/** The last millisecond (23:59:59.999) of the given calendar date in London. */
export function endOfLondonDay(iso: string): Date {
  const n = dayNumberFromIso(iso);
  // Treat the wall-clock time as if it were UTC, then correct by London's offset at that
  // moment. Clocks change at 01:00 UTC, far from 23:59, so one correction is exact.
  const asIfUtc = n * DAY + DAY - 1;
  const wall = londonWallClock(asIfUtc);
  const wallAsUtc =
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) +
    (asIfUtc % 1000);
  const offset = wallAsUtc - asIfUtc; // 0 in GMT, one hour in BST
  return new Date(asIfUtc - offset);
}

// ---------------------------------------------------------------------------------------------
// Calendar days

/** The London calendar date `days` after `iso` ("YYYY-MM-DD" in and out; `days` may be negative). */
export function addLondonDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumberFromIso(iso) + days);
}

/**
 * London calendar days from the London date of `start` to that of `end`: 0 on the same London
 * day, negative when `end` is earlier. Clock changes do not matter: dates are counted, not hours.
 */
export function calendarDaysBetween(start: Date, end: Date): number {
  return dayNumberFromIso(londonDate(end)) - dayNumberFromIso(londonDate(start));
}

// ---------------------------------------------------------------------------------------------
// Working days

function isWorkingDay(n: number, holidays: ReadonlySet<string>): boolean {
  return !isWeekend(n) && !holidays.has(isoFromDayNumber(n));
}

/** Whether the London calendar date of `date` is a working day (Monday–Friday, not a bank holiday). */
export function isLondonWorkingDay(
  date: Date,
  holidays: ReadonlySet<string> = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): boolean {
  return isWorkingDay(dayNumberFromIso(londonDate(date)), holidays);
}

/**
 * The end (23:59:59.999 London time) of the day that is `days` working days after `start`.
 *
 * The day of `start` itself is not counted: 1 working day from a Monday is the Tuesday, and
 * 1 working day from a Friday (or a Saturday) is the following Monday. 0 returns the end of
 * start's own day.
 */
export function addWorkingDays(
  start: Date,
  days: number,
  holidays: ReadonlySet<string> = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a whole number, 0 or more (got ${days})`);
  }
  let n = dayNumberFromIso(londonDate(start));
  let remaining = days;
  while (remaining > 0) {
    n += 1;
    if (isWorkingDay(n, holidays)) remaining -= 1;
  }
  return endOfLondonDay(isoFromDayNumber(n));
}

/**
 * How many working days fall after the London date of `start`, up to and including the London
 * date of `end`; negative when `end` is earlier. The inverse of addWorkingDays:
 * workingDaysBetween(d, addWorkingDays(d, n)) === n.
 */
export function workingDaysBetween(
  start: Date,
  end: Date,
  holidays: ReadonlySet<string> = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): number {
  const from = dayNumberFromIso(londonDate(start));
  const to = dayNumberFromIso(londonDate(end));
  if (to === from) return 0;
  const [low, high, sign] = to > from ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let n = low + 1; n <= high; n += 1) {
    if (isWorkingDay(n, holidays)) count += 1;
  }
  return sign * count;
}
