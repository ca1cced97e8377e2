import pg from 'pg';
import request from 'supertest';
import { CertificationStage as Stage } from '../../src/certification/certification-stage.enum';
import { AuditType, FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { JobsService } from '../../src/jobs/jobs.service';
import { Role } from '../../src/users/role.enum';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

describe('Scheduled jobs', () => {
  let t: TestApp;
  let admin: string;
  let auditor: UserResponseDto;

  const auditCount = async (action: string, entityId: string) =>
    Number(
      (
        await t.db.query(`SELECT count(*) FROM audit_log WHERE action = $1 AND entity_id = $2`, [
          action,
          entityId,
        ])
      )[0].count,
    );

  /** A certified case with an open major finding two days past due. */
  const overdueFinding = async () => {
    const c = await t.fx.caseIn(Stage.Certified, auditor);
    const actor = { ...auditor, requestId: '' } as Actor;
    const audit = await t.fx.audit(c.id, actor, AuditType.Surveillance, t.day(-30));
    const finding = await t.app.get(FindingsService).create(
      audit.id,
      {
        criterion: 'A.2',
        severity: FindingSeverity.Major,
        description: 'Passports held by the agency.',
        dueOn: t.day(-2),
      },
      actor,
    );
    return { caseId: c.id, findingId: finding.id };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.tokenFor(Role.Admin);
    auditor = (await t.fx.signIn([Role.Auditor])).user;
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
        // Nor does a scheduled run start meanwhile; the day stays unclaimed for the next try.
        expect(await t.app.get(JobsService).runScheduled('overdue-findings', t.day(300))).toBeNull();
        const refused = await t.db.query(
          `SELECT count(*)::int AS n FROM job_runs WHERE job = 'overdue-findings'`,
        );
        expect(refused[0].n).toBe(0);
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

  describe('overdue findings and surveillance due', () => {
    it('records an overdue finding once, without touching its version', async () => {
      const { findingId } = await overdueFinding();
      const [before] = await t.db.query(`SELECT version FROM findings WHERE id = $1`, [findingId]);
      const run = await as(t.http, admin).post('/jobs/overdue-findings/runs').expect(201);
      expect(run.body.details.items).toContain(findingId);
      await as(t.http, admin).post('/jobs/overdue-findings/runs').expect(201);
      expect(await auditCount('finding.overdue', findingId)).toBe(1);
      const [after] = await t.db.query(
        `SELECT version, overdue_recorded_on::text AS on FROM findings WHERE id = $1`,
        [findingId],
      );
      expect(after).toEqual({ version: before.version, on: t.today() });
    });

    it('records a surveillance audit due within 30 days, and overdue, once per due date', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor);
      await t.db.query(`UPDATE certification_cases SET next_surveillance_on = $2 WHERE id = $1`, [
        c.id,
        t.day(20),
      ]);
      const run = await as(t.http, admin).post('/jobs/surveillance-due/runs').expect(201);
      expect(run.body.details.items).toContain(c.id);
      await as(t.http, admin).post('/jobs/surveillance-due/runs').expect(201);
      expect(await auditCount('certification.surveillance_due', c.id)).toBe(1);
      // When the date passes without a surveillance audit, it is recorded as overdue, once.
      await t.db.query(`UPDATE certification_cases SET next_surveillance_on = $2 WHERE id = $1`, [
        c.id,
        t.day(-1),
      ]);
      await as(t.http, admin).post('/jobs/surveillance-due/runs').expect(201);
      await as(t.http, admin).post('/jobs/surveillance-due/runs').expect(201);
      expect(await auditCount('certification.surveillance_overdue', c.id)).toBe(1);
      // A new due date (after the surveillance audit) is recorded again.
      await t.db.query(`UPDATE certification_cases SET next_surveillance_on = $2 WHERE id = $1`, [
        c.id,
        t.day(25),
      ]);
      await as(t.http, admin).post('/jobs/surveillance-due/runs').expect(201);
      expect(await auditCount('certification.surveillance_due', c.id)).toBe(2);
    });
  });

  describe('with two app instances on one database', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ databaseUrl: t.databaseUrl });
    });
    afterAll(() => second.close());

    it('runs each scheduled job once a day, whichever instance fires first', async () => {
      const lapsed = await t.fx.agency({ licenceIssuedOn: t.day(-2000), licenceExpiresOn: t.day(-2) });
      const { findingId } = await overdueFinding();
      const day = t.day(301); // a slot no other test uses
      const jobs = [t.app.get(JobsService), second.app.get(JobsService)];
      for (const name of ['licence-expiry', 'certificate-expiry', 'overdue-findings', 'surveillance-due']) {
        const runs = await Promise.all(jobs.map((jobsService) => jobsService.runScheduled(name, day)));
        expect({ name, ran: runs.filter((run) => run !== null).length }).toEqual({ name, ran: 1 });
        const ran = runs.find((run) => run !== null)!;
        expect({ name, status: ran.status }).toEqual({ name, status: 'succeeded' });
        const rows = await t.db.query(
          `SELECT count(*)::int AS n FROM job_runs WHERE job = $1 AND slot = $2`,
          [name, day],
        );
        expect({ name, rows: rows[0].n }).toEqual({ name, rows: 1 });
        // Firing again that day (a restarted replica) does nothing.
        expect(await jobs[1].runScheduled(name, day)).toBeNull();
      }
      expect(await auditCount('agency.licence_expired', lapsed.id)).toBe(1);
      expect(await auditCount('finding.overdue', findingId)).toBe(1);
    });

    it('takes over a day left "running" by a process that died, and keeps its one row', async () => {
      const day = t.day(302);
      const [{ id }] = await t.db.query(
        `INSERT INTO job_runs (job, slot, trigger, status) VALUES ('overdue-findings', $1, 'schedule', 'running')
         RETURNING id`,
        [day],
      );
      const run = await second.app.get(JobsService).runScheduled('overdue-findings', day);
      expect(run).toMatchObject({ id, status: 'succeeded' });
      expect(await t.app.get(JobsService).runScheduled('overdue-findings', day)).toBeNull();
    });
  });
});
