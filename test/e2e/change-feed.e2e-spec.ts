import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import { ChangeFeed } from '../../src/database/change-feed';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { waitFor } from '../utils/wait';

/**
 * A certificate's public view is kept in each replica's memory (the QR path); a change made anywhere
 * must show everywhere at once. Two replicas on one database.
 */
describe('the public view of a certificate, kept in memory by each replica', () => {
  let a: TestApp;
  let b: TestApp;
  let number: string;
  let agencyId: string;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl });
    const auditor = await a.fx.user({ roles: [Role.Auditor] });
    const c = await a.fx.caseIn(Stage.Certified, auditor);
    number = c.certificateNumber!;
    agencyId = c.agency.id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const view = async (t: TestApp) =>
    (await request(t.http).get(`/api/v1/public/certificates/${number}`).expect(200)).body as {
      status: string;
      statusReason: string | null;
      agency: { nameEn: string };
    };
  const setStatus = (status: string, reason: string | null) =>
    a.db.query(`UPDATE certificates SET status = $2, status_reason = $3 WHERE number = $1`, [
      number,
      status,
      reason,
    ]);

  it('shows a change made through the service at once on that replica, and within moments on the other', async () => {
    expect((await view(a)).agency.nameEn).not.toBe('Renamed Recruitment Co., Ltd.');
    expect((await view(b)).status).toBe('valid');
    const ministry = await a.fx.tokenFor(Role.Ministry);
    const agency = await as(a.http, ministry).get(`/agencies/${agencyId}`).expect(200);
    await as(a.http, ministry)
      .patch(`/agencies/${agencyId}`)
      .send({ nameEn: 'Renamed Recruitment Co., Ltd.', version: agency.body.version })
      .expect(200);
    // The replica that made the change: no wait at all.
    expect((await view(a)).agency.nameEn).toBe('Renamed Recruitment Co., Ltd.');
    await waitFor(
      'the other replica to show the new name',
      async () => {
        return (await view(b)).agency.nameEn === 'Renamed Recruitment Co., Ltd.';
      },
      { timeoutMs: 3000 },
    );
  });

  it('shows a change written by another process (a statement on the database) on both replicas', async () => {
    expect((await view(a)).status).toBe('valid');
    expect((await view(b)).status).toBe('valid');
    await setStatus('suspended', 'Suspended by another process');
    for (const t of [a, b]) {
      await waitFor('the suspension to show', async () => (await view(t)).status === 'suspended', {
        timeoutMs: 3000,
      });
    }
    // The QR page too.
    const page = await request(b.http).get(`/verify/${number}?lang=en`).expect(200);
    expect(page.text).toContain('Suspended by another process');
    await setStatus('valid', null);
    await waitFor('the reinstatement to show', async () => (await view(b)).status === 'valid', {
      timeoutMs: 3000,
    });
  });

  it('keeps nothing while it cannot hear changes, and starts again once it can', async () => {
    const feed = b.app.get(ChangeFeed);
    await waitFor('the change feed', () => feed.live);
    expect((await view(b)).status).toBe('valid');
    expect((await view(b)).status).toBe('valid');
    // The database ends the listening connections (a restart, a failover, a network cut would too).
    await a.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN iris_changes' AND datname = current_database()`,
    );
    await waitFor('the replica to notice', () => !feed.live);
    await setStatus('withdrawn', 'Withdrawn while nobody listened');
    expect((await view(b)).status).toBe('withdrawn');
    await waitFor('the change feed to come back', () => feed.live, { timeoutMs: 10_000 });
    await setStatus('valid', null);
    await waitFor('the change to show', async () => (await view(b)).status === 'valid', { timeoutMs: 3000 });
  });
});

/** The account behind a token is kept in memory too; a change on one replica ends it on every one. */
describe('signed-in accounts, kept in memory by each replica', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('refuses a token on every replica once its account is deactivated on one', async () => {
    const { token, user } = await a.fx.signIn([Role.Ministry]);
    for (const t of [a, b]) await as(t.http, token).get('/auth/me').expect(200);
    const admin = await a.fx.tokenFor(Role.Admin);
    await as(a.http, admin)
      .patch(`/users/${user.id}`)
      .send({ active: false, version: user.version })
      .expect(200);
    expect((await as(a.http, token).get('/auth/me')).status).toBe(401);
    await waitFor(
      'the other replica to refuse the token',
      async () => {
        return (await as(b.http, token).get('/auth/me')).status === 401;
      },
      { timeoutMs: 3000 },
    );
  });

  it('sees a role given by another process (a statement on the database)', async () => {
    const { token, user } = await a.fx.signIn([Role.Trainer]);
    await as(b.http, token).get('/users').expect(403);
    await a.db.query(`UPDATE users SET roles = '{admin,trainer}' WHERE id = $1`, [user.id]);
    await waitFor(
      'the new role to count',
      async () => {
        return (await as(b.http, token).get('/users')).status === 200;
      },
      { timeoutMs: 3000 },
    );
  });
});
