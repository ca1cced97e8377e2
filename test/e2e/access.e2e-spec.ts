import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

/** The only routes anyone may call; every other route must be refused to an anonymous caller. */
const PUBLIC_ROUTES = [
  'POST /api/v1/auth/login',
  'GET /health',
  'GET /health/ready',
  'GET /api/v1/public/certificates/:number',
  'POST /api/v1/public/certificates/verify-pdf',
  'GET /api/v1/public/keys',
  'GET /api/v1/public/agencies',
  'GET /api/v1/public/agencies/:id',
  'GET /',
  'GET /agencies/:id',
  'GET /verify',
  'GET /verify/:number',
  'POST /verify',
  'GET /assets/*',
  'GET /assets/htmx/*',
  'GET /fonts/*',
  'GET /staff/sign-in',
];
/** The staff console: pages for people, signed in by session, refused by redirect or CSRF check. */
const isConsole = (url: string) => url === '/staff' || url.startsWith('/staff/');
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-');

describe('deny by default', () => {
  let t: TestApp;
  const routes: { method: string; url: string }[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat()) routes.push({ method, url: route.url });
          }),
    });
  });
  afterAll(() => t.close());

  it('knows the routes of the running app', () => {
    expect(routes.length).toBeGreaterThan(8);
    expect(routes).toContainEqual({ method: 'GET', url: '/api/v1/users' });
  });

  it('refuses an anonymous request with 401 on every route that is not public', async () => {
    const guarded = routes.filter(
      ({ method, url }) =>
        !PUBLIC_ROUTES.includes(`${method} ${url}`) && !isDocs(url) && !isConsole(url) && method !== 'HEAD',
    );
    expect(guarded.length).toBeGreaterThan(4);
    for (const { method, url } of guarded) {
      const path = url.replace(/:[A-Za-z]+/g, randomUUID());
      const res = await request(t.http)[method.toLowerCase() as 'get'](path).send({});
      expect({ route: `${method} ${url}`, status: res.status }).toEqual({
        route: `${method} ${url}`,
        status: 401,
      });
      expectProblem(res, 401, 'AUTH_REQUIRED');
    }
  });

  it('sends an anonymous visitor of every console page to sign in, and refuses every console form without a session', async () => {
    const pages = routes.filter(
      ({ method, url }) => isConsole(url) && !PUBLIC_ROUTES.includes(`${method} ${url}`) && method !== 'HEAD',
    );
    expect(pages.length).toBeGreaterThan(3);
    for (const { method, url } of pages) {
      const path = url.replace(/:[A-Za-z]+/g, randomUUID()).replace('*', 'anything');
      const res = await request(t.http)[method.toLowerCase() as 'get'](path).type('form').send({});
      // Pages redirect to the sign-in form; forms without the session's CSRF token are refused first.
      const toSignIn = /^\/staff\/sign-in\?next=/.test(res.headers.location ?? '');
      expect({ route: `${method} ${url}`, status: res.status, toSignIn }).toEqual({
        route: `${method} ${url}`,
        status: method === 'GET' ? 303 : 403,
        toSignIn: method === 'GET',
      });
    }
  });

  it('serves the public routes and the API docs without a token', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/docs-json').expect(200);
    await request(t.http).get('/docs').expect(200);
  });

  it.each([
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users'],
    ['GET', '/api/v1/audit-log'],
  ])('refuses %s %s to a trainer with 403', async (method, url) => {
    const token = await t.fx.tokenFor(Role.Trainer);
    const res = await request(t.http)
      [method.toLowerCase() as 'get'](url)
      .auth(token, { type: 'bearer' })
      .send({});
    expectProblem(res, 403, 'FORBIDDEN');
  });

  it('refuses PATCH /users/{id} to an auditor with 403', async () => {
    const token = await t.fx.tokenFor(Role.Auditor);
    const target = await t.fx.user();
    const res = await request(t.http)
      .patch(`/api/v1/users/${target.id}`)
      .auth(token, { type: 'bearer' })
      .send({ roles: ['admin'] });
    expectProblem(res, 403);
    const [row] = await t.db.query(`SELECT roles FROM users WHERE id = $1`, [target.id]);
    expect(row.roles).toBe('{ministry}');
  });
});
