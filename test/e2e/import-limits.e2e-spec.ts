import { Client } from 'pg';
import request from 'supertest';
import { AGENCY_CSV_COLUMNS } from '../../src/agencies/agency-csv';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

describe('imports beyond what the server runs at once', () => {
  let t: TestApp;
  let ministry: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { IMPORT_CONCURRENCY: '1', IMPORT_QUEUE: '1' } });
    ministry = await t.fx.tokenFor(Role.Ministry);
  });
  afterAll(() => t.close());

  const file = (licence: string) => {
    const agency: Record<string, string> = {
      licenceNumber: licence,
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ແສງຈັນ ຈຳກັດ',
      nameEn: 'Saengchan Employment Services',
      licenceIssuedOn: t.day(-300),
      licenceExpiresOn: t.day(700),
      province: 'LA-VT',
    };
    return [AGENCY_CSV_COLUMNS.join(','), AGENCY_CSV_COLUMNS.map((c) => agency[c] ?? '').join(',')].join(
      '\n',
    );
  };
  const importFile = (licence: string) =>
    request(t.http)
      .post('/api/v1/agencies/import')
      .auth(ministry, { type: 'bearer' })
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(file(licence)));

  it('runs one, queues one and refuses the next with 503 and Retry-After; the first two then complete', async () => {
    // The test holds the import lock, so the first import stays running until it lets go.
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('agencies.import'))`);
    try {
      const running = importFile('LIMIT-1').then((res) => res);
      await waitFor(async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        return n === 1;
      });
      const queued = importFile('LIMIT-2').then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = await importFile('LIMIT-3');
      expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBe('10');
      await holder.query(`SELECT pg_advisory_unlock(hashtext('agencies.import'))`);
      const [first, second] = [await running, await queued];
      expect([first.status, second.status]).toEqual([200, 200]);
      expect([first.body.created, second.body.created]).toEqual([1, 1]);
    } finally {
      await holder.end();
    }
    const rows = await t.db.query(`SELECT licence_number FROM agencies WHERE licence_number LIKE 'LIMIT-%'`);
    expect(rows.map((r: { licence_number: string }) => r.licence_number).sort()).toEqual([
      'LIMIT-1',
      'LIMIT-2',
    ]);
    expect((await importFile('LIMIT-3')).body).toMatchObject({ created: 1, rejected: [] });
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
