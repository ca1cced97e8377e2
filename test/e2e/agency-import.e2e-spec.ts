import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { AgenciesService } from '../../src/agencies/agencies.service';
import { AGENCY_CSV_COLUMNS } from '../../src/agencies/agency-csv';
import { addDays, addMonths } from '../../src/common/lao-calendar';
import { XLSX_TYPE } from '../../src/common/xlsx';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { binary } from '../utils/http';
import { expectProblem } from '../utils/problem';

const HEADER = AGENCY_CSV_COLUMNS.join(',');
/** A five-year licence issued 30 months before the app's today (set in beforeAll). */
let ISSUED: string;
let EXPIRES: string;
/** YYYY-MM-DD as a spreadsheet writes it: DD/MM/YYYY, or D/M/YYYY without leading zeros. */
const ddmmyyyy = (day: string) => day.split('-').reverse().join('/');
const dmyyyy = (day: string) => ddmmyyyy(day).replace(/(^|\/)0/g, '$1');
const row = (
  licence: string,
  overrides: Partial<Record<(typeof AGENCY_CSV_COLUMNS)[number], string>> = {},
) => {
  const values: Record<string, string> = {
    licenceNumber: licence,
    nameLo: 'ບໍລິສັດ ຈັດຫາງານ ແສງຈັນ ຈຳກັດ',
    nameEn: 'Saengchan Employment Services Co., Ltd.',
    licenceIssuedOn: ISSUED,
    licenceExpiresOn: EXPIRES,
    province: 'LA-VT',
    district: 'Chanthabouly',
    address: 'Ban Haysok, Unit 4',
    phone: '+856 21 222 333',
    email: 'hr@saengchan.la',
    destinationCountries: 'JP;KR',
    contactPerson: 'Noy Saengchan',
    ...overrides,
  };
  return stringify([AGENCY_CSV_COLUMNS.map((c) => values[c])]).trimEnd();
};

describe('agency CSV import and export', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    ISSUED = addMonths(t.today(), -30);
    EXPIRES = addDays(addMonths(ISSUED, 60), -1);
    token = await t.fx.tokenFor(Role.Ministry);
  });
  afterAll(() => t.close());

  const importCsv = (csv: string | Buffer, query = '') =>
    request(t.http)
      .post(`/api/v1/agencies/import${query}`)
      .auth(token, { type: 'bearer' })
      .set('Content-Type', 'text/csv')
      .send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
  const count = async (pattern: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM agencies WHERE licence_number LIKE $1`, [pattern]))[0]
      .n;

  it('imports good rows and lists bad ones with their file line numbers (header = line 1)', async () => {
    const csv = [
      HEADER,
      row('IMP-A-1'),
      row('IMP-A-2', { province: 'LA-XX', phone: '12' }),
      '',
      row('IMP-A-3', { licenceExpiresOn: addDays(ISSUED, -1) }),
      row('IMP-A-1', { district: 'Duplicate' }),
      row('IMP-A-5', { destinationCountries: 'TH' }),
    ].join('\n');
    const res = await importCsv(csv).expect(200);
    expect(res.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, dryRun: false });
    expect(res.body.rejected).toEqual([
      {
        line: 3,
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'province' }),
          expect.objectContaining({ field: 'phone' }),
        ]),
      },
      { line: 5, errors: [expect.objectContaining({ field: 'licenceExpiresOn' })] },
      {
        line: 6,
        errors: [
          {
            field: 'licenceNumber',
            code: 'sameLicenceOnLine',
            params: { line: 2 },
            message: 'the same licence number is on line 2',
          },
        ],
      },
    ]);
    expect(await count('IMP-A-%')).toBe(2);
    const entries = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'agency.created'`,
    );
    expect(entries[0].n).toBe(2);
  });

  it('counts a row from the line it starts on, even when a quoted cell spans lines', async () => {
    const csv = [
      HEADER,
      row('IMP-ML-1', { address: 'Ban Haysok\nUnit 4' }),
      row('IMP-ML-2', { phone: 'x' }),
    ].join('\n');
    const res = await importCsv(csv).expect(200);
    expect(res.body.rejected).toEqual([{ line: 4, errors: [expect.objectContaining({ field: 'phone' })] }]);
    const [agency] = await t.db.query(`SELECT address FROM agencies WHERE licence_number = 'IMP-ML-1'`);
    expect(agency.address).toBe('Ban Haysok\nUnit 4');
  });

  it('rejects only the row with the wrong number of cells, and skips blank lines', async () => {
    const csv = [HEADER, row('IMP-W-1'), `${row('IMP-W-2')},extra`, '   ', ' , , ', row('IMP-W-3')].join(
      '\n',
    );
    const res = await importCsv(csv).expect(200);
    expect(res.body).toMatchObject({ created: 2 });
    expect(res.body.rejected).toEqual([
      { line: 3, errors: [{ field: 'row', message: 'has 13 cells; the header has 12' }] },
    ]);
  });

  it('writes nothing on a dry run, and answers what it would do', async () => {
    const res = await importCsv(
      [HEADER, row('IMP-DRY-1'), row('IMP-DRY-2')].join('\n'),
      '?dryRun=true',
    ).expect(200);
    expect(res.body).toMatchObject({ created: 2, dryRun: true, rejected: [] });
    expect(await count('IMP-DRY-%')).toBe(0);
    const entries = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id IN (SELECT id::text FROM agencies WHERE licence_number LIKE 'IMP-DRY-%')`,
    );
    expect(entries[0].n).toBe(0);
  });

  it('reads UTF-8 with a BOM, quoted fields with commas, Windows line ends and Lao text', async () => {
    const csv =
      '\uFEFF' +
      [
        HEADER,
        row('IMP-B-1', {
          nameEn: 'Mekong Bridge Employment, Co., Ltd.',
          address: 'Ban Nongbone, Unit 7, Road 13',
        }),
      ].join('\r\n');
    expect(csv).toContain('"Mekong Bridge Employment, Co., Ltd."');
    await importCsv(csv).expect(200);
    const [agency] = await t.db.query(
      `SELECT name_lo, name_en, address FROM agencies WHERE licence_number = 'IMP-B-1'`,
    );
    expect(agency).toEqual({
      name_lo: 'ບໍລິສັດ ຈັດຫາງານ ແສງຈັນ ຈຳກັດ',
      name_en: 'Mekong Bridge Employment, Co., Ltd.',
      address: 'Ban Nongbone, Unit 7, Road 13',
    });
  });

  it('updates an existing agency matched by licence number, and counts unchanged rows', async () => {
    await importCsv([HEADER, row('IMP-C-1'), row('IMP-C-2')].join('\n')).expect(200);
    const res = await importCsv(
      [HEADER, row('IMP-C-1', { district: 'Sisattanak' }), row('IMP-C-2')].join('\n'),
    ).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const [agency] = await t.db.query(
      `SELECT district, version FROM agencies WHERE licence_number = 'IMP-C-1'`,
    );
    expect(agency).toEqual({ district: 'Sisattanak', version: 2 });
  });

  it('renews an expired licence it gives a later expiry date: active again, with its history row', async () => {
    const lapsed = addDays(t.today(), -3);
    await importCsv(
      [
        HEADER,
        row('IMP-RN-1', { licenceExpiresOn: lapsed }),
        row('IMP-RN-2', { licenceExpiresOn: lapsed }),
        row('IMP-RN-3'),
      ].join('\n'),
    ).expect(200);
    await t.app.get(AgenciesService).expireLapsedLicences();
    const res = await importCsv(
      [
        HEADER,
        row('IMP-RN-1'),
        row('IMP-RN-2', { licenceExpiresOn: addDays(lapsed, 1), district: 'Sisattanak' }),
        row('IMP-RN-3', { licenceExpiresOn: addDays(EXPIRES, 365) }),
      ].join('\n'),
    ).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 3, unchanged: 0, rejected: [] });
    const agencies = await t.db.query(
      `SELECT id, licence_number, licence_status, version FROM agencies
        WHERE licence_number LIKE 'IMP-RN-%' ORDER BY licence_number`,
    );
    expect(agencies.map(({ id: _, ...rest }: { id: string }) => rest)).toEqual([
      { licence_number: 'IMP-RN-1', licence_status: 'active', version: 3 },
      // Still past its expiry date: it stays expired.
      { licence_number: 'IMP-RN-2', licence_status: 'expired', version: 3 },
      { licence_number: 'IMP-RN-3', licence_status: 'active', version: 2 },
    ]);
    const history = (id: string) =>
      request(t.http)
        .get(`/api/v1/agencies/${id}/licence-status-changes`)
        .auth(token, { type: 'bearer' })
        .expect(200)
        .then((r) => r.body.items);
    expect(await history(agencies[0].id)).toEqual([
      expect.objectContaining({
        fromStatus: 'expired',
        toStatus: 'active',
        reason: `Licence renewed until ${EXPIRES}`,
        changedBy: expect.any(String),
      }),
      expect.objectContaining({ fromStatus: 'active', toStatus: 'expired' }),
    ]);
    expect(await history(agencies[1].id)).toHaveLength(1);
    expect(await history(agencies[2].id)).toEqual([]);
    const [entry] = await t.db.query(
      `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'agency.updated'`,
      [agencies[0].id],
    );
    expect(entry.before).toMatchObject({ licenceStatus: 'expired', licenceExpiresOn: lapsed, version: 2 });
    expect(entry.after).toMatchObject({ licenceStatus: 'active', licenceExpiresOn: EXPIRES, version: 3 });
  });

  it('leaves the same audit entries as the API: every stored field, one entry per agency', async () => {
    const api = await request(t.http)
      .post('/api/v1/agencies')
      .auth(token, { type: 'bearer' })
      .send(t.fx.agencyBody({ licenceNumber: 'IMP-AU-API' }))
      .expect(201);
    await request(t.http)
      .patch(`/api/v1/agencies/${api.body.id}`)
      .auth(token, { type: 'bearer' })
      .send({ district: 'Sisattanak', version: 1 })
      .expect(200);
    await importCsv([HEADER, row('IMP-AU-1'), row('IMP-AU-2')].join('\n')).expect(200);
    await importCsv([HEADER, row('IMP-AU-1', { district: 'Sisattanak' }), row('IMP-AU-2')].join('\n')).expect(
      200,
    );
    const entries = await t.db.query(
      `SELECT a.licence_number, e.action, e.before, e.after FROM audit_log e
         JOIN agencies a ON a.id::text = e.entity_id
        WHERE a.licence_number IN ('IMP-AU-API', 'IMP-AU-1', 'IMP-AU-2') ORDER BY e.id`,
    );
    const keys = (value: object | null) => value && Object.keys(value).sort();
    const of = (licence: string, action: string) =>
      entries.filter(
        (e: { licence_number: string; action: string }) =>
          e.licence_number === licence && e.action === action,
      );
    expect(of('IMP-AU-1', 'agency.created')).toHaveLength(1);
    expect(of('IMP-AU-1', 'agency.updated')).toHaveLength(1);
    expect(of('IMP-AU-2', 'agency.updated')).toHaveLength(0);
    const [apiCreated] = of('IMP-AU-API', 'agency.created');
    const [apiUpdated] = of('IMP-AU-API', 'agency.updated');
    const [created] = of('IMP-AU-1', 'agency.created');
    const [updated] = of('IMP-AU-1', 'agency.updated');
    expect(keys(created.after)).toEqual(keys(apiCreated.after));
    expect(keys(updated.before)).toEqual(keys(apiUpdated.before));
    expect(keys(updated.after)).toEqual(keys(apiUpdated.after));
    expect(created.after).toEqual({
      licenceNumber: 'IMP-AU-1',
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ແສງຈັນ ຈຳກັດ',
      nameEn: 'Saengchan Employment Services Co., Ltd.',
      licenceIssuedOn: ISSUED,
      licenceExpiresOn: EXPIRES,
      licenceStatus: 'active',
      province: 'LA-VT',
      district: 'Chanthabouly',
      address: 'Ban Haysok, Unit 4',
      phone: '+856 21 222 333',
      email: 'hr@saengchan.la',
      destinationCountries: ['JP', 'KR'],
      contactPerson: 'Noy Saengchan',
      trainedOn: null,
      certificationStage: null,
      certificateNumber: null,
      version: 1,
    });
    expect(updated.before).toEqual(created.after);
    expect(updated.after).toEqual({ ...created.after, district: 'Sisattanak', version: 2 });
  });

  it('takes the file as the multipart field "file"', async () => {
    const res = await request(t.http)
      .post('/api/v1/agencies/import')
      .auth(token, { type: 'bearer' })
      .attach('file', Buffer.from([HEADER, row('IMP-D-1')].join('\n')), {
        filename: 'agencies.csv',
        contentType: 'text/csv',
      })
      .expect(200);
    expect(res.body.created).toBe(1);
  });

  it('refuses a wrong header, naming the missing and unknown columns (400)', async () => {
    const header = HEADER.replace('nameEn', 'englishName');
    const res = await importCsv([header, row('IMP-E-1')].join('\n'));
    const problem = expectProblem(res, 400, 'CSV_REJECTED');
    expect(problem.detail).toMatch(/missing columns: nameEn; unknown columns: englishName/);
    expect(await count('IMP-E-%')).toBe(0);
  });

  it('refuses a malformed CSV (400), a file that is not UTF-8 (400), and an empty one (400)', async () => {
    expectProblem(await importCsv(`${HEADER}\n"unclosed,quote`), 400, 'CSV_REJECTED');
    expectProblem(await importCsv(Buffer.from([0xff, 0xfe, 0x41, 0x00])), 400, 'CSV_REJECTED');
    expectProblem(await importCsv(''), 400);
  });

  it('refuses a file over 5 MB (413) and another content type (415)', async () => {
    const big = `${HEADER}\n${row('IMP-F-1')}\n`.padEnd(5 * 1024 * 1024 + 10, ' ');
    expectProblem(await importCsv(big), 413, 'PAYLOAD_TOO_LARGE');
    const res = await request(t.http)
      .post('/api/v1/agencies/import')
      .auth(token, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send('<agencies/>');
    expectProblem(res, 415);
  });

  it('is closed to trainers (403)', async () => {
    const trainer = await t.fx.tokenFor(Role.Trainer);
    const res = await request(t.http)
      .post('/api/v1/agencies/import')
      .auth(trainer, { type: 'bearer' })
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(HEADER));
    expectProblem(res, 403);
  });

  it('serves a template whose header and example row import cleanly (dry run)', async () => {
    const res = await request(t.http)
      .get('/api/v1/agencies/import/template.csv')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.replace(/^\uFEFF/, '').split('\n')[0]).toBe(HEADER);
    const check = await importCsv(res.text, '?dryRun=true').expect(200);
    expect(check.body).toMatchObject({ created: 1, rejected: [] });
  });

  it('exports with the list filters, and importing the export changes nothing', async () => {
    await t.fx.agency({
      licenceNumber: 'EXP-0',
      province: 'LA-HO',
      nameEn: '=HYPERLINK("http://evil.example")',
    });
    // From a spreadsheet with gaps: its empty cells export as empty, and import again as nothing changed.
    await t.fx.agency({
      licenceNumber: 'EXP-GAPS',
      province: 'LA-HO',
      district: null,
      address: null,
      phone: null,
      email: null,
      destinationCountries: [],
      contactPerson: null,
    });
    await importCsv(
      [HEADER, row('EXP-1', { province: 'LA-HO' }), row('EXP-2', { province: 'LA-HO', email: '' })].join(
        '\n',
      ),
    ).expect(200);
    const exported = await request(t.http)
      .get('/api/v1/agencies/export.csv?province=LA-HO')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const lines = exported.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(`${HEADER},licenceStatus`);
    expect(lines).toHaveLength(5);
    expect(lines).toContainEqual(expect.stringMatching(/^EXP-GAPS,.*,LA-HO,,,,,,,active$/));
    // Spreadsheets must not run a cell as a formula: it is exported with a leading quote.
    expect(exported.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(exported.text).toContain(`'+856`);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    const reimport = await importCsv(exported.text).expect(200);
    expect(reimport.body).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: [] });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(before);
  });

  describe('spreadsheets as they are', () => {
    const agencyRow = (licence: string) =>
      t.db
        .query(
          `SELECT name_en, licence_issued_on::text AS issued, licence_expires_on::text AS expires, district,
                  address, phone, email, destination_countries, contact_person, version
             FROM agencies WHERE licence_number = $1`,
          [licence],
        )
        .then((rows) => rows[0]);
    const xlsx = async (build: (sheet: import('exceljs').Worksheet) => void) => {
      const workbook = new Workbook();
      build(workbook.addWorksheet('Agency register'));
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };

    it('imports a ministry sheet with gaps: ";" separators, CRLF, BOM, any column order and case, DD/MM/YYYY', async () => {
      const csv =
        '\uFEFF' +
        [
          ' Licence Number ;NAME_EN;nameLo;Licence issued on;licence_expires_on;Province;Phone;District',
          `IMP-G-1;"Gap Co.; Ltd.";ບໍລິສັດ ຊ່ອງຫວ່າງ;${ddmmyyyy(ISSUED)};${dmyyyy(EXPIRES)};LA-VT;+856 20 1234 5678;`,
          `IMP-G-2;Second Gap Co.;ບໍລິສັດ ທີສອງ;${ISSUED};${ddmmyyyy(EXPIRES)};LA-CH;;Pakse`,
          `IMP-G-3;Bad Date Co.;ບໍລິສັດ ທີສາມ;31/02/${ISSUED.slice(0, 4)};${ddmmyyyy(EXPIRES)};LA-CH;;`,
        ].join('\r\n') +
        '\r\n';
      const res = await importCsv(csv).expect(200);
      expect(res.body).toMatchObject({ created: 2, updated: 0, format: { type: 'csv', delimiter: ';' } });
      expect(res.body.rejected).toEqual([
        {
          line: 4,
          errors: [expect.objectContaining({ field: 'licenceIssuedOn' })],
        },
      ]);
      expect(await agencyRow('IMP-G-1')).toEqual({
        name_en: 'Gap Co.; Ltd.',
        issued: ISSUED,
        expires: EXPIRES,
        district: null,
        address: null,
        phone: '+856 20 12 345 678',
        email: null,
        destination_countries: [],
        contact_person: null,
        version: 1,
      });
      expect(await agencyRow('IMP-G-2')).toMatchObject({ district: 'Pakse', phone: null });
      const listed = await request(t.http)
        .get('/api/v1/agencies?q=IMP-G-1')
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(listed.body.items[0]).toMatchObject({
        district: null,
        phone: '+856 20 12 345 678',
        contactPerson: null,
      });
    });

    it('reads provinces and destination countries written by name, in English or Lao', async () => {
      const csv = [
        'licenceNumber;nameLo;nameEn;licenceIssuedOn;licenceExpiresOn;province;destinationCountries',
        `IMP-N-1;ບໍລິສັດ ນາມ ໜຶ່ງ;Name One Co.;${ISSUED};${EXPIRES};Savannakhet;Thailand, South Korea`,
        `IMP-N-2;ບໍລິສັດ ນາມ ສອງ;Name Two Co.;${ISSUED};${EXPIRES};ແຂວງຈຳປາສັກ;ໄທ, ຍີ່ປຸ່ນ`,
        `IMP-N-3;ບໍລິສັດ ນາມ ສາມ;Name Three Co.;${ISSUED};${EXPIRES};Bangkok;Atlantis`,
      ].join('\n');
      const res = await importCsv(csv).expect(200);
      expect(res.body).toMatchObject({ created: 2 });
      expect(res.body.rejected).toEqual([
        {
          line: 4,
          errors: [
            expect.objectContaining({ field: 'province', code: 'isProvinceCode' }),
            expect.objectContaining({ field: 'destinationCountries' }),
          ],
        },
      ]);
      const rows = await t.db.query(
        `SELECT licence_number, province, destination_countries FROM agencies
          WHERE licence_number IN ('IMP-N-1', 'IMP-N-2') ORDER BY licence_number`,
      );
      expect(rows).toEqual([
        { licence_number: 'IMP-N-1', province: 'LA-SV', destination_countries: ['TH', 'KR'] },
        { licence_number: 'IMP-N-2', province: 'LA-CH', destination_countries: ['TH', 'JP'] },
      ]);
    });

    it('leaves a stored field alone when its column is missing or its cell empty, and changes the rest', async () => {
      await importCsv([HEADER, row('IMP-K-1')].join('\n')).expect(200);
      const res = await importCsv(
        'licenceNumber,nameLo,nameEn,licenceIssuedOn,licenceExpiresOn,province,phone,email\n' +
          `IMP-K-1,ບໍລິສັດ ຈັດຫາງານ ແສງຈັນ ຈຳກັດ,Saengchan Employment Services Co.,${ddmmyyyy(ISSUED)},${ddmmyyyy(EXPIRES)},LA-VT,,\n`,
      ).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 1, rejected: [] });
      expect(await agencyRow('IMP-K-1')).toMatchObject({
        name_en: 'Saengchan Employment Services Co.',
        district: 'Chanthabouly',
        phone: '+856 21 222 333',
        email: 'hr@saengchan.la',
        contact_person: 'Noy Saengchan',
        version: 2,
      });
    });

    it('refuses unknown columns, naming them and the accepted ones, and missing required ones (400)', async () => {
      const unknown = expectProblem(
        await importCsv([`${HEADER},Fax,Remarks`, `${row('IMP-U-1')},,`].join('\n')),
        400,
        'CSV_REJECTED',
      );
      expect(unknown.detail).toMatch(/unknown columns: Fax, Remarks/);
      expect(unknown.detail).toMatch(
        /Required columns: licenceNumber, nameLo, nameEn, licenceIssuedOn, licenceExpiresOn, province; optional: district, address, phone, email, destinationCountries, contactPerson, licenceStatus/,
      );
      const missing = expectProblem(
        await importCsv('licenceNumber;nameEn;province\nIMP-U-2;Co;LA-VT\n'),
        400,
        'CSV_REJECTED',
      );
      expect(missing.detail).toMatch(/missing columns: nameLo, licenceIssuedOn, licenceExpiresOn/);
      expect(missing.detail).not.toMatch(/unknown/);
      expectProblem(await importCsv(`${HEADER}\r\n`), 400, 'CSV_REJECTED');
      expect(await count('IMP-U-%')).toBe(0);
    });

    it('refuses more than 20,000 rows (400), and an old .xls file saying what to do (400)', async () => {
      const rows = Array.from({ length: 20_001 }, (_, i) => `IMP-R-${i},ບໍລິສັດ,Co,${ISSUED},${EXPIRES},LA-VT`);
      const many = expectProblem(
        await importCsv(
          ['licenceNumber,nameLo,nameEn,licenceIssuedOn,licenceExpiresOn,province', ...rows].join('\n'),
        ),
        400,
        'CSV_REJECTED',
      );
      expect(many.detail).toMatch(/20001 rows; at most 20,000/);
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
      expect(expectProblem(await importCsv(xls), 400, 'CSV_REJECTED').detail).toMatch(
        /old Excel file \(\.xls\)/,
      );
    });

    it('imports an Excel workbook: real dates, a phone typed as a number, the sheet’s row numbers', async () => {
      const file = await xlsx((sheet) => {
        sheet.getRow(2).values = [
          'Licence number',
          'nameLo',
          'nameEn',
          'licenceIssuedOn',
          'licenceExpiresOn',
          'province',
          'phone',
          'destinationCountries',
        ];
        sheet.getRow(3).values = [
          'IMP-X-1',
          'ບໍລິສັດ ເອັກເຊວ',
          'Excel Employment Co.',
          new Date(`${ISSUED}T00:00:00Z`),
          new Date(`${EXPIRES}T00:00:00Z`),
          'LA-VT',
          2055551234,
          'TH, KR',
        ];
        sheet.getRow(5).values = [
          'IMP-X-2',
          'ບໍລິສັດ',
          'Bad Co.',
          ddmmyyyy(ISSUED),
          ddmmyyyy(EXPIRES),
          'LA-XX',
          12,
        ];
        sheet.getColumn(4).numFmt = 'dd/mm/yyyy';
        sheet.getColumn(5).numFmt = 'dd/mm/yyyy';
      });
      const res = await request(t.http)
        .post('/api/v1/agencies/import')
        .auth(token, { type: 'bearer' })
        .set('Content-Type', XLSX_TYPE)
        .send(file)
        .expect(200);
      expect(res.body).toMatchObject({ created: 1, format: { type: 'xlsx', worksheet: 'Agency register' } });
      expect(res.body.rejected).toEqual([
        {
          line: 5,
          errors: expect.arrayContaining([
            expect.objectContaining({ field: 'province' }),
            expect.objectContaining({ field: 'phone' }),
          ]),
        },
      ]);
      expect(await agencyRow('IMP-X-1')).toMatchObject({
        issued: ISSUED,
        expires: EXPIRES,
        phone: '+856 20 55 551 234',
        destination_countries: ['TH', 'KR'],
        district: null,
      });
      const multipart = await request(t.http)
        .post('/api/v1/agencies/import?dryRun=true')
        .auth(token, { type: 'bearer' })
        .attach('file', file, { filename: 'agencies.xlsx', contentType: 'application/octet-stream' })
        .expect(200);
      expect(multipart.body).toMatchObject({ created: 0, unchanged: 1, dryRun: true });
    });

    it('serves an Excel template that imports cleanly (dry run)', async () => {
      const res = await request(t.http)
        .get('/api/v1/agencies/import/template.xlsx')
        .auth(token, { type: 'bearer' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expect(res.headers['content-disposition']).toMatch(/agencies-template\.xlsx/);
      const workbook = new Workbook();
      await workbook.xlsx.load(res.body);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).values).toEqual([undefined, ...AGENCY_CSV_COLUMNS]);
      expect(sheet.getCell('D2').value).toEqual(new Date('2023-03-01T00:00:00Z'));
      const check = await request(t.http)
        .post('/api/v1/agencies/import?dryRun=true')
        .auth(token, { type: 'bearer' })
        .attach('file', res.body, { filename: 'agencies-template.xlsx' })
        .expect(200);
      expect(check.body).toMatchObject({ created: 1, rejected: [], format: { type: 'xlsx' } });
    });
  });

  describe('two imports of overlapping files at once', () => {
    /** 100 licences: the first half registered already, the second half new to the register. */
    async function overlappingFile(prefix: string): Promise<string[]> {
      const lines = Array.from({ length: 100 }, (_, i) => row(`${prefix}-${String(i).padStart(3, '0')}`));
      await importCsv([HEADER, ...lines.slice(0, 50)].join('\n')).expect(200);
      return lines;
    }

    it.each([1, 2, 3])(
      'applies both when their rows run in opposite orders, without a deadlock (run %i)',
      async (run) => {
        const lines = await overlappingFile(`IMP-X${run}`);
        const [forward, backward] = await Promise.all([
          importCsv([HEADER, ...lines].join('\n')),
          importCsv([HEADER, ...[...lines].reverse()].join('\n')),
        ]);
        expect([forward.status, backward.status]).toEqual([200, 200]);
        expect(forward.body.created + backward.body.created).toBe(50);
        expect(await count(`IMP-X${run}-%`)).toBe(100);
      },
    );

    it('applies both when their rows run in the same order (an upsert, not a 409)', async () => {
      const lines = await overlappingFile('IMP-S');
      const file = [HEADER, ...lines].join('\n');
      const [first, second] = await Promise.all([importCsv(file), importCsv(file)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.body.created + second.body.created).toBe(50);
      expect(first.body.rejected).toEqual([]);
      expect(await count('IMP-S-%')).toBe(100);
    });
  });
});
