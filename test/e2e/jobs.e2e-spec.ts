import pg from 'pg';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

// The jobs' rules (what each records, once a day across replicas) are in test/integration/jobs.int-spec.ts.
describe('Scheduled jobs through HTTP', () => {
  let t: TestApp;
  let admin: string;

  const auditCount = async (action: string, entityId: string) => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2`,
      [action, entityId],
    );
    return n as number;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.tokenFor(Role.Admin);
  });
  afterAll(() => t.close());

  describe('GET /jobs', () => {
    it('lists the four jobs with their Lao-time schedules, for admins only', async () => {
      const res = await as(t.http, admin).get('/jobs').expect(200);
      expect(res.body.items.map((j: { name: string; schedule: string }) => [j.name, j.schedule])).toEqual([
        ['licence-expiry', '5 0 * * *'],
        ['certificate-expiry', '10 0 * * *'],
        ['overdue-findings', '15 0 * * *'],
        ['surveillance-due', '20 0 * * *'],
      ]);
      expect(res.body.items[0]).toMatchObject({
        timeZone: 'Asia/Vientiane',
        description: expect.any(String),
      });
      expectProblem(await as(t.http, await t.fx.tokenFor(Role.Ministry)).get('/jobs'), 403, 'FORBIDDEN');
    });
  });

  describe('POST /jobs/{name}/runs', () => {
    it('runs a job now, records what it changed and who asked, and the next run finds nothing', async () => {
      const lapsed = await t.fx.agency({ licenceIssuedOn: t.day(-2000), licenceExpiresOn: t.day(-1) });
      const res = await as(t.http, admin).post('/jobs/licence-expiry/runs').expect(201);
      expect(res.body).toMatchObject({
        job: 'licence-expiry',
        trigger: 'manual',
        slot: null,
        status: 'succeeded',
        changed: 1,
        details: { items: [lapsed.licenceNumber] },
        error: null,
      });
      expect(await auditCount('job.run', 'licence-expiry')).toBe(1);
      expect(await auditCount('agency.licence_expired', lapsed.id)).toBe(1);
      const again = await as(t.http, admin).post('/jobs/licence-expiry/runs').expect(201);
      expect(again.body).toMatchObject({ status: 'succeeded', changed: 0 });
      const listed = await as(t.http, admin).get('/jobs').expect(200);
      expect(listed.body.items[0].lastRun).toMatchObject({ id: again.body.id });
      const runs = await as(t.http, admin).get('/jobs/runs?job=licence-expiry').expect(200);
      expect(runs.body.items.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([
        again.body.id,
        res.body.id,
      ]);
    });

    it('answers 404 for an unknown job and 409 while the same job is running', async () => {
      expectProblem(await as(t.http, admin).post('/jobs/backup/runs'), 404, 'NOT_FOUND');
      const holder = new pg.Client({ connectionString: t.databaseUrl });
      await holder.connect();
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtext('iris-lao.job.overdue-findings'))`);
        expectProblem(await as(t.http, admin).post('/jobs/overdue-findings/runs'), 409, 'CONFLICT');
      } finally {
        await holder.end();
      }
      await as(t.http, admin).post('/jobs/overdue-findings/runs').expect(201);
    });

    it('is refused to anyone but an admin', async () => {
      for (const role of [Role.Ministry, Role.Iom, Role.Auditor]) {
        const token = await t.fx.tokenFor(role);
        expectProblem(await as(t.http, token).post('/jobs/licence-expiry/runs'), 403, 'FORBIDDEN');
      }
      expectProblem(await request(t.http).post('/api/v1/jobs/licence-expiry/runs'), 401, 'AUTH_REQUIRED');
    });
  });
});
