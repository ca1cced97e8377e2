import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { type ConsoleBrowser, signInToConsole } from '../utils/console';
import { PASSWORD } from '../utils/fixtures';
import { as } from '../utils/http';

/** An audit-log entry's shape: what two ways of making one change must have in common. */
const shapeOf = (entry: {
  action: string;
  entity_type: string;
  before: object | null;
  after: object | null;
}) => ({
  action: entry.action,
  entityType: entry.entity_type,
  before: entry.before && Object.keys(entry.before).sort(),
  after: entry.after && Object.keys(entry.after).sort(),
});

describe('staff console: users (/staff/users)', () => {
  let t: TestApp;
  let admin: { token: string; user: { id: string; email: string } };
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.signIn([Role.Admin]);
    browser = await signInToConsole(t.http, admin.user.email);
  });
  afterAll(() => t.close());

  const lastEntry = async (entityId: string) => {
    const [entry] = await t.db.query(
      `SELECT action, entity_type, actor_id, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [entityId],
    );
    return entry;
  };
  const versionOf = async (id: string) =>
    (await t.db.query('SELECT version FROM users WHERE id = $1', [id]))[0].version as number;

  it.each([Role.Ministry, Role.Iom, Role.Trainer, Role.Auditor])(
    'is refused to %s (403 page)',
    async (role) => {
      const user = await t.fx.user({ roles: [role] });
      const other = await signInToConsole(t.http, user.email);
      const res = await other.agent.get('/staff/users');
      expect(res.status).toBe(403);
      expect(res.text).toContain('<html lang="lo">');
      const post = await other.submit('/staff/users', { name: 'X', email: 'x@example.la', roles: 'admin' });
      expect(post.status).toBe(403);
    },
  );

  it('lists accounts with role names in Lao, filtered by role and active', async () => {
    const trainer = await t.fx.user({ roles: [Role.Trainer] });
    const gone = await t.fx.user({ roles: [Role.Trainer] });
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [gone.id]);
    const res = await browser.open('/staff/users?role=trainer&active=true');
    expect(res.status).toBe(200);
    expect(res.text).toContain(trainer.name);
    expect(res.text).not.toContain(gone.name);
    expect(res.text).toContain('ຄູຝຶກ');
    const inactive = await browser.open('/staff/users?role=trainer&active=false');
    expect(inactive.text).toContain(gone.name);
    expect(inactive.text).not.toContain(trainer.name);
  });

  it('creates an account, as POST /users does, with the same audit-log entry', async () => {
    await browser.open('/staff/users/new');
    const res = await browser.submit('/staff/users', {
      name: 'Console Trainer',
      email: 'Console.Trainer@example.la',
      roles: ['trainer', 'auditor'],
      password: 'a long enough password',
    });
    expect(res.status).toBe(303);
    const [created] = await t.db.query(
      `SELECT id, array_to_json(roles) AS roles, email FROM users WHERE email = 'console.trainer@example.la'`,
    );
    expect(created.roles).toEqual(['trainer', 'auditor']);
    expect(res.headers.location).toBe(`/staff/users/${created.id}`);
    const page = await browser.open(res.headers.location);
    expect(page.text).toContain('Console Trainer');
    expect(page.text).toContain('role="status"');

    const api = await as(t.http, admin.token)
      .post('/users')
      .send({
        name: 'API Trainer',
        email: 'api.trainer@example.la',
        roles: ['trainer'],
        password: 'a long enough password',
      })
      .expect(201);
    const fromConsole = await lastEntry(created.id);
    const fromApi = await lastEntry(api.body.id);
    expect(shapeOf(fromConsole)).toEqual(shapeOf(fromApi));
    expect(fromConsole).toMatchObject({ action: 'user.created', actor_id: admin.user.id });
  });

  it('refuses a bad form by each field, in Lao, keeping what was typed', async () => {
    await browser.open('/staff/users/new');
    const res = await browser.submit('/staff/users', {
      name: 'Typed Name',
      email: 'not-an-email',
      password: 'short',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('value="Typed Name"');
    for (const field of ['email', 'roles', 'password']) expect(res.text).toContain(`href="#field-${field}"`);
  });

  it('refuses an e-mail already in use', async () => {
    const existing = await t.fx.user();
    await browser.open('/staff/users/new');
    const res = await browser.submit('/staff/users', {
      name: 'Twin',
      email: existing.email,
      roles: 'iom',
      password: 'a long enough password',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('ອີເມວ');
  });

  it('changes name and roles, as PATCH /users/:id does, with the same audit-log entry', async () => {
    const one = await t.fx.user({ roles: [Role.Trainer] });
    const two = await t.fx.user({ roles: [Role.Trainer] });
    await browser.open(`/staff/users/${one.id}`);
    const res = await browser.submit(`/staff/users/${one.id}`, {
      name: 'Renamed In Console',
      roles: ['trainer', 'iom'],
      version: String(one.version),
    });
    expect(res.status).toBe(303);
    await as(t.http, admin.token)
      .patch(`/users/${two.id}`)
      .send({ name: 'Renamed In API', roles: ['trainer', 'iom'], version: two.version })
      .expect(200);
    const fromConsole = await lastEntry(one.id);
    expect(fromConsole.after).toMatchObject({ name: 'Renamed In Console', roles: ['trainer', 'iom'] });
    expect(shapeOf(fromConsole)).toEqual(shapeOf(await lastEntry(two.id)));
  });

  it('answers a stale version clearly and shows the record as it is now', async () => {
    const user = await t.fx.user({ roles: [Role.Trainer] });
    await browser.open(`/staff/users/${user.id}`);
    await as(t.http, admin.token)
      .patch(`/users/${user.id}`)
      .send({ name: 'Changed Meanwhile', version: user.version });
    const res = await browser.submit(`/staff/users/${user.id}`, {
      name: 'My Change',
      roles: 'trainer',
      version: String(user.version),
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('ມີຄົນອື່ນ');
    expect(res.text).toContain('value="Changed Meanwhile"');
    expect(res.text).toContain(`name="version" value="${user.version + 1}"`);
  });

  it('deactivates (their session ends) and reactivates, as PATCH /users/:id does', async () => {
    const user = await t.fx.user({ roles: [Role.Trainer] });
    const twin = await t.fx.user({ roles: [Role.Trainer] });
    const theirs = await signInToConsole(t.http, user.email);
    await browser.open(`/staff/users/${user.id}`);
    const off = await browser.submit(`/staff/users/${user.id}/active`, {
      active: 'false',
      version: String(user.version),
    });
    expect(off.status).toBe(303);
    const ended = await theirs.agent.get('/staff');
    expect(ended.headers.location).toBe('/staff/sign-in?next=%2Fstaff&reason=ended');

    await as(t.http, admin.token)
      .patch(`/users/${twin.id}`)
      .send({ active: false, version: twin.version })
      .expect(200);
    expect(shapeOf(await lastEntry(user.id))).toEqual(shapeOf(await lastEntry(twin.id)));
    expect((await lastEntry(user.id)).after).toMatchObject({ active: false });

    const on = await browser.submit(`/staff/users/${user.id}/active`, {
      active: 'true',
      version: String(await versionOf(user.id)),
    });
    expect(on.status).toBe(303);
    await signInToConsole(t.http, user.email);
  });

  it('sets a new password, as PATCH /users/:id does, and never logs it', async () => {
    const user = await t.fx.user({ roles: [Role.Iom] });
    const twin = await t.fx.user({ roles: [Role.Iom] });
    await browser.open(`/staff/users/${user.id}`);
    const res = await browser.submit(`/staff/users/${user.id}/password`, {
      password: 'the new long password',
      version: String(user.version),
    });
    expect(res.status).toBe(303);
    await signInToConsole(t.http, user.email, 'the new long password');
    await expect(signInToConsole(t.http, user.email, PASSWORD)).rejects.toThrow(/401/);

    await as(t.http, admin.token)
      .patch(`/users/${twin.id}`)
      .send({ password: 'the new long password', version: twin.version })
      .expect(200);
    const fromConsole = await lastEntry(user.id);
    expect(shapeOf(fromConsole)).toEqual(shapeOf(await lastEntry(twin.id)));
    expect(fromConsole.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(fromConsole)).not.toContain('the new long password');
  });

  it('refuses a short password by the field', async () => {
    const user = await t.fx.user();
    await browser.open(`/staff/users/${user.id}`);
    const res = await browser.submit(`/staff/users/${user.id}/password`, { password: 'short', version: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="error-password"');
  });

  it('keeps the last admin: deactivating them is refused on the page', async () => {
    await t.db.query(`UPDATE users SET active = false WHERE 'admin' = ANY(roles) AND id <> $1`, [
      admin.user.id,
    ]);
    await browser.open(`/staff/users/${admin.user.id}`);
    const res = await browser.submit(`/staff/users/${admin.user.id}/active`, {
      active: 'false',
      version: String(await versionOf(admin.user.id)),
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('class="error-summary"');
    expect((await request(t.http).get('/staff/users')).status).toBe(303);
  });
});
