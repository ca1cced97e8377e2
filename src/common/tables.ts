import { HttpStatus } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse/sync';
import { ErrorCode, ProblemException } from './errors';

/** More rows than this is a 400: split the file (it bounds the time and memory one import takes). */
export const MAX_ROWS = 20_000;

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export type TableFormat = { type: 'csv'; delimiter: CsvDelimiter } | { type: 'xlsx'; worksheet: string };

export interface TableRow {
  /** The CSV line the row starts on (header = 1), or the worksheet's row number. */
  line: number;
  cells: string[];
}

/** A sheet as read from a CSV or XLSX file: the header's cells, then the non-blank rows under it. */
export interface Table {
  format: TableFormat;
  header: string[];
  rows: TableRow[];
}

export function fileProblem(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, ErrorCode.CsvRejected, detail);
}

/**
 * The separator of a CSV file, read from its header line: the one of `,` `;` and tab found most often
 * outside quotes (spreadsheets set to a decimal comma save with `;`); `,` when none is.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let started = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (started) break;
    } else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
    if (char.trim()) started = true;
  }
  return CSV_DELIMITERS.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best));
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Reads CSV text (BOM, quotes, CRLF, `,` `;` or tab; blank lines skipped); an unreadable file is one 400. */
export function readCsvTable(csv: string): Table {
  const delimiter = detectDelimiter(csv);
  let records: CsvRecord[];
  try {
    // One kind of line break, so that csv-parse counts lines right (it counts a quoted CRLF as two), and a
    // line break within a cell is stored as in an .xlsx cell.
    records = parse(csv.replace(/\r\n?/g, '\n'), {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) throw fileProblem(`The CSV file cannot be read: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw fileProblem('The CSV file is empty.');
  return {
    format: { type: 'csv', delimiter },
    header: records[0].record,
    rows: records.slice(1).map(({ record, info, raw }) => ({
      line: info.lines - lineBreaksWithin(raw),
      cells: record,
    })),
  };
}

/** Line breaks inside a record's own text: not the blank lines skipped before it, nor its terminator. */
function lineBreaksWithin(raw: string): number {
  const own = raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  return own.match(/\n/g)?.length ?? 0;
}

/**
 * How a header cell is matched to a column: case, spaces, `_`, `-` and `.` do not count, and the
 * American "license" reads as "licence" (`Licence Number`, `LICENCE_NUMBER` → licenceNumber).
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_.-]+/g, '')
    .replace(/license/g, 'licence');
}

/**
 * A date as spreadsheets show it, as `YYYY-MM-DD`: `2026-11-19`, `2026/11/19`, and day first as in
 * Lao PDR, `19/11/2026`, `9/1/2026`, `19.11.2026`, `19-11-2026`. Anything else is returned as it is, for
 * the validator to refuse; so is an impossible date such as 31/02/2026 (it becomes 2026-02-31).
 */
export function toIsoDate(value: string): string {
  const text = value.trim();
  const pad = (n: string) => n.padStart(2, '0');
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (yearFirst) return `${yearFirst[1]}-${pad(yearFirst[2])}-${pad(yearFirst[3])}`;
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (dayFirst) return `${dayFirst[3]}-${pad(dayFirst[2])}-${pad(dayFirst[1])}`;
  return value;
}

/** The columns an import reads. */
export interface ColumnRules {
  required: readonly string[];
  optional: readonly string[];
  /** Accepted and not read (the export's licenceStatus). */
  ignored?: readonly string[];
  /** Further columns the file may have (a training's days): the column a header names, if any. */
  extra?: { column: (header: string) => string | undefined; described: string };
}

export interface ImportRow {
  line: number;
  /** By column name; a column the file does not have is absent, an empty cell is "". */
  row: Record<string, string | undefined>;
  /** Set when the row does not fit the header: that row's problem only. */
  widthError?: string;
}

/**
 * Matches the header to the columns (any order, any case; optional ones may be missing) and gives each
 * row by column name. Unknown, repeated or missing required columns, a file of only a header, or more
 * than MAX_ROWS rows are one 400 naming them.
 */
export function readRows(table: Table, rules: ColumnRules): { columns: string[]; rows: ImportRow[] } {
  const columns = matchHeader(table.header, rules);
  if (table.rows.length === 0) throw fileProblem('The file has a header but no rows under it.');
  if (table.rows.length > MAX_ROWS) {
    throw fileProblem(
      `The file has ${table.rows.length} rows; at most ${MAX_ROWS.toLocaleString('en')} are read at once. Split it into smaller files.`,
    );
  }
  const width = columns.reduce((last, column, i) => (column === undefined ? last : i + 1), 0);
  const rows = table.rows.map(({ line, cells }) => {
    const row: Record<string, string | undefined> = {};
    columns.forEach((column, i) => {
      if (column) row[column] = cells[i] ?? '';
    });
    return { line, row, widthError: widthError(cells, columns, width, table.format.type) };
  });
  return { columns: columns.filter((c): c is string => typeof c === 'string'), rows };
}

/** Each header cell's column: null for an ignored column, undefined for a blank header cell. */
function matchHeader(header: string[], rules: ColumnRules): (string | null | undefined)[] {
  const known = [...rules.required, ...rules.optional];
  const byKey = new Map(known.map((column) => [headerKey(column), column]));
  const ignored = new Set((rules.ignored ?? []).map(headerKey));
  const unknown: string[] = [];
  const seen = new Map<string, number>();
  const columns = header.map((cell, i) => {
    const name = cell.trim();
    if (name === '') return undefined;
    if (ignored.has(headerKey(name))) return null;
    const column = byKey.get(headerKey(name)) ?? rules.extra?.column(name);
    if (!column) {
      unknown.push(name);
      return null;
    }
    if (seen.has(column)) {
      throw fileProblem(
        `The column ${column} is in the header twice (columns ${seen.get(column)} and ${i + 1}).`,
      );
    }
    seen.set(column, i + 1);
    return column;
  });
  const missing = rules.required.filter((column) => !seen.has(column));
  if (missing.length > 0 || unknown.length > 0) throw wrongHeader(missing, unknown, rules);
  return columns;
}

function wrongHeader(missing: readonly string[], unknown: readonly string[], rules: ColumnRules) {
  const parts = [
    missing.length ? `missing columns: ${missing.join(', ')}` : '',
    unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
  ].filter(Boolean);
  const accepted = [
    `Required columns: ${rules.required.join(', ')}`,
    `optional: ${[...rules.optional, ...(rules.ignored ?? [])].join(', ')}`,
    ...(rules.extra ? [rules.extra.described] : []),
  ];
  return fileProblem(
    `Wrong header (${parts.join('; ')}). ${accepted.join('; ')}. Columns may come in any order; ` +
      'case and spaces in their names do not matter.',
  );
}

/** A CSV row short of the header's cells, or any row with a value where the header has none. */
function widthError(
  cells: string[],
  columns: (string | null | undefined)[],
  width: number,
  type: TableFormat['type'],
): string | undefined {
  const filled = cells.reduce((last, cell, i) => (cell.trim() ? i + 1 : last), 0);
  if ((type === 'csv' && cells.length < width) || filled > width) {
    return `has ${type === 'csv' ? Math.max(cells.length, filled) : filled} cells; the header has ${width}`;
  }
  const orphan = cells.findIndex((cell, i) => cell.trim() !== '' && columns[i] === undefined);
  return orphan >= 0 ? `has a value in column ${orphan + 1}, which has no header` : undefined;
}
