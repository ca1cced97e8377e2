import { Client } from 'pg';
import type { Response } from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';
import { waitFor } from '../utils/wait';

describe('a request PostgreSQL undoes to break a deadlock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const waitingOnALock = async () => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return n === 1;
  };

  it('answers 503 with a short Retry-After, saves nothing of it, and goes through when sent again', async () => {
    const auditor = await t.fx.signIn([Role.Auditor]);
    const c = await t.fx.caseIn(Stage.CapacityBuilding, auditor.user);
    const move = () =>
      as(t.http, auditor.token)
        .post(`/certifications/${c.id}/transitions`)
        .send({ to: 'applied', reason: 'Application received', version: c.version })
        .then((res) => res);
    const [before] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);

    // Another transaction holds the agency's row. The move locks its case, then waits for that row
    // (it keeps the agency's standing in step); the other then asks for the case's row: each waits for
    // the other. PostgreSQL undoes the one that waited first, the move.
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    let answer!: Response;
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE', [c.agency.id]);
      const moving = move();
      await waitFor('the move to wait for the agency’s row', waitingOnALock);
      const otherGoesOn = other.query('SELECT 1 FROM certification_cases WHERE id = $1 FOR UPDATE', [c.id]);
      answer = await moving;
      // The case's row is free again: the move was rolled back, not left waiting.
      await expect(otherGoesOn).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    const problem = expectProblem(answer, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.detail).toMatch(/met another one changing the same records/);
    expect(problem.detail).toMatch(/nothing of it was saved/);
    expect(answer.headers['retry-after']).toBe('1');

    // Nothing of the move was written: stage, version, history, the agency's standing, the audit log.
    const [state] = await t.db.query(
      `SELECT c.stage, c.version, a.certification_stage AS standing,
              (SELECT count(*)::int FROM certification_transitions WHERE case_id = c.id) AS moves
       FROM certification_cases c JOIN agencies a ON a.id = c.agency_id WHERE c.id = $1`,
      [c.id],
    );
    expect(state).toEqual({
      stage: 'capacity_building',
      version: c.version,
      standing: 'capacity_building',
      moves: 1,
    });
    const [after] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after.n).toBe(before.n);

    // Sent again as it was, it goes through.
    const again = await move();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'applied', version: c.version + 1 });
  });
});
