import { ProblemException } from './errors';
import {
  type ColumnRules,
  detectDelimiter,
  headerKey,
  readCsvTable,
  readRows,
  type Table,
  toIsoDate,
} from './tables';

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\r\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['\uFEFFlicenceNumber;nameEn;address\n"X";"Co., Ltd., Vientiane";"Ban A, Unit 1"', ';'],
    ['"name, with commas";b;c\n', ';'],
    ['\n\n  a;b\n1,2,3,4,5', ';'],
    ['single\n1', ','],
    ['', ','],
  ])('reads %j as separated by %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('headerKey', () => {
  it.each([
    ['licenceNumber', 'Licence Number'],
    ['licenceNumber', ' LICENCE_NUMBER '],
    ['licenceNumber', 'license number'],
    ['email', 'E-mail'],
    ['contactPerson', 'Contact person'],
    ['destinationCountries', 'destination_countries'],
  ])('matches %s and %j', (column, header) => {
    expect(headerKey(header)).toBe(headerKey(column));
  });

  it('keeps different columns apart', () => {
    expect(headerKey('nameLo')).not.toBe(headerKey('nameEn'));
  });
});

describe('toIsoDate', () => {
  it.each([
    ['2026-11-19', '2026-11-19'],
    ['19/11/2026', '2026-11-19'],
    ['9/1/2026', '2026-01-09'],
    [' 09/01/2026 ', '2026-01-09'],
    ['19.11.2026', '2026-11-19'],
    ['19-11-2026', '2026-11-19'],
    ['2026/1/9', '2026-01-09'],
    ['31/02/2026', '2026-02-31'],
  ])('reads %j as %s', (value, iso) => {
    expect(toIsoDate(value)).toBe(iso);
  });

  it.each(['', 'next week', '11/19/26', '2026-11', '46000'])('leaves %j for the validator', (value) => {
    expect(toIsoDate(value)).toBe(value);
  });
});

describe('readCsvTable', () => {
  it('reads a spreadsheet-saved file: BOM, ";" separators, CRLF, quoted cells', () => {
    const table = readCsvTable('\uFEFFa;b\r\n"x; y";2\r\n\r\n3;"multi\r\nline"\r\n');
    expect(table).toEqual({
      format: { type: 'csv', delimiter: ';' },
      header: ['a', 'b'],
      rows: [
        { line: 2, cells: ['x; y', '2'] },
        { line: 4, cells: ['3', 'multi\nline'] },
      ],
    });
  });

  it('refuses an empty file and an unreadable one (400)', () => {
    expect(() => readCsvTable('')).toThrow(ProblemException);
    expect(() => readCsvTable('a,b\n"unclosed,quote')).toThrow(/cannot be read/);
  });
});

describe('readRows', () => {
  const rules: ColumnRules = {
    required: ['licenceNumber', 'nameEn'],
    optional: ['phone', 'email'],
    ignored: ['licenceStatus'],
    extra: { column: (h) => (toIsoDate(h) === '2026-11-19' ? '2026-11-19' : undefined), described: 'days' },
  };
  const table = (header: string[], ...rows: string[][]): Table => ({
    format: { type: 'csv', delimiter: ',' },
    header,
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
  });
  const problem = (t: Table) => {
    try {
      readRows(t, rules);
    } catch (error) {
      return (error as ProblemException).message;
    }
    throw new Error('accepted');
  };

  it('takes columns in any order and case, and leaves out the missing optional ones', () => {
    const { columns, rows } = readRows(
      table(
        [' Name EN ', 'LICENCE_NUMBER', 'Licence Status', '19/11/2026'],
        ['Co', 'X-1', 'active', 'present'],
      ),
      rules,
    );
    expect(columns).toEqual(['nameEn', 'licenceNumber', '2026-11-19']);
    expect(rows).toEqual([
      {
        line: 2,
        row: { nameEn: 'Co', licenceNumber: 'X-1', '2026-11-19': 'present' },
        widthError: undefined,
      },
    ]);
  });

  it('names missing required and unknown columns, and lists the accepted ones', () => {
    const message = problem(table(['licenceNumber', 'englishName', 'fax'], ['X', 'Co', '1']));
    expect(message).toMatch(/missing columns: nameEn; unknown columns: englishName, fax/);
    expect(message).toMatch(
      /Required columns: licenceNumber, nameEn; optional: phone, email, licenceStatus; days/,
    );
  });

  it('refuses a column given twice, a file of only a header, and too many rows', () => {
    expect(problem(table(['licenceNumber', 'nameEn', 'Licence number'], ['X', 'Co', 'Y']))).toMatch(
      /licenceNumber is in the header twice \(columns 1 and 3\)/,
    );
    expect(problem(table(['licenceNumber', 'nameEn']))).toMatch(/no rows/);
    const many = Array.from({ length: 20_001 }, () => ['X', 'Co']);
    expect(problem(table(['licenceNumber', 'nameEn'], ...many))).toMatch(/20001 rows; at most 20,000/);
  });

  it('flags a row that does not fit the header, and accepts blank cells past it', () => {
    const { rows } = readRows(
      table(
        ['licenceNumber', '', 'nameEn', '', ''],
        ['A', '', 'Co', '', ''],
        ['B', 'stray', 'Co', '', ''],
        ['C', '', 'Co', '', '', 'extra'],
        ['D', '', 'Co'],
        ['E', ''],
      ),
      rules,
    );
    expect(rows.map((r) => r.widthError)).toEqual([
      undefined,
      'has a value in column 2, which has no header',
      'has 6 cells; the header has 3',
      undefined,
      'has 2 cells; the header has 3',
    ]);
  });
});
