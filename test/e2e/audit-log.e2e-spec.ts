import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

describe('GET /audit-log', () => {
  let t: TestApp;
  let admin: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.signIn([Role.Admin]);
  });
  afterAll(() => t.close());

  const list = (token: string, query = '') =>
    request(t.http).get(`/api/v1/audit-log${query}`).auth(token, { type: 'bearer' });

  it.each([Role.Ministry, Role.Iom, Role.Admin])('is open to %s', async (role) => {
    await list(await t.fx.tokenFor(role)).expect(200);
  });

  it.each([Role.Trainer, Role.Auditor])('is closed to %s (403)', async (role) => {
    expectProblem(await list(await t.fx.tokenFor(role)), 403);
  });

  it('filters by entity and actor, newest first, with the actor e-mail', async () => {
    const created = await request(t.http)
      .post('/api/v1/users')
      .auth(admin.token, { type: 'bearer' })
      .send({ email: 'logged@example.la', name: 'Logged', password: 'logged-user-password', roles: ['iom'] })
      .expect(201);
    await request(t.http)
      .patch(`/api/v1/users/${created.body.id}`)
      .auth(admin.token, { type: 'bearer' })
      .send({ name: 'Logged Renamed', version: created.body.version })
      .expect(200);

    const res = await list(admin.token, `?entityType=user&entityId=${created.body.id}`).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(res.body.items[0]).toMatchObject({
      actorId: admin.user.id,
      actorEmail: expect.stringContaining('@'),
      before: { name: 'Logged' },
      after: { name: 'Logged Renamed' },
    });
    const byActor = await list(admin.token, `?actorId=${admin.user.id}&limit=1`).expect(200);
    expect(byActor.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(byActor.body.items).toHaveLength(1);
  });

  it('refuses a malformed actorId (400)', async () => {
    expectProblem(await list(admin.token, '?actorId=nope'), 400);
  });

  it('has no entry for a change that rolled back', async () => {
    // Make the audit insert itself fail: the user insert in the same transaction must go too.
    await t.db.query(`
      CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
    await t.db.query(
      `CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_fail_audit()`,
    );
    try {
      const res = await request(t.http)
        .post('/api/v1/users')
        .auth(admin.token, { type: 'bearer' })
        .send({
          email: 'rolled.back@example.la',
          name: 'Rolled Back',
          password: 'rolled-back-password',
          roles: ['iom'],
        });
      expectProblem(res, 500);
    } finally {
      await t.db.query(`DROP TRIGGER test_fail_audit ON audit_log`);
      await t.db.query(`DROP FUNCTION test_fail_audit()`);
    }
    const users = await t.db.query(`SELECT id FROM users WHERE email = 'rolled.back@example.la'`);
    expect(users).toEqual([]);
    const entries = await t.db.query(
      `SELECT id FROM audit_log WHERE after->>'email' = 'rolled.back@example.la'`,
    );
    expect(entries).toEqual([]);
  });

  it('has no entry when validation refuses the change', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    await request(t.http)
      .post('/api/v1/users')
      .auth(admin.token, { type: 'bearer' })
      .send({ email: 'bad', name: 'X', password: 'x', roles: [] })
      .expect(400);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(before);
  });
});
