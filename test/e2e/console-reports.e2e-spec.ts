import { Clock } from '../../src/common/clock';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { type ConsoleBrowser, signInToConsole } from '../utils/console';
import { as, binary } from '../utils/http';

describe('staff console: reports (/staff/reports)', () => {
  let t: TestApp;
  let token: string;
  let browser: ConsoleBrowser;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp();
    const iom = await t.fx.signIn([Role.Iom]);
    token = iom.token;
    browser = await signInToConsole(t.http, iom.user.email);
    today = t.app.get(Clock).today();
    await t.fx.agency();
    await t.fx.training();
  });
  afterAll(() => t.close());

  it.each([Role.Trainer, Role.Auditor])('is refused to %s (403 page)', async (role) => {
    const other = await signInToConsole(t.http, (await t.fx.user({ roles: [role] })).email);
    expect((await other.agent.get('/staff/reports')).status).toBe(403);
    expect((await other.agent.get('/staff/reports/overview.csv')).status).toBe(403);
    expect((await other.agent.get('/staff/reports/progress.pdf')).status).toBe(403);
  });

  it.each([Role.Ministry, Role.Admin])('is open to %s', async (role) => {
    const other = await signInToConsole(t.http, (await t.fx.user({ roles: [role] })).email);
    expect((await other.agent.get('/staff/reports')).status).toBe(200);
  });

  it('shows this year so far by default, with accessible SVG charts and their figures', async () => {
    const res = await browser.open('/staff/reports');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`name="from" type="date" value="${today.slice(0, 4)}-01-01"`);
    expect(res.text).toContain(`name="to" type="date" value="${today}"`);
    const charts = res.text.match(/<svg class="chart" role="img"/g) ?? [];
    expect(charts).toHaveLength(4);
    expect(res.text).toMatch(/<title id="stages-title">[^<]+<\/title><desc id="stages-desc">/);
    expect(res.text).toContain('class="report-figures"');
    // Province names in Lao, never codes.
    expect(res.text).toContain('ນະຄອນຫຼວງວຽງຈັນ');
  });

  it('shows the same figures as GET /reports/overview for the chosen period', async () => {
    const from = `${today.slice(0, 4)}-01-01`;
    const api = await as(t.http, token).get(`/reports/overview?from=${from}&to=${today}`).expect(200);
    const res = await browser.open(`/staff/reports?from=${from}&to=${today}`);
    const desc = /<desc id="took-part-desc">([^<]+)<\/desc>/.exec(res.text)?.[1] ?? '';
    const { female, male, other } = api.body.trainings.bySex;
    expect(desc.match(/\d+/g)?.map(Number)).toEqual([female, male, other]);
    expect(res.text).toContain(`/staff/reports/overview.csv?from=${from}&amp;to=${today}`);
  });

  it('refuses a period that ends before it starts, by the field', async () => {
    const res = await browser.open('/staff/reports?from=2026-05-01&to=2026-04-01');
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('value="2026-05-01"');
  });

  it('refuses a date that is not one, in Lao', async () => {
    const res = await browser.open('/staff/reports?from=2026-02-31');
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="error-from"');
  });

  it('downloads the CSV exports with the period, the same bytes as the API', async () => {
    const query = `from=${today.slice(0, 4)}-01-01&to=${today}`;
    for (const file of ['overview.csv', 'participation.csv', 'certificates.csv', 'findings.csv']) {
      const res = await browser.agent.get(`/staff/reports/${file}?${query}`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${file}"`);
      const api = await as(t.http, token).get(`/reports/${file}?${query}`).expect(200);
      expect(res.text).toBe(api.text);
    }
  });

  it('downloads the progress PDF for the period', async () => {
    const res = await browser.agent
      .get(`/staff/reports/progress.pdf?from=${today.slice(0, 4)}-01-01&to=${today}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers an unknown export with the not-found page', async () => {
    expect((await browser.agent.get('/staff/reports/secrets.csv')).status).toBe(404);
  });

  it('answers a name the exports only inherit (constructor) with the not-found page, not a failure', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const res = await browser.agent.get(`/staff/reports/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });
});
