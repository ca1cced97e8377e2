// The crash suite: the built service, as a real process, SIGKILLed (no drain, no pool close) in the middle
// of a 10,000-row agency import and of a burst of case moves, then started again on the same database.
// Data, history and the audit log must agree: the import is all or nothing (every row with its audit
// entry, or none), every acknowledged move is in the history with its audit entry and no move is
// without one; re-running the import and the unacknowledged moves completes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  agencyCsv,
  call,
  createUser,
  inParallel,
  login,
  query,
  seconds,
  sleep,
  startCluster,
  startService,
} from './harness.mjs';

const IMPORT_ROWS = 10_000;
/** One page of agencies; each gets a case that the burst closes (a move staff may make without a guard). */
const CASES = 100;
const ENV = { PUBLIC_RATE_LIMIT_PER_MINUTE: '0', API_RATE_LIMIT_PER_MINUTE: '0' };

describe('SIGKILL of the service during writes', () => {
  let cluster;
  let service;
  let ministry;
  let auditor;

  before(async () => {
    cluster = await startCluster();
    service = await startService(cluster.url, ENV);
    const admin = await login(service.base, ADMIN.email, ADMIN.password);
    ministry = await createUser(service.base, admin, ['ministry']);
    auditor = await createUser(service.base, admin, ['auditor']);
  });

  after(async () => {
    await service?.stop();
    await cluster?.destroy();
  });

  const importAgencies = (csv) =>
    call(service.base, 'POST', '/api/v1/agencies/import', {
      token: ministry.token,
      type: 'text/csv',
      body: csv,
    });

  /** Agencies of the file, and their `agency.created` audit entries. */
  async function importedState(prefix) {
    const [{ agencies, audited }] = await query(
      cluster.url,
      `SELECT (SELECT count(*)::int FROM agencies WHERE licence_number LIKE $1) AS agencies,
              (SELECT count(*)::int FROM audit_log l JOIN agencies a ON a.id::text = l.entity_id
                WHERE l.action = 'agency.created' AND a.licence_number LIKE $1) AS audited`,
      [`${prefix}-%`],
    );
    const [{ orphans }] = await query(
      cluster.url,
      `SELECT count(*)::int AS orphans FROM audit_log l
        WHERE l.action = 'agency.created' AND NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id::text = l.entity_id)`,
    );
    return { agencies, audited, orphans };
  }

  /** Resolves once the import's transaction holds its advisory lock and has written rows (it has an xid). */
  async function importWriting() {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const [{ writing }] = await query(
        cluster.url,
        `SELECT count(*)::int AS writing FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND s.backend_xid IS NOT NULL
            AND (l.classid::bigint << 32 | l.objid::bigint) = hashtext('agencies.import')::bigint`,
      );
      if (writing > 0) return;
      await sleep(20);
    }
    throw new Error('the import never started writing');
  }

  it('keeps a 10,000-row import all or nothing across a SIGKILL, and a re-run completes', async () => {
    const csv = agencyCsv('CRASH', IMPORT_ROWS);
    const pending = importAgencies(csv).then(
      (res) => res,
      (error) => ({ error }),
    );
    await importWriting();
    await sleep(300);
    await service.kill();
    const answer = await pending;
    const state = await importedState('CRASH');
    console.log(
      `  import killed mid-write: answer ${answer.status ?? 'none (connection reset)'}, ` +
        `${state.agencies} agencies and ${state.audited} audit entries committed`,
    );
    assert.equal(state.orphans, 0, 'an audit entry for an agency that is not there');
    if (answer.status === 200) {
      assert.deepEqual(state, { agencies: IMPORT_ROWS, audited: IMPORT_ROWS, orphans: 0 });
    } else {
      assert.deepEqual(state, { agencies: 0, audited: 0, orphans: 0 }, 'a partial import was committed');
    }

    const restartedAt = Date.now();
    service = await startService(cluster.url, ENV);
    const rerun = await importAgencies(csv);
    console.log(`  restart and re-run of the import: ${seconds(Date.now() - restartedAt)}`);
    assert.equal(rerun.status, 200, JSON.stringify(rerun.body).slice(0, 400));
    assert.equal(rerun.body.rejected.length, 0);
    assert.equal(rerun.body.created + rerun.body.unchanged, IMPORT_ROWS);
    assert.deepEqual(await importedState('CRASH'), {
      agencies: IMPORT_ROWS,
      audited: IMPORT_ROWS,
      orphans: 0,
    });
  });

  it('loses no acknowledged move and writes none without history and audit entry', async () => {
    // CASES agencies, one open case each, in capacity_building: the burst closes each.
    const listed = await call(service.base, 'GET', `/api/v1/agencies?limit=${CASES}`, {
      token: ministry.token,
    });
    assert.equal(listed.status, 200);
    const cases = [];
    await inParallel(listed.body.items, 5, async (agency) => {
      const opened = await call(service.base, 'POST', '/api/v1/certifications', {
        token: ministry.token,
        json: { agencyId: agency.id, auditorIds: [auditor.id] },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      cases.push({ id: opened.body.id, version: opened.body.version });
    });
    assert.equal(cases.length, CASES);

    const acknowledged = new Set();
    const move = ({ id, version }) =>
      call(service.base, 'POST', `/api/v1/certifications/${id}/transitions`, {
        token: ministry.token,
        json: { to: 'closed', reason: 'Closed by the crash suite', version },
      }).then(
        (res) => {
          if (res.status === 200) acknowledged.add(id);
          else assert.fail(`move of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
        },
        () => {}, // The service died before answering: not acknowledged.
      );
    // Ten moves in flight at a time; the kill comes after a third of them were acknowledged.
    const queue = [...cases];
    const workers = Array.from({ length: 10 }, async () => {
      while (queue.length > 0) await move(queue.shift());
    });
    while (acknowledged.size < CASES / 3) await sleep(5);
    await service.kill();
    queue.length = 0;
    await Promise.all(workers);

    const rows = await query(
      cluster.url,
      `SELECT c.id, c.stage::text AS stage,
              (SELECT count(*)::int FROM certification_transitions t WHERE t.case_id = c.id AND t.to_stage = 'closed') AS history,
              (SELECT count(*)::int FROM audit_log l WHERE l.entity_id = c.id::text AND l.action = 'certification.closed') AS audited
         FROM certification_cases c WHERE c.id = ANY($1::uuid[])`,
      [cases.map((c) => c.id)],
    );
    const moved = rows.filter((row) => row.stage === 'closed');
    console.log(
      `  moves killed mid-burst: ${acknowledged.size} acknowledged, ${moved.length} committed of ${CASES}`,
    );
    for (const row of rows) {
      const expected = row.stage === 'closed' ? 1 : 0;
      assert.equal(row.history, expected, `case ${row.id} in ${row.stage} has ${row.history} history rows`);
      assert.equal(row.audited, expected, `case ${row.id} in ${row.stage} has ${row.audited} audit entries`);
    }
    for (const id of acknowledged) {
      assert.equal(rows.find((row) => row.id === id)?.stage, 'closed', `acknowledged move of ${id} lost`);
    }

    service = await startService(cluster.url, ENV);
    await inParallel(
      rows.filter((r) => r.stage !== 'closed'),
      5,
      async (row) => {
        const res = await call(service.base, 'POST', `/api/v1/certifications/${row.id}/transitions`, {
          token: ministry.token,
          json: {
            to: 'closed',
            reason: 'Closed by the crash suite',
            version: cases.find((c) => c.id === row.id).version,
          },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
    );
    const [{ closed, audited }] = await query(
      cluster.url,
      `SELECT count(*) FILTER (WHERE c.stage = 'closed')::int AS closed,
              (SELECT count(*)::int FROM audit_log WHERE action = 'certification.closed') AS audited
         FROM certification_cases c`,
    );
    assert.deepEqual({ closed, audited }, { closed: CASES, audited: CASES });
  });
});
