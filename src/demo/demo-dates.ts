import { type Language, translate } from '../common/i18n';
import { addDays, addMonths } from '../common/lao-calendar';

/**
 * The demo's calendar: every date of the demo is counted from the day it is loaded (the Clock's today),
 * so on any day it shows a workshop held six weeks ago, a certificate still valid, one expired, and so on.
 */
export class DemoDates {
  constructor(readonly today: string) {}

  /** The day `days` days before today. */
  ago(days: number): string {
    return addDays(this.today, -days);
  }

  /** The day `days` days after today. */
  ahead(days: number): string {
    return addDays(this.today, days);
  }

  /** The same day of the month, `months` months before today. */
  monthsAgo(months: number): string {
    return addMonths(this.today, -months);
  }
}

/** A day as the demo's texts write it: "25 August 2026", "25 ສິງຫາ 2026". */
export function spelled(day: string, lang: Language = 'en'): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${translate(lang, `month.${Number(month)}`)} ${year}`;
}

/** The month of a day: "August 2026". */
export function monthOf(day: string): string {
  return spelled(day).replace(/^\d+ /, '');
}

/** The calendar year of a day, as in document references ("JP-2026-03"). */
export const yearOf = (day: string): string => day.slice(0, 4);
