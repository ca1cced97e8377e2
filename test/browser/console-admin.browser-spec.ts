import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { Clock } from '../../src/common/clock';
import { Role } from '../../src/common/role';
import { UsersService } from '../../src/users/users.service';
import { type BrowserTestApp, launchBrowser, startServer } from './browser';
import { expectGoodConsolePage, signInStaff, submitWith } from './console';

const LOOKS = [
  ['lo', 'phone'],
  ['lo', 'desktop'],
  ['en', 'phone'],
] as const;

describe('Staff console: users, reports and the audit log', () => {
  let server: BrowserTestApp;
  let browser: Browser;

  beforeAll(async () => {
    // The demo data: a year of trainings, cases and certificates for the report to show.
    [server, browser] = await Promise.all([startServer({ env: { DEMO_DATA: 'true' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(LOOKS)(
    'an admin creates a trainer and deactivates a user whose open session then ends (%s, %s)',
    async (language, device) => {
      const admin = await signInStaff(server, browser, [Role.Admin], { language, device });
      const { page } = admin;
      await page.goto(`${server.baseUrl}/staff/users`);
      await expectGoodConsolePage(admin, 'users-list');

      await submitWith(page, page.locator('a[href="/staff/users/new"]'));
      await expectGoodConsolePage(admin, 'users-new');
      const suffix = randomBytes(3).toString('hex');
      await page.locator('input[name=name]').fill(`Trainer ${suffix}`);
      await page.locator('input[name=email]').fill(`trainer-${suffix}@example.la`);
      await page.locator('input[name=roles][value=trainer]').check();
      await page.locator('input[name=password]').fill('a long enough password');
      await submitWith(page, page.locator('form[action="/staff/users"] button[type=submit]'));
      expect(await page.locator('.notice').innerText()).toContain(`Trainer ${suffix}`);
      await expectGoodConsolePage(admin, 'users-edit');

      // Another person is signed in, in a browser of their own.
      const other = await server.fx.user({ roles: [Role.Iom] });
      const theirs = await signInStaff(server, browser, [], { user: { ...other, roles: other.roles } });
      await page.goto(`${server.baseUrl}/staff/users/${other.id}`);
      await submitWith(page, page.locator(`form[action="/staff/users/${other.id}/active"] button`));
      expect(await page.locator('.badge').first().innerText()).toMatch(/ປິດການໃຊ້ງານແລ້ວ|Deactivated/);
      await expectGoodConsolePage(admin, 'users-deactivated');

      await submitWith(theirs.page, theirs.page.locator('a[href="/staff/account"]').first());
      expect(theirs.page.url()).toContain('/staff/sign-in?next=%2Fstaff%2Faccount&reason=ended');
      await theirs.context.close();
      await admin.context.close();
    },
  );

  it('an admin sees a refused form with its errors by the fields (lo, phone)', async () => {
    const admin = await signInStaff(server, browser, [Role.Admin]);
    const { page } = admin;
    await page.goto(`${server.baseUrl}/staff/users/new`);
    await page.locator('input[name=email]').fill('not-an-email');
    await submitWith(page, page.locator('form[action="/staff/users"] button[type=submit]'));
    expect(await page.locator('.error-summary li').count()).toBeGreaterThanOrEqual(3);
    admin.problems.splice(0); // the 400 answer is the page itself
    await expectGoodConsolePage(admin, 'users-new-refused');
    await admin.context.close();
  });

  it.each(LOOKS)(
    'IOM reads the reports for a period and downloads a CSV (%s, %s)',
    async (language, device) => {
      const iom = await signInStaff(server, browser, [Role.Iom], { language, device });
      const { page } = iom;
      const today = server.app.get(Clock).today();
      const from = `${today.slice(0, 4)}-01-01`;
      await page.goto(`${server.baseUrl}/staff/reports`);
      await page.locator('input[name=from]').fill(from);
      await page.locator('input[name=to]').fill(today);
      await submitWith(page, page.locator('form[action="/staff/reports"] button[type=submit]'));
      expect(page.url()).toContain(`from=${from}&to=${today}`);
      expect(await page.locator('svg.chart[role=img]').count()).toBe(4);
      await expectGoodConsolePage(iom, 'reports');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a[href^="/staff/reports/overview.csv"]').click(),
      ]);
      expect(download.suggestedFilename()).toBe('overview.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv).toContain(`period,from,,${from}`);
      await iom.context.close();
    },
  );

  it.each(LOOKS)(
    'a ministry official filters the audit log and reads the changes (%s, %s)',
    async (language, device) => {
      const admin = await server.fx.actor(Role.Admin);
      const users = server.app.get(UsersService);
      const someone = await server.fx.user({ roles: [Role.Trainer] });
      await users.update(
        someone.id,
        { name: `${someone.name} Renamed`, roles: [Role.Trainer, Role.Auditor], version: someone.version },
        admin,
      );
      const official = await signInStaff(server, browser, [Role.Ministry], { language, device });
      const { page } = official;
      await page.goto(`${server.baseUrl}/staff/audit-log`);
      await expectGoodConsolePage(official, 'audit-log');
      await page.locator('select[name=entityType]').selectOption('user');
      await page.locator('select[name=actorId]').selectOption(admin.id);
      await page.locator('select[name=action]').selectOption('user.updated');
      await submitWith(page, page.locator('form[action="/staff/audit-log"] button[type=submit]'));
      const entry = page.locator('.audit-entries > li').first();
      expect(await entry.locator('ins').first().innerText()).toBe(`${someone.name} Renamed`);
      expect(await entry.innerText()).toContain(admin.name);
      expect(await entry.locator(`a[href="/staff/users/${someone.id}"]`).count()).toBe(1);
      await expectGoodConsolePage(official, 'audit-log-filtered');
      await official.context.close();
    },
  );
});
