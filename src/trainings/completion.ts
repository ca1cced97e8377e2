import { AttendanceStatus, Sex } from './training.enums';

/** Present or late counts as attending a day; excused and absent do not (docs/trainings.md). */
export const ATTENDED: readonly AttendanceStatus[] = [AttendanceStatus.Present, AttendanceStatus.Late];

/**
 * A participant completes a training when they attended at least `share` of *all* its days: a day not
 * marked yet counts as not attended, so a half-marked workshop never shows 100%.
 */
export function completes(
  marks: ReadonlyMap<string, AttendanceStatus>,
  days: readonly string[],
  share: number,
): boolean {
  if (days.length === 0) return false;
  const attended = days.filter((day) => ATTENDED.includes(marks.get(day) as AttendanceStatus)).length;
  return attended >= share * days.length;
}

/** IOM's one-line summary, e.g. "37 participants (23F) from 24 agencies". */
export function summaryLabel(participants: number, female: number, agencies: number): string {
  const people = `${participants} participant${participants === 1 ? '' : 's'}`;
  return `${people} (${female}F) from ${agencies} agenc${agencies === 1 ? 'y' : 'ies'}`;
}

export function countBySex(sexes: readonly Sex[]): Record<Sex, number> {
  const counts = { [Sex.Female]: 0, [Sex.Male]: 0, [Sex.Other]: 0 };
  for (const sex of sexes) counts[sex]++;
  return counts;
}
