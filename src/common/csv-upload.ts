import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, ProblemException, ValidationFailedException } from './errors';

export const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** Lets routes take `text/csv` bodies up to 5 MB (JSON stays at 1 MB); multipart is registered beside it. */
export function acceptCsvBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: CSV_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
}

/** The uploaded CSV as text: a `text/csv` body or the multipart field `file`, in UTF-8 (with or without BOM). */
export async function readCsvUpload(request: FastifyRequest): Promise<string> {
  let bytes: Buffer;
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') {
      throw new ValidationFailedException([
        { field: 'file', message: 'attach the CSV file in the multipart field "file"' },
      ]);
    }
    bytes = await file.toBuffer();
  } else if (Buffer.isBuffer(request.body)) {
    bytes = request.body;
  } else {
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      ErrorCode.UnsupportedMediaType,
      'Send the CSV file as a text/csv body or as the multipart/form-data field "file".',
    );
  }
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
