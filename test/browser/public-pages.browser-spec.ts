import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import { binary } from '../utils/http';
import {
  BrowserTestApp,
  checkAccessibility,
  horizontalOverflow,
  launchBrowser,
  newPhonePage,
  type PhonePage,
  screenshot,
  startServer,
} from './browser';

const LAO_NAME = 'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ';

/** What every public page must be on a 360×740 phone: no sideways scrolling, no errors, no serious axe violation. */
async function expectPhoneFriendly(phone: PhonePage, name: string): Promise<void> {
  await screenshot(phone.page, name);
  expect({ name, overflow: (await horizontalOverflow(phone.page)) > 0 }).toEqual({ name, overflow: false });
  expect({ name, violations: await checkAccessibility(phone.page, name) }).toEqual({ name, violations: [] });
  expect({ name, problems: phone.problems }).toEqual({ name, problems: [] });
}

const verdictOf = (page: Page) => page.locator('[data-verdict]').getAttribute('data-verdict');

describe('Public pages in a phone browser', () => {
  let server: BrowserTestApp;
  let browser: Browser;
  let valid: { agencyId: string; number: string; verifyUrl: string; pdf: Buffer };
  let suspended: { agencyId: string; number: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const auditor = (await server.fx.signIn([Role.Auditor])).user;
    const staff = await server.fx.tokenFor(Role.Ministry);
    const certified = await server.fx.caseIn(Stage.Certified, auditor);
    const number = certified.certificateNumber!;
    const pdf = await request(server.http)
      .get(`/api/v1/certificates/${number}/pdf`)
      .auth(staff, { type: 'bearer' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const publicView = await request(server.http).get(`/api/v1/public/certificates/${number}`).expect(200);
    valid = { agencyId: certified.agency.id, number, verifyUrl: publicView.body.verifyUrl, pdf: pdf.body };
    const s = await server.fx.caseIn(Stage.Suspended, auditor);
    suspended = { agencyId: s.agency.id, number: s.certificateNumber! };
    await server.fx.agency({ nameLo: LAO_NAME, nameEn: 'Sisavath Recruitment Co., Ltd.', province: 'LA-SV' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds an agency by its Lao name from the search form, in Lao, and opens its profile', async () => {
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    const { page } = phone;
    await page.goto(`${server.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('lo');
    await expectPhoneFriendly(phone, 'home-lo');

    await page.getByLabel('ຊື່ບໍລິສັດ ຫຼື ເລກທີໃບອະນຸຍາດ').fill('ສີສະຫວາດ');
    await page.getByRole('button', { name: 'ຄົ້ນຫາ' }).click();
    await page.waitForURL(/q=/);
    const results = page.locator('article.agency');
    expect(await results.count()).toBe(1);
    await expect(results.first().innerText()).resolves.toContain(LAO_NAME);
    await expect(results.first().innerText()).resolves.toContain('ບໍ່ໄດ້ຮັບການຢັ້ງຢືນ');
    await expectPhoneFriendly(phone, 'search-lo');

    await results.first().getByRole('link', { name: LAO_NAME }).click();
    await page.waitForURL(/\/agencies\//);
    expect(await page.locator('h1').innerText()).toBe(LAO_NAME);
    await expectPhoneFriendly(phone, 'agency-lo');
    await phone.context.close();
  });

  it('shows a suspended agency’s profile with its badge, reason and timeline', async () => {
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    await phone.page.goto(`${server.baseUrl}/agencies/${suspended.agencyId}`);
    const text = await phone.page.locator('main').innerText();
    expect(text).toContain('ໃບຢັ້ງຢືນຖືກໂຈະ');
    expect(text).toContain('A worker was charged a recruitment fee');
    expect(await phone.page.locator('ol.timeline li').count()).toBe(4);
    await expectPhoneFriendly(phone, 'agency-suspended-lo');
    await phone.context.close();
  });

  it('opens the verify page from the certificate’s QR URL with one clear answer', async () => {
    expect(valid.verifyUrl).toBe(`${server.baseUrl}/verify/${valid.number}`);
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    await phone.page.goto(valid.verifyUrl);
    expect(await verdictOf(phone.page)).toBe('valid');
    expect(await phone.page.locator('h1').innerText()).toBe('ໃບຢັ້ງຢືນຍັງມີຜົນໃຊ້ໄດ້');
    expect(await phone.page.locator('[data-signature]').getAttribute('data-signature')).toBe('valid');
    await expectPhoneFriendly(phone, 'verify-valid-lo');

    await phone.page.goto(`${server.baseUrl}/verify/${suspended.number}`);
    expect(await verdictOf(phone.page)).toBe('suspended');
    expect(await phone.page.locator('.verdict').innerText()).toContain(
      'A worker was charged a recruitment fee',
    );
    await expectPhoneFriendly(phone, 'verify-suspended-lo');

    await phone.page.goto(`${server.baseUrl}/verify/IRIS-LA-2021-0042`);
    expect(await verdictOf(phone.page)).toBe('not_found');
    expect(await phone.page.locator('h1').innerText()).toBe('ບໍ່ພົບໃບຢັ້ງຢືນນີ້ — ອາດເປັນໃບປອມ');
    await expectPhoneFriendly(phone, 'verify-not-found-lo');
    await phone.context.close();
  });

  it('checks a number typed into /verify', async () => {
    const phone = await newPhonePage(browser, { locale: 'en-US' });
    await phone.page.goto(`${server.baseUrl}/verify`);
    expect(await phone.page.getAttribute('html', 'lang')).toBe('en');
    await expectPhoneFriendly(phone, 'verify-form-en');
    await phone.page.getByLabel('Certificate number').fill(valid.number.toLowerCase());
    await phone.page.getByRole('button', { name: 'Check the number' }).click();
    await phone.page.waitForURL(`**/verify/${valid.number}?lang=en`);
    expect(await verdictOf(phone.page)).toBe('valid');
    await phone.context.close();
  });

  it('tells the genuine PDF from an altered one when uploaded', async () => {
    const phone = await newPhonePage(browser, { locale: 'en-US' });
    const { page } = phone;
    await page.goto(`${server.baseUrl}/verify`);
    await page.getByLabel('Certificate PDF file').setInputFiles({
      name: `${valid.number}.pdf`,
      mimeType: 'application/pdf',
      buffer: valid.pdf,
    });
    await page.getByRole('button', { name: 'Check the PDF' }).click();
    await page.waitForSelector('[data-verdict]');
    expect(await verdictOf(page)).toBe('valid');
    expect(await page.locator('.verdict').innerText()).toContain(
      'This PDF is the genuine file issued by the ministry.',
    );
    await expectPhoneFriendly(phone, 'verify-upload-genuine-en');

    const altered = Buffer.from(valid.pdf);
    altered[Math.floor(altered.length / 2)] ^= 0x20;
    await page.goto(`${server.baseUrl}/verify`);
    await page.getByLabel('Certificate PDF file').setInputFiles({
      name: 'altered.pdf',
      mimeType: 'application/pdf',
      buffer: altered,
    });
    await page.getByRole('button', { name: 'Check the PDF' }).click();
    await page.waitForSelector('[data-verdict]');
    expect(await verdictOf(page)).toBe('forged');
    expect(await page.locator('h1').innerText()).toBe('Not a genuine certificate');
    await expectPhoneFriendly(phone, 'verify-upload-altered-en');
    await phone.context.close();
  });

  it('switches between Lao and English and keeps the search', async () => {
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    const { page } = phone;
    await page.goto(`${server.baseUrl}/?province=LA-SV`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Is this recruitment agency licensed and certified?');
    expect(await page.locator('#province').inputValue()).toBe('LA-SV');
    expect(await page.locator('article.agency h3').innerText()).toBe('Sisavath Recruitment Co., Ltd.');
    // The other language's name is marked as Lao for screen readers and the Lao font.
    expect(await page.locator('article.agency .other-name').getAttribute('lang')).toBe('lo');
    await expectPhoneFriendly(phone, 'search-en');
    await page.getByRole('link', { name: 'ພາສາລາວ' }).click();
    await page.waitForURL(/lang=lo/);
    expect(await page.getAttribute('html', 'lang')).toBe('lo');
    await phone.context.close();
  });

  it('renders Lao text in the Noto Sans Lao web font', async () => {
    const phone = await newPhonePage(browser, { locale: 'lo-LA' });
    await phone.page.goto(`${server.baseUrl}/`);
    await phone.page.evaluate(() => document.fonts.ready);
    const loaded = await phone.page.evaluate(() => document.fonts.check('16px "Noto Sans Lao"', 'ກ'));
    expect(loaded).toBe(true);
    await phone.context.close();
  });
});
