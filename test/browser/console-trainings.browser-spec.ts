import { stringify } from 'csv-stringify/sync';
import type { Browser, Page } from 'playwright-core';
import { Role } from '../../src/common/role';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { Sex } from '../../src/trainings/training.enums';
import { type BrowserTestApp, launchBrowser, screenshot, startServer } from './browser';
import { expectGoodConsolePage, type StaffBrowser, signInStaff, submitWith } from './console';

/**
 * A two-day IRIS workshop as IOM and its trainer run it: IOM creates it with a Lao title on a desktop;
 * the trainer, on a 360×740 phone at the door, adds a walk-in, taps day 1's marks (JavaScript on), saves
 * day 2 with JavaScript off, prints the sign-in sheet and imports the typed-up sheet through its preview.
 */
// Each journey drives many pages with axe on a machine shared by other work: more time than the default.
jest.setTimeout(150_000);

describe('Staff console: a training day at the door', () => {
  let server: BrowserTestApp;
  let browser: Browser;
  let trainer: StaffBrowser['user'];
  let agency: { id: string; nameLo: string; nameEn: string; licenceNumber: string };
  let trainingId: string;
  let days: string[];
  const open = (page: Page, path: string) => page.goto(`${server.baseUrl}${path}`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    days = [server.day(0), server.day(1)];
    const user = await server.fx.user({ name: 'Khamphone Trainer', roles: [Role.Trainer] });
    trainer = { id: user.id, email: user.email, name: user.name, roles: user.roles as Role[] };
    agency = await server.fx.agency({ nameEn: 'Sisavath Recruitment Co., Ltd.' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('IOM creates a two-day training with a Lao title and assigns the trainer (Lao, desktop)', async () => {
    const iom = await signInStaff(server, browser, [Role.Iom], { device: 'desktop' });
    const { page } = iom;
    await open(page, '/staff/trainings');
    await expectGoodConsolePage(iom, 'trainings-list');
    await submitWith(page, page.locator('a.button[href="/staff/trainings/new"]'));
    await expectGoodConsolePage(iom, 'trainings-new');
    await page.locator('#field-titleLo').fill('ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ');
    await page.locator('#field-title').fill('IRIS ethical recruitment training');
    await page.locator('#day-1').fill(days[0]);
    await submitWith(page, page.locator('button[name=addDay]'));
    await page.locator('#day-2').fill(days[1]);
    await page.locator('#field-venue').fill('Lao Plaza Hotel');
    await page.locator('#field-province').selectOption('LA-VT');
    await page.locator('#field-organiser').fill('IOM and MoLSW');
    await page.getByLabel(trainer.name).check();
    await submitWith(page, page.locator('form.card > button[type=submit]'));
    trainingId = /\/staff\/trainings\/([0-9a-f-]{36})$/.exec(page.url())![1];
    expect(await page.locator('h1').innerText()).toBe('ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ');
    await expectGoodConsolePage(iom, 'trainings-show');
    await iom.context.close();

    // Two people registered before the day.
    const attendance = server.app.get(AttendanceService);
    for (const [fullName, sex] of [
      ['Vanida Sisouk', Sex.Female],
      ['Somchai Keo', Sex.Male],
    ] as const) {
      await attendance.addParticipant(
        trainingId,
        { fullName, sex, position: 'Recruitment officer', agencyId: agency.id },
        { ...trainer, requestId: '' },
      );
    }
  });

  it('the trainer, on a phone, adds a walk-in and taps day 1’s marks (JavaScript on)', async () => {
    const staff = await signInStaff(server, browser, [], { user: trainer });
    const { page } = staff;
    await open(page, '/staff/trainings');
    await expectGoodConsolePage(staff, 'trainings-list');
    await submitWith(page, page.locator('.trainings-cards a.trainings-card-title').first());
    await expectGoodConsolePage(staff, 'trainings-show');
    await submitWith(page, page.locator(`a[href$="/days/${days[0]}"]`));
    await expectGoodConsolePage(staff, 'trainings-day');

    await page.locator('#field-fullName').fill('Walk-in Person');
    await page.locator('input[name=sex][value=female]').check();
    await page
      .locator('#walk-in-agency')
      .fill(`${agency.nameLo} / ${agency.nameEn} (${agency.licenceNumber})`);
    await page.locator('#field-position').fill('Driver');
    await submitWith(page, page.getByRole('button', { name: 'ເພີ່ມ ແລະ ໝາຍວ່າມາ' }));
    expect(await page.locator('.notice').innerText()).toContain('Walk-in Person');
    expect(await page.locator('#day-counts').innerText()).toContain('ມາ 1 ຈາກ 3 ຄົນ, ຍິງ 1 ຄົນ');

    // One tap, one saved mark: the counts follow without a page load.
    const tap = async (name: string, status: string) => {
      const person = page.locator('fieldset.trainings-person', { hasText: name });
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/marks/') && r.status() === 200),
        person.locator(`label.trainings-status-${status}`).tap(),
      ]);
    };
    await tap('Vanida Sisouk', 'present');
    await tap('Somchai Keo', 'late');
    await page.waitForFunction(() =>
      document.querySelector('#day-counts')?.textContent?.includes('ມາ 3 ຈາກ 3'),
    );
    await expectGoodConsolePage(staff, 'trainings-day-marked');
    const marks = await server.db.query(
      `SELECT p.full_name, m.status FROM attendance_marks m JOIN participants p ON p.id = m.participant_id
       WHERE m.day = $1 ORDER BY p.full_name`,
      [days[0]],
    );
    expect(marks).toEqual([
      { full_name: 'Somchai Keo', status: 'late' },
      { full_name: 'Vanida Sisouk', status: 'present' },
      { full_name: 'Walk-in Person', status: 'present' },
    ]);

    // The printable sign-in sheet.
    const sheet = await page.request.get(`${server.baseUrl}/staff/trainings/${trainingId}/sign-in-sheet.pdf`);
    expect(sheet.status()).toBe(200);
    expect(sheet.headers()['content-type']).toBe('application/pdf');
    expect((await sheet.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await staff.context.close();
  });

  it('the trainer marks day 2 with JavaScript off: one save for all', async () => {
    const staff = await signInStaff(server, browser, [], { user: trainer, javaScriptEnabled: false });
    const { page } = staff;
    await open(page, `/staff/trainings/${trainingId}/days/${days[1]}`);
    // axe and the overflow check run scripts in the page, which this context refuses: the same page
    // passed them with JavaScript on; here it is only photographed.
    await screenshot(page, 'console/trainings-day-nojs-lo-phone');
    for (const [name, status] of [
      ['Vanida Sisouk', 'present'],
      ['Somchai Keo', 'absent'],
      ['Walk-in Person', 'excused'],
    ]) {
      await page
        .locator('fieldset.trainings-person', { hasText: name })
        .locator(`label.trainings-status-${status} input`)
        .check({ timeout: 5000 });
    }
    await submitWith(page, page.locator('button.trainings-save'));
    expect(await page.locator('.notice').innerText()).toContain('3');
    expect(await page.locator('#day-counts').innerText()).toContain('ມາ 1 ຈາກ 3 ຄົນ, ຍິງ 1 ຄົນ');
    await staff.context.close();
  });

  it('the trainer imports a typed-up sheet with F, ຍິງ and a blank through the preview', async () => {
    const staff = await signInStaff(server, browser, [], { user: trainer });
    const { page } = staff;
    await open(page, `/staff/trainings/${trainingId}/import`);
    await expectGoodConsolePage(staff, 'trainings-import');
    const csv = stringify([
      ['licenceNumber', 'fullName', 'sex', 'position', ...days],
      [agency.licenceNumber, 'Manivone Paper', 'F', 'Clerk', '✓', ''],
      [agency.licenceNumber, 'Noy Paper', 'ຍິງ', 'Clerk', 'x', '✓'],
    ]);
    await page.locator('input[type=file]').setInputFiles({
      name: 'sign-in-sheet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await submitWith(page, page.locator('form[enctype] button[type=submit]'));
    await expectGoodConsolePage(staff, 'trainings-import-preview');
    const readings = await page.locator('.trainings-spellings').innerText();
    expect(readings).toContain('F → ຍິງ');
    expect(readings).toContain('✓ → ມາ');
    await submitWith(page, page.locator('button[name=confirm]'));
    expect(await page.locator('.notice').innerText()).toContain('ເພີ່ມ 2');
    await expectGoodConsolePage(staff, 'trainings-show-imported');
    const [{ n }] = await server.db.query(
      `SELECT count(*)::int AS n FROM participants WHERE training_id = $1 AND sex = 'female'`,
      [trainingId],
    );
    expect(n).toBe(4);
    await staff.context.close();
  });

  it.each([
    ['lo', 'phone'],
    ['en', 'phone'],
    ['lo', 'desktop'],
  ] as const)('the trainer’s screens read well (%s, %s)', async (language, device) => {
    const [{ id: walkInId }] = await server.db.query(
      `SELECT id FROM participants WHERE training_id = $1 AND full_name = 'Walk-in Person'`,
      [trainingId],
    );
    const staff = await signInStaff(server, browser, [], { user: trainer, language, device });
    const { page } = staff;
    for (const [path, name] of [
      ['/staff/trainings', 'trainings-list'],
      [`/staff/trainings/${trainingId}`, 'trainings-show'],
      [`/staff/trainings/${trainingId}/days/${days[0]}`, 'trainings-day'],
      [`/staff/trainings/${trainingId}/participants/new`, 'trainings-participant'],
      [`/staff/trainings/${trainingId}/edit`, 'trainings-edit'],
      [`/staff/trainings/${trainingId}/import`, 'trainings-import'],
      [`/staff/trainings/${trainingId}/participants/${walkInId}/edit`, 'trainings-participant-edit'],
    ]) {
      await open(page, path);
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      await expectGoodConsolePage(staff, name);
    }
    await server.db.query(`UPDATE users SET language = 'lo' WHERE id = $1`, [trainer.id]);
    await staff.context.close();
  });

  it('another trainer gets a refusal page', async () => {
    const other = await signInStaff(server, browser, [Role.Trainer]);
    const { page } = other;
    const res = await open(other.page, `/staff/trainings/${trainingId}/days/${days[0]}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('ບໍ່');
    await expectGoodConsolePage(other, 'trainings-refused');
    await other.context.close();
  });
});
