import { Client } from 'pg';
import request, { type Response } from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { type ConsoleBrowser, signInToConsole } from '../utils/console';
import { createTestDatabase } from '../utils/database';
import { startPgProxy, type PgProxy } from '../utils/pg-proxy';
import { expectProblem } from '../utils/problem';

/** Short limits, so a frozen database is noticed in about a second. */
const TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
  DATABASE_STATEMENT_TIMEOUT_MS: '1000',
  DATABASE_LOCK_TIMEOUT_MS: '300',
  DATABASE_QUERY_TIMEOUT_MS: '1500',
};

describe('the database stopped, frozen or locked', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: PgProxy;
  let t: TestApp;
  let admin: string;
  let agencyId: string;
  let staff: ConsoleBrowser;
  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startPgProxy(database.url);
    t = await createTestApp({ databaseUrl: proxy.url, env: TIMEOUTS });
    admin = await t.fx.tokenFor(Role.Admin);
    agencyId = (await t.fx.agency()).id;
    staff = await signInToConsole(t.http, (await t.fx.user({ roles: [Role.Ministry] })).email);
  });
  afterAll(async () => {
    proxy.resume();
    await t.close();
    await proxy.close();
    await database.drop();
  });

  const api = (url: string) => request(t.http).get(url).auth(admin, { type: 'bearer' });
  const login = () =>
    request(t.http).post('/api/v1/auth/login').send({ email: 'nobody@example.la', password: 'x' });

  function expectUnavailable(res: Response) {
    expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('5');
  }

  function expectUnavailablePage(res: Response) {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain('The service is unavailable for a moment');
  }

  /** Every kind of entry point answers 503 promptly: the API, the public API, sign-in, pages, readiness. */
  async function expectEveryEntryUnavailable(withinMs: number) {
    const started = Date.now();
    const [signedIn, publicApi, signIn, home, profile, consolePage, ready] = await Promise.all([
      api('/api/v1/agencies'),
      request(t.http).get('/api/v1/public/agencies'),
      login(),
      request(t.http).get('/?lang=en'),
      request(t.http).get(`/agencies/${agencyId}?lang=en`),
      staff.agent.get('/staff').set('Accept-Language', 'en'),
      request(t.http).get('/health/ready'),
    ]);
    expect(Date.now() - started).toBeLessThan(withinMs);
    const answers = [signedIn, publicApi, signIn, home, profile, consolePage, ready];
    expect(answers.map((res) => res.status)).toEqual(answers.map(() => 503));
    expectUnavailable(signedIn);
    expectUnavailable(publicApi);
    expectUnavailable(signIn);
    expectUnavailablePage(home);
    expectUnavailablePage(profile);
    expectUnavailablePage(consolePage);
    expect(expectProblem(ready, 503, 'SERVICE_UNAVAILABLE').detail).toBe('Not ready: database down.');
  }

  /** Waits up to ten seconds for the API to answer again; then the pages must too. */
  async function statusOnceRecovered(): Promise<number> {
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await api('/api/v1/agencies')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await request(t.http).get('/?lang=en').expect(200);
    expect((await staff.agent.get('/staff')).status).toBe(200);
    await request(t.http).get('/health/ready').expect(200);
    return status;
  }

  it('applies the timeouts to every connection', async () => {
    const [settings] = await t.db.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`,
    );
    expect(settings).toEqual({ statement: '1s', lock: '300ms' });
  });

  it.each([
    ['stopped (connections cut and refused)', () => proxy.stop()],
    ['frozen (connections accepted, nothing answered)', () => proxy.freeze()],
  ])(
    'answers 503 with Retry-After everywhere while it is %s, and recovers by itself',
    async (_state, fail) => {
      // Warm connections first: a frozen server keeps them open and never answers on them.
      await api('/api/v1/agencies').expect(200);
      fail();
      try {
        await expectEveryEntryUnavailable(5000);
      } finally {
        proxy.resume();
      }
      expect(await statusOnceRecovered()).toBe(200);
    },
  );

  it('answers 503 when a row stays locked past the lock timeout, and changes nothing', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE', [agencyId]);
      const ministry = await t.fx.tokenFor(Role.Ministry);
      const res = await request(t.http)
        .patch(`/api/v1/agencies/${agencyId}`)
        .auth(ministry, { type: 'bearer' })
        .send({ district: 'Sisattanak', version: 1 });
      expectUnavailable(res);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const [{ district }] = await t.db.query('SELECT district FROM agencies WHERE id = $1', [agencyId]);
    expect(district).not.toBe('Sisattanak');
  });
});

describe('migrations at start-up', () => {
  it('wait for another replica’s migrations however long, past the request timeouts', async () => {
    const database = await createTestDatabase();
    const otherReplica = new Client({ connectionString: database.url });
    await otherReplica.connect();
    try {
      await otherReplica.query(`SELECT pg_advisory_lock(hashtext('iris-lao.migrations'))`);
      const starting = createTestApp({
        databaseUrl: database.url,
        env: { ...TIMEOUTS, DATABASE_LOCK_TIMEOUT_MS: '100', DATABASE_QUERY_TIMEOUT_MS: '200' },
      });
      // Let go only once this replica has waited for the lock well past both timeouts.
      await waitUntilWaiting(otherReplica);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await otherReplica.query(`SELECT pg_advisory_unlock(hashtext('iris-lao.migrations'))`);
      const t = await starting;
      await request(t.http).get('/health/ready').expect(200);
      await t.close();
    } finally {
      await otherReplica.end();
      await database.drop();
    }
  });
});

async function waitUntilWaiting(client: Client): Promise<void> {
  const deadline = Date.now() + 20_000;
  const waiting = () =>
    client
      .query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)
      .then((res) => res.rows[0].n > 0);
  while (!(await waiting())) {
    if (Date.now() > deadline) throw new Error('the app never waited for the migrations lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
