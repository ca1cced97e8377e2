import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

describe('reference data', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.fx.tokenFor(Role.Trainer);
  });
  afterAll(() => t.close());

  it('GET /reference/provinces lists the 18 provinces with Lao names', async () => {
    const res = await request(t.http)
      .get('/api/v1/reference/provinces')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(res.body.items).toHaveLength(18);
    expect(res.body.items).toContainEqual({
      code: 'LA-VT',
      nameEn: 'Vientiane Capital',
      nameLo: 'ນະຄອນຫຼວງວຽງຈັນ',
    });
    expect(res.body.items).toContainEqual({ code: 'LA-XS', nameEn: 'Xaisomboun', nameLo: 'ໄຊສົມບູນ' });
  });

  it('GET /reference/criteria lists the IRIS principles and criteria in the Standard’s order', async () => {
    const res = await request(t.http)
      .get('/api/v1/reference/criteria')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(res.body.items.map((c: { code: string }) => c.code)).toEqual([
      'A',
      'A.1',
      'A.2',
      'A.3',
      'B',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(res.body.items[2]).toEqual({
      code: 'A.2',
      principle: 'A',
      title: 'The labour recruiter prohibits forced labour',
      standardVersion: '1.2',
    });
  });

  describe('POST /reference/criteria', () => {
    it('lets an admin add a criterion under its principle, logged', async () => {
      const admin = await t.fx.signIn([Role.Admin]);
      const res = await request(t.http)
        .post('/api/v1/reference/criteria')
        .auth(admin.token, { type: 'bearer' })
        .send({ code: '1.1', title: 'The labour recruiter charges no fees to jobseekers' })
        .expect(201);
      expect(res.body).toEqual({
        code: '1.1',
        principle: '1',
        title: expect.any(String),
        standardVersion: '1.2',
      });
      const [entry] = await t.db.query(
        `SELECT * FROM audit_log WHERE entity_type = 'criterion' AND entity_id = '1.1'`,
      );
      expect(entry).toMatchObject({ action: 'criterion.created', actor_id: admin.user.id });
      const dup = await request(t.http)
        .post('/api/v1/reference/criteria')
        .auth(admin.token, { type: 'bearer' })
        .send({ code: '1.1', title: 'Again' });
      expectProblem(dup, 409, 'CRITERION_TAKEN');
    });

    it('refuses a code that is not under a principle (400)', async () => {
      const admin = await t.fx.tokenFor(Role.Admin);
      const res = await request(t.http)
        .post('/api/v1/reference/criteria')
        .auth(admin, { type: 'bearer' })
        .send({ code: 'C.1', title: 'Made up' });
      expect(expectProblem(res, 400).errors?.[0].field).toBe('code');
    });

    it('is closed to the ministry (403)', async () => {
      const res = await request(t.http)
        .post('/api/v1/reference/criteria')
        .auth(await t.fx.tokenFor(Role.Ministry), { type: 'bearer' })
        .send({ code: '2.1', title: 'Workers keep their passports' });
      expectProblem(res, 403);
    });
  });
});
