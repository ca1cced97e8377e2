import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts';
import { DemoDataService } from '../../src/demo/demo-data.service';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

const ministry = DEMO_ACCOUNTS.find((a) => a.role === Role.Ministry)!;

describe('Demo data (DEMO_DATA=true)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { DEMO_DATA: 'true' } });
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: ministry.email, password: ministry.password })
      .expect(200);
    token = res.body.accessToken;
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    (await as(t.http, token).get(`/certifications?${query}`).expect(200)).body as {
      total: number;
      items: {
        id: string;
        stage: Stage;
        statusReason: string | null;
        statusReasonLo: string | null;
        expiresOn: string | null;
      }[];
    };

  describe('GET /certifications', () => {
    it.each(Object.values(Stage))('has a demo case in %s', async (stage) => {
      const { items } = await list(`stage=${stage}`);
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.every((c) => c.stage === stage)).toBe(true);
    });

    it('shows the expired case as expired, with the end of its validity as the reason in its history', async () => {
      const [expired] = (await list('stage=expired')).items;
      const res = await as(t.http, token).get(`/certifications/${expired.id}`).expect(200);
      expect(res.body).toMatchObject({
        stage: 'expired',
        certifiedOn: '2023-05-10',
        expiresOn: '2026-05-10',
      });
      expect(res.body.history.at(-1)).toMatchObject({
        from: 'certified',
        to: 'expired',
        reason: 'The certificate expired on 2026-05-10',
        by: null,
      });
    });

    it('shows the suspended case with its public reason in English and Lao, and an open major finding', async () => {
      const [suspended] = (await list('stage=suspended')).items;
      const res = await as(t.http, token).get(`/certifications/${suspended.id}`).expect(200);
      expect(res.body.statusReason).toMatch(/passports .* withheld/);
      expect(res.body.statusReasonLo).toMatch(/^ການກວດສອບຕິດຕາມ .*ໜັງສືຜ່ານແດນ/);
      expect(res.body.history.at(-1).reasonLo).toBe(res.body.statusReasonLo);
      expect(res.body.openFindings.major).toBeGreaterThanOrEqual(1);
      expect(res.body.history.at(-1)).toMatchObject({ to: 'suspended', by: { name: 'Demo IRIS Auditor' } });
    });

    it('shows the withdrawn case with its public reason in English and Lao', async () => {
      const [withdrawn] = (await list('stage=withdrawn')).items;
      expect(withdrawn.statusReason).toMatch(/^Withdrawn at the agency’s request/);
      expect(withdrawn.statusReasonLo).toMatch(/^ຖືກຖອນຕາມຄຳຮ້ອງຂໍ/);
    });

    it('lists cases that need attention (an overdue finding)', async () => {
      const { items } = await list('needsAttention=true');
      expect(items.length).toBeGreaterThanOrEqual(1);
      const overdue = await as(t.http, token).get(`/certifications/${items[0].id}`).expect(200);
      expect(overdue.body.overdueFindings).toBeGreaterThanOrEqual(1);
    });
  });

  describe('GET /certifications/{id}/audits', () => {
    it('gives a certified case a conducted stage-2 audit with findings of every severity', async () => {
      const [certified] = (await list('stage=certified')).items;
      const res = await as(t.http, token).get(`/certifications/${certified.id}/audits`).expect(200);
      const stage2 = res.body.items.find((a: { type: string }) => a.type === 'stage2');
      expect(stage2.conductedOn).toBe('2026-09-29');
      expect(stage2.findings.map((f: { severity: string }) => f.severity).sort()).toEqual([
        'major',
        'minor',
        'observation',
      ]);
      expect(stage2.findings[0]).toMatchObject({ status: 'closed', criterion: '2' });
    });
  });

  describe('GET /certificates', () => {
    it('has a certificate for each demo case that was certified, dated and numbered by its certification', async () => {
      const res = await as(t.http, token).get('/certificates?limit=100').expect(200);
      const byStatus = Object.fromEntries(
        (
          res.body.items as { status: string; number: string; issuedOn: string; signatureValid: boolean }[]
        ).map((c) => [c.status, c]),
      );
      // The demo cases certified at some point: certified, suspended, withdrawn and expired, one each.
      expect(res.body.total).toBe(4);
      expect(Object.keys(byStatus).sort()).toEqual(['expired', 'suspended', 'valid', 'withdrawn']);
      expect(byStatus.expired).toMatchObject({ number: 'IRIS-LA-2023-0001', issuedOn: '2023-05-10' });
      expect(byStatus.suspended).toMatchObject({ number: 'IRIS-LA-2025-0001', issuedOn: '2025-09-01' });
      // Loaded in the order they were certified: numbers follow the issue dates within a year.
      expect(byStatus.withdrawn).toMatchObject({ number: 'IRIS-LA-2026-0001', issuedOn: '2026-02-16' });
      expect(byStatus.valid).toMatchObject({ number: 'IRIS-LA-2026-0002' });
      expect(res.body.items.every((c: { signatureValid: boolean }) => c.signatureValid)).toBe(true);
    });
  });

  it('loads nothing twice when the loader runs again', async () => {
    const before = (await list('limit=100')).total;
    await t.app.get(DemoDataService).onApplicationBootstrap();
    expect((await list('limit=100')).total).toBe(before);
    expect(before).toBe(9);
  });

  it('still refuses the demo cases to a signed-out caller (401)', async () => {
    expectProblem(await request(t.http).get('/api/v1/certifications'), 401);
  });
});
