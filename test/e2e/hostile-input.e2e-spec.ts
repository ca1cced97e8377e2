import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

interface Operation {
  requestBody?: { content?: Record<string, unknown> };
}

describe('hostile JSON bodies', () => {
  let t: TestApp;
  let admin: string;
  let jsonRoutes: { method: string; url: string }[];
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.tokenFor(Role.Admin);
    const paths = (await request(t.http).get('/docs-json')).body.paths as Record<
      string,
      Record<string, Operation>
    >;
    jsonRoutes = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody?.content?.['application/json'])
        .map(([method, _]) => ({ method, url: path.replace(/\{[^}]+\}/g, randomUUID()) })),
    );
  });
  afterAll(() => t.close());

  const send = (method: string, url: string, body: string) =>
    request(t.http)
      [method as 'post'](url)
      .auth(admin, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .send(body);

  it('answers 1,500 nested arrays with 400 on every JSON route, sign-in included', async () => {
    expect(jsonRoutes.length).toBeGreaterThan(10);
    expect(jsonRoutes).toContainEqual({ method: 'post', url: '/api/v1/auth/login' });
    const nested = '['.repeat(1500) + ']'.repeat(1500);
    for (const { method, url } of jsonRoutes) {
      const res = await send(method, url, nested);
      expect({ method, url, status: res.status }).toEqual({ method, url, status: 400 });
      expect(expectProblem(res, 400, 'MALFORMED_REQUEST').detail).toBe(
        'The JSON body is nested deeper than 32 levels.',
      );
    }
  });

  it('answers nested objects inside a valid field with 400, not 500', async () => {
    const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    const res = await send('post', '/api/v1/auth/login', `{"email":"a@b.la","password":${deep}}`);
    expectProblem(res, 400, 'MALFORMED_REQUEST');
  });

  it('refuses a nested 1 MB body at once, without holding other requests', async () => {
    const half = (1024 * 1024) / 2 - 8;
    const nested = '['.repeat(half) + ']'.repeat(half);
    const started = Date.now();
    const [res, health] = await Promise.all([
      send('post', '/api/v1/auth/login', nested),
      request(t.http).get('/health'),
    ]);
    expectProblem(res, 400, 'MALFORMED_REQUEST');
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('answers a body with more than 20,000 members with 400', async () => {
    const wide = `{${Array.from({ length: 20_001 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const res = await send('post', '/api/v1/auth/login', wide);
    expect(expectProblem(res, 400, 'MALFORMED_REQUEST').detail).toBe(
      'The JSON body has more than 20000 members.',
    );
  });

  it('answers text that is not valid Unicode (a lone surrogate) with 400, not 500, and stores none', async () => {
    // The e-mail validator throws on one; a name would be stored with the character replaced.
    const login = await send('post', '/api/v1/auth/login', '{"email":"\\ud800@b.la","password":"x"}');
    expect(expectProblem(login, 400, 'MALFORMED_REQUEST').detail).toBe(
      'The JSON body holds text that is not valid Unicode (a lone surrogate).',
    );
    const body = JSON.stringify(t.fx.agencyBody({ nameEn: 'Lone \udc00 Co., Ltd.' }));
    expectProblem(await send('post', '/api/v1/agencies', body), 400, 'MALFORMED_REQUEST');
    // A pair written as escapes is one character, and welcome.
    const paired = JSON.stringify(t.fx.agencyBody({ nameEn: 'Smile X Co., Ltd.' })).replace(
      'X',
      '\\ud83d\\ude00',
    );
    expect((await send('post', '/api/v1/agencies', paired)).status).toBe(201);
  });

  it('still refuses a __proto__ key (400)', async () => {
    const res = await send('post', '/api/v1/auth/login', '{"__proto__":{"admin":true}}');
    expectProblem(res, 400);
  });
});
