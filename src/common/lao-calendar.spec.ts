import {
  addDays,
  addMonths,
  daysBetween,
  expiryDate,
  LAO_TIME_ZONE,
  laoDay,
  laoMidnight,
  laoNoon,
  validUntil,
} from './lao-calendar';

describe('addDays', () => {
  it.each([
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-11-24', 1, '2026-11-25'],
    ['2026-01-31', 1, '2026-02-01'], // month end
    ['2026-12-31', 1, '2027-01-01'], // year end
    ['2024-02-28', 1, '2024-02-29'], // leap year
    ['2024-02-29', 1, '2024-03-01'],
    ['2026-02-28', 1, '2026-03-01'], // common year
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2026-11-24', 90, '2027-02-22'],
    ['2026-11-24', -90, '2026-08-26'],
  ])('%s + %i days = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-01-31', 1, '2026-02-28'], // clamped to the month's last day
    ['2024-01-31', 1, '2024-02-29'], // leap year
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-12-15', 1, '2027-01-15'], // year end
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-11-24', 6, '2027-05-24'],
    ['2026-11-24', 36, '2029-11-24'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-01-15', -1, '2025-12-15'], // negative months, across the year
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-11-24', -24, '2024-11-24'],
    ['2025-02-28', -12, '2024-02-28'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('validUntil (through the day before the anniversary)', () => {
  it.each([
    ['2026-11-24', 3, '2029-11-23'],
    ['2026-01-01', 1, '2026-12-31'],
    ['2026-03-01', 1, '2027-02-28'],
    ['2023-03-01', 1, '2024-02-29'], // ends on a leap day
    ['2024-02-28', 1, '2025-02-27'],
    ['2024-02-29', 4, '2028-02-28'], // the anniversary exists: the day before it
  ])('issued %s for %i years: valid until %s', (issuedOn, years, expected) => {
    expect(validUntil(issuedOn, years)).toBe(expected);
  });

  // 29 Feb has no anniversary in a common year: the day before it is 28 Feb, the month's last day. A
  // certificate issued on a leap day must not end on the same day as one issued the day before.
  it('issued 2024-02-29 for 1 year: valid until 2025-02-28', () => {
    expect(validUntil('2024-02-29', 1)).toBe('2025-02-28');
  });
});

describe('expiryDate (the first day no longer valid: the certificate reads as expired from then)', () => {
  it.each([
    ['2026-11-24', 3, '2029-11-24'],
    ['2026-01-01', 1, '2027-01-01'],
    ['2023-03-01', 1, '2024-03-01'],
    ['2024-02-29', 1, '2025-03-01'], // valid through 28 Feb 2025, a full year
    ['2024-02-29', 4, '2028-02-29'],
  ])('issued %s for %i years: expires on %s', (issuedOn, years, expected) => {
    expect(expiryDate(issuedOn, years)).toBe(expected);
  });
});

describe('laoDay', () => {
  it.each([
    ['2026-11-24T16:59:59Z', '2026-11-24'],
    ['2026-11-24T17:00:00Z', '2026-11-25'], // midnight in Vientiane (UTC+7)
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2031-06-14T17:00:00Z', '2031-06-15'],
  ])('at %s it is %s in Lao PDR', (instant, day) => {
    expect(laoDay(new Date(instant))).toBe(day);
  });

  it('agrees with the time-zone database over a year of instants', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: LAO_TIME_ZONE });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000 * 7 + 61_000) {
      expect(laoDay(new Date(t))).toBe(format.format(new Date(t)));
    }
  });
});

describe('laoMidnight and laoNoon', () => {
  it('fall on the Lao day they name', () => {
    expect(laoDay(laoMidnight('2026-11-29'))).toBe('2026-11-29');
    expect(laoDay(new Date(laoMidnight('2026-11-29').getTime() - 1))).toBe('2026-11-28');
    expect(laoDay(laoNoon('2031-06-15'))).toBe('2031-06-15');
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-11-24', '2026-11-24', 0],
    ['2026-11-24', '2027-02-22', 90],
    ['2027-02-22', '2026-11-24', -90],
    ['2024-02-28', '2024-03-01', 2],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});
