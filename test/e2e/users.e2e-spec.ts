import request from 'supertest';
import { Role } from '../../src/common/role';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../utils/app';
import { as as signedIn } from '../utils/http';
import { expectProblem } from '../utils/problem';

describe('users', () => {
  let t: TestApp;
  let admin: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.signIn([Role.Admin]);
  });
  afterAll(() => t.close());

  const as = (token: string) => signedIn(t.http, token);
  const auditFor = (entityId: string) =>
    t.db.query(`SELECT * FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [
      entityId,
    ]);

  describe('POST /users', () => {
    it('creates a user (201) who can then sign in; no answer holds the password or hash', async () => {
      const res = await as(admin.token)
        .post('/users')
        .send({
          email: ' Khamla.V@MoLSW.gov.la ',
          name: 'Khamla Vongsa',
          password: 'khamla-long-password',
          roles: ['ministry'],
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: 'khamla.v@molsw.gov.la',
        name: 'Khamla Vongsa',
        roles: ['ministry'],
        active: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: 'khamla.v@molsw.gov.la', password: 'khamla-long-password' })
        .expect(200);
    });

    it('refuses a password shorter than 12 characters (400)', async () => {
      const res = await as(admin.token)
        .post('/users')
        .send({ email: 'short@example.la', name: 'Short', password: 'elevenchars', roles: ['iom'] });
      expect(expectProblem(res, 400).errors).toEqual([
        {
          field: 'password',
          code: 'minLength',
          params: { min: 12 },
          message: 'Password must be at least 12 characters long',
        },
      ]);
    });

    it('records the creation in the audit log with actor and request id, never the password', async () => {
      const res = await as(admin.token)
        .post('/users')
        .set('X-Request-Id', 'create-user-1')
        .send({
          email: 'audit.me@example.la',
          name: 'Audit Me',
          password: 'audit-me-password',
          roles: ['trainer'],
        })
        .expect(201);
      const [entry] = await auditFor(res.body.id);
      expect(entry).toMatchObject({
        action: 'user.created',
        actor_id: admin.user.id,
        request_id: 'create-user-1',
        before: null,
        after: { email: 'audit.me@example.la', name: 'Audit Me', roles: ['trainer'], active: true },
      });
      expect(JSON.stringify(entry)).not.toMatch(/audit-me-password|argon2/);
    });
  });

  describe('GET /users', () => {
    it('pages through users with totals, and filters by text, role and active flag', async () => {
      await t.fx.user({ name: 'Bounmy Filter', roles: [Role.Auditor] });
      await t.fx.user({ name: 'Bounmy Other', roles: [Role.Trainer] });
      const all = await as(admin.token).get('/users?q=bounmy&limit=1').expect(200);
      expect(all.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(all.body.items).toHaveLength(1);
      const second = await as(admin.token).get('/users?q=bounmy&limit=1&offset=1').expect(200);
      expect(second.body.items[0].id).not.toBe(all.body.items[0].id);
      const auditors = await as(admin.token).get('/users?q=BOUNMY&role=auditor').expect(200);
      expect(auditors.body.items.map((u: { name: string }) => u.name)).toEqual(['Bounmy Filter']);
      const inactive = await as(admin.token).get('/users?q=bounmy&active=false').expect(200);
      expect(inactive.body.total).toBe(0);
    });

    it('treats % and _ in the search text literally', async () => {
      await t.fx.user({ name: 'Percent Person' });
      const res = await as(admin.token).get('/users?q=%25').expect(200);
      expect(res.body.total).toBe(0);
    });
  });

  describe('GET /users?role=trainer|auditor for ministry and IOM staff', () => {
    let trainer: { id: string; name: string };
    let auditor: { id: string; name: string };
    let inactiveTrainer: { id: string };
    beforeAll(async () => {
      trainer = await t.fx.user({ name: 'Assignable Trainer', roles: [Role.Trainer] });
      auditor = await t.fx.user({ name: 'Assignable Auditor', roles: [Role.Auditor, Role.Trainer] });
      inactiveTrainer = await t.fx.user({ name: 'Assignable Gone', roles: [Role.Trainer] });
      await as(admin.token)
        .patch(`/users/${inactiveTrainer.id}`)
        .send({ active: false, version: 1 })
        .expect(200);
    });

    it.each([Role.Ministry, Role.Iom])(
      'lists active trainers to %s staff as ids and names only',
      async (role) => {
        const token = await t.fx.tokenFor(role);
        const res = await as(token).get('/users?role=trainer&q=assignable').expect(200);
        expect(res.body).toEqual({
          items: [
            { id: auditor.id, name: 'Assignable Auditor' },
            { id: trainer.id, name: 'Assignable Trainer' },
          ],
          total: 2,
          limit: 20,
          offset: 0,
        });
      },
    );

    it('lists the auditors, paged, and finds them by name but not by e-mail', async () => {
      const token = await t.fx.tokenFor(Role.Iom);
      const res = await as(token).get('/users?role=auditor&limit=1').expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(['id', 'name']);
      const byName = await as(token).get('/users?role=auditor&q=ASSIGNABLE').expect(200);
      expect(byName.body.items).toEqual([{ id: auditor.id, name: 'Assignable Auditor' }]);
      const email = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [auditor.id]))[0].email;
      const byEmail = await as(token)
        .get(`/users?role=auditor&q=${encodeURIComponent(email)}`)
        .expect(200);
      expect(byEmail.body.total).toBe(0);
    });

    it.each([
      ['without a role', ''],
      ['for admins', '?role=admin'],
      ['for ministry staff', '?role=ministry'],
      ['for deactivated trainers', '?role=trainer&active=false'],
    ])('refuses ministry and IOM staff a list %s (403)', async (_case, query) => {
      for (const role of [Role.Ministry, Role.Iom]) {
        const res = await as(await t.fx.tokenFor(role)).get(`/users${query}`);
        expect(expectProblem(res, 403, 'FORBIDDEN').detail).toBe(
          'Ministry and IOM staff may list only active trainers or auditors: send role=trainer or role=auditor.',
        );
      }
    });

    it.each([Role.Trainer, Role.Auditor])('refuses %s users (403)', async (role) => {
      expectProblem(await as(await t.fx.tokenFor(role)).get('/users?role=trainer'), 403, 'FORBIDDEN');
    });

    it('still gives admins every account in full, deactivated ones too', async () => {
      const res = await as(admin.token).get('/users?role=trainer&q=assignable').expect(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items[0]).toEqual({
        id: expect.any(String),
        email: expect.any(String),
        name: expect.any(String),
        roles: expect.any(Array),
        version: expect.any(Number),
        active: expect.any(Boolean),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('documents both answers in OpenAPI (any of the two pages)', async () => {
      const doc = (await request(t.http).get('/docs-json').expect(200)).body;
      const ok = doc.paths['/api/v1/users'].get.responses['200'];
      expect(ok.content['application/json'].schema).toEqual({
        anyOf: [
          { $ref: '#/components/schemas/UserPageDto' },
          { $ref: '#/components/schemas/UserSummaryPageDto' },
        ],
      });
      expect(doc.components.schemas.UserSummaryDto.required).toEqual(['id', 'name']);
      expect(Object.keys(doc.components.schemas.UserSummaryDto.properties)).toEqual(['id', 'name']);
    });
  });

  describe('PATCH /users/{id}', () => {
    it('changes roles and the active flag, logging before and after', async () => {
      const user = await t.fx.user({ roles: [Role.Trainer] });
      const res = await as(admin.token)
        .patch(`/users/${user.id}`)
        .send({ roles: ['trainer', 'auditor'], active: false, version: user.version })
        .expect(200);
      expect(res.body).toMatchObject({
        roles: ['trainer', 'auditor'],
        active: false,
        version: user.version + 1,
      });
      const entries = await auditFor(user.id);
      expect(entries.at(-1)).toMatchObject({
        action: 'user.updated',
        actor_id: admin.user.id,
        before: { roles: ['trainer'], active: true },
        after: { roles: ['trainer', 'auditor'], active: false },
      });
    });

    it('resets a password, logging only that it changed', async () => {
      const user = await t.fx.user();
      await as(admin.token)
        .patch(`/users/${user.id}`)
        .send({ password: 'a-brand-new-password', version: user.version })
        .expect(200);
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'a-brand-new-password' })
        .expect(200);
      const entries = await auditFor(user.id);
      expect(entries.at(-1).after).toMatchObject({ passwordChanged: true });
      expect(JSON.stringify(entries)).not.toMatch(/a-brand-new-password|argon2/);
    });

    it('refuses to remove the last active admin (409) and changes nothing', async () => {
      const t2 = await createTestApp();
      try {
        const only = await t2.fx.signIn([Role.Admin]);
        const res = await request(t2.http)
          .patch(`/api/v1/users/${only.user.id}`)
          .auth(only.token, { type: 'bearer' })
          .send({ active: false, version: only.user.version });
        expectProblem(res, 409, 'USER_LAST_ADMIN');
        const [row] = await t2.db.query(`SELECT active FROM users WHERE id = $1`, [only.user.id]);
        expect(row.active).toBe(true);
      } finally {
        await t2.close();
      }
    });

    it('answers 404 for an unknown user', async () => {
      const res = await as(admin.token)
        .patch('/users/2c9a4b1e-8d3f-4e6a-b5c7-1f2e3d4c5b6a')
        .send({ name: 'X', version: 1 });
      expectProblem(res, 404);
    });

    it('refuses a change made on a stale version (409) and changes nothing', async () => {
      const user = await t.fx.user({ name: 'Before' });
      await as(admin.token)
        .patch(`/users/${user.id}`)
        .send({ name: 'First', version: user.version })
        .expect(200);
      const res = await as(admin.token)
        .patch(`/users/${user.id}`)
        .send({ name: 'Second', version: user.version });
      expectProblem(res, 409, 'STALE_VERSION');
      const [row] = await t.db.query(`SELECT name FROM users WHERE id = $1`, [user.id]);
      expect(row.name).toBe('First');
    });
  });

  describe('the first admin', () => {
    it('is created from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists, and only once', async () => {
      const first = await createTestApp({
        env: { ADMIN_EMAIL: 'Root@Ministry.la', ADMIN_PASSWORD: 'first-admin-password' },
      });
      try {
        await request(first.http)
          .post('/api/v1/auth/login')
          .send({ email: 'root@ministry.la', password: 'first-admin-password' })
          .expect(200);
        // A restart runs the same bootstrap again: it must not add a second admin.
        await first.app.get(UsersService).onApplicationBootstrap();
        const admins = await first.db.query(`SELECT email FROM users WHERE 'admin' = ANY(roles)`);
        expect(admins).toEqual([{ email: 'root@ministry.la' }]);
        const entries = await first.db.query(`SELECT * FROM audit_log WHERE action = 'user.created'`);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          actor_id: null,
          after: { email: 'root@ministry.la', roles: ['admin'] },
        });
      } finally {
        await first.close();
      }
    });
  });
});
