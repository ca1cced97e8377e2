import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, ProblemException, ValidationFailedException } from './errors';
import { fileProblem, readCsvTable, type Table } from './tables';
import { isOle2, isZip, readXlsxTable, XLSX_TYPE } from './xlsx';

/** The largest upload: a CSV or XLSX sheet, or a PDF certificate to verify (JSON bodies stay at 1 MB). */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** The raw-body content types routes accept besides JSON and multipart (registered beside multipart). */
const FILE_BODY_TYPES = [
  'text/csv',
  'application/csv',
  XLSX_TYPE,
  'application/pdf',
  'application/octet-stream',
];

/** Lets routes take CSV, XLSX and PDF bodies up to 5 MB as bytes; each route reads them with readUpload. */
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

/** The raw-body content types of a CSV or XLSX upload; the bytes, not the type, tell which it is. */
const TABLE_BODY_TYPES = ['text/csv', 'application/csv', XLSX_TYPE, 'application/octet-stream'];

/**
 * An uploaded sheet as a table: a CSV or .xlsx body (see TABLE_BODY_TYPES) or the multipart field `file`.
 * An .xlsx is told by its ZIP signature; anything else is read as CSV text, which must be UTF-8 (with or
 * without BOM).
 */
export async function readTableUpload(request: FastifyRequest): Promise<Table> {
  return tableFromBytes(await readUpload(request, 'the CSV or Excel (.xlsx) file', TABLE_BODY_TYPES));
}

/** A sheet's bytes as a table: an .xlsx by its ZIP signature, anything else as UTF-8 CSV text. */
export async function tableFromBytes(bytes: Buffer): Promise<Table> {
  if (bytes.length === 0) throw fileProblem('The file is empty.');
  if (isZip(bytes)) return readXlsxTable(bytes);
  if (isOle2(bytes)) {
    throw fileProblem(
      'This is an old Excel file (.xls) or a password-protected workbook. Save it as an Excel workbook ' +
        '(.xlsx) without a password, or as "CSV UTF-8".',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileProblem(
      'The file is neither an Excel workbook (.xlsx) nor UTF-8 text. In a spreadsheet program, save it as ' +
        '"CSV UTF-8" or as .xlsx.',
    );
  }
  return readCsvTable(text);
}
