import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, type TestApp } from '../utils/app';
import { consoleBrowser, csrfOf, signInToConsole } from '../utils/console';
import { PASSWORD } from '../utils/fixtures';

describe('staff console: signing in, sessions and forms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends someone not signed in to the sign-in page, then back where they were going', async () => {
    const res = await request(t.http).get('/staff/agencies?q=vientiane').expect(303);
    expect(res.headers.location).toBe('/staff/sign-in?next=%2Fstaff%2Fagencies%3Fq%3Dvientiane');

    const user = await t.fx.user({ roles: [Role.Ministry] });
    const browser = consoleBrowser(t.http);
    await browser.open(res.headers.location);
    const signedIn = await browser.submit('/staff/sign-in', {
      email: user.email,
      password: PASSWORD,
      next: '/staff/agencies?q=vientiane',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/staff/agencies?q=vientiane');
  });

  it('never sends someone elsewhere after signing in', async () => {
    const user = await t.fx.user();
    for (const next of ['https://evil.example/', '//evil.example/staff', '/api/v1/users', '/staffing']) {
      const browser = consoleBrowser(t.http);
      await browser.open('/staff/sign-in');
      const res = await browser.submit('/staff/sign-in', { email: user.email, password: PASSWORD, next });
      expect(res.headers.location).toBe('/staff');
    }
  });

  it('keeps its cookie to the console: HttpOnly, SameSite=Lax, path /staff', async () => {
    const res = await request(t.http).get('/staff/sign-in').expect(200);
    const cookie = [res.headers['set-cookie']].flat().join(';');
    expect(cookie).toMatch(/^iris_staff=/);
    expect(cookie).toMatch(/Path=\/staff/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends a browser’s hardening headers with its pages: no inline script, no framing elsewhere, HSTS', async () => {
    const res = await request(t.http).get('/staff/sign-in').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).toContain(`frame-ancestors 'self'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives a new session on sign-in: the cookie set before it signs nobody in', async () => {
    const user = await t.fx.user();
    const before = await request(t.http).get('/staff/sign-in').expect(200);
    const cookie = [before.headers['set-cookie']].flat()[0].split(';')[0];
    const res = await request(t.http)
      .post('/staff/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(before), email: user.email, password: PASSWORD });
    expect(res.status).toBe(303);
    const after = [res.headers['set-cookie']].flat()[0].split(';')[0];
    expect(after).not.toBe(cookie);
    expect((await request(t.http).get('/staff').set('Cookie', after)).status).toBe(200);
    expect((await request(t.http).get('/staff').set('Cookie', cookie)).status).toBe(303);
  });

  it('signs a person out after 30 minutes without a click, and after 12 hours however busy', async () => {
    const user = await t.fx.user();
    /** Moves the user's sessions' `field` (a time in ms) `minutes` into the past. */
    const back = (field: 'lastSeenAt' | 'startedAt', minutes: number) =>
      t.db.query(
        `UPDATE staff_sessions SET sess = jsonb_set(sess::jsonb, $2::text[], to_jsonb($3::bigint))::json
          WHERE sess->>'userId' = $1`,
        [user.id, [field], Date.now() - minutes * 60_000],
      );
    const idle = await signInToConsole(t.http, user.email);
    await back('lastSeenAt', 29);
    expect((await idle.agent.get('/staff')).status).toBe(200);
    await back('lastSeenAt', 31);
    expect((await idle.agent.get('/staff')).headers.location).toBe(
      '/staff/sign-in?next=%2Fstaff&reason=expired',
    );

    const busy = await signInToConsole(t.http, user.email);
    await back('startedAt', 12 * 60 + 1);
    expect((await busy.agent.get('/staff')).headers.location).toBe(
      '/staff/sign-in?next=%2Fstaff&reason=expired',
    );
  });

  it('refuses a wrong password on the form itself, in Lao, keeping the e-mail typed', async () => {
    const user = await t.fx.user();
    const browser = consoleBrowser(t.http);
    await browser.open('/staff/sign-in?lang=lo');
    const res = await browser.submit('/staff/sign-in', {
      email: user.email,
      password: 'not-the-password',
      lang: 'lo',
    });
    expect(res.status).toBe(401);
    expect(res.text).toContain('<html lang="lo">');
    expect(res.text).toContain(`value="${user.email}"`);
    // Which of the two was wrong is not said: the summary names both.
    expect(res.text).toContain('ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ');
  });

  it('refuses a form without its CSRF token, or with another session’s, and changes nothing', async () => {
    const user = await t.fx.user({ roles: [Role.Ministry] });
    const browser = await signInToConsole(t.http, user.email);
    const other = await signInToConsole(t.http, (await t.fx.user()).email);

    const missing = await browser.agent.post('/staff/account/language').type('form').send({ language: 'en' });
    expect(missing.status).toBe(403);
    const forged = await browser.agent
      .post('/staff/account/language')
      .type('form')
      .send({ language: 'en', _csrf: other.csrf });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('<html lang="lo">');
    const [row] = await t.db.query('SELECT language FROM users WHERE id = $1', [user.id]);
    expect(row.language).toBe('lo');
  });

  it('shows the console in the language the person picked, and keeps it for their next visit', async () => {
    const user = await t.fx.user();
    const browser = await signInToConsole(t.http, user.email);
    expect((await browser.open('/staff')).text).toContain('<html lang="lo">');

    const res = await browser.submit('/staff/account/language', { language: 'en', back: '/staff/account' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/account');
    const again = await signInToConsole(t.http, user.email);
    expect((await again.open('/staff')).text).toContain('<html lang="en">');
    const audit = await t.db.query(
      `SELECT action, actor_id FROM audit_log WHERE entity_id = $1 AND action = 'user.language_changed'`,
      [user.id],
    );
    expect(audit).toEqual([{ action: 'user.language_changed', actor_id: user.id }]);
  });

  it('ends every session of a deactivated person at their next click', async () => {
    const user = await t.fx.user();
    const browser = await signInToConsole(t.http, user.email);
    const admin = await t.fx.actor(Role.Admin);
    await t.app.get(UsersService).update(user.id, { active: false, version: user.version }, admin);

    const res = await browser.agent.get('/staff').expect(303);
    expect(res.headers.location).toBe('/staff/sign-in?next=%2Fstaff&reason=ended');
    // htmx requests are told where to go instead of receiving the sign-in page inside a fragment.
    const fragment = await browser.agent.get('/staff').set('HX-Request', 'true');
    expect(fragment.headers['hx-redirect']).toMatch(/^\/staff\/sign-in/);
  });

  it('ends the other sessions when a person changes their own password', async () => {
    const user = await t.fx.user();
    const laptop = await signInToConsole(t.http, user.email);
    const phone = await signInToConsole(t.http, user.email);
    await laptop.open('/staff/account');
    const changed = await laptop.submit('/staff/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'a-new-long-password',
    });
    expect(changed.status).toBe(303);
    const after = await laptop.agent.get('/staff/account');
    expect([after.status, after.headers.location]).toEqual([200, undefined]);
    expect((await phone.agent.get('/staff')).headers.location).toMatch(/reason=ended/);
  });

  it('answers a short new password on the form, listing what is wrong', async () => {
    const user = await t.fx.user();
    const browser = await signInToConsole(t.http, user.email);
    await browser.open('/staff/account');
    const res = await browser.submit('/staff/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#field-newPassword"');
  });

  it('signs out: the session is gone, the next page asks to sign in', async () => {
    const user = await t.fx.user();
    const browser = await signInToConsole(t.http, user.email);
    const out = await browser.submit('/staff/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/staff/sign-in?reason=signedOut');
    expect((await browser.agent.get('/staff')).status).toBe(303);
  });

  it('answers an address the console does not have with its own page, in the person’s language', async () => {
    const browser = await signInToConsole(t.http, (await t.fx.user()).email);
    const res = await browser.agent.get('/staff/no-such-page').expect(404);
    expect(res.text).toContain('<html lang="lo">');
    expect(res.text).toContain('ບໍ່ມີໜ້ານີ້');
  });

  it('answers a form sent to an address the console does not have with its own page, after the sign-in', async () => {
    const browser = await signInToConsole(t.http, (await t.fx.user()).email);
    const res = await browser.submit('/staff/no-such-form', { anything: 'at all' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('ບໍ່ມີໜ້ານີ້');
    const anonymous = consoleBrowser(t.http);
    await anonymous.open('/staff/sign-in');
    const out = await anonymous.submit('/staff/no-such-form', {});
    expect([out.status, out.headers.location]).toEqual([303, '/staff/sign-in?next=%2Fstaff%2Fno-such-form']);
  });

  it('answers a form of a type it cannot read, and an address no route takes, with a page, not JSON', async () => {
    const browser = await signInToConsole(t.http, (await t.fx.user()).email);
    const xml = await browser.agent
      .post('/staff/account/language')
      .set('X-CSRF-Token', browser.csrf)
      .type('application/xml')
      .send('<language>en</language>');
    expect(xml.status).toBe(415);
    expect(xml.headers['content-type']).toMatch(/^text\/html/);
    expect(xml.text).toContain('class="console"');
    // An empty last segment: no route takes it, not even the console's "no such page".
    const empty = await browser.agent.get(`/staff/trainings/${randomUUID()}/days/`);
    expect(empty.status).toBe(404);
    expect(empty.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers an address that is not valid percent-encoded UTF-8 with a page, on the console and the public site', async () => {
    for (const path of ['/staff/%E0%A4%A', '/staff/trainings/%ED%A0%80', '/agencies/%E0%A4%A']) {
      const res = await request(t.http).get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('reads a form sent as multipart, or as JSON that is not an object, as an empty form, never a 500', async () => {
    const browser = await signInToConsole(t.http, (await t.fx.user()).email);
    const multipart = await browser.agent
      .post(`/staff/account/password?_csrf=${encodeURIComponent(browser.csrf)}`)
      .field('newPassword', 'a-new-long-password');
    const json = await browser.agent
      .post('/staff/account/password')
      .set('X-CSRF-Token', browser.csrf)
      .type('json')
      .send('null');
    for (const res of [multipart, json]) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-currentPassword"');
    }
  });

  it('shows each role only the sections it may use in its navigation', async () => {
    const trainer = await t.fx.user({ roles: [Role.Trainer] });
    const browser = await signInToConsole(t.http, trainer.email);
    const today = await browser.open('/staff');
    expect(today.text).not.toContain('href="/staff/users"');
    expect(today.text).not.toContain('href="/staff/audit-log"');
  });
});
