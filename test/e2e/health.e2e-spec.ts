import request from 'supertest';
import { createTestApp, TestApp } from '../utils/app';

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
