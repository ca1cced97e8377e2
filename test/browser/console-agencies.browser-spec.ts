import { stringify } from 'csv-stringify/sync';
import { Workbook } from 'exceljs';
import type { Browser } from 'playwright-core';
import { AGENCY_CSV_COLUMNS } from '../../src/agencies/agency-csv';
import { addDays } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import { XLSX_TYPE } from '../../src/common/xlsx';
import { type BrowserTestApp, launchBrowser, startServer } from './browser';
import { expectGoodConsolePage, type StaffBrowser, signInStaff, submitWith } from './console';

type Column = (typeof AGENCY_CSV_COLUMNS)[number];

describe('Staff console: the agency register, as a ministry official', () => {
  let server: BrowserTestApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const today = server.today();
    await server.fx.agency({ licenceIssuedOn: addDays(today, -700), licenceExpiresOn: addDays(today, 25) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Sheet rows for an import: `good` new agencies and one with a province that does not exist. */
  const sheetRows = (good: number): string[][] => {
    const rows = Array.from({ length: good + 1 }, (_, i) => {
      const body = server.fx.agencyBody();
      const cells: Record<Column, string> = {
        ...body,
        district: body.district ?? '',
        address: body.address ?? '',
        phone: body.phone ?? '',
        email: body.email ?? '',
        contactPerson: body.contactPerson ?? '',
        destinationCountries: 'TH;JP',
        province: i === good ? 'Atlantis' : 'LA-CH',
      };
      return AGENCY_CSV_COLUMNS.map((column) => cells[column]);
    });
    return [[...AGENCY_CSV_COLUMNS], ...rows];
  };
  const xlsxOf = async (rows: string[][]) => {
    const book = new Workbook();
    const sheet = book.addWorksheet('Agencies');
    rows.forEach((row) => sheet.addRow(row));
    return Buffer.from(await book.xlsx.writeBuffer());
  };

  /** Upload → preview (one line refused, with its reason) → confirm, back on the register with a notice. */
  async function importSheet(staff: StaffBrowser, file: { name: string; mimeType: string; buffer: Buffer }) {
    const { page } = staff;
    await page.goto(`${server.baseUrl}/staff/agencies/import`);
    await expectGoodConsolePage(staff, 'agencies-import');
    await page.locator('input[type=file]').setInputFiles(file);
    await submitWith(page, page.locator('main form button[type=submit]'));
    expect(page.url()).toMatch(/\/staff\/agencies\/import\/[0-9a-f-]{36}$/);
    expect(await page.locator('.badge.tone-bad').count()).toBe(1);
    await expectGoodConsolePage(staff, 'agencies-import-preview');
    await submitWith(page, page.locator('main form button[type=submit]'));
    expect(await page.locator('.notice').innerText()).toMatch(/2/);
  }

  it.each([
    ['lo', 'phone'],
    ['lo', 'desktop'],
    ['en', 'desktop'],
  ] as const)(
    'follows the expiring licences, registers, changes a licence, imports, resolves a conflict (%s, %s)',
    async (language, device) => {
      const staff = await signInStaff(server, browser, [Role.Ministry], { language, device });
      const { page } = staff;

      // Today → the licences about to expire.
      await expectGoodConsolePage(staff, 'agencies-today');
      await submitWith(page, page.locator('a[href*="expiresBefore"]'));
      expect(page.url()).toContain('licenceStatus=active');
      expect(await page.locator('table.agencies tbody tr').count()).toBeGreaterThan(0);
      await expectGoodConsolePage(staff, 'agencies-list');

      // Register an agency with a Lao name, first with a mistake.
      await submitWith(page, page.locator('a[href="/staff/agencies/new"]'));
      await expectGoodConsolePage(staff, 'agencies-new');
      const body = server.fx.agencyBody();
      await page.locator('#field-licenceNumber').fill(body.licenceNumber);
      await page.locator('#field-nameLo').fill('Sengdao Recruitment');
      await page.locator('#field-nameEn').fill('Sengdao Recruitment Co., Ltd.');
      await page.locator('#field-licenceIssuedOn').fill(body.licenceIssuedOn);
      await page.locator('#field-licenceExpiresOn').fill(body.licenceExpiresOn);
      await page.locator('#field-province').selectOption('LA-SV');
      await page.locator('input[name=destinationCountries][value=TH]').check();
      await submitWith(page, page.locator('main form button[type=submit]'));
      expect(await page.locator('.error-summary a[href="#field-nameLo"]').count()).toBe(1);
      staff.problems.splice(0); // the 400 answer is the form itself
      await expectGoodConsolePage(staff, 'agencies-new-refused');
      await page.locator('#field-nameLo').fill('ບໍລິສັດ ແສງດາວ ຈັດຫາງານ ຈຳກັດ');
      await submitWith(page, page.locator('main form button[type=submit]'));
      expect(page.url()).toMatch(/\/staff\/agencies\/[0-9a-f-]{36}$/);
      await expectGoodConsolePage(staff, 'agencies-agency');
      const agencyUrl = page.url();

      // Suspend its licence, with a reason.
      await page.locator('input[name=status][value=suspended]').check();
      await page.locator('#field-reason').fill('Inspection found fees charged to jobseekers');
      await submitWith(page, page.locator('form[action$="/licence"] button[type=submit]'));
      expect(await page.locator('.notice').count()).toBe(1);
      await expectGoodConsolePage(staff, 'agencies-licence-changed');

      // Import a CSV, then an Excel workbook, each with one bad line.
      await importSheet(staff, {
        name: 'agencies.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(stringify(sheetRows(2))),
      });
      await expectGoodConsolePage(staff, 'agencies-imported');
      await importSheet(staff, {
        name: 'agencies.xlsx',
        mimeType: XLSX_TYPE,
        buffer: await xlsxOf(sheetRows(2)),
      });

      // A colleague saves the agency while this official is editing it.
      await page.goto(`${agencyUrl}/edit`);
      await expectGoodConsolePage(staff, 'agencies-edit');
      await page.locator('#field-contactPerson').fill('Bounmy Keo');
      const colleague = await signInStaff(server, browser, [Role.Ministry], { language, device });
      await colleague.page.goto(`${agencyUrl}/edit`);
      await colleague.page.locator('#field-district').fill('Kaysone Phomvihane');
      await submitWith(colleague.page, colleague.page.locator('main form button[type=submit]'));
      await colleague.context.close();

      await submitWith(page, page.locator('main form button[type=submit]'));
      expect(await page.locator('.conflict').innerText()).toContain('Kaysone Phomvihane');
      staff.problems.splice(0); // the 409 answer is the form itself
      await expectGoodConsolePage(staff, 'agencies-conflict');
      await submitWith(page, page.locator('main form button[type=submit]'));
      expect(page.url()).toBe(agencyUrl);
      const text = await page.locator('main').innerText();
      expect(text).toContain('Kaysone Phomvihane');
      expect(text).toContain('Bounmy Keo');
      await staff.context.close();
    },
    300_000,
  );
});
