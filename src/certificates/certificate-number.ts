/** docs/certificates.md: `IRIS-LA-YYYY-NNNN`, sequential per year, never reused. Pure. */

export const CERTIFICATE_NUMBER_PATTERN = /^IRIS-LA-(\d{4})-(\d{4,6})$/;

/** The number of the `sequence`-th certificate of `year` (four digits, more past 9,999). */
export function formatCertificateNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`bad sequence ${sequence}`);
  }
  return `IRIS-LA-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Year and sequence of a well-formed number (any case, surrounding spaces ignored); null otherwise. */
export function parseCertificateNumber(text: string): { year: number; sequence: number } | null {
  const match = CERTIFICATE_NUMBER_PATTERN.exec(text.trim().toUpperCase());
  if (!match) return null;
  const sequence = Number(match[2]);
  // 0000 is never issued, and a longer form of a short number (IRIS-LA-2026-00001) is not its twin.
  if (sequence === 0 || (match[2].length > 4 && match[2].startsWith('0'))) return null;
  return { year: Number(match[1]), sequence };
}
