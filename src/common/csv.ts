import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer: UTF-8 with a byte-order mark (spreadsheet programs then read Lao correctly), a
 * header row, booleans as true/false, and every cell that starts like a formula (= + - @) prefixed with
 * ' so a spreadsheet never runs it (csv-stringify's escape_formulas; imports undo it).
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return (
    '\uFEFF' +
    stringify(rows as Record<string, unknown>[], {
      header: true,
      columns: [...columns],
      escape_formulas: true,
      cast: { boolean: (value) => (value ? 'true' : 'false') },
    })
  );
}
