import request from 'supertest';
import { createTestApp, TestApp } from '../utils/app';
import { PASSWORD } from '../utils/fixtures';
import { waitFor } from '../utils/wait';

describe('health and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers ok without signing in', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /health/ready reports the database up', async () => {
    const res = await request(t.http).get('/health/ready').expect(200);
    expect(res.body.details.database.status).toBe('up');
  });

  it('echoes a well-formed incoming X-Request-Id', async () => {
    const res = await request(t.http).get('/health').set('X-Request-Id', 'lb-7f3a.42').expect(200);
    expect(res.headers['x-request-id']).toBe('lb-7f3a.42');
  });

  it('replaces a malformed X-Request-Id with a fresh UUID', async () => {
    const res = await request(t.http).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain(`default-src 'self'`);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('readiness when the database is gone', () => {
  it('answers 503 as problem details naming the failed check', async () => {
    const t = await createTestApp();
    try {
      await t.db.destroy();
      const res = await request(t.http).get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, detail: 'Not ready: database down.' });
      await request(t.http).get('/health').expect(200);
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before closing the database pool', async () => {
    let handling = 0;
    const t = await createTestApp({
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('preHandler', async (req) => {
            if (req.url.endsWith('/auth/login')) handling++;
          }),
    });
    const user = await t.fx.user();
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    // Login spends ~100 ms in Argon2 before its last database write: close once it is being handled.
    const inFlight = fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    await waitFor('the login to reach its handler', () => handling === 1);
    const closing = t.close();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect((await res.json()).accessToken).toEqual(expect.any(String));
  });
});
