import type { Browser } from 'playwright-core';
import { Role } from '../../src/common/role';
import { type BrowserTestApp, launchBrowser, newPhonePage, startServer } from './browser';
import { expectGoodConsolePage, signInStaff } from './console';

describe('Staff console: signing in and the Today page', () => {
  let server: BrowserTestApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['lo', 'phone'],
    ['en', 'phone'],
    ['lo', 'desktop'],
  ] as const)(
    'an official signs in and sees today’s work and their account (%s, %s)',
    async (language, device) => {
      const staff = await signInStaff(server, browser, [Role.Ministry], { language, device });
      const { page } = staff;
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      await expectGoodConsolePage(staff, 'today');
      await page.goto(`${server.baseUrl}/staff/account`);
      await expectGoodConsolePage(staff, 'account');
      await staff.context.close();
    },
  );

  it('shows the sign-in form with its errors, in Lao, on a phone', async () => {
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    const { page } = phone;
    await page.goto(`${server.baseUrl}/staff/sign-in`);
    await expectGoodConsolePage(phone, 'sign-in');
    await page.locator('input[name=email]').fill('nobody@example.la');
    await page.locator('input[name=password]').fill('not-a-password');
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').click()]);
    expect(await page.locator('.error-summary').innerText()).toContain('ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ');
    // The summary takes the focus, so a screen reader reads it first.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    phone.problems.splice(0); // the 401 answer of the refused sign-in is the page itself
    await expectGoodConsolePage(phone, 'sign-in-refused');
    await phone.context.close();
  });

  it('refuses a form posted from another site (no CSRF token), changing nothing', async () => {
    const staff = await signInStaff(server, browser, [Role.Ministry]);
    const { page } = staff;
    // A hostile page submits a form to the console with the official's cookie.
    await page.setContent(
      `<form method="post" action="${server.baseUrl}/staff/account/language"><input name="language" value="en"></form>`,
    );
    await Promise.all([page.waitForNavigation(), page.evaluate(() => document.forms[0].submit())]);
    // SameSite=Lax keeps the cookie off a cross-site POST; either way the console refuses it.
    expect(page.url()).toMatch(/\/staff\/(sign-in|account\/language)/);
    const [row] = await server.db.query('SELECT language FROM users WHERE id = $1', [staff.user.id]);
    expect(row.language).toBe('lo');
    await staff.context.close();
  });
});
