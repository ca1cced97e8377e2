import { Client } from 'pg';
import type { Response } from 'supertest';
import { CasesService } from '../../src/certification/cases.service';
import { AuditType } from '../../src/certification/certification.enums';
import type { Actor } from '../../src/common/auth.decorators';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { HeavyWork } from '../../src/common/heavy-work';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as, binary } from '../utils/http';
import { expectProblem } from '../utils/problem';
import { waitFor } from '../utils/wait';

describe('PDFs beyond what the server makes at once', () => {
  let t: TestApp;
  let ministry: string;
  let auditor: { token: string; user: UserResponseDto };
  beforeAll(async () => {
    // One PDF at a time and one waiting; a lock timeout long enough for the test to hold a table.
    t = await createTestApp({
      env: { PDF_CONCURRENCY: '1', PDF_QUEUE: '1', DATABASE_LOCK_TIMEOUT_MS: '30000' },
    });
    ministry = await t.fx.tokenFor(Role.Ministry);
    auditor = await t.fx.signIn([Role.Auditor]);
  });
  afterAll(() => t.close());

  const load = () => t.get(HeavyWork).load('pdf');
  const report = () => as(t.http, ministry).get('/reports/progress.pdf');
  /** A report that is expected to come: its body collected as the PDF's bytes. */
  const reportPdf = () =>
    report()
      .buffer(true)
      .parse(binary)
      .then((res) => res);
  const expectPdf = (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  };
  const expectBusy = (res: Response) => {
    const problem = expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.detail).toMatch(/Too many PDFs/);
    expect(res.headers['retry-after']).toBe('2');
  };

  /**
   * Holds every table lock on the agency register, so the first report, once it has its turn, waits
   * in the middle of its reads: the way a slow report keeps its turn. Released by `release`.
   */
  async function holdAgencies() {
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE agencies IN ACCESS EXCLUSIVE MODE');
    return {
      release: async () => {
        await holder.query('ROLLBACK');
        await holder.end();
      },
    };
  }
  const waitingOnALock = async () => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return n === 1;
  };

  it('makes one report, queues one and refuses the next with 503 and Retry-After; the first two then come', async () => {
    const lock = await holdAgencies();
    let first!: Promise<Response>;
    let second!: Promise<Response>;
    try {
      first = reportPdf();
      await waitFor('the first report to wait inside its turn', waitingOnALock);
      expect(load()).toEqual({ running: 1, waiting: 0 });
      second = reportPdf();
      await waitFor('the second report to queue', () => load().waiting === 1);
      expectBusy(await report());
    } finally {
      await lock.release();
    }
    expectPdf(await first);
    expectPdf(await second);
    expectPdf(await reportPdf());
  });

  it('refuses a certification while the PDF queue is full and writes none of it; a queued one holds no lock', async () => {
    const auditorActor = { ...auditor.user, requestId: '' } as Actor;
    const ready = async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      await t.fx.audit(c.id, auditorActor, AuditType.Stage2, t.day(-27));
      return t.get(CasesService).requireById(c.id);
    };
    const [queuedCase, refusedCase] = [await ready(), await ready()];
    const certify = (c: { id: string; version: number }) =>
      as(t.http, auditor.token)
        .post(`/certifications/${c.id}/transitions`)
        .send({ to: 'certified', version: c.version })
        .then((res) => res);

    const lock = await holdAgencies();
    let running!: Promise<Response>;
    let queued!: Promise<Response>;
    try {
      running = reportPdf();
      await waitFor('the report to wait inside its turn', waitingOnALock);
      queued = certify(queuedCase);
      await waitFor('the certification to queue', () => load().waiting === 1);
      // Waiting for its turn, the move has not begun: the case's row is free.
      await expect(
        t.db.query('SELECT 1 FROM certification_cases WHERE id = $1 FOR UPDATE NOWAIT', [queuedCase.id]),
      ).resolves.toHaveLength(1);
      expectBusy(await certify(refusedCase));
    } finally {
      await lock.release();
    }
    expectPdf(await running);
    const certified = await queued;
    expect(certified.status).toBe(200);
    expect(certified.body).toMatchObject({ stage: 'certified', certificateNumber: expect.any(String) });

    // The refused move left no trace: stage, certificate, history, audit log, the agency's standing.
    const [refused] = await t.db.query(
      `SELECT c.stage, c.version, c.certificate_number, a.certification_stage AS standing
       FROM certification_cases c JOIN agencies a ON a.id = c.agency_id WHERE c.id = $1`,
      [refusedCase.id],
    );
    expect(refused).toEqual({
      stage: 'audit',
      version: refusedCase.version,
      certificate_number: null,
      standing: 'audit',
    });
    const traces = await t.db.query(
      `SELECT 'certificate' AS what FROM certificates WHERE case_id = $1
       UNION ALL SELECT 'transition' FROM certification_transitions WHERE case_id = $1 AND to_stage = 'certified'
       UNION ALL SELECT action FROM audit_log WHERE entity_id = $1::text AND action = 'certification.certified'`,
      [refusedCase.id],
    );
    expect(traces).toEqual([]);
    // Sent again with the version it read, it goes through.
    const again = await certify(refusedCase);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'certified', certificateNumber: expect.any(String) });
  });
});
