import type { CellValue, Workbook } from 'exceljs';
import { fromBufferPromise, type ZipFile } from 'yauzl';
import { ProblemException } from './errors';
import { fileProblem, MAX_ROWS, type Table, type TableRow } from './tables';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a workbook may unpack to: 20,000 rows of a dozen columns take about 13 MB of XML. */
const MAX_UNZIPPED_BYTES = 32 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1000;

/** A ZIP archive (an .xlsx, or an .ods) starts with a local file header. */
export const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** An OLE2 compound file: an Excel 97–2003 .xls, or a password-protected workbook. */
export const isOle2 = (bytes: Buffer) =>
  bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'));

/**
 * The first worksheet of an .xlsx workbook as a table: the header is its first non-blank row, and each
 * row keeps the sheet's row number. Cells read as text (cellText).
 */
export async function readXlsxTable(bytes: Buffer): Promise<Table> {
  await checkArchive(bytes);
  const workbook = await newWorkbook();
  try {
    // exceljs types its own Buffer (an ArrayBuffer); it takes Node's at run time.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw fileProblem(`The Excel file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileProblem('The Excel file has no worksheet.');
  if (sheet.actualRowCount > MAX_ROWS + 1) {
    throw fileProblem(
      `The worksheet "${sheet.name}" has ${sheet.actualRowCount - 1} rows under its header; at most ${MAX_ROWS.toLocaleString('en')} are read at once. Split it into smaller files.`,
    );
  }
  const rows: TableRow[] = [];
  sheet.eachRow((row, line) => {
    const values = row.values as CellValue[];
    const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) =>
      cellText(values[i + 1]).trim(),
    );
    if (cells.some(Boolean)) rows.push({ line, cells });
  });
  const [header, ...data] = rows;
  if (!header) throw fileProblem(`The worksheet "${sheet.name}" is empty.`);
  return {
    format: { type: 'xlsx', worksheet: sheet.name },
    header: header.cells,
    rows: data,
  };
}

/**
 * A cell as the text a CSV would hold: a date as `YYYY-MM-DD`, a number without a trailing `.0` and with
 * every digit (a phone typed as a number, 2055551234, stays so), rich text and links as their text, a
 * formula as its result, an error as its code (#N/A).
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    return String(Number.isInteger(value) ? value : Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  return '';
}

/**
 * Refuses, before exceljs unpacks it, an archive that would unpack to more than MAX_UNZIPPED_BYTES (a
 * zip bomb), and one that is not a workbook. yauzl checks each entry's real size against the declared
 * one while it reads it, so a lying header is caught too.
 */
async function checkArchive(bytes: Buffer): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(bytes, {
      lazyEntries: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw fileProblem(`The file is not a readable Excel workbook (.xlsx): ${(error as Error).message}`);
  }
  const names = new Set<string>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      names.add(entry.fileName);
      total += entry.uncompressedSize;
      if (names.size > MAX_ZIP_ENTRIES || total > MAX_UNZIPPED_BYTES) throw tooLarge();
      if (entry.fileName.endsWith('/')) continue;
      // Unpacked once and dropped: yauzl fails the stream as soon as it passes the declared size.
      for await (const _chunk of await zip.openReadStreamPromise(entry));
    }
  } catch (error) {
    if (error instanceof ProblemException) throw error;
    throw fileProblem(`The file is not a readable Excel workbook (.xlsx): ${(error as Error).message}`);
  } finally {
    if (zip.isOpen) zip.close();
  }
  if (names.has('xl/workbook.xml')) return;
  throw fileProblem(
    names.has('content.xml')
      ? 'This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx) or as "CSV UTF-8".'
      : 'The ZIP file is not an Excel workbook (.xlsx).',
  );
}

const tooLarge = () =>
  fileProblem(
    `The Excel file unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
  );

/**
 * A one-sheet workbook: a bold header row, then `rows`. Cells of `dateColumns` are written as real dates
 * shown DD/MM/YYYY, as a Lao spreadsheet shows them; everything else as text, so phone numbers keep
 * their leading 0 and `+`.
 */
export async function writeXlsx(
  worksheet: string,
  columns: readonly string[],
  rows: Record<string, string>[],
  dateColumns: readonly string[] = [],
): Promise<Buffer> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet(worksheet);
  sheet.columns = columns.map((key) => ({
    header: key,
    key,
    width: Math.max(key.length + 2, 16),
    style: dateColumns.includes(key) ? { numFmt: 'dd/mm/yyyy' } : { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((key) => {
          const value = row[key] ?? '';
          const isDate = dateColumns.includes(key) && /^\d{4}-\d{2}-\d{2}$/.test(value);
          return [key, isDate ? new Date(`${value}T00:00:00Z`) : value];
        }),
      ),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * exceljs is loaded on first use: it costs about 25 MB of memory in every process, and most processes
 * never read or write a spreadsheet.
 */
async function newWorkbook(): Promise<Workbook> {
  const loaded = await import('exceljs');
  // Node hands a CommonJS module to import() as its `default`; Jest hands it over as it is.
  const { Workbook } = ('default' in loaded ? loaded.default : loaded) as typeof loaded;
  return new Workbook();
}
