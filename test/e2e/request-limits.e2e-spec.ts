import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

describe('request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '2', API_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('tells a signed-in client its budget on every answer, then answers 429 with Retry-After', async () => {
    const token = await t.fx.tokenFor(Role.Ministry);
    const first = await as(t.http, token).get('/agencies').expect(200);
    expect(first.headers['ratelimit-limit']).toBe('3');
    expect(first.headers['ratelimit-remaining']).toBe('2');
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    await as(t.http, token).get('/trainings').expect(200);
    // A refusal (here a 404) still counts, and still tells the budget.
    const missing = await as(t.http, token).get('/agencies/3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c');
    expectProblem(missing, 404);
    expect(missing.headers['ratelimit-remaining']).toBe('0');
    const refused = await as(t.http, token).get('/agencies');
    expectProblem(refused, 429, 'TOO_MANY_REQUESTS');
    expect(refused.body.detail).toMatch(/your account/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts each account apart: another official is not slowed by a busy one', async () => {
    const busy = await t.fx.tokenFor(Role.Iom);
    for (let i = 0; i < 3; i++) await as(t.http, busy).get('/agencies').expect(200);
    expectProblem(await as(t.http, busy).get('/agencies'), 429);
    const other = await t.fx.tokenFor(Role.Iom);
    await as(t.http, other).get('/agencies').expect(200);
  });

  it('counts sign-ins against the address budget of the public routes', async () => {
    const body = { email: 'nobody@example.la', password: 'a-long-test-password' };
    const first = await request(t.http).post('/api/v1/auth/login').send(body);
    expectProblem(first, 401);
    expect(first.headers['ratelimit-limit']).toBe('2');
    await request(t.http).get('/api/v1/public/keys').expect(200);
    expectProblem(await request(t.http).post('/api/v1/auth/login').send(body), 429, 'TOO_MANY_REQUESTS');
  });

  it('never limits health checks', async () => {
    for (let i = 0; i < 5; i++) await request(t.http).get('/health').expect(200);
  });
});
