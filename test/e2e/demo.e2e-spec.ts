import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Clock } from '../../src/common/clock';
import { addMonths, expiryDate } from '../../src/common/lao-calendar';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts';
import { DemoDataService } from '../../src/demo/demo-data.service';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

const ministry = DEMO_ACCOUNTS.find((a) => a.role === Role.Ministry)!;
const NUMBER = /^IRIS-LA-(\d{4})-(\d{4})$/;

/**
 * The demo as a user meets it, on whatever day it loads (TEST_TODAY moves that day): its dates are
 * counted back from the app's today, so these assertions compare dates with today, never with a fixed day.
 */
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
    // Loading the demo renders its certificates: slow on a busy machine.
  }, 120_000);
  afterAll(() => t?.close());

  const get = async (path: string) => (await as(t.http, token).get(path).expect(200)).body;
  const list = async (query: string) =>
    (await get(`/certifications?${query}`)) as {
      total: number;
      items: {
        id: string;
        stage: Stage;
        statusReason: string | null;
        statusReasonLo: string | null;
        expiresOn: string | null;
      }[];
    };
  const only = async (stage: Stage) => {
    const { items } = await list(`stage=${stage}`);
    expect(items).toHaveLength(1);
    return get(`/certifications/${items[0].id}`);
  };

  describe('GET /agencies', () => {
    it('registers 28 agencies: 24 active licences, one suspended, one revoked, two expired', async () => {
      const count = async (query: string) => (await get(`/agencies?limit=1&${query}`)).total;
      expect(await count('')).toBe(28);
      expect(await count('licenceStatus=active')).toBe(24);
      expect(await count('licenceStatus=suspended')).toBe(1);
      expect(await count('licenceStatus=revoked')).toBe(1);
      expect(await count('licenceStatus=expired')).toBe(2);
    });
  });

  describe('GET /trainings', () => {
    it('holds the Vientiane workshop over two days about six weeks ago, and a gap analysis since', async () => {
      const { items } = await get('/trainings?limit=100');
      expect(items).toHaveLength(2);
      const [workshop, gap] = ['iris_awareness', 'gap_analysis'].map((kind) =>
        items.find((training: { kind: string }) => training.kind === kind),
      );
      expect(workshop.days).toEqual([t.day(-40), t.day(-39)]);
      expect(gap.days).toHaveLength(1);
      expect(gap.days[0] > workshop.days[1] && gap.days[0] < t.today()).toBe(true);
      expect(await get(`/trainings/${workshop.id}/summary`)).toMatchObject({
        participants: 37,
        agencies: 24,
        bySex: { female: 23 },
      });
    });
  });

  describe('GET /certifications', () => {
    it.each(Object.values(Stage))('has a demo case in %s', async (stage) => {
      const { items } = await list(`stage=${stage}`);
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.every((c) => c.stage === stage)).toBe(true);
    });

    it('shows the expired case as expired after its three years, the end of its validity as the reason', async () => {
      const expired = await only(Stage.Expired);
      expect(expired.certifiedOn < addMonths(t.today(), -36)).toBe(true);
      expect(expired.expiresOn).toBe(expiryDate(expired.certifiedOn, 3));
      expect(expired.expiresOn <= t.today()).toBe(true);
      expect(expired.history.at(-1)).toMatchObject({
        from: 'certified',
        to: 'expired',
        reason: `The certificate expired on ${expired.expiresOn}`,
        by: null,
      });
    });

    it('shows the suspended case with its public reason in English and Lao, and an open major finding', async () => {
      const suspended = await only(Stage.Suspended);
      expect(suspended.statusReason).toMatch(/passports .* withheld/);
      expect(suspended.statusReasonLo).toMatch(/^ການກວດສອບຕິດຕາມ .*ໜັງສືຜ່ານແດນ/);
      expect(suspended.history.at(-1).reasonLo).toBe(suspended.statusReasonLo);
      expect(suspended.openFindings.major).toBeGreaterThanOrEqual(1);
      expect(suspended.history.at(-1)).toMatchObject({ to: 'suspended', by: { name: 'Demo IRIS Auditor' } });
    });

    it('shows the withdrawn case with its public reason in English and Lao', async () => {
      const [withdrawn] = (await list('stage=withdrawn')).items;
      expect(withdrawn.statusReason).toMatch(/^Withdrawn at the agency’s request/);
      expect(withdrawn.statusReasonLo).toMatch(/^ຖືກຖອນຕາມຄຳຮ້ອງຂໍ/);
    });

    it('tells each case’s history in order: each move starts where the one before ended, none after now', async () => {
      const now = t.app.get(Clock).now().toISOString();
      for (const { id } of (await list('limit=100')).items) {
        const { history } = (await get(`/certifications/${id}`)) as {
          history: { from: string | null; to: string; at: string }[];
        };
        const breaks = history.filter((move, i) =>
          i === 0 ? move.from !== null : move.from !== history[i - 1].to,
        );
        expect({ id, breaks }).toEqual({ id, breaks: [] });
        expect({ id, last: history.at(-1)!.at <= now }).toEqual({ id, last: true });
      }
    });

    it('lists cases that need attention (an overdue finding)', async () => {
      const { items } = await list('needsAttention=true');
      expect(items.length).toBeGreaterThanOrEqual(1);
      const overdue = await get(`/certifications/${items[0].id}`);
      expect(overdue.overdueFindings).toBeGreaterThanOrEqual(1);
    });
  });

  describe('GET /certifications/{id}/audits', () => {
    it('gives the certified case a stage-2 audit before its certification, with findings of every severity', async () => {
      const certified = await only(Stage.Certified);
      const { items } = await get(`/certifications/${certified.id}/audits`);
      const stage2 = items.find((a: { type: string }) => a.type === 'stage2');
      expect(stage2.conductedOn < certified.certifiedOn).toBe(true);
      expect(stage2.findings.map((f: { severity: string }) => f.severity).sort()).toEqual([
        'major',
        'minor',
        'observation',
      ]);
      expect(stage2.findings[0]).toMatchObject({ status: 'closed', criterion: '2' });
    });
  });

  describe('GET /certificates', () => {
    it('has a certificate for each case that was certified, numbered in the year and order of issue', async () => {
      const res = await get('/certificates?limit=100');
      const certificates = res.items as {
        status: string;
        number: string;
        issuedOn: string;
        expiresOn: string;
        signatureValid: boolean;
      }[];
      // The demo cases certified at some point: certified, suspended, withdrawn and expired, one each.
      expect(res.total).toBe(4);
      const byStatus = Object.fromEntries(certificates.map((c) => [c.status, c]));
      expect(Object.keys(byStatus).sort()).toEqual(['expired', 'suspended', 'valid', 'withdrawn']);
      // The valid one was issued well over a year ago and is still within its three years.
      expect(byStatus.valid.issuedOn < addMonths(t.today(), -12)).toBe(true);
      expect(byStatus.valid.expiresOn > t.today()).toBe(true);
      expect(byStatus.expired.expiresOn <= t.today()).toBe(true);
      for (const c of certificates) {
        const [, year] = NUMBER.exec(c.number)!;
        expect({ number: c.number, year }).toEqual({ number: c.number, year: c.issuedOn.slice(0, 4) });
        expect(c.signatureValid).toBe(true);
      }
      // Within a year, numbers follow the issue dates.
      const ordered = [...certificates].sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
      const sameYear = ordered.filter(
        (c, i) => i > 0 && c.issuedOn.slice(0, 4) === ordered[i - 1].issuedOn.slice(0, 4),
      );
      for (const c of sameYear) {
        const before = ordered[ordered.indexOf(c) - 1];
        expect(c.number > before.number).toBe(true);
      }
    });

    it('lets anyone verify the valid certificate by its number', async () => {
      const [valid] = (await get('/certificates?status=valid')).items;
      const res = await request(t.http).get(`/api/v1/public/certificates/${valid.number}`).expect(200);
      expect(res.body).toMatchObject({ status: 'valid', signatureValid: true });
    });
  });

  it('loads nothing twice when the loader runs again', async () => {
    const before = (await list('limit=100')).total;
    await t.app.get(DemoDataService).onApplicationBootstrap();
    expect((await list('limit=100')).total).toBe(before);
    expect(before).toBe(9);
    expect((await get('/agencies?limit=1')).total).toBe(28);
  });

  it('still refuses the demo cases to a signed-out caller (401)', async () => {
    expectProblem(await request(t.http).get('/api/v1/certifications'), 401);
  });
});
