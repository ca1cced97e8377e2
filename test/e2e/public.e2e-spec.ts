import request from 'supertest';
import { DataSource } from 'typeorm';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { addMonths } from '../../src/common/lao-calendar';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { AttendanceStatus, Sex } from '../../src/trainings/training.enums';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as, binary } from '../utils/http';
import { expectProblem } from '../utils/problem';

const PUBLIC_AGENCY_KEYS = [
  'certification',
  'destinationCountries',
  'district',
  'id',
  'licenceExpiresOn',
  'licenceNumber',
  'licenceStatus',
  'nameEn',
  'nameLo',
  'province',
  'provinceNameEn',
  'provinceNameLo',
  'trainedStaff',
].sort();

/** A participant whose name, phone and e-mail must never appear on a public surface. */
const SECRET_PERSON = {
  fullName: 'Bounmy Privatename',
  phone: '020 5777 1234',
  email: 'bounmy.private@mail.la',
};
const SECRETS = /Privatename|5777 1234|bounmy\.private/i;

describe('The public registry', () => {
  let t: TestApp;
  let auditor: UserResponseDto;
  let staff: string;
  let suspended: { agencyId: string; number: string };
  let withdrawn: { agencyId: string; number: string };
  let valid: { agencyId: string; number: string };
  let plain: { id: string; nameLo: string };

  const api = (path: string) => request(t.http).get(`/api/v1/public${path}`);

  /** Adds SECRET_PERSON to a one-day training as a present participant of `agencyId`. */
  const trainStaff = async (agencyId: string) => {
    const day = t.day(-39);
    const training = await t.fx.training({ title: 'IRIS workshop', days: [day] });
    await t.app.get(DataSource).transaction(async (em) => {
      const attendance = t.app.get(AttendanceService);
      const person = { ...SECRET_PERSON, sex: Sex.Male, position: 'Director', agencyId };
      const participant = await attendance.insertParticipant(em, training.id, person, null);
      await attendance.upsertMarks(
        em,
        training.id,
        [{ participantId: participant.id, day, status: AttendanceStatus.Late }],
        null,
      );
    });
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://iris.molsw.gov.la' } });
    auditor = (await t.fx.signIn([Role.Auditor])).user;
    staff = await t.fx.tokenFor(Role.Ministry);
    const walk = async (stage: Stage) => {
      const c = await t.fx.caseIn(stage, auditor);
      // The same person completing two workshops is one trained staff member.
      await trainStaff(c.agency.id);
      await trainStaff(c.agency.id);
      return { agencyId: c.agency.id, number: c.certificateNumber! };
    };
    suspended = await walk(Stage.Suspended);
    withdrawn = await walk(Stage.Withdrawn);
    valid = await walk(Stage.Certified);
    plain = await t.fx.agency({
      nameLo: 'ບໍລິສັດ ຈັດຫາງານ ດາວເຮືອງ ຈຳກັດ',
      nameEn: 'Daoheuang Placement Co., Ltd.',
      province: 'LA-CH',
      destinationCountries: ['JP'],
    });
  });
  afterAll(() => t.close());

  describe('GET /public/agencies', () => {
    it('answers public fields only: no address, phone, e-mail or contact person', async () => {
      const res = await api('/agencies?limit=100').expect(200);
      expect(res.body.total).toBe(4);
      for (const agency of res.body.items) expect(Object.keys(agency).sort()).toEqual(PUBLIC_AGENCY_KEYS);
      expect(JSON.stringify(res.body)).not.toMatch(/415 678|Ban Phonxay|contactPerson|"email"|"phone"/);
    });

    it('finds an agency by part of its Lao name', async () => {
      const res = await api(`/agencies?q=${encodeURIComponent('ດາວເຮືອງ')}`).expect(200);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([plain.id]);
    });

    it('finds Lao typed either way: ໍ+າ for ຳ (as stored)', async () => {
      const typed = 'ດາວເຮືອງ ຈ\u0ecd\u0eb2ກັດ';
      expect(typed).not.toContain('\u0eb3');
      const res = await api(`/agencies?q=${encodeURIComponent(typed)}`).expect(200);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([plain.id]);
    });

    it('filters by province, destination and certification', async () => {
      const inChampasak = await api('/agencies?province=LA-CH').expect(200);
      expect(inChampasak.body.items.map((a: { id: string }) => a.id)).toEqual([plain.id]);
      const japan = await api('/agencies?destinationCountry=jp').expect(200);
      expect(japan.body.items.map((a: { id: string }) => a.id)).toEqual([plain.id]);
      const certified = await api('/agencies?certified=true').expect(200);
      expect(certified.body.items.map((a: { id: string }) => a.id)).toEqual([valid.agencyId]);
      const notCertified = await api('/agencies?certified=false&limit=10').expect(200);
      expect(notCertified.body.total).toBe(3);
    });

    it('shows each agency’s badge, stage, certificate and trained staff in one page', async () => {
      const res = await api('/agencies?limit=100').expect(200);
      const byId = new Map(res.body.items.map((a: { id: string }) => [a.id, a]));
      expect(byId.get(suspended.agencyId)).toMatchObject({
        certification: {
          status: 'suspended',
          stage: 'suspended',
          certificate: {
            number: suspended.number,
            status: 'suspended',
            statusReason: 'A worker was charged a recruitment fee',
          },
        },
        // the fixture's own trainee and SECRET_PERSON
        trainedStaff: 2,
      });
      expect(byId.get(withdrawn.agencyId)).toMatchObject({
        certification: { status: 'withdrawn', certificate: { status: 'withdrawn' } },
      });
      expect(byId.get(valid.agencyId)).toMatchObject({
        certification: { status: 'certified', stage: 'certified', certificate: { status: 'valid' } },
      });
      expect(byId.get(valid.agencyId)).toMatchObject({ trainedStaff: 2 });
      expect(byId.get(plain.id)).toMatchObject({
        certification: { status: 'not_certified', stage: null, certificate: null },
        trainedStaff: 0,
      });
    });

    it('pages with limit and offset', async () => {
      const first = await api('/agencies?limit=3&offset=0').expect(200);
      const second = await api('/agencies?limit=3&offset=3').expect(200);
      expect(first.body).toMatchObject({ total: 4, limit: 3, offset: 0 });
      expect(first.body.items).toHaveLength(3);
      expect(second.body.items).toHaveLength(1);
    });

    it('refuses bad filters and unknown ones with 400 problem details', async () => {
      const bad = expectProblem(await api('/agencies?certified=maybe&province=XX'), 400, 'VALIDATION_FAILED');
      expect(bad.errors!.map((e) => e.field).sort()).toEqual(['certified', 'province']);
      expectProblem(await api('/agencies?licenceStatus=active'), 400, 'VALIDATION_FAILED');
    });

    it('is cacheable for a minute and revalidates with its ETag (304)', async () => {
      const res = await api('/agencies').expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers.etag).toBeTruthy();
      const again = await api('/agencies').set('If-None-Match', `"other", ${res.headers.etag}`).expect(304);
      expect(again.headers.etag).toBe(res.headers.etag);
    });

    it('travels compressed for a client that accepts it, and still revalidates', async () => {
      const gzip = await api('/agencies').set('Accept-Encoding', 'gzip').expect(200);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.body.total).toBeGreaterThan(0);
      const brotli = await request(t.http).get('/').set('Accept-Encoding', 'br').expect(200);
      expect(brotli.headers['content-encoding']).toBe('br');
      // The ETag names the answer, not its encoding: a compressed copy revalidates with it.
      await api('/agencies')
        .set('Accept-Encoding', 'gzip')
        .set('If-None-Match', gzip.headers.etag)
        .expect(304);
      const plain = await api('/agencies').set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
    });

    it('never lets a cache keep an error', async () => {
      const res = await api('/agencies?certified=maybe').expect(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    });
  });

  describe('GET /public/agencies/{id}', () => {
    it('tells the suspension with its public reason in the history, newest first', async () => {
      const res = await api(`/agencies/${suspended.agencyId}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual([...PUBLIC_AGENCY_KEYS, 'history'].sort());
      expect(res.body.history.map((e: { kind: string }) => e.kind)).toEqual([
        'suspended',
        'certified',
        'applied',
        'joined_programme',
      ]);
      expect(res.body.history[0]).toMatchObject({
        certificateNumber: suspended.number,
        reason: 'A worker was charged a recruitment fee',
      });
      // Only suspension and withdrawal reasons are public; the auditors' other notes are not.
      expect(res.body.history.slice(1).every((e: { reason: unknown }) => e.reason === null)).toBe(true);
    });

    it('tells a withdrawal with its reason', async () => {
      const res = await api(`/agencies/${withdrawn.agencyId}`).expect(200);
      expect(res.body.history[0]).toMatchObject({
        kind: 'withdrawn',
        reason: 'The agency asked to leave the scheme',
        certificateNumber: withdrawn.number,
      });
    });

    it('shows licence changes without the ministry’s internal reason', async () => {
      const agency = (await as(t.http, staff).get(`/agencies/${plain.id}`).expect(200)).body;
      await as(t.http, staff)
        .post(`/agencies/${plain.id}/licence-status-changes`)
        .send({ status: 'suspended', reason: 'Internal inspection note 42', version: agency.version })
        .expect(201);
      const res = await api(`/agencies/${plain.id}`).expect(200);
      expect(res.body.licenceStatus).toBe('suspended');
      expect(res.body.history[0]).toMatchObject({ kind: 'licence_suspended', reason: null });
      expect(JSON.stringify(res.body)).not.toContain('Internal inspection note');
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await api('/agencies/8a6f0c1e-1111-4e2b-9c1a-5d6e7f8a9b0c'), 404, 'NOT_FOUND');
      expectProblem(await api('/agencies/not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('staff see the same standing', () => {
    it('GET /agencies and /agencies/{id} carry the latest stage and certificate number', async () => {
      const one = await as(t.http, staff).get(`/agencies/${suspended.agencyId}`).expect(200);
      expect(one.body).toMatchObject({
        certificationStage: 'suspended',
        certificateNumber: suspended.number,
      });
      const list = await as(t.http, staff).get('/agencies?certificationStage=certified').expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: valid.agencyId,
          certificationStage: 'certified',
          certificateNumber: valid.number,
        }),
      ]);
      const none = await as(t.http, staff).get(`/agencies/${plain.id}`).expect(200);
      expect(none.body).toMatchObject({ certificationStage: null, certificateNumber: null });
    });
  });

  describe('personal data', () => {
    it('never reaches a public route or page, whatever is asked', async () => {
      const pdf = (
        await as(t.http, staff)
          .get(`/certificates/${suspended.number}/pdf`)
          .buffer(true)
          .parse(binary)
          .expect(200)
      ).body as Buffer;
      const answers = await Promise.all([
        api('/agencies?limit=100'),
        api(`/agencies?q=Privatename`),
        api(`/agencies/${suspended.agencyId}`),
        api(`/certificates/${suspended.number}`),
        request(t.http).post('/api/v1/public/certificates/verify-pdf').type('application/pdf').send(pdf),
        request(t.http).get('/'),
        request(t.http).get(`/agencies/${suspended.agencyId}`),
        request(t.http).get(`/agencies/${suspended.agencyId}?lang=en`),
        request(t.http).get(`/verify/${suspended.number}`),
        request(t.http).post('/verify').attach('file', pdf, 'certificate.pdf'),
      ]);
      for (const [i, res] of answers.entries()) {
        expect({ answer: i, status: res.status }).toEqual({ answer: i, status: 200 });
        expect({ answer: i, leak: SECRETS.test(res.text) }).toEqual({ answer: i, leak: false });
      }
      // A search by a participant's name finds nothing: people are not searchable.
      expect(answers[1].body.total).toBe(0);
      const page = await request(t.http).get('/?q=Privatename&lang=en').expect(200);
      expect(page.text).toContain('No agency matches.');
    });
  });

  describe('suspended and withdrawn certificates', () => {
    it.each([
      ['suspended', () => suspended, 'ໃບຢັ້ງຢືນຖືກໂຈະ', 'Certificate SUSPENDED'],
      ['withdrawn', () => withdrawn, 'ໃບຢັ້ງຢືນຖືກຖອນ', 'Certificate WITHDRAWN'],
    ])('a %s certificate reads as such on every public surface', async (status, which, lao, english) => {
      const { agencyId, number } = which();
      expect((await api(`/certificates/${number}`).expect(200)).body.status).toBe(status);
      const list = await api('/agencies?limit=100').expect(200);
      const listed = list.body.items.find((a: { id: string }) => a.id === agencyId);
      expect(listed.certification.status).toBe(status);
      expect((await api(`/agencies/${agencyId}`).expect(200)).body.certification.certificate.status).toBe(
        status,
      );
      const pdf = (
        await as(t.http, staff).get(`/certificates/${number}/pdf`).buffer(true).parse(binary).expect(200)
      ).body as Buffer;
      const checked = await request(t.http)
        .post('/api/v1/public/certificates/verify-pdf')
        .type('application/pdf')
        .send(pdf)
        .expect(200);
      expect(checked.body).toMatchObject({ genuine: true, certificate: { number, status } });

      const home = await request(t.http).get('/').expect(200);
      const card = home.text.slice(home.text.indexOf(`data-agency-id="${agencyId}"`));
      expect(card.slice(0, card.indexOf('</article>'))).toContain(lao);
      const profile = await request(t.http).get(`/agencies/${agencyId}`).expect(200);
      expect(profile.text).toContain(lao);
      const verify = await request(t.http).get(`/verify/${number}?lang=en`).expect(200);
      expect(verify.text).toContain(`data-verdict="${status}"`);
      expect(verify.text).toContain(english);
      const englishHome = await request(t.http).get('/?lang=en').expect(200);
      const englishCard = englishHome.text.slice(englishHome.text.indexOf(`data-agency-id="${agencyId}"`));
      expect(englishCard.slice(0, englishCard.indexOf('</article>'))).toContain(`Certificate ${status}`);
      const onlyCertified = await request(t.http).get('/?certified=true').expect(200);
      expect(onlyCertified.text).not.toContain(`data-agency-id="${agencyId}"`);
      expect(onlyCertified.text).toContain(`data-agency-id="${valid.agencyId}"`);
      const upload = await request(t.http).post('/verify?lang=en').attach('file', pdf, 'c.pdf').expect(200);
      expect(upload.text).toContain(`data-verdict="${status}"`);
      expect(upload.text).toContain('This PDF is the genuine file issued by the ministry.');
    });
  });

  describe('pages', () => {
    it('speaks Lao by default, English on Accept-Language or ?lang=en, and says it varies', async () => {
      const lao = await request(t.http).get('/').expect(200);
      expect(lao.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(lao.headers.vary).toContain('Accept-Language');
      expect(lao.text).toContain('<html lang="lo">');
      expect(lao.text).toContain('ຄົ້ນຫາບໍລິສັດ');
      const browser = await request(t.http).get('/').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
      expect(browser.text).toContain('<html lang="en">');
      const chosen = await request(t.http).get('/?lang=en').set('Accept-Language', 'lo').expect(200);
      expect(chosen.text).toContain('Search agencies');
      expect(chosen.text).toContain('lang="lo" hreflang="lo"');
    });

    it('finds an agency by its Lao name and links to its profile', async () => {
      const res = await request(t.http)
        .get(`/?q=${encodeURIComponent('ດາວເຮືອງ')}`)
        .expect(200);
      // Handlebars writes "=" in attributes as &#x3D;, which browsers read as "=".
      expect(res.text).toContain(`href="/agencies/${plain.id}?lang&#x3D;lo"`);
      expect(res.text).toContain('ບໍລິສັດ ຈັດຫາງານ ດາວເຮືອງ ຈຳກັດ');
      expect(res.text).not.toContain(`/agencies/${valid.agencyId}`);
    });

    it('escapes what officials typed: a name cannot inject markup', async () => {
      const agency = await t.fx.agency({ nameLo: 'ບໍລິສັດ <script>alert(1)</script>', nameEn: 'X <b>bold</b>' });
      const res = await request(t.http).get(`/agencies/${agency.id}?lang=en`).expect(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).toContain('&lt;script&gt;');
    });

    it('warns on the verify page when a certified agency’s licence is revoked', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor);
      const agency = (await as(t.http, staff).get(`/agencies/${c.agency.id}`).expect(200)).body;
      await as(t.http, staff)
        .post(`/agencies/${c.agency.id}/licence-status-changes`)
        .send({ status: 'revoked', reason: 'Fees charged to workers', version: agency.version })
        .expect(201);
      const res = await request(t.http).get(`/verify/${c.certificateNumber}?lang=en`).expect(200);
      expect(res.text).toContain('data-verdict="valid"');
      expect(res.text).toContain('class="verdict tone-warn"');
      expect(res.text).toContain('licence is revoked: it may not recruit workers.');
    });

    it('ignores control characters in a search instead of failing', async () => {
      const res = await request(t.http).get('/?q=%00ດາວ%07').expect(200);
      expect(res.text).toContain(`data-agency-id="${plain.id}"`);
    });

    it('never answers a POST with 304', async () => {
      const res = await request(t.http)
        .post('/verify')
        .set('If-None-Match', '*')
        .attach('file', Buffer.from('%PDF-1.4 nothing'), 'x.pdf')
        .expect(200);
      expect(res.headers.etag).toBeUndefined();
    });

    it('answers an unknown or malformed agency with a 404 page', async () => {
      const unknown = await request(t.http).get('/agencies/8a6f0c1e-1111-4e2b-9c1a-5d6e7f8a9b0c').expect(404);
      expect(unknown.headers['content-type']).toMatch(/^text\/html/);
      await request(t.http).get('/agencies/nope').expect(404);
    });

    it('verifies by number: a form redirect, a malformed number, and no such certificate', async () => {
      const redirect = await request(t.http).get(`/verify?number=${valid.number.toLowerCase()}&lang=en`);
      expect(redirect.status).toBe(303);
      expect(redirect.headers.location).toBe(`/verify/${valid.number}?lang=en`);
      const malformed = await request(t.http).get('/verify?number=12345&lang=en').expect(400);
      expect(malformed.text).toContain('This is not a certificate number');
      const missing = await request(t.http).get('/verify/IRIS-LA-2020-0999').expect(404);
      expect(missing.text).toContain('ບໍ່ພົບໃບຢັ້ງຢືນນີ້ — ອາດເປັນໃບປອມ');
      expect(missing.headers['cache-control']).toBe('no-cache');
      const ok = await request(t.http).get(`/verify/${valid.number}`).expect(200);
      expect(ok.text).toContain('data-verdict="valid"');
      expect(ok.text).toContain('data-signature="valid"');
    });

    it('tells an altered PDF from the genuine one, and asks again for an empty upload', async () => {
      const pdf = (
        await as(t.http, staff)
          .get(`/certificates/${valid.number}/pdf`)
          .buffer(true)
          .parse(binary)
          .expect(200)
      ).body as Buffer;
      const altered = Buffer.from(pdf);
      altered[altered.length - 100] ^= 1;
      const fake = await request(t.http).post('/verify?lang=en').attach('file', altered, 'c.pdf').expect(200);
      expect(fake.text).toContain('data-verdict="forged"');
      expect(fake.text).toContain('This PDF is not a file issued by the ministry');
      const empty = await request(t.http)
        .post('/verify?lang=en')
        .attach('file', Buffer.alloc(0), 'empty.pdf')
        .expect(400);
      expect(empty.text).toContain('Choose the PDF file of the certificate first.');
    });

    it('keeps the home page, its stylesheet and Lao font under 100 KB', async () => {
      const home = await request(t.http).get('/').expect(200);
      const css = await request(t.http).get('/assets/site.css').expect(200);
      const font = await request(t.http)
        .get('/fonts/noto-sans-lao-lao-400-normal.woff2')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(font.headers['content-type']).toBe('font/woff2');
      const bytes = Buffer.byteLength(home.text) + Buffer.byteLength(css.text) + (font.body as Buffer).length;
      expect(bytes).toBeLessThan(100 * 1024);
    });
  });

  describe('public reasons in Lao and English', () => {
    const ENGLISH = 'A substantiated complaint: workers paid recruitment fees';
    const LAO = 'ມີການຮ້ອງຮຽນທີ່ພິສູດແລ້ວວ່າ ແຮງງານຖືກເກັບຄ່າຈັດຫາງານ';
    let bilingual: { agencyId: string; number: string };

    beforeAll(async () => {
      const lead = await t.fx.signIn([Role.Auditor]);
      const c = await t.fx.caseIn(Stage.Certified, lead.user);
      await as(t.http, lead.token)
        .post(`/certifications/${c.id}/transitions`)
        .send({ to: 'suspended', reason: ENGLISH, reasonLo: LAO, version: c.version })
        .expect(200);
      bilingual = { agencyId: c.agency.id, number: c.certificateNumber! };
    });

    it('the public API answers both, on the certificate, the agency and its history', async () => {
      const certificate = (await api(`/certificates/${bilingual.number}`).expect(200)).body;
      expect(certificate).toMatchObject({ statusReason: ENGLISH, statusReasonLo: LAO });
      const agency = (await api(`/agencies/${bilingual.agencyId}`).expect(200)).body;
      expect(agency.certification.certificate).toMatchObject({ statusReason: ENGLISH, statusReasonLo: LAO });
      expect(agency.history[0]).toMatchObject({ kind: 'suspended', reason: ENGLISH, reasonLo: LAO });
      // The other events keep their reasons to the staff, in both languages.
      for (const event of agency.history.slice(1))
        expect(event).toMatchObject({ reason: null, reasonLo: null });
    });

    it.each([
      ['the agency page', () => `/agencies/${bilingual.agencyId}`],
      ['the verify page', () => `/verify/${bilingual.number}`],
    ])('%s shows the Lao reason in Lao and the English one in English', async (_page, path) => {
      const lao = await request(t.http).get(`${path()}?lang=lo`).expect(200);
      expect(lao.text).toContain(`class="reason">${LAO}<`);
      expect(lao.text).not.toContain(ENGLISH);
      const english = await request(t.http).get(`${path()}?lang=en`).expect(200);
      expect(english.text).toContain(`class="reason">${ENGLISH}<`);
      expect(english.text).not.toContain(LAO);
    });

    it.each([
      ['the agency page', () => `/agencies/${suspended.agencyId}`],
      ['the verify page', () => `/verify/${suspended.number}`],
    ])(
      '%s in Lao shows the English reason, marked English, when no Lao one was given',
      async (_page, path) => {
        const api = (await request(t.http).get(`/api/v1/public/certificates/${suspended.number}`)).body;
        expect(api).toMatchObject({
          statusReason: 'A worker was charged a recruitment fee',
          statusReasonLo: null,
        });
        const lao = await request(t.http).get(`${path()}?lang=lo`).expect(200);
        expect(lao.text).toContain('class="reason" lang="en">A worker was charged a recruitment fee<');
        const english = await request(t.http).get(`${path()}?lang=en`).expect(200);
        expect(english.text).toContain('class="reason">A worker was charged a recruitment fee<');
      },
    );
  });
});

describe('The public rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('counts one budget per address over the public API and pages, then answers 429 with Retry-After', async () => {
    await request(t.http).get('/api/v1/public/agencies').expect(200);
    await request(t.http).get('/').expect(200);
    await request(t.http).get('/api/v1/public/keys').expect(200);
    const refused = await request(t.http).get('/api/v1/public/agencies');
    expectProblem(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A person on a page gets a page in their language, with the same status and Retry-After.
    const page = await request(t.http).get('/verify?lang=en').expect(429);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['retry-after']).toBeTruthy();
    expect(page.text).toContain('Too many requests from your connection.');
  });

  it('leaves signed-in routes and health alone', async () => {
    const token = await t.fx.tokenFor(Role.Ministry);
    for (let i = 0; i < 5; i++) await as(t.http, token).get('/agencies').expect(200);
    await request(t.http).get('/health').expect(200);
  });
});

describe('A register of more than 1,000 agencies', () => {
  let t: TestApp;
  let staff: string;
  /** Agencies imported here; the last five carry a name no other agency has. */
  const REGISTERED = 1_030;

  beforeAll(async () => {
    t = await createTestApp();
    const ministry = await t.fx.tokenFor(Role.Ministry);
    staff = await t.fx.tokenFor(Role.Iom);
    const issued = addMonths(t.today(), -12);
    const expires = addMonths(t.today(), 48);
    const rows = Array.from({ length: REGISTERED }, (_, i) => {
      const name = i >= REGISTERED - 5 ? `Khounmixay ${i} Co. Ltd.` : `Bulk Recruitment ${i} Co. Ltd.`;
      return `BULK-${i},ບໍລິສັດ ຈັດຫາງານ ຈຳກັດ,${name},${issued},${expires},LA-VT`;
    });
    const csv = ['licenceNumber,nameLo,nameEn,licenceIssuedOn,licenceExpiresOn,province', ...rows].join('\n');
    await as(t.http, ministry)
      .post('/agencies/import')
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(csv))
      .expect(200)
      .expect(({ body }) => {
        if (body.created !== REGISTERED) throw new Error(`imported ${body.created} of ${REGISTERED}`);
      });
  }, 120_000);
  afterAll(() => t.close());

  const lao = encodeURIComponent('ຈັດຫາງານ');

  it('counts matches exactly up to 1,000 past the page, then says the total is a lower bound', async () => {
    // Every agency has the word: the count stops 1,000 past the offset, and says so.
    const first = await request(t.http).get(`/api/v1/public/agencies?q=${lao}&limit=20`).expect(200);
    expect(first.body).toMatchObject({ total: 1_000, totalExact: false, limit: 20, offset: 0 });
    expect(first.body.items).toHaveLength(20);
    const later = await request(t.http).get(`/api/v1/public/agencies?limit=20&offset=20`).expect(200);
    expect(later.body).toMatchObject({ total: 1_020, totalExact: false });
    // Near the end the count reaches every match again: exact, and the last page is short.
    const last = await request(t.http).get(`/api/v1/public/agencies?limit=20&offset=1020`).expect(200);
    expect(last.body).toMatchObject({ total: REGISTERED, totalExact: true });
    expect(last.body.items).toHaveLength(REGISTERED - 1020);
    // A selective search counts exactly, whatever the size of the register.
    const few = await request(t.http).get('/api/v1/public/agencies?q=khounmixay').expect(200);
    expect(few.body).toMatchObject({ total: 5, totalExact: true });
    expect(few.body.items.map((a: { nameEn: string }) => a.nameEn)).toEqual(
      [1025, 1026, 1027, 1028, 1029].map((i) => `Khounmixay ${i} Co. Ltd.`),
    );
  });

  it('pages past the first 1,000 without losing or repeating an agency', async () => {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await as(t.http, staff).get(`/agencies?limit=100&offset=${offset}`).expect(200);
      expect(page.body.total).toBeGreaterThanOrEqual(offset + page.body.items.length);
      for (const agency of page.body.items as { id: string }[]) seen.add(agency.id);
      if (page.body.totalExact && offset + 100 >= page.body.total) break;
    }
    expect(seen.size).toBe(REGISTERED);
  });

  it('tells a visitor of the home page “more than 1000”, in Lao and English', async () => {
    const lo = await request(t.http).get('/').expect(200);
    expect(lo.text).toContain('ບໍລິສັດທີ 1–20 ຈາກ ຫຼາຍກວ່າ 1000');
    const en = await request(t.http).get('/?lang=en&q=khounmixay').expect(200);
    expect(en.text).toContain('Agencies 1–5 of 5');
    const far = await request(t.http).get('/?lang=en&page=51').expect(200);
    expect(far.text).toContain('Agencies 1001–1020 of 1030');
    expect(far.text).toContain('rel="next"');
  });
});
