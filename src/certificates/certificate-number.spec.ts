import { formatCertificateNumber, parseCertificateNumber } from './certificate-number';

describe('certificate numbers (IRIS-LA-YYYY-NNNN)', () => {
  it.each([
    [2026, 1, 'IRIS-LA-2026-0001'],
    [2026, 42, 'IRIS-LA-2026-0042'],
    [2027, 9999, 'IRIS-LA-2027-9999'],
    [2027, 10000, 'IRIS-LA-2027-10000'], // a busy year goes past four digits rather than wrapping
  ])('year %i, sequence %i is %s', (year, sequence, number) => {
    expect(formatCertificateNumber(year, sequence)).toBe(number);
    expect(parseCertificateNumber(number)).toEqual({ year, sequence });
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [26, 1],
    [2026, 1_000_000],
  ])('refuses to number year %i, sequence %i', (year, sequence) => {
    expect(() => formatCertificateNumber(year, sequence)).toThrow(RangeError);
  });

  it('reads a number typed in lower case or with spaces around it', () => {
    expect(parseCertificateNumber('  iris-la-2026-0007 ')).toEqual({ year: 2026, sequence: 7 });
  });

  it.each([
    'IRIS-LA-2026-0000',
    'IRIS-LA-2026-001',
    'IRIS-LA-2026-00001', // not a second spelling of 0001
    'IRIS-TH-2026-0001',
    'IRIS-LA-26-0001',
    'IRIS-LA-2026-0001x',
    '',
  ])('rejects %j', (text) => {
    expect(parseCertificateNumber(text)).toBeNull();
  });
});
