/** Calendar arithmetic on YYYY-MM-DD dates for the durations that are settings. Pure. */

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
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

/** Noon of a Lao calendar day, for records dated on a past day (the demo's history). */
export function laoNoon(day: string): Date {
  return new Date(`${day}T12:00:00+07:00`);
}

/** The first moment of a Lao calendar day: when a certificate expiring that day stops being valid. */
export function laoMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}
