// Dates and times as people in London read them, with the zone (GMT or BST) spelt out so a
// staff member reading the audit log across a clock change is never an hour out. Format on the
// server and send the string: the browser's own Intl data may differ and break hydration.
import { addLondonDays, endOfLondonDay } from "./working-days";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });

/** "3 Jan 2026, 14:05 GMT" (or BST in summer). */
export function formatLondonDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return "";
  return dateTime.format(d);
}

/** "3 January 2026". */
export function formatLondonDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return "";
  return dateOnly.format(d);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The first millisecond of a London calendar date ("YYYY-MM-DD"). */
export function startOfLondonDay(iso: string): Date {
  return new Date(endOfLondonDay(addLondonDays(iso, -1)).getTime() + 1);
}

export { endOfLondonDay };
