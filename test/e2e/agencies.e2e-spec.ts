import request from 'supertest';
import { AgenciesService } from '../../src/agencies/agencies.service';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { as as signedIn } from '../utils/http';
import { expectProblem } from '../utils/problem';

describe('agencies', () => {
  let t: TestApp;
  let ministry: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await createTestApp();
    ministry = await t.fx.signIn([Role.Ministry]);
  });
  afterAll(() => t.close());

  const as = (token: string) => signedIn(t.http, token);
  const agencyBody: TestApp['fx']['agencyBody'] = (overrides) => t.fx.agencyBody(overrides);
  const auditOf = (id: string) =>
    t.db.query(`SELECT * FROM audit_log WHERE entity_type = 'agency' AND entity_id = $1 ORDER BY id`, [id]);

  describe('POST /agencies', () => {
    it('registers an agency (201) with an active licence and version 1, logged with actor and after', async () => {
      const body = agencyBody({ licenceNumber: 'molsw-ra-2026-101', destinationCountries: ['th', 'KR'] });
      const res = await as(ministry.token).post('/agencies').send(body).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        licenceNumber: 'MOLSW-RA-2026-101',
        nameLo: body.nameLo,
        licenceStatus: 'active',
        destinationCountries: ['TH', 'KR'],
        version: 1,
      });
      const [entry] = await auditOf(res.body.id);
      expect(entry).toMatchObject({
        action: 'agency.created',
        actor_id: ministry.user.id,
        before: null,
        after: { licenceNumber: 'MOLSW-RA-2026-101', province: 'LA-VT' },
      });
    });

    it('refuses a licence number already registered (409), whatever its case', async () => {
      const existing = await t.fx.agency();
      const res = await as(ministry.token)
        .post('/agencies')
        .send(agencyBody({ licenceNumber: existing.licenceNumber.toLowerCase() }));
      expect(expectProblem(res, 409, 'AGENCY_LICENCE_TAKEN').errors).toEqual([
        { field: 'licenceNumber', message: expect.stringContaining('registered already') },
      ]);
    });

    it('names each invalid field in the problem details (400)', async () => {
      const res = await as(ministry.token)
        .post('/agencies')
        .send({
          licenceNumber: '!',
          nameLo: 'Not Lao script',
          nameEn: '',
          licenceIssuedOn: `${t.today().slice(0, 4)}-02-30`,
          licenceExpiresOn: t.day(400).split('-').reverse().join('/'),
          province: 'LA-XX',
          district: '',
          address: '',
          phone: '12345',
          email: 'not-an-email',
          destinationCountries: ['XX'],
          contactPerson: '',
        });
      const fields = new Set(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.field));
      expect([...fields].sort()).toEqual(
        [
          'address',
          'contactPerson',
          'destinationCountries',
          'district',
          'email',
          'licenceExpiresOn',
          'licenceIssuedOn',
          'licenceNumber',
          'nameEn',
          'nameLo',
          'phone',
          'province',
        ].sort(),
      );
    });

    it('registers an agency with only the required fields: contacts null, no destinations (201)', async () => {
      const {
        district: _d,
        address: _a,
        phone: _p,
        email: _e,
        destinationCountries: _c,
        contactPerson: _cp,
        ...body
      } = agencyBody();
      const res = await as(ministry.token).post('/agencies').send(body).expect(201);
      expect(res.body).toMatchObject({
        district: null,
        address: null,
        phone: null,
        email: null,
        destinationCountries: [],
        contactPerson: null,
      });
      const [row] = await t.db.query(
        `SELECT district, address, phone, email, destination_countries, contact_person FROM agencies WHERE id = $1`,
        [res.body.id],
      );
      expect(row).toEqual({
        district: null,
        address: null,
        phone: null,
        email: null,
        destination_countries: [],
        contact_person: null,
      });
      // Public pages and answers cope with what is not known.
      const page = await request(t.http).get(`/agencies/${res.body.id}?lang=en`).expect(200);
      expect(page.text).toContain(body.nameEn.replace('&', '&amp;'));
      const card = await request(t.http).get(`/api/v1/public/agencies/${res.body.id}`).expect(200);
      expect(card.body).toMatchObject({ district: null, destinationCountries: [] });
    });

    it('accepts phones as written and stores them in international format', async () => {
      const cases = [
        ['+856 20 1234 5678', '+856 20 12 345 678'],
        ['020 5555 1234', '+856 20 55 551 234'],
        ['021-415-678', '+856 21 415 678'],
        ['+66 81 234 5678', '+66 81 234 5678'],
      ];
      for (const [written, stored] of cases) {
        const res = await as(ministry.token)
          .post('/agencies')
          .send(agencyBody({ phone: written }))
          .expect(201);
        expect(res.body.phone).toBe(stored);
        const [row] = await t.db.query(`SELECT phone FROM agencies WHERE id = $1`, [res.body.id]);
        expect(row.phone).toBe(stored);
      }
      const wrong = await as(ministry.token)
        .post('/agencies')
        .send(agencyBody({ phone: '020 12' }));
      expect(expectProblem(wrong, 400).errors?.map((e) => e.field)).toEqual(['phone']);
    });

    it('refuses a licence that expires before it was issued (400)', async () => {
      const res = await as(ministry.token)
        .post('/agencies')
        .send(agencyBody({ licenceIssuedOn: t.day(-10), licenceExpiresOn: t.day(-11) }));
      expect(expectProblem(res, 400).errors?.[0].field).toBe('licenceExpiresOn');
    });

    it('refuses an unknown field (400)', async () => {
      const res = await as(ministry.token)
        .post('/agencies')
        .send({ ...agencyBody(), licenceStatus: 'active' });
      expect(expectProblem(res, 400).errors).toContainEqual({
        field: 'licenceStatus',
        code: 'unknownField',
        message: '"licenceStatus" is not a field of this request',
      });
    });

    it('refuses a trainer (403) and an anonymous caller (401)', async () => {
      expectProblem(
        await as(await t.fx.tokenFor(Role.Trainer))
          .post('/agencies')
          .send(agencyBody()),
        403,
      );
      expectProblem(await request(t.http).post('/api/v1/agencies').send(agencyBody()), 401);
    });
  });

  describe('PATCH /agencies/{id}', () => {
    it('changes fields with the version read, bumps it, and logs before and after', async () => {
      const agency = await t.fx.agency({ district: 'Sikhottabong' });
      const res = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ district: 'Chanthabouly', version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ district: 'Chanthabouly', version: 2 });
      const entries = await auditOf(agency.id);
      expect(entries.at(-1)).toMatchObject({
        action: 'agency.updated',
        actor_id: ministry.user.id,
        before: { district: 'Sikhottabong', version: 1 },
        after: { district: 'Chanthabouly', version: 2 },
      });
    });

    it('refuses a stale version (409) and keeps the newer change', async () => {
      const agency = await t.fx.agency();
      await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ district: 'First', version: 1 })
        .expect(200);
      const res = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ district: 'Second', version: 1 });
      expectProblem(res, 409, 'STALE_VERSION');
      const [row] = await t.db.query(`SELECT district, version FROM agencies WHERE id = $1`, [agency.id]);
      expect(row).toEqual({ district: 'First', version: 2 });
    });

    it('lets exactly one of two simultaneous edits of the same version win', async () => {
      const agency = await t.fx.agency();
      const results = await Promise.all(
        ['A', 'B'].map((d) =>
          as(ministry.token).patch(`/agencies/${agency.id}`).send({ district: d, version: 1 }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('clears contact fields sent as null, but not a required field or the destinations (400)', async () => {
      const agency = await t.fx.agency();
      const res = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ district: null, address: null, phone: null, email: null, contactPerson: null, version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({
        district: null,
        address: null,
        phone: null,
        email: null,
        contactPerson: null,
        version: 2,
      });
      const [entry] = (await auditOf(agency.id)).slice(-1);
      expect(entry.before).toMatchObject({ phone: '+856 21 415 678', contactPerson: 'Khamla Vongsa' });
      expect(entry.after).toMatchObject({ phone: null, contactPerson: null });
      const refused = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ nameEn: null, destinationCountries: null, version: 2 });
      expect(new Set(expectProblem(refused, 400).errors?.map((e) => e.field))).toEqual(
        new Set(['nameEn', 'destinationCountries']),
      );
      const emptied = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ destinationCountries: [], phone: '020 5555 1234', version: 2 })
        .expect(200);
      expect(emptied.body).toMatchObject({
        destinationCountries: [],
        phone: '+856 20 55 551 234',
        version: 3,
      });
    });

    it('does not let the licence number change (400)', async () => {
      const agency = await t.fx.agency();
      const res = await as(ministry.token)
        .patch(`/agencies/${agency.id}`)
        .send({ licenceNumber: 'X-1', version: 1 });
      expectProblem(res, 400);
    });

    it('answers 404 for an unknown agency and 400 for a malformed id', async () => {
      expectProblem(
        await as(ministry.token)
          .patch(`/agencies/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)
          .send({ version: 1 }),
        404,
      );
      expectProblem(await as(ministry.token).patch('/agencies/123').send({ version: 1 }), 400);
    });
  });

  describe('licence status', () => {
    it('suspends with a reason, kept in the history and the audit log', async () => {
      const agency = await t.fx.agency();
      const res = await as(ministry.token)
        .post(`/agencies/${agency.id}/licence-status-changes`)
        .send({ status: 'suspended', reason: 'Charged jobseekers fees', version: 1 })
        .expect(201);
      expect(res.body).toMatchObject({ licenceStatus: 'suspended', version: 2 });
      const history = await as(ministry.token)
        .get(`/agencies/${agency.id}/licence-status-changes`)
        .expect(200);
      expect(history.body.items).toEqual([
        {
          fromStatus: 'active',
          toStatus: 'suspended',
          reason: 'Charged jobseekers fees',
          changedBy: ministry.user.id,
          changedAt: expect.any(String),
        },
      ]);
      const entries = await auditOf(agency.id);
      expect(entries.at(-1)).toMatchObject({
        action: 'agency.licence_status_changed',
        before: { licenceStatus: 'active' },
        after: { licenceStatus: 'suspended', reason: 'Charged jobseekers fees' },
      });
    });

    it('treats revocation as final (409 with the reason)', async () => {
      const agency = await t.fx.agency();
      await as(ministry.token)
        .post(`/agencies/${agency.id}/licence-status-changes`)
        .send({ status: 'revoked', reason: 'Fraud', version: 1 })
        .expect(201);
      const res = await as(ministry.token)
        .post(`/agencies/${agency.id}/licence-status-changes`)
        .send({ status: 'active', reason: 'Appeal', version: 2 });
      expect(expectProblem(res, 409, 'AGENCY_ILLEGAL_LICENCE_CHANGE').detail).toMatch(/revoked/);
    });

    it('requires a reason (400)', async () => {
      const agency = await t.fx.agency();
      const res = await as(ministry.token)
        .post(`/agencies/${agency.id}/licence-status-changes`)
        .send({ status: 'suspended', version: 1 });
      expect(expectProblem(res, 400).errors?.map((e) => e.field)).toContain('reason');
    });
  });

  describe('automatic expiry', () => {
    it('reads a licence past its expiry date as expired before anyone acts, in the list filters too', async () => {
      const lapsed = await t.fx.agency({
        licenceIssuedOn: t.day(-2000),
        licenceExpiresOn: t.day(-1),
        province: 'LA-AT',
      });
      const valid = await t.fx.agency({ licenceExpiresOn: t.day(0), province: 'LA-AT' });
      const one = await as(ministry.token).get(`/agencies/${lapsed.id}`).expect(200);
      expect(one.body.licenceStatus).toBe('expired');
      const expired = await as(ministry.token)
        .get('/agencies?province=LA-AT&licenceStatus=expired')
        .expect(200);
      expect(expired.body.items.map((a: { id: string }) => a.id)).toEqual([lapsed.id]);
      const active = await as(ministry.token)
        .get('/agencies?province=LA-AT&licenceStatus=active')
        .expect(200);
      expect(active.body.items.map((a: { id: string }) => a.id)).toEqual([valid.id]);
    });

    it('the nightly job records lapsed licences as expired, with history and audit, and renewal reactivates', async () => {
      const lapsed = await t.fx.agency({
        licenceIssuedOn: t.day(-2000),
        licenceExpiresOn: t.day(-3),
      });
      expect((await t.app.get(AgenciesService).expireLapsedLicences()).changed).toBeGreaterThanOrEqual(1);
      const [row] = await t.db.query(`SELECT licence_status, version FROM agencies WHERE id = $1`, [
        lapsed.id,
      ]);
      expect(row).toEqual({ licence_status: 'expired', version: 2 });
      const history = await as(ministry.token)
        .get(`/agencies/${lapsed.id}/licence-status-changes`)
        .expect(200);
      expect(history.body.items[0]).toMatchObject({
        fromStatus: 'active',
        toStatus: 'expired',
        changedBy: null,
      });
      expect((await auditOf(lapsed.id)).at(-1)).toMatchObject({
        action: 'agency.licence_expired',
        actor_id: null,
      });
      expect((await t.app.get(AgenciesService).expireLapsedLicences()).changed).toBe(0);

      const renewed = await as(ministry.token)
        .patch(`/agencies/${lapsed.id}`)
        .send({ licenceExpiresOn: t.day(365), version: 2 })
        .expect(200);
      expect(renewed.body.licenceStatus).toBe('active');
      const after = await as(ministry.token).get(`/agencies/${lapsed.id}/licence-status-changes`).expect(200);
      expect(after.body.items[0]).toMatchObject({
        fromStatus: 'expired',
        toStatus: 'active',
        reason: expect.stringMatching(/renewed/),
      });
    });
  });
});

describe('GET /agencies search and filters', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.fx.tokenFor(Role.Trainer);
    await t.fx.agency({
      licenceNumber: 'MOLSW-RA-2022-001',
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ',
      nameEn: 'Sisavath Recruitment Co., Ltd.',
      province: 'LA-VT',
      destinationCountries: ['TH', 'KR'],
      licenceExpiresOn: t.day(100),
    });
    await t.fx.agency({
      licenceNumber: 'MOLSW-RA-2023-008',
      nameLo: 'ບໍລິສັດ ສົ່ງອອກແຮງງານ ຈຳປາ ຈຳກັດ',
      nameEn: 'Champa Labour Export Co., Ltd.',
      province: 'LA-CH',
      destinationCountries: ['TH'],
      licenceExpiresOn: t.day(500),
    });
    await t.fx.agency({
      licenceNumber: 'MOLSW-RA-2024-020',
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ວັນນະພອນ ຈຳກັດ',
      nameEn: 'Vannaphone Employment Co., Ltd.',
      province: 'LA-VT',
      destinationCountries: ['JP', 'KR'],
      licenceExpiresOn: t.day(800),
    });
  });
  afterAll(() => t.close());

  const names = async (query: string) => {
    const res = await request(t.http)
      .get(`/api/v1/agencies?${query}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    return res.body.items.map((a: { nameEn: string }) => a.nameEn.split(' ')[0]);
  };

  it.each([
    ['a partial Lao name', `q=${encodeURIComponent('ສີສະຫວາດ')}`, ['Sisavath']],
    ['a shared Lao word', `q=${encodeURIComponent('ຈັດຫາງານ')}`, ['Sisavath', 'Vannaphone']],
    ['a partial English name, any case', 'q=cHAMPA', ['Champa']],
    ['part of a licence number', 'q=2024-02', ['Vannaphone']],
    ['province', 'province=LA-CH', ['Champa']],
    ['destination country', 'destinationCountry=KR', ['Sisavath', 'Vannaphone']],
    ['licence status', 'licenceStatus=suspended', []],
    ['certification stage (none of these has a case)', 'certificationStage=certified', []],
    ['q and filters together', `q=${encodeURIComponent('ຈັດຫາງານ')}&destinationCountry=JP`, ['Vannaphone']],
  ])('finds by %s', async (_label, query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('treats % and _ literally', async () => {
    expect(await names('q=%25')).toEqual([]);
  });

  it.each([
    ['sort=-nameEn', ['Vannaphone', 'Sisavath', 'Champa']],
    ['sort=licenceExpiresOn', ['Sisavath', 'Champa', 'Vannaphone']],
    ['sort=-licenceExpiresOn', ['Vannaphone', 'Champa', 'Sisavath']],
  ])('sorts with %s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('pages with totals', async () => {
    const res = await request(t.http)
      .get('/api/v1/agencies?limit=2&offset=2')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(res.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(res.body.items).toHaveLength(1);
  });

  it('refuses a bad filter value (400)', async () => {
    const res = await request(t.http)
      .get('/api/v1/agencies?province=Vientiane')
      .auth(token, { type: 'bearer' });
    expect(expectProblem(res, 400).errors?.[0].field).toBe('province');
  });

  it('is not public (401)', async () => {
    expectProblem(await request(t.http).get('/api/v1/agencies'), 401);
  });
});
