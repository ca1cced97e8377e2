import { completes, countBySex, summaryLabel } from './completion';
import { AttendanceStatus as A, Sex } from './training.enums';

const TWO_DAYS = ['2026-11-19', '2026-11-20'];
const marks = (...statuses: (A | undefined)[]) =>
  new Map(statuses.flatMap((s, i) => (s ? [[TWO_DAYS[i], s] as [string, A]] : [])));

describe('completes', () => {
  it.each([
    ['present both days', marks(A.Present, A.Present), 1, true],
    ['late counts as attending', marks(A.Late, A.Present), 1, true],
    ['excused is not attending', marks(A.Present, A.Excused), 1, false],
    ['absent one day', marks(A.Absent, A.Present), 1, false],
    ['day 2 not marked yet counts as not attended', marks(A.Present, undefined), 1, false],
    ['nothing marked', marks(undefined, undefined), 1, false],
    ['half the days with a 50% share', marks(A.Present, A.Absent), 0.5, true],
    ['none of the days with a 50% share', marks(A.Absent, undefined), 0.5, false],
  ])('%s → %s', (_label, given, share, expected) => {
    expect(completes(given, TWO_DAYS, share)).toBe(expected);
  });

  it('ignores marks for days that are not the training’s', () => {
    expect(completes(new Map([['2026-01-01', A.Present]]), ['2026-11-19'], 1)).toBe(false);
  });

  it('a training without days has no one completing it', () => {
    expect(completes(new Map(), [], 1)).toBe(false);
  });
});

describe('summaryLabel', () => {
  it.each([
    [37, 23, 24, '37 participants (23F) from 24 agencies'],
    [1, 0, 1, '1 participant (0F) from 1 agency'],
  ])('%i participants, %i women, %i agencies → %s', (participants, female, agencies, label) => {
    expect(summaryLabel(participants, female, agencies)).toBe(label);
  });
});

describe('countBySex', () => {
  it('counts each sex, zero when absent', () => {
    expect(countBySex([Sex.Female, Sex.Female, Sex.Male])).toEqual({ female: 2, male: 1, other: 0 });
  });
});
