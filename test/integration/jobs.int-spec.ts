import pg from 'pg';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { AuditType, FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { JobsService } from '../../src/jobs/jobs.service';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestServices, type TestServices } from '../utils/services';

describe('Scheduled jobs', () => {
  let t: TestServices;
  let admin: Actor;
  let auditor: UserResponseDto;

  const auditCount = async (action: string, entityId: string) => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2`,
      [action, entityId],
    );
    return n as number;
  };
  const run = (name: string) => t.get(JobsService).runNow(name, admin);
  const setNextSurveillance = (caseId: string, day: string) =>
    t.db.query(`UPDATE certification_cases SET next_surveillance_on = $2 WHERE id = $1`, [caseId, day]);

  /** A certified case with an open major finding two days past due. */
  const overdueFinding = async () => {
    const c = await t.fx.caseIn(Stage.Certified, auditor);
    const actor = { ...auditor, requestId: '' } as Actor;
    const audit = await t.fx.audit(c.id, actor, AuditType.Surveillance, t.day(-30));
    const finding = await t.get(FindingsService).create(
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
    t = await createTestServices();
    admin = await t.fx.actor(Role.Admin);
    auditor = (await t.fx.signIn([Role.Auditor])).user;
  });
  afterAll(() => t.close());

  describe('overdue findings and surveillance due', () => {
    it('records an overdue finding once, without touching its version', async () => {
      const { findingId } = await overdueFinding();
      const [before] = await t.db.query(`SELECT version FROM findings WHERE id = $1`, [findingId]);
      expect((await run('overdue-findings')).details?.items).toContain(findingId);
      await run('overdue-findings');
      expect(await auditCount('finding.overdue', findingId)).toBe(1);
      const [after] = await t.db.query(
        `SELECT version, overdue_recorded_on::text AS on FROM findings WHERE id = $1`,
        [findingId],
      );
      expect(after).toEqual({ version: before.version, on: t.today() });
    });

    it('records a surveillance audit due within 30 days, and overdue, once per due date', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor);
      await setNextSurveillance(c.id, t.day(20));
      expect((await run('surveillance-due')).details?.items).toContain(c.id);
      await run('surveillance-due');
      expect(await auditCount('certification.surveillance_due', c.id)).toBe(1);
      // When the date passes without a surveillance audit, it is recorded as overdue, once.
      await setNextSurveillance(c.id, t.day(-1));
      await run('surveillance-due');
      await run('surveillance-due');
      expect(await auditCount('certification.surveillance_overdue', c.id)).toBe(1);
      // A new due date (after the surveillance audit) is recorded again.
      await setNextSurveillance(c.id, t.day(25));
      await run('surveillance-due');
      expect(await auditCount('certification.surveillance_due', c.id)).toBe(2);
    });

    it('leaves a day unclaimed while the same job runs elsewhere, for the next try', async () => {
      const day = t.day(300); // a slot no other test uses
      const holder = new pg.Client({ connectionString: t.databaseUrl });
      await holder.connect();
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtext('iris-lao.job.overdue-findings'))`);
        expect(await t.get(JobsService).runScheduled('overdue-findings', day)).toBeNull();
      } finally {
        await holder.end();
      }
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM job_runs WHERE job = 'overdue-findings' AND slot = $1`,
        [day],
      );
      expect(n).toBe(0);
      expect(await t.get(JobsService).runScheduled('overdue-findings', day)).toMatchObject({
        status: 'succeeded',
      });
    });
  });

  describe('with two app instances on one database', () => {
    let second: TestServices;
    beforeAll(async () => {
      second = await createTestServices({ databaseUrl: t.databaseUrl });
    });
    afterAll(() => second.close());

    it('runs each scheduled job once a day, whichever instance fires first', async () => {
      const lapsed = await t.fx.agency({ licenceIssuedOn: t.day(-2000), licenceExpiresOn: t.day(-2) });
      const { findingId } = await overdueFinding();
      const day = t.day(301); // a slot no other test uses
      const jobs = [t.get(JobsService), second.get(JobsService)];
      for (const name of ['licence-expiry', 'certificate-expiry', 'overdue-findings', 'surveillance-due']) {
        const runs = await Promise.all(jobs.map((jobsService) => jobsService.runScheduled(name, day)));
        expect({ name, ran: runs.filter((r) => r !== null).length }).toEqual({ name, ran: 1 });
        const ran = runs.find((r) => r !== null)!;
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
      const run = await second.get(JobsService).runScheduled('overdue-findings', day);
      expect(run).toMatchObject({ id, status: 'succeeded' });
      expect(await t.get(JobsService).runScheduled('overdue-findings', day)).toBeNull();
    });
  });
});
