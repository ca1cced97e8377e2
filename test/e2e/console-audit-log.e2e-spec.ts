import { Clock } from '../../src/common/clock';
import { addDays } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { type ConsoleBrowser, signInToConsole } from '../utils/console';
import { as } from '../utils/http';

describe('staff console: audit log (/staff/audit-log)', () => {
  let t: TestApp;
  let admin: { token: string; user: { id: string; name: string; email: string } };
  let browser: ConsoleBrowser;
  let renamed: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.fx.signIn([Role.Admin]);
    const ministry = await t.fx.user({ roles: [Role.Ministry] });
    browser = await signInToConsole(t.http, ministry.email);
    const created = await as(t.http, admin.token)
      .post('/users')
      .send({
        name: 'Logged Person',
        email: 'logged@example.la',
        roles: ['trainer'],
        password: 'a long enough password',
      })
      .expect(201);
    renamed = created.body;
    await as(t.http, admin.token)
      .patch(`/users/${created.body.id}`)
      .send({ name: 'Logged Person Renamed', roles: ['trainer', 'auditor'], version: created.body.version })
      .expect(200);
  });
  afterAll(() => t.close());

  it.each([Role.Trainer, Role.Auditor])('is refused to %s (403 page)', async (role) => {
    const other = await signInToConsole(t.http, (await t.fx.user({ roles: [role] })).email);
    expect((await other.agent.get('/staff/audit-log')).status).toBe(403);
  });

  it.each([Role.Iom, Role.Admin])('is open to %s', async (role) => {
    const other = await signInToConsole(t.http, (await t.fx.user({ roles: [role] })).email);
    expect((await other.agent.get('/staff/audit-log')).status).toBe(200);
  });

  it('shows who by name, what in Lao, a link to the record, and a readable difference', async () => {
    const res = await browser.open(`/staff/audit-log?entityType=user&entityId=${renamed.id}`);
    expect(res.status).toBe(200);
    const [updated, created] = res.text.split('<li class="card">').slice(1);
    expect(updated).toContain('ປ່ຽນບັນຊີຜູ້ໃຊ້');
    expect(updated).toContain(admin.user.name);
    expect(updated).not.toContain(admin.user.id);
    expect(updated).toContain(`href="/staff/users/${renamed.id}"`);
    // Field names in Lao, old → new, roles by their names; unchanged fields left out.
    expect(updated).toContain('<del>Logged Person</del>');
    expect(updated).toContain('<ins>Logged Person Renamed</ins>');
    expect(updated).toContain('<ins>ຄູຝຶກ, ຜູ້ກວດສອບ</ins>');
    expect(updated).not.toContain('logged@example.la');
    expect(created).toContain('ສ້າງບັນຊີຜູ້ໃຊ້');
    expect(created).toContain('logged@example.la');
  });

  it('filters by entity type, actor, action and days', async () => {
    const today = t.app.get(Clock).today();
    const q = `entityType=user&actorId=${admin.user.id}&action=user.updated&from=${today}&to=${today}`;
    const res = await browser.open(`/staff/audit-log?${q}`);
    expect(res.text.split('<li class="card">')).toHaveLength(2);
    expect(res.text).toContain(`<option value="${admin.user.id}" selected>${admin.user.name}</option>`);
    const yesterday = addDays(today, -1);
    const none = await browser.open(
      `/staff/audit-log?${q.replace(`from=${today}&to=${today}`, `from=${yesterday}&to=${yesterday}`)}`,
    );
    expect(none.text).not.toContain('<li class="card">');
    const agencies = await browser.open('/staff/audit-log?entityType=agency');
    expect(agencies.text.split('<ol class="audit-entries">')[1] ?? '').not.toContain('Logged Person');
  });

  it('console action and API twin write the same audit-log entry (user create, update, deactivate, password)', async () => {
    const adminConsole = await signInToConsole(t.http, admin.user.email);
    const api = as(t.http, admin.token);
    const entryOf = async (entityId: string) => {
      const [row] = await t.db.query(
        'SELECT action, entity_type, actor_id, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1',
        [entityId],
      );
      const keys = (value: object | null) => value && Object.keys(value).sort();
      return {
        action: row.action,
        entityType: row.entity_type,
        actor: row.actor_id,
        before: keys(row.before),
        after: keys(row.after),
      };
    };
    const versionOf = async (id: string) =>
      (await t.db.query('SELECT version FROM users WHERE id = $1', [id]))[0].version;
    const body = (who: string) => ({
      name: who,
      email: `${who}@example.la`,
      password: 'a long enough password',
    });

    await adminConsole.open('/staff/users/new');
    const created = await adminConsole.submit('/staff/users', { ...body('twin-console'), roles: 'trainer' });
    expect(created.status).toBe(303);
    const [{ id: viaConsole }] = await t.db.query(
      `SELECT id FROM users WHERE email = 'twin-console@example.la'`,
    );
    const viaApi = (
      await api
        .post('/users')
        .send({ ...body('twin-api'), roles: ['trainer'] })
        .expect(201)
    ).body.id;
    expect(await entryOf(viaConsole)).toEqual(await entryOf(viaApi));

    const changes: [string, Record<string, string | string[]>, Record<string, unknown>][] = [
      ['', { name: 'Renamed', roles: ['trainer', 'iom'] }, { name: 'Renamed', roles: ['trainer', 'iom'] }],
      ['/active', { active: 'false' }, { active: false }],
      ['/password', { password: 'another long password' }, { password: 'another long password' }],
    ];
    for (const [path, form, patch] of changes) {
      await adminConsole.open(`/staff/users/${viaConsole}`);
      const version = String(await versionOf(viaConsole));
      const res = await adminConsole.submit(`/staff/users/${viaConsole}${path}`, { ...form, version });
      expect(res.status).toBe(303);
      await api
        .patch(`/users/${viaApi}`)
        .send({ ...patch, version: await versionOf(viaApi) })
        .expect(200);
      const entry = await entryOf(viaConsole);
      expect(entry).toMatchObject({ action: 'user.updated', actor: admin.user.id });
      expect(entry).toEqual(await entryOf(viaApi));
    }
  });

  it('filters by days in the API too (GET /audit-log?from&to)', async () => {
    const today = t.app.get(Clock).today();
    const res = await as(t.http, admin.token)
      .get(`/audit-log?entityId=${renamed.id}&from=${today}&to=${today}`)
      .expect(200);
    expect(res.body.total).toBe(2);
    const before = await as(t.http, admin.token)
      .get(`/audit-log?entityId=${renamed.id}&to=${addDays(today, -1)}`)
      .expect(200);
    expect(before.body.total).toBe(0);
  });

  it('pages through long histories', async () => {
    const user = await t.fx.user();
    let version = user.version;
    for (let i = 0; i < 26; i++) {
      const res = await as(t.http, admin.token)
        .patch(`/users/${user.id}`)
        .send({ name: `Name ${i}`, version })
        .expect(200);
      version = res.body.version;
    }
    const first = await browser.open(`/staff/audit-log?entityId=${user.id}`);
    expect(first.text).toContain('rel="next"');
    const second = await browser.open(`/staff/audit-log?entityId=${user.id}&offset=25`);
    expect(second.text.split('<li class="card">')).toHaveLength(3);
  });

  it('refuses a malformed filter by the field', async () => {
    const res = await browser.open('/staff/audit-log?from=yesterday');
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="error-from"');
  });
});
