import type { Browser } from 'playwright-core';
import { AuditsService } from '../../src/certification/audits.service';
import { FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Clock } from '../../src/common/clock';
import { addDays } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { type BrowserTestApp, launchBrowser, startServer } from './browser';
import { expectGoodConsolePage, signInStaff, submitWith } from './console';

describe('Staff console: an auditor takes a case to certification', () => {
  let server: BrowserTestApp;
  let browser: Browser;
  let today: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    today = server.app.get(Clock).today();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('on a phone, in Lao: from capacity building to certified, through a major finding, to the QR code', async () => {
    const auditor = await signInStaff(server, browser, [Role.Auditor], { language: 'lo' });
    const { page } = auditor;
    const opened = await server.fx.caseIn(Stage.CapacityBuilding, auditor.user as UserResponseDto);
    const moveButton = (stage: Stage) =>
      page.locator(`form:has(input[name=to][value=${stage}]) button[type=submit]`);

    await expectGoodConsolePage(auditor, 'cases-today');
    await page.goto(`${server.baseUrl}/staff/cases?auditorId=${auditor.user.id}`);
    await expectGoodConsolePage(auditor, 'cases-list');
    await submitWith(page, page.locator(`a[href="/staff/cases/${opened.id}"]`));
    await expectGoodConsolePage(auditor, 'cases-case');

    await submitWith(page, moveButton(Stage.Applied));
    expect(await page.locator('.notice').innerText()).toContain('ຍື່ນຂໍການຢັ້ງຢືນແລ້ວ');
    await submitWith(page, moveButton(Stage.Audit));

    // Certifying is not possible yet, and the button says why before anyone presses it.
    const blocked = page.locator('button[disabled][aria-describedby=why-certified]');
    expect(await blocked.count()).toBe(1);
    expect(await page.locator('#why-certified').innerText()).toContain('ຍັງບໍ່ໄດ້ກວດສອບຂັ້ນທີ 2');
    await expectGoodConsolePage(auditor, 'cases-case-blocked');

    // Plan the on-site audit, record it, and record a major finding.
    await page.locator('details:has(form[action$="/audits"]) summary').click();
    await page.locator('#field-type').selectOption('stage2');
    await page.locator('#field-plannedOn').fill(today);
    await submitWith(page, page.locator('form[action$="/audits"] button[type=submit]'));
    await expectGoodConsolePage(auditor, 'cases-audit');
    await page.locator('details:has(#field-conductedOn) summary').click();
    await page.locator('#field-conductedOn').fill(today);
    await page.locator('#field-summary').fill('ກວດສອບຢູ່ຫ້ອງການ ວຽງຈັນ.');
    await submitWith(page, page.locator('form:has(#field-conductedOn) button[type=submit]'));
    await page.locator('details:has(#field-criterion) summary').click();
    await page.locator('#field-criterion').selectOption('A.2');
    await page.locator('input[name=severity][value=major]').check();
    await page.locator('#field-description').fill('ບໍລິສັດເກັບໜັງສືຜ່ານແດນຂອງແຮງງານໄວ້.');
    await expectGoodConsolePage(auditor, 'cases-audit-finding-form');
    await submitWith(page, page.locator('form:has(#field-criterion) button[type=submit]'));
    const findingUrl = page.url();
    await expectGoodConsolePage(auditor, 'cases-finding');

    await page.goto(`${server.baseUrl}/staff/cases/${opened.id}`);
    expect(await page.locator('#why-certified').innerText()).toContain('ຂໍ້ບົກພ່ອງຮ້າຍແຮງ A.2');
    await expectGoodConsolePage(auditor, 'cases-case-major-open');

    // The corrective action: the agency's plan proposed, accepted, then verified and closed.
    await page.goto(findingUrl);
    await page.locator('#field-correctiveActionPlan').fill('ສົ່ງໜັງສືຜ່ານແດນຄືນໃຫ້ແຮງງານທຸກຄົນ.');
    await submitWith(page, page.locator('form:has(input[name=status][value=action_proposed]) button'));
    await submitWith(page, page.locator('form:has(input[name=status][value=action_accepted]) button'));
    await submitWith(page, page.locator('form:has(input[name=status][value=closed]) button'));
    expect(await page.locator('.notice').innerText()).toContain('ປິດແລ້ວ');
    expect(await page.locator('.timeline li').count()).toBe(4);
    await expectGoodConsolePage(auditor, 'cases-finding-closed');

    await page.goto(`${server.baseUrl}/staff/cases/${opened.id}`);
    await submitWith(page, moveButton(Stage.Certified));
    expect(await page.locator('.notice').innerText()).toMatch(/IRIS-LA-\d{4}-\d{4}/);
    await expectGoodConsolePage(auditor, 'cases-case-certified');

    await submitWith(page, page.locator('a[href^="/staff/certificates/IRIS-LA-"]'));
    await expectGoodConsolePage(auditor, 'certificates-certificate');
    const number = (await page.locator('h1').innerText()).trim();
    await submitWith(page, page.locator('a.qr-code'));
    expect(page.url()).toBe(`${server.baseUrl}/verify/${number}`);
    expect(await page.locator('body').innerText()).toContain(number);
    await auditor.context.close();
  });

  it.each([
    ['lo', 'desktop'],
    ['en', 'phone'],
    ['en', 'desktop'],
  ] as const)('the case pages read well (%s, %s)', async (language, device) => {
    const auditor = await signInStaff(server, browser, [Role.Auditor], { language, device });
    const { page } = auditor;
    const certified = await server.fx.caseIn(Stage.Certified, auditor.user as UserResponseDto);
    const audit = await server.fx.caseIn(Stage.Audit, auditor.user as UserResponseDto);
    await page.goto(`${server.baseUrl}/staff/cases`);
    await expectGoodConsolePage(auditor, 'cases-list');
    await page.goto(`${server.baseUrl}/staff/cases/${audit.id}`);
    await expectGoodConsolePage(auditor, 'cases-case-blocked');
    await page.goto(`${server.baseUrl}/staff/cases/${certified.id}`);
    await page.locator('details:has(input[name=to][value=suspended]) summary').click();
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await expectGoodConsolePage(auditor, 'cases-case-suspend');
    const suspended = await server.fx.caseIn(Stage.Suspended, auditor.user as UserResponseDto);
    // A finding past its due date, for the overdue list to show.
    const [surveillance] = (await server.app.get(AuditsService).listForCase(suspended.id)).items.slice(-1);
    await server.app.get(FindingsService).create(
      surveillance.id,
      {
        criterion: 'A.3',
        severity: FindingSeverity.Minor,
        description: 'The ages of two workers were not checked.',
        dueOn: addDays(today, -3),
      },
      { ...auditor.user, requestId: '' } as Actor,
    );
    await page.goto(`${server.baseUrl}/staff/cases/${suspended.id}`);
    expect(await page.locator('.moves').innerText()).toContain(
      language === 'lo' ? 'ຄືນສະຖານະໃບຢັ້ງຢືນ' : 'Reinstate the certificate',
    );
    await expectGoodConsolePage(auditor, 'cases-case-suspended');
    await submitWith(page, page.locator('a[href^="/staff/audits/"]').last());
    await expectGoodConsolePage(auditor, 'cases-audit');
    await submitWith(page, page.locator('a[href^="/staff/findings/"]').first());
    await expectGoodConsolePage(auditor, 'cases-finding');
    await page.goto(`${server.baseUrl}/staff/findings?auditorId=${auditor.user.id}`);
    expect(await page.locator('.findings li.overdue').count()).toBe(1);
    await expectGoodConsolePage(auditor, 'cases-overdue');
    await page.goto(`${server.baseUrl}/staff/certificates`);
    await expectGoodConsolePage(auditor, 'certificates-list');
    await page.goto(`${server.baseUrl}/staff/certificates/${certified.certificateNumber}`);
    await expectGoodConsolePage(auditor, 'certificates-certificate');
    await auditor.context.close();
  });

  it.each([
    ['lo', 'phone'],
    ['en', 'desktop'],
  ] as const)(
    'an official opens a case, picking the agency by typing its name (%s, %s)',
    async (language, device) => {
      const official = await signInStaff(server, browser, [Role.Ministry], { language, device });
      const { page } = official;
      const agency = await server.fx.trainedAgency();
      const auditor = await server.fx.user({ roles: [Role.Auditor], name: `Auditor ${language} ${device}` });
      await page.goto(`${server.baseUrl}/staff/cases/new`);
      await expectGoodConsolePage(official, 'cases-open');
      await page.locator('#field-agencyId').fill(agency.licenceNumber);
      await page.locator(`input[name=auditorIds][value="${auditor.id}"]`).check();
      await submitWith(page, page.locator('form[action="/staff/cases"] button[type=submit]'));
      expect(page.url()).toMatch(/\/staff\/cases\/[0-9a-f-]{36}$/);
      expect(await page.locator('h1').innerText()).toBe(language === 'lo' ? agency.nameLo : agency.nameEn);
      await expectGoodConsolePage(official, 'cases-case-official');
      await official.context.close();
    },
  );
});
