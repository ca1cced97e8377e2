import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

describe('errors are RFC 9457 problem details', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.tokenFor(Role.Admin);
  });
  afterAll(() => t.close());

  const post = (url: string) => request(t.http).post(url).auth(admin, { type: 'bearer' });

  it('lists each invalid field on a validation error (400)', async () => {
    const res = await post('/api/v1/users').send({
      email: 'not-an-email',
      name: '',
      password: 'short',
      roles: ['boss'],
    });
    const fields = expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'password', 'roles']));
  });

  it('refuses an unknown field (400), naming it', async () => {
    const res = await post('/api/v1/users').send({
      email: 'x@example.la',
      name: 'X',
      password: 'long-enough-password',
      roles: ['iom'],
      isSuperuser: true,
    });
    expect(expectProblem(res, 400).errors).toContainEqual({
      field: 'isSuperuser',
      code: 'unknownField',
      message: '"isSuperuser" is not a field of this request',
    });
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM users WHERE email = 'x@example.la'`,
    );
    expect(count).toBe(0);
  });

  it('refuses an unknown query parameter (400)', async () => {
    const res = await request(t.http).get('/api/v1/users?sort=hack').auth(admin, { type: 'bearer' });
    expect(expectProblem(res, 400).errors).toContainEqual({
      field: 'sort',
      code: 'unknownField',
      message: '"sort" is not a field of this request',
    });
  });

  it('refuses an out-of-range page size (400)', async () => {
    const res = await request(t.http).get('/api/v1/users?limit=1000').auth(admin, { type: 'bearer' });
    expect(expectProblem(res, 400).errors?.[0].field).toBe('limit');
  });

  it('refuses null for a field that cannot be empty (400), in PATCH bodies too', async () => {
    const user = await t.fx.user();
    for (const field of ['name', 'roles', 'active', 'password']) {
      const res = await request(t.http)
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ [field]: null });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
    }
    const agency = await t.fx.agency();
    for (const field of ['nameEn', 'licenceExpiresOn', 'destinationCountries', 'province']) {
      const res = await request(t.http)
        .patch(`/api/v1/agencies/${agency.id}`)
        .auth(await t.fx.tokenFor(Role.Ministry), { type: 'bearer' })
        .send({ [field]: null, version: 1 });
      expect({ field, status: res.status, errors: res.body.errors?.[0]?.field }).toEqual({
        field,
        status: 400,
        errors: field,
      });
    }
  });

  it('never answers 500 for a NUL byte or an absurd offset', async () => {
    for (const url of [
      '/api/v1/agencies?q=ab%00c',
      '/api/v1/users?q=%00',
      '/api/v1/audit-log?entityType=a%00',
    ]) {
      const res = await request(t.http).get(url).auth(admin, { type: 'bearer' });
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
    }
    const res = await request(t.http).get('/api/v1/agencies?offset=1e20').auth(admin, { type: 'bearer' });
    expect(expectProblem(res, 400).errors?.[0].field).toBe('offset');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await post('/api/v1/users').set('Content-Type', 'application/json').send('{"email": ');
    expectProblem(res, 400, 'MALFORMED_REQUEST');
  });

  it('answers a body over 1 MB with 413', async () => {
    const res = await post('/api/v1/users')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) }));
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with 404', async () => {
    expectProblem(await request(t.http).get('/api/v1/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('answers a path segment too long for the router with 414 problem details', async () => {
    const res = await request(t.http)
      .get(`/api/v1/agencies/${'a'.repeat(150)}`)
      .auth(admin, { type: 'bearer' });
    expect(expectProblem(res, 414, 'MALFORMED_REQUEST').detail).toBe(
      'A segment of the request path is too long.',
    );
  });

  it('answers a malformed UUID in the path with 400 naming the parameter', async () => {
    const res = await request(t.http).get('/api/v1/users/not-a-uuid').auth(admin, { type: 'bearer' });
    expect(expectProblem(res, 400).errors).toEqual([
      {
        field: 'id',
        code: 'isUuid',
        message: 'Id must be a UUID, like 3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c',
      },
    ]);
  });

  it('answers an unknown id with 404', async () => {
    const res = await request(t.http)
      .get('/api/v1/users/7b0f5a55-5a7e-4c3e-9d1e-0a8c2b4f6e10')
      .auth(admin, { type: 'bearer' });
    expectProblem(res, 404, 'NOT_FOUND');
  });

  it('answers a unique violation with 409 naming the field', async () => {
    const existing = await t.fx.user();
    const res = await post('/api/v1/users').send({
      email: existing.email.toUpperCase(),
      name: 'Someone Else',
      password: 'long-enough-password',
      roles: ['iom'],
    });
    expect(expectProblem(res, 409, 'USER_EMAIL_TAKEN').errors).toEqual([
      { field: 'email', message: 'a user with this e-mail already exists' },
    ]);
  });

  it('answers an unexpected failure with 500 carrying the request id and nothing internal', async () => {
    await t.db.query(`ALTER TABLE audit_log RENAME TO audit_log_moved`);
    try {
      const res = await request(t.http)
        .get('/api/v1/audit-log')
        .auth(admin, { type: 'bearer' })
        .set('X-Request-Id', 'trace-500-check');
      const body = expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(res.body.requestId).toBe('trace-500-check');
      expect(JSON.stringify(body)).not.toMatch(/audit_log|SELECT|relation|at \w+ \(|\.ts:\d+/);
    } finally {
      await t.db.query(`ALTER TABLE audit_log_moved RENAME TO audit_log`);
    }
  });
});
