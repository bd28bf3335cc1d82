// London calendar months ("YYYY-MM"), as My Met Service's figures and monthly reports use them.
import { addLondonDays, endOfLondonDay, londonDate } from "./working-days";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (v: unknown): v is string => typeof v === "string" && MONTH.test(v);

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "November 2026". */
export function monthLabel(month: string): string {
  const m = MONTH.exec(month);
  return m ? `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** The London month of an instant. */
export function londonMonth(at: Date): string {
  return londonDate(at).slice(0, 7);
}

/** The month before ("2027-01" → "2026-12"). */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The month after ("2026-12" → "2027-01"). */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** The last London calendar date of a month, "YYYY-MM-DD". */
export function lastDayOfMonth(month: string): string {
  return addLondonDays(`${nextMonth(month)}-01`, -1);
}

/** The end (23:59:59.999 London) of a month's last day. */
export function endOfMonth(month: string): Date {
  return endOfLondonDay(lastDayOfMonth(month));
}
