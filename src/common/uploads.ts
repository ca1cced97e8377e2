import { HttpStatus } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, ProblemException, ValidationFailedException } from './errors';

/** The largest upload: a CSV sheet or a PDF certificate to verify (JSON bodies stay at 1 MB). */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** The raw-body content types routes accept besides JSON and multipart (registered beside multipart). */
const FILE_BODY_TYPES = ['text/csv', 'application/csv', 'application/pdf', 'application/octet-stream'];

/** Lets routes take CSV and PDF bodies up to 5 MB as bytes; each route reads them with readUpload. */
export function acceptFileBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    FILE_BODY_TYPES,
    { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
}

/**
 * The uploaded file's bytes: a raw body of one of `bodyTypes`, or the multipart field `file`. `what`
 * names the file in the answers ("the CSV file").
 */
export async function readUpload(
  request: FastifyRequest,
  what: string,
  bodyTypes: readonly string[],
): Promise<Buffer> {
  if (request.isMultipart()) {
    try {
      const file = await request.file();
      if (!file || file.fieldname !== 'file') {
        throw new ValidationFailedException([
          { field: 'file', message: `attach ${what} in the multipart field "file"` },
        ]);
      }
      return await file.toBuffer();
    } catch (error) {
      // Fastify's own errors (FST_…: too large, too many parts) keep their status; the multipart parser's
      // plain errors (no boundary, a cut-off body) are the client's malformed request, not a 500.
      if (error instanceof ProblemException || (error as { code?: string }).code?.startsWith('FST_'))
        throw error;
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        ErrorCode.MalformedRequest,
        `The multipart body cannot be read (${(error as Error).message}).`,
      );
    }
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (Buffer.isBuffer(request.body) && bodyTypes.includes(type)) return request.body;
  throw new ProblemException(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    ErrorCode.UnsupportedMediaType,
    `Send ${what} as a ${bodyTypes[0]} body or as the multipart/form-data field "file".`,
  );
}

/** The uploaded CSV as text: a `text/csv` body or the multipart field `file`, in UTF-8 (with or without BOM). */
export async function readCsvUpload(request: FastifyRequest): Promise<string> {
  const bytes = await readUpload(request, 'the CSV file', ['text/csv', 'application/csv']);
  if (bytes.length === 0) throw csvProblem('The CSV file is empty.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw csvProblem('The file is not UTF-8 text. In a spreadsheet program, save it as "CSV UTF-8".');
  }
}

export function csvProblem(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, ErrorCode.CsvRejected, detail);
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

export interface CsvRow {
  /** The file line the row starts on (header = 1), even when a quoted cell spans lines. */
  line: number;
  row: Record<string, string>;
  /** Set when the row has more or fewer cells than the header: that row's problem only. */
  widthError?: string;
}

/** Reads a CSV table (BOM, quotes, CRLF; blank lines skipped); a file that cannot be read is one 400. */
export function readCsvTable(csv: string): { header: string[]; rows: CsvRow[] } {
  let records: CsvRecord[];
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(`The CSV file cannot be read: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw csvProblem('The CSV file is empty.');
  const header = records[0].record;
  const rows = records.slice(1).map(({ record, info, raw }) => ({
    line: info.lines - lineBreaksWithin(raw),
    row: Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])),
    widthError:
      record.length === header.length
        ? undefined
        : `has ${record.length} cells; the header has ${header.length}`,
  }));
  return { header, rows };
}

export function wrongHeader(
  missing: readonly string[],
  unknown: readonly string[],
  expected: readonly string[],
) {
  const parts = [
    missing.length ? `missing columns: ${missing.join(', ')}` : '',
    unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
  ].filter(Boolean);
  return csvProblem(`Wrong header (${parts.join('; ')}). Expected: ${expected.join(',')}`);
}

/** Line breaks inside a record's own text: not the blank lines skipped before it, nor its terminator. */
function lineBreaksWithin(raw: string): number {
  const own = raw.replace(/^(?:[ \t]*(?:\r\n|\n|\r))+/, '').replace(/(?:\r\n|\n|\r)$/, '');
  return own.match(/\r\n|\n|\r/g)?.length ?? 0;
}
