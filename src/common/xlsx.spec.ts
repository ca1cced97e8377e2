import { Workbook } from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { cellText, isOle2, isZip, readXlsxTable, writeXlsx } from './xlsx';

/** A ZIP archive whose entries may declare a size other than their real one (a zip bomb's trick). */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const compressed = deflateRawSync(data);
    const size = declaredSize ?? data.length;
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, compressed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const message = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: Error) => error.message,
  );

describe('cellText', () => {
  it.each([
    [null, ''],
    [new Date('2026-11-19T00:00:00Z'), '2026-11-19'],
    [new Date('2026-11-19T13:45:00Z'), '2026-11-19'],
    [2055551234, '2055551234'],
    [8562055551234, '8562055551234'],
    [12, '12'],
    [0.1 + 0.2, '0.3'],
    [true, 'true'],
    [' text ', ' text '],
    [{ richText: [{ text: 'Sisavath ' }, { text: 'Co.' }] }, 'Sisavath Co.'],
    [{ text: 'info@sisavath.la', hyperlink: 'mailto:info@sisavath.la' }, 'info@sisavath.la'],
    [{ formula: 'A1+1', result: 43 }, '43'],
    [{ formula: 'TODAY()', result: new Date('2026-01-05T00:00:00Z') }, '2026-01-05'],
    [{ error: '#N/A' }, '#N/A'],
  ])('reads %j as %j', (value, text) => {
    expect(cellText(value as never)).toBe(text);
  });
});

describe('readXlsxTable', () => {
  it('reads the first worksheet from its first non-empty row, with the sheet’s row numbers', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Agencies 2026');
    workbook.addWorksheet('Notes').addRow(['not read']);
    sheet.getRow(3).values = ['licenceNumber', 'licenceIssuedOn', 'phone', 'count'];
    sheet.getRow(4).values = ['MOLSW-1', new Date(Date.UTC(2023, 2, 1)), 2055551234, 3];
    sheet.getRow(6).values = ['MOLSW-2', '01/03/2023', '+856 21 415 678'];
    sheet.getCell('B4').numFmt = 'dd/mm/yyyy';
    const table = await readXlsxTable(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(table).toEqual({
      format: { type: 'xlsx', worksheet: 'Agencies 2026' },
      header: ['licenceNumber', 'licenceIssuedOn', 'phone', 'count'],
      rows: [
        { line: 4, cells: ['MOLSW-1', '2023-03-01', '2055551234', '3'] },
        { line: 6, cells: ['MOLSW-2', '01/03/2023', '+856 21 415 678'] },
      ],
    });
  });

  it('reads back the template it writes, dates as dates', async () => {
    const bytes = await writeXlsx('T', ['name', 'on'], [{ name: 'A', on: '2026-11-19' }], ['on']);
    expect(isZip(bytes)).toBe(true);
    expect((await readXlsxTable(bytes)).rows).toEqual([{ line: 2, cells: ['A', '2026-11-19'] }]);
  });

  it('refuses an empty worksheet', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('Empty');
    expect(await message(readXlsxTable(Buffer.from(await workbook.xlsx.writeBuffer())))).toMatch(
      /worksheet "Empty" is empty/,
    );
  });

  it('refuses a workbook that unpacks to more than 32 MB, even when its sizes lie', async () => {
    const huge = Buffer.alloc(40 * 1024 * 1024, 'a');
    expect(await message(readXlsxTable(zip([{ name: 'xl/sharedStrings.xml', data: huge }])))).toMatch(
      /unpacks to more than 32 MB/,
    );
    const lying = zip([{ name: 'xl/workbook.xml', data: huge, declaredSize: 100 }]);
    expect(await message(readXlsxTable(lying))).toMatch(
      /not a readable Excel workbook \(.xlsx\): too many bytes/,
    );
  });

  it('refuses an OpenDocument spreadsheet and a ZIP that is no workbook, saying what they are', async () => {
    const ods = zip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    ]);
    expect(await message(readXlsxTable(ods))).toMatch(/OpenDocument spreadsheet \(\.ods\)/);
    expect(await message(readXlsxTable(zip([{ name: 'a.txt', data: Buffer.from('a') }])))).toMatch(
      /not an Excel workbook/,
    );
  });

  it('tells an old .xls (OLE2) file by its signature', () => {
    expect(isOle2(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'))).toBe(true);
    expect(isOle2(Buffer.from('licenceNumber,nameEn'))).toBe(false);
  });
});
