import { createHash } from 'node:crypto';

/**
 * A seal makes a PDF that is rendered, not stored, checkable later: a signed statement in the
 * document information, covering the SHA-256 of every other byte of the file. Rendering leaves a
 * placeholder of the statement's exact length (the `info` entry SEAL_ENTRY), the file with the
 * placeholder is hashed, and the signed statement is written over the placeholder: same length, so
 * nothing else moves. To check a file, put the placeholder back and hash it again. Any other change to
 * the file, however small, changes that hash.
 */
export const SEAL_ENTRY = 'IRISSeal';

/** What stands in for the seal while the file is hashed. */
export const sealPlaceholder = (length: number) => '0'.repeat(length);

export interface SealPlace {
  start: number;
  end: number;
  value: string;
}

/**
 * Where the seal is: pdfkit writes an information entry as `/IRISSeal 18 0 R` and the value as an
 * object `18 0 obj\n(…)\nendobj`. Null when the file has none, or more than one place it could be.
 */
export function findSeal(pdf: Buffer): SealPlace | null {
  const text = pdf.toString('latin1');
  const references = [...text.matchAll(/\/IRISSeal (\d+) 0 R\b/g)];
  if (references.length !== 1) return null;
  const head = `\n${references[0][1]} 0 obj\n(`;
  const at = text.indexOf(head);
  if (at < 0 || text.indexOf(head, at + 1) >= 0) return null;
  const start = at + head.length;
  const end = text.indexOf(')', start);
  const value = text.slice(start, end);
  if (end < 0 || !/^[A-Za-z0-9_.-]+$/.test(value) || !text.startsWith(')\nendobj', end)) return null;
  return { start, end, value };
}

/** The file with `value` (of the seal's length) in the seal's place. */
export function withSeal(pdf: Buffer, place: SealPlace, value: string): Buffer {
  if (value.length !== place.end - place.start) {
    throw new Error(
      `a seal of ${value.length} characters does not fit a place of ${place.end - place.start}`,
    );
  }
  return Buffer.concat([pdf.subarray(0, place.start), Buffer.from(value, 'latin1'), pdf.subarray(place.end)]);
}

/** SHA-256 (hex) of the file as it was before it was sealed: the placeholder in the seal's place. */
export function unsealedSha256(pdf: Buffer, place: SealPlace): string {
  const placeholder = withSeal(pdf, place, sealPlaceholder(place.end - place.start));
  return createHash('sha256').update(placeholder).digest('hex');
}
