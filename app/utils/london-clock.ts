// Meeting times are typed and shown as London wall-clock times. These helpers turn a London
// date and "HH:MM" into an instant (knowing that 01:30 does not exist on the day the clocks go
// forward, and happens twice on the day they go back), and format instants with the zone
// spelt out ("18:30 GMT" / "18:30 BST"). Formatting happens on the server only.
import { addLondonDays, endOfLondonDay, londonDate, londonWallClock } from "~/utils/working-days";
import { DAY, MINUTE } from "~/utils/time";

/** London's offset from UTC at an instant, in milliseconds (0 in GMT, one hour in BST). */
function offsetAt(instant: number): number {
  const w = londonWallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / MINUTE) * MINUTE;
}

export const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant at which London clocks show `time` ("HH:MM") on `date` ("YYYY-MM-DD"), or null
 * when that time does not exist there (the hour skipped when the clocks go forward). When the
 * clocks go back and the time happens twice, the first (BST) one is meant.
 */
export function londonWallTime(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = TIME_OF_DAY.exec(time);
  if (!d || !t) return null;
  const asUtc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Try the offsets in force a day either side; keep the earliest candidate that reads back right.
  const candidates = [...new Set([offsetAt(asUtc - DAY), offsetAt(asUtc + DAY)])].map((o) => asUtc - o).sort((a, b) => a - b);
  for (const c of candidates) {
    const w = londonWallClock(c);
    if (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === asUtc) return new Date(c);
  }
  return null;
}

/** "18:30", as London clocks show the instant. */
export function londonTimeOfDay(date: Date): string {
  const w = londonWallClock(date.getTime());
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long", day: "numeric", month: "long", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });

/** "18:30 GMT" (or BST). */
export function formatLondonTime(date: Date): string {
  return timeFormat.format(date).replace(/^(\d\d:\d\d)\s*/, "$1 ");
}

const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long" });

/** "14:05 GMT on 4 December" (BST in summer): when a decision was taken, inside a sentence. */
export function formatLondonTimeOnDay(date: Date): string {
  return `${formatLondonTime(date)} on ${dayMonthFormat.format(date)}`;
}

/** "Tuesday 3 March 2026". */
export function formatLondonDay(date: Date): string {
  return dayFormat.format(date).replace(",", "");
}

/** "Tuesday 3 March 2026, 18:30 GMT to 20:00 GMT" (the end's day named only if it differs). */
export function formatMeetingTime(startsAt: Date, endsAt: Date): string {
  const sameDay = londonDate(startsAt) === londonDate(endsAt);
  const end = sameDay ? formatLondonTime(endsAt) : `${formatLondonDay(endsAt)}, ${formatLondonTime(endsAt)}`;
  return `${formatLondonDay(startsAt)}, ${formatLondonTime(startsAt)} to ${end}`;
}

/** A due date typed as a London calendar day is due by the end of that day, GMT or BST. */
export function dueAtFromDate(date: string): Date {
  return endOfLondonDay(date);
}

export { addLondonDays, londonDate };
