/**
 * The Lao calendar: days as YYYY-MM-DD in Lao PDR (UTC+7, no daylight saving) and the date arithmetic
 * of the durations that are settings (docs/certification.md). Pure: the current day comes from Clock.
 */

export const LAO_TIME_ZONE = 'Asia/Vientiane';
const LAO_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The Lao calendar day an instant falls on. Lao PDR keeps UTC+7 all year, so this is arithmetic, not a
 * time-zone lookup (which cost ~100 µs a call on every request).
 */
export function laoDay(instant: Date): string {
  return new Date(instant.getTime() + LAO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first moment of a Lao calendar day: when a certificate expiring that day stops being valid. */
export function laoMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/** Noon of a Lao calendar day, for records dated on a past day. */
export function laoNoon(day: string): Date {
  return new Date(`${day}T12:00:00+07:00`);
}

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** Months later, on the same day of the month, or the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const date = toDate(day);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return toDay(target);
}

/** A certificate issued on `issuedOn` for `years` is valid through the day before the anniversary. */
export function validUntil(issuedOn: string, years: number): string {
  const anniversary = addMonths(issuedOn, 12 * years);
  // No 29 February that year: the anniversary was moved back to the 28th, already the last valid day.
  return anniversary.slice(8) < issuedOn.slice(8) ? anniversary : addDays(anniversary, -1);
}

/**
 * The day a certificate issued on `issuedOn` for `years` expires: the first day it is no longer valid,
 * the day after {@link validUntil}. On that day it reads as expired.
 */
export function expiryDate(issuedOn: string, years: number): string {
  return addDays(validUntil(issuedOn, years), 1);
}
