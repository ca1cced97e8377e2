import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { PASSWORD } from '../utils/fixtures';
import { expectProblem } from '../utils/problem';
import { craftToken, nowSeconds } from '../utils/tokens';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_MAX_FAILURES_PER_IP: '8', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, address = '10.0.0.1') =>
    request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });

  describe('POST /auth/login', () => {
    it('answers a bearer token and the user, without any password or hash', async () => {
      const user = await t.fx.user({ roles: [Role.Trainer] });
      const res = await login(user.email, PASSWORD).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { id: user.id, email: user.email, name: user.name, roles: ['trainer'] },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    });

    it('matches the e-mail case-insensitively', async () => {
      const user = await t.fx.user();
      await login(user.email.toUpperCase(), PASSWORD).expect(200);
    });

    it('refuses a wrong password with 401', async () => {
      const user = await t.fx.user();
      expectProblem(await login(user.email, 'not-the-password', '10.0.1.1'), 401, 'AUTH_INVALID_CREDENTIALS');
    });

    it('refuses an unknown e-mail with the same 401', async () => {
      const res = await login('nobody@example.la', PASSWORD, '10.0.1.2');
      expect(expectProblem(res, 401, 'AUTH_INVALID_CREDENTIALS').detail).toBe(
        'Wrong e-mail or password, or the account is deactivated.',
      );
    });

    it('refuses a deactivated account with the same answer as a wrong password, so it cannot be confirmed', async () => {
      const user = await t.fx.user();
      await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
      const right = await login(user.email, PASSWORD, '10.0.1.3');
      const wrong = await login(user.email, 'not-the-password-at-all', '10.0.1.3');
      expect(expectProblem(right, 401, 'AUTH_INVALID_CREDENTIALS').detail).toBe(
        expectProblem(wrong, 401, 'AUTH_INVALID_CREDENTIALS').detail,
      );
    });

    it('ends the tokens issued before an admin resets the password', async () => {
      const user = await t.fx.user({ roles: [Role.Ministry] });
      // An account from an hour ago, signed in a few seconds ago (tokens count whole seconds).
      await t.db.query(`UPDATE users SET credentials_changed_at = now() - interval '1 hour' WHERE id = $1`, [
        user.id,
      ]);
      const token = craftToken({ sub: user.id, iat: nowSeconds() - 5, exp: nowSeconds() + 60 });
      await request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' }).expect(200);
      const admin = await t.fx.tokenFor(Role.Admin);
      await request(t.http)
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ password: 'a-brand-new-password', version: user.version })
        .expect(200);
      const res = await request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' });
      expectProblem(res, 401, 'AUTH_REQUIRED');
      const again = await login(user.email, 'a-brand-new-password', '10.0.1.4');
      expect(again.status).toBe(200);
    });

    it('refuses a missing field with 400 naming it', async () => {
      const res = await request(t.http).post('/api/v1/auth/login').send({ email: 'a@b.la' });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'password', code: 'required', message: 'Password is required' },
      ]);
    });
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After once an e-mail has too many failures from one address, even for the right password', async () => {
      const user = await t.fx.user();
      for (let i = 0; i < 3; i++) await login(user.email, 'wrong-password', '10.0.2.1').expect(401);
      const res = await login(user.email, PASSWORD, '10.0.2.1');
      expectProblem(res, 429, 'AUTH_TOO_MANY_ATTEMPTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(900);
    });

    it('does not let failures from one address lock the account out for its owner elsewhere', async () => {
      const user = await t.fx.user();
      for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password', '10.0.2.2');
      await login(user.email, PASSWORD, '10.0.2.3').expect(200);
    });

    it('counts guesses sent in parallel: no more than the limit are even checked', async () => {
      const user = await t.fx.user();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => login(user.email, 'wrong-password', '10.0.2.4')),
      );
      const checked = results.filter((r) => r.status === 401).length;
      // At most the account's limit (3) reach the password check; the address limit (8) may refuse more.
      expect(checked).toBeGreaterThanOrEqual(1);
      expect(checked).toBeLessThanOrEqual(3);
      expect(results.filter((r) => r.status === 429)).toHaveLength(10 - checked);
    });

    it('takes the client address the nearest proxy saw, not one the client wrote (TRUST_PROXY=1)', async () => {
      for (let i = 0; i < 8; i++) {
        await request(t.http)
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `203.0.113.${i}, 10.0.5.1`)
          .send({ email: `spoof-${i}@example.la`, password: 'wrong-password' })
          .expect(401);
      }
      const res = await request(t.http)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '203.0.113.99, 10.0.5.1')
        .send({ email: 'spoof-x@example.la', password: 'wrong-password' });
      expectProblem(res, 429);
    });

    it('answers 429 once one address has too many failures, whatever the e-mail', async () => {
      for (let i = 0; i < 8; i++)
        await login(`someone-${i}@example.la`, 'wrong-password', '10.0.3.1').expect(401);
      const user = await t.fx.user();
      expectProblem(await login(user.email, PASSWORD, '10.0.3.1'), 429);
      await login(user.email, PASSWORD, '10.0.3.2').expect(200);
    });

    it('forgets earlier failures for an e-mail after a successful sign-in', async () => {
      const user = await t.fx.user();
      for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password', '10.0.4.1').expect(401);
      await login(user.email, PASSWORD, '10.0.4.1').expect(200);
      for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password', '10.0.4.1').expect(401);
      await login(user.email, PASSWORD, '10.0.4.1').expect(200);
    });
  });

  describe('GET /auth/me', () => {
    it('answers the signed-in user', async () => {
      const { token, user } = await t.fx.signIn([Role.Auditor]);
      const res = await request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' }).expect(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name: user.name, roles: ['auditor'] });
    });

    it('refuses an anonymous request with 401', async () => {
      expectProblem(await request(t.http).get('/api/v1/auth/me'), 401, 'AUTH_REQUIRED');
    });

    it('stops accepting existing tokens once the user is deactivated', async () => {
      const { token, user } = await t.fx.signIn([Role.Ministry]);
      await request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' }).expect(200);
      const admin = await t.fx.tokenFor(Role.Admin);
      await request(t.http)
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ active: false, version: user.version })
        .expect(200);
      const res = await request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' });
      expectProblem(res, 401, 'AUTH_ACCOUNT_DEACTIVATED');
    });

    it('reflects a role change at once, without a new token', async () => {
      const { token, user } = await t.fx.signIn([Role.Trainer]);
      await request(t.http).get('/api/v1/users').auth(token, { type: 'bearer' }).expect(403);
      const admin = await t.fx.tokenFor(Role.Admin);
      await request(t.http)
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ roles: [Role.Admin, Role.Trainer], version: user.version })
        .expect(200);
      await request(t.http).get('/api/v1/users').auth(token, { type: 'bearer' }).expect(200);
    });
  });

  describe('tokens the service did not issue', () => {
    let userId: string;
    beforeAll(async () => {
      userId = (await t.fx.user({ roles: [Role.Admin] })).id;
    });
    const me = (token: string) => request(t.http).get('/api/v1/auth/me').auth(token, { type: 'bearer' });

    it('accepts a well-signed, current token (control)', async () => {
      await me(craftToken({ sub: userId, iat: nowSeconds(), exp: nowSeconds() + 60 })).expect(200);
    });

    it('refuses a token whose payload was tampered with (401)', async () => {
      const [head, , signature] = craftToken({ sub: userId, exp: nowSeconds() + 60 }).split('.');
      const otherId = (await t.fx.user()).id;
      const forged = Buffer.from(JSON.stringify({ sub: otherId, exp: nowSeconds() + 60 })).toString(
        'base64url',
      );
      expectProblem(await me(`${head}.${forged}.${signature}`), 401, 'AUTH_REQUIRED');
    });

    it('refuses an expired token (401)', async () => {
      expectProblem(
        await me(craftToken({ sub: userId, iat: nowSeconds() - 120, exp: nowSeconds() - 60 })),
        401,
      );
    });

    it('refuses an unsigned "alg: none" token (401)', async () => {
      expectProblem(await me(craftToken({ sub: userId, exp: nowSeconds() + 60 }, { alg: 'none' })), 401);
    });

    it('refuses a token signed with another secret (401)', async () => {
      const token = craftToken({ sub: userId, exp: nowSeconds() + 60 }, { secret: 'x'.repeat(48) });
      expectProblem(await me(token), 401);
    });

    it('refuses a token for a user that does not exist (401)', async () => {
      const token = craftToken({ sub: '00000000-0000-4000-8000-000000000000', exp: nowSeconds() + 60 });
      expectProblem(await me(token), 401);
    });

    it('refuses a well-signed token that never expires (401)', async () => {
      expectProblem(await me(craftToken({ sub: userId, iat: nowSeconds() })), 401, 'AUTH_REQUIRED');
    });

    it('refuses a well-signed token whose subject is not a user id (401, not 400)', async () => {
      expectProblem(await me(craftToken({ sub: 'admin', exp: nowSeconds() + 60 })), 401, 'AUTH_REQUIRED');
    });

    it('refuses anything after the token in the Authorization header (401)', async () => {
      const token = craftToken({ sub: userId, exp: nowSeconds() + 60 });
      const res = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token} junk`);
      expectProblem(res, 401, 'AUTH_REQUIRED');
    });

    it('refuses a non-bearer Authorization header (401)', async () => {
      expectProblem(await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Basic YTpi'), 401);
    });
  });
});
