// The outage suite: the built service, as a real process, on a PostgreSQL this file owns. The server is
// stopped, then frozen (SIGSTOP to the postmaster and all its children: connections are accepted by the
// kernel, nothing answers), then brought back; every kind of entry point must answer a prompt 503 with
// Retry-After meanwhile, and the service must recover by itself. Prints the measured times.
// A real process rather than the in-process test app: the timings then include the real pool, driver and
// HTTP server of `node dist/src/main.js`, and the test's own waiting never shares the service's event loop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  agencyCsv,
  call,
  consoleSession,
  createUser,
  login,
  seconds,
  sleep,
  startCluster,
  startService,
} from './harness.mjs';

/** Short limits, so a frozen database is noticed within about two seconds. */
const TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
  DATABASE_STATEMENT_TIMEOUT_MS: '1000',
  DATABASE_LOCK_TIMEOUT_MS: '300',
  DATABASE_QUERY_TIMEOUT_MS: '1500',
};
/** "Prompt": every entry point answers within this, on a busy CI machine too. */
const PROMPT_MS = 10_000;
const RECOVERY_MS = 30_000;

describe('the database stopped or frozen under the running service', () => {
  let cluster;
  let service;
  let token;
  let agencyId;
  let staffPage;
  const timings = [];

  before(async () => {
    cluster = await startCluster();
    service = await startService(cluster.url, {
      ...TIMEOUTS,
      PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
      API_RATE_LIMIT_PER_MINUTE: '0',
    });
    const admin = await login(service.base, ADMIN.email, ADMIN.password);
    const ministry = await createUser(service.base, admin, ['ministry']);
    const imported = await call(service.base, 'POST', '/api/v1/agencies/import', {
      token: ministry.token,
      type: 'text/csv',
      body: agencyCsv('OUTAGE', 1),
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.created, 1, JSON.stringify(imported.body));
    const list = await call(service.base, 'GET', '/api/v1/agencies', { token: admin });
    agencyId = list.body.items[0].id;
    token = admin;
    staffPage = await consoleSession(service.base, ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await service?.stop();
    await cluster?.destroy();
    if (timings.length > 0) {
      // From the fault (stop or SIGSTOP issued) to the first and to the last entry point's 503; from the
      // database being back (started and ready, or SIGCONT) to the API's first 200.
      console.log('\nOutage timings:');
      for (const { state, first, last, toRecovery, shutdown } of timings) {
        console.log(
          `  ${state.padEnd(8)} first 503 ${seconds(first)}, every entry point 503 ${seconds(last)}, ` +
            `recovered ${seconds(toRecovery)} after the database was back` +
            (shutdown === undefined ? '' : ` (the shutdown itself took ${seconds(shutdown)})`),
        );
      }
    }
  });

  /** Each entry point once: the API, the public API, sign-in, two public pages, the console, readiness. */
  function probes() {
    const base = service.base;
    const page = (url) =>
      fetch(`${base}${url}`, {
        headers: { 'accept-language': 'en' },
        signal: AbortSignal.timeout(60_000),
      }).then(async (res) => ({ status: res.status, headers: res.headers, body: await res.text() }));
    return {
      api: call(base, 'GET', '/api/v1/agencies', { token }),
      publicApi: call(base, 'GET', '/api/v1/public/agencies'),
      login: call(base, 'POST', '/api/v1/auth/login', {
        json: { email: 'nobody@example.la', password: 'not-the-password' },
      }),
      home: page('/?lang=en'),
      profile: page(`/agencies/${agencyId}?lang=en`),
      console: staffPage('/staff'),
      ready: call(base, 'GET', '/health/ready'),
    };
  }

  /** Fires every probe at once and checks each; answers the times to the first and the last answer. */
  async function expectEveryEntryUnavailable(since) {
    const pending = probes();
    const answered = [];
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(pending).map(async ([name, answer]) => {
          const res = await answer;
          answered.push(Date.now() - since);
          return [name, res];
        }),
      ),
    );
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(
        res.status,
        503,
        `${name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
      );
      assert.equal(res.headers.get('retry-after'), '5', `${name} has no Retry-After`);
    }
    for (const name of ['api', 'publicApi', 'login', 'ready']) {
      assert.match(answers[name].headers.get('content-type'), /^application\/problem\+json/, name);
      assert.equal(answers[name].body.code, 'SERVICE_UNAVAILABLE', name);
    }
    assert.equal(answers.ready.body.detail, 'Not ready: database down.');
    for (const name of ['home', 'profile', 'console']) {
      assert.match(answers[name].headers.get('content-type'), /^text\/html/, name);
      assert.match(answers[name].body, /The service is unavailable for a moment/, name);
    }
    const [first, last] = [Math.min(...answered), Math.max(...answered)];
    assert.ok(last < PROMPT_MS, `the last 503 came after ${last} ms`);
    return { first, last };
  }

  /** Polls the API until it answers 200; then every entry point must answer normally again. */
  async function waitForRecovery(since) {
    let status = 0;
    while (Date.now() - since < RECOVERY_MS) {
      status = (await call(service.base, 'GET', '/api/v1/agencies', { token })).status;
      if (status === 200) break;
      await sleep(100);
    }
    const elapsed = Date.now() - since;
    assert.equal(
      status,
      200,
      `the API still answers ${status} ${RECOVERY_MS} ms after the database came back`,
    );
    const answers = probes();
    for (const name of ['api', 'publicApi', 'home', 'profile', 'console', 'ready']) {
      assert.equal((await answers[name]).status, 200, `${name} after recovery`);
    }
    assert.equal((await answers.login).status, 401, 'login after recovery');
    return elapsed;
  }

  async function expectWarm() {
    // Warm pooled connections first: a frozen server keeps them open and never answers on them.
    await Promise.all(
      Array.from({ length: 4 }, async () =>
        assert.equal((await call(service.base, 'GET', '/api/v1/agencies', { token })).status, 200),
      ),
    );
  }

  it('answers 503 everywhere while PostgreSQL is stopped, and recovers once it is started', async () => {
    await expectWarm();
    const faultAt = Date.now();
    await cluster.stop();
    const shutdown = Date.now() - faultAt;
    let unavailable;
    try {
      unavailable = await expectEveryEntryUnavailable(faultAt);
    } finally {
      await cluster.start();
    }
    const toRecovery = await waitForRecovery(Date.now());
    timings.push({ state: 'stopped', ...unavailable, toRecovery, shutdown });
  });

  it('answers 503 within the timeouts while PostgreSQL is frozen, and recovers after SIGCONT', async () => {
    await expectWarm();
    const faultAt = Date.now();
    cluster.freeze();
    let unavailable;
    try {
      unavailable = await expectEveryEntryUnavailable(faultAt);
    } finally {
      cluster.thaw();
    }
    const toRecovery = await waitForRecovery(Date.now());
    timings.push({ state: 'frozen', ...unavailable, toRecovery });
  });
});
