import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import request from 'supertest';
import { CasesService } from '../../src/certification/cases.service';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Finding } from '../../src/certification/audit.entity';
import { AuditType, FindingStatus } from '../../src/certification/certification.enums';
import { Clock } from '../../src/common/clock';
import { addDays, addMonths, expiryDate } from '../../src/common/lao-calendar';
import { FindingsService } from '../../src/certification/findings.service';
import { readCompact, signCompact, signText } from '../../src/certificates/signing';
import type { Actor } from '../../src/common/auth.decorators';
import { findSeal, withSeal } from '../../src/pdf/pdf-seal';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { AttendanceStatus, Sex } from '../../src/trainings/training.enums';
import { TrainingsService } from '../../src/trainings/trainings.service';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as, binary } from '../utils/http';
import { expectProblem } from '../utils/problem';

const NUMBER = /^IRIS-LA-(\d{4})-(\d{4})$/;

interface PublicCertificate {
  number: string;
  status: string;
  statusReason: string | null;
  statusReasonLo: string | null;
  statusChangedOn: string;
  agency: Record<string, unknown>;
  issuedOn: string;
  originalIssuedOn: string;
  validUntil: string;
  expiresOn: string;
  supersededBy: string | null;
  pdfSha256: string;
  verifyUrl: string;
  signature: { algorithm: string; keyId: string; value: string; signedData: string };
  signatureValid: boolean;
}

describe('Certificates', () => {
  let t: TestApp;
  let staff: string;
  let auditor: { token: string; user: UserResponseDto };
  let auditorActor: Actor;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://iris.molsw.gov.la' } });
    staff = await t.fx.tokenFor(Role.Ministry);
    auditor = await t.fx.signIn([Role.Auditor]);
    auditorActor = { ...auditor.user, requestId: '' } as Actor;
  });
  afterAll(() => t.close());

  const certified = async () => {
    const c = await t.fx.caseIn(Stage.Certified, auditor.user);
    return { ...c, number: c.certificateNumber! };
  };
  const publicView = async (number: string) =>
    (await request(t.http).get(`/api/v1/public/certificates/${number}`).expect(200))
      .body as PublicCertificate;
  const pdfOf = async (number: string) =>
    (await as(t.http, staff).get(`/certificates/${number}/pdf`).buffer(true).parse(binary).expect(200))
      .body as Buffer;
  const verifyPdf = (file: Buffer) =>
    request(t.http)
      .post('/api/v1/public/certificates/verify-pdf')
      .set('Content-Type', 'application/pdf')
      .send(file);
  /** A move by the case's auditor, sending the version the case has now, as a client that just read it. */
  const move = async (id: string, to: Stage, reason?: string, reasonLo?: string) => {
    const cases = t.app.get(CasesService);
    const { version } = await cases.requireById(id);
    return cases.move(id, { to, reason, reasonLo, version }, auditorActor);
  };
  const auditActions = async (number: string) =>
    (
      await t.db.query(
        `SELECT action FROM audit_log WHERE entity_type = 'certificate' AND entity_id = $1 ORDER BY id`,
        [number],
      )
    ).map((row: { action: string }) => row.action);

  describe('issuing on certification', () => {
    it('answers the move with a well-formed number, and the certificate is valid for three years', async () => {
      const c = await certified();
      const [, year] = NUMBER.exec(c.number)!;
      expect(year).toBe(t.today().slice(0, 4));
      const res = await as(t.http, staff).get(`/certificates/${c.number}`).expect(200);
      expect(res.body).toMatchObject({
        number: c.number,
        caseId: c.id,
        status: 'valid',
        statusReason: null,
        issuedOn: t.today(),
        originalIssuedOn: t.today(),
        expiresOn: expiryDate(t.today(), 3),
        validUntil: addDays(expiryDate(t.today(), 3), -1),
        standardVersion: '1.2',
        verifyUrl: `https://iris.molsw.gov.la/verify/${c.number}`,
        signatureValid: true,
        agency: { id: c.agency.id, licenceNumber: c.agency.licenceNumber },
      });
      expect(await auditActions(c.number)).toEqual(['certificate.issued']);
    });

    describe('20 concurrent certifications', () => {
      let ready: { id: string; version: number }[];
      // Twenty cases in audit with a conducted stage-2 audit, built four at a time.
      beforeAll(async () => {
        ready = await inBatches(20, 4, async () => {
          const c = await t.fx.caseIn(Stage.Audit, auditor.user);
          await t.fx.audit(c.id, auditorActor, AuditType.Stage2, t.day(-27));
          const { version } = await t.app.get(CasesService).requireById(c.id);
          return { id: c.id, version };
        });
      }, 120_000);

      it('get 20 distinct, consecutive numbers', async () => {
        const answers = await Promise.all(
          ready.map((c) =>
            as(t.http, auditor.token)
              .post(`/certifications/${c.id}/transitions`)
              .send({ to: 'certified', version: c.version }),
          ),
        );
        expect(answers.map((res) => res.status)).toEqual(Array(20).fill(200));
        const sequences = answers
          .map((res) => Number(NUMBER.exec(res.body.certificateNumber)![2]))
          .sort((a, b) => a - b);
        expect(new Set(sequences).size).toBe(20);
        expect(sequences.at(-1)! - sequences[0]).toBe(19);
        const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM certificates`);
        const [{ last }] = await t.db.query(`SELECT max(sequence) AS last FROM certificates`);
        expect(last).toBe(count); // nothing skipped since the first certificate of the year
      });
    });
  });

  describe('the PDF', () => {
    it('is a PDF embedding the Lao font, whose SHA-256 is the stored one, served with a file name', async () => {
      const { number } = await certified();
      const res = await as(t.http, staff)
        .get(`/certificates/${number}/pdf`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const pdf = res.body as Buffer;
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.pdf"`);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Regular/);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      expect((await publicView(number)).pdfSha256).toBe(sha256);
      expect(res.headers.etag).toBe(`"${sha256}"`);
      await as(t.http, staff)
        .get(`/certificates/${number}/pdf`)
        .set('If-None-Match', `"${sha256}"`)
        .expect(304);
      await as(t.http, staff)
        .get(`/certificates/${number}/pdf`)
        .set('If-None-Match', `"other", W/"${sha256}"`)
        .expect(304);
    });

    it('is refused to a signed-out caller (401) and is 404 for an unknown number', async () => {
      const { number } = await certified();
      expectProblem(await request(t.http).get(`/api/v1/certificates/${number}/pdf`), 401, 'AUTH_REQUIRED');
      expectProblem(await as(t.http, staff).get('/certificates/IRIS-LA-1999-0001/pdf'), 404, 'NOT_FOUND');
    });
  });

  describe('POST /public/certificates/verify-pdf', () => {
    it('recognises the issued PDF, as a body or as a multipart file, with its current status', async () => {
      const { number } = await certified();
      const pdf = await pdfOf(number);
      const res = await verifyPdf(pdf).expect(200);
      expect(res.body).toMatchObject({
        genuine: true,
        kind: 'iris_certificate',
        certificate: { number, status: 'valid' },
        completion: null,
      });
      expect(res.body.message).toContain(number);
      const multipart = await request(t.http)
        .post('/api/v1/public/certificates/verify-pdf')
        .attach('file', pdf, { filename: 'certificate.pdf', contentType: 'application/pdf' })
        .expect(200);
      expect(multipart.body).toMatchObject({ genuine: true, certificate: { number } });
    });

    it('calls a copy with one byte changed, or any other file, not genuine (never a 500)', async () => {
      const pdf = await pdfOf((await certified()).number);
      const altered = Buffer.from(pdf);
      altered[Math.floor(altered.length / 2)] ^= 0x01;
      for (const file of [
        altered,
        Buffer.from('%PDF-1.7\nnot really'),
        Buffer.from('hello'),
        Buffer.alloc(3000, 7),
      ]) {
        const res = await verifyPdf(file).expect(200);
        expect(res.body).toMatchObject({ genuine: false, certificate: null });
        expect(res.body.message).toMatch(/^Not genuine/);
      }
    });

    it('answers 400 for a multipart body without a boundary or cut off half-way (never a 500)', async () => {
      const part = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7';
      const noBoundary = await request(t.http)
        .post('/api/v1/public/certificates/verify-pdf')
        .set('Content-Type', 'multipart/form-data')
        .send(part);
      expectProblem(noBoundary, 400, 'MALFORMED_REQUEST');
      const cutOff = await request(t.http)
        .post('/api/v1/public/certificates/verify-pdf')
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .send(`${part} and no closing boundary`);
      expectProblem(cutOff, 400, 'MALFORMED_REQUEST');
    });

    it('answers 400 for an empty file, 413 beyond 5 MB and 415 for JSON', async () => {
      expectProblem(await verifyPdf(Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
      expectProblem(await verifyPdf(Buffer.alloc(5 * 1024 * 1024 + 1)), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(
        await request(t.http).post('/api/v1/public/certificates/verify-pdf').send({ pdf: 'x' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });
  });

  describe('signature', () => {
    it('verifies with the published JWK using only node:crypto, and covers the number and dates', async () => {
      const { number } = await certified();
      const keys = (await request(t.http).get('/api/v1/public/keys').expect(200)).body.keys as {
        kid: string;
        kty: string;
        crv: string;
        x: string;
        current: boolean;
      }[];
      const cert = await publicView(number);
      const jwk = keys.find((k) => k.kid === cert.signature.keyId)!;
      expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', current: true });
      const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
      const { signedData, value } = cert.signature;
      expect(verify(null, Buffer.from(signedData), key, Buffer.from(value, 'base64url'))).toBe(true);
      expect(JSON.parse(signedData)).toMatchObject({
        number,
        issuedOn: cert.issuedOn,
        expiresOn: cert.expiresOn,
        agency: { id: cert.agency.id },
      });
      // A changed date no longer verifies.
      const forged = signedData.replace(cert.expiresOn, addDays(cert.expiresOn, 365));
      expect(verify(null, Buffer.from(forged), key, Buffer.from(value, 'base64url'))).toBe(false);
    });

    it('checks a signed text changed after it was read once (a checked signature is kept by its text)', async () => {
      const { number } = await certified();
      expect((await publicView(number)).signatureValid).toBe(true);
      await t.db.query(
        `UPDATE certificates SET signed_data = replace(signed_data, '"issuer":"', '"issuer":"Not the ') WHERE number = $1`,
        [number],
      );
      expect((await publicView(number)).signatureValid).toBe(false);
    });

    it('reads signatureValid false when the stored certificate was changed behind the service’s back', async () => {
      const { number } = await certified();
      await t.db.query(`UPDATE certificates SET expires_on = expires_on + 365 WHERE number = $1`, [number]);
      expect((await publicView(number)).signatureValid).toBe(false);
    });
  });

  describe('GET /public/certificates/{number}', () => {
    it('shows only public agency fields, and refuses unknown (404) and malformed (400) numbers', async () => {
      const { number } = await certified();
      const cert = await publicView(number);
      expect(Object.keys(cert.agency).sort()).toEqual([
        'id',
        'licenceNumber',
        'nameEn',
        'nameLo',
        'province',
      ]);
      expect(cert).not.toHaveProperty('caseId');
      expect(JSON.parse(cert.signature.signedData)).not.toHaveProperty('caseId');
      // Always revalidated: a suspension must never be hidden by a cache.
      const res = await request(t.http).get(`/api/v1/public/certificates/${number}`).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expectProblem(
        await request(t.http).get('/api/v1/public/certificates/IRIS-LA-2020-9999'),
        404,
        'NOT_FOUND',
      );
      const malformed = expectProblem(
        await request(t.http).get('/api/v1/public/certificates/ABC-123'),
        400,
        'VALIDATION_FAILED',
      );
      expect(malformed.errors).toEqual([{ field: 'number', message: expect.stringContaining('IRIS-LA-') }]);
      // A number typed in lower case is the same certificate.
      expect((await publicView(number.toLowerCase())).number).toBe(number);
    });

    it('follows the case: suspended, reinstated, withdrawn, each with its date, reasons and audit entry', async () => {
      const c = await t.fx.caseIn(Stage.Suspended, auditor.user);
      const number = c.certificateNumber!;
      expect(await publicView(number)).toMatchObject({
        status: 'suspended',
        statusReason: 'A worker was charged a recruitment fee',
        statusReasonLo: null,
        statusChangedOn: t.today(),
        signatureValid: true,
      });
      const major = await t.db.getRepository(Finding).findOneByOrFail({ caseId: c.id });
      const findings = t.app.get(FindingsService);
      const plan = 'Return every passport and stop keeping them';
      let { version } = major;
      for (const status of [
        FindingStatus.ActionProposed,
        FindingStatus.ActionAccepted,
        FindingStatus.Closed,
      ]) {
        ({ version } = await findings.update(
          major.id,
          { status, correctiveActionPlan: plan, version },
          auditorActor,
        ));
      }
      await move(c.id, Stage.Certified, 'Passports returned');
      expect(await publicView(number)).toMatchObject({
        status: 'valid',
        statusReason: null,
        statusReasonLo: null,
        statusChangedOn: t.today(),
      });
      const lao = 'ບໍລິສັດຈັດຫາງານໄດ້ຢຸດການຈັດຫາແຮງງານແລ້ວ';
      await move(c.id, Stage.Withdrawn, 'The agency stopped recruiting', lao);
      const withdrawn = {
        status: 'withdrawn',
        statusReason: 'The agency stopped recruiting',
        statusReasonLo: lao,
        statusChangedOn: t.today(),
      };
      expect(await publicView(number)).toMatchObject(withdrawn);
      expect((await as(t.http, staff).get(`/certificates/${number}`).expect(200)).body).toMatchObject(
        withdrawn,
      );
      const res = await verifyPdf(await pdfOf(number)).expect(200);
      expect(res.body).toMatchObject({ genuine: true, certificate: withdrawn });
      const [row] = await t.db.query(
        `SELECT status_reason, status_reason_lo FROM certificates WHERE number = $1`,
        [number],
      );
      expect(row).toEqual({ status_reason: 'The agency stopped recruiting', status_reason_lo: lao });
      expect(await auditActions(number)).toEqual([
        'certificate.issued',
        'certificate.suspended',
        'certificate.reinstated',
        'certificate.withdrawn',
      ]);
    });

    it('reads as expired on its expiry date, before and after the nightly job records it', async () => {
      // The last issue day whose three years are over by today: its certificate expires today (on 29
      // February, when no certificate expires, it expired the day before).
      let issuedOn = addDays(addMonths(t.today(), -36), -3);
      while (expiryDate(addDays(issuedOn, 1), 3) <= t.today()) issuedOn = addDays(issuedOn, 1);
      const expiresOn = expiryDate(issuedOn, 3);
      const lapsing = await t.fx.caseIn(Stage.Audit, auditor.user);
      await t.fx.audit(lapsing.id, auditorActor, AuditType.Stage2, addDays(issuedOn, -10));
      const cases = t.app.get(CasesService);
      const clock = t.app.get(Clock);
      const { certificateNumber } = await clock.during(issuedOn, async () =>
        cases.move(
          lapsing.id,
          { to: Stage.Certified, version: (await cases.requireById(lapsing.id)).version },
          auditorActor,
        ),
      );
      const number = certificateNumber!;
      expect(expiresOn === t.today() || t.today().endsWith('-02-29')).toBe(true);
      expect(await publicView(number)).toMatchObject({
        status: 'expired',
        expiresOn,
        statusReason: `The certificate expired on ${expiresOn}`,
      });
      await cases.expireLapsedCases();
      // The job dates the change by the expiry itself, as the certificate read before it ran.
      expect(await publicView(number)).toMatchObject({ status: 'expired', statusChangedOn: expiresOn });
      expect(await auditActions(number)).toEqual(['certificate.issued', 'certificate.expired']);
      // One certified a day later is still valid today, its last day.
      const valid = await t.fx.caseIn(Stage.Audit, auditor.user);
      await t.fx.audit(valid.id, auditorActor, AuditType.Stage2, addDays(issuedOn, -10));
      const later = await clock.during(addDays(issuedOn, 1), async () =>
        cases.move(
          valid.id,
          { to: Stage.Certified, version: (await cases.requireById(valid.id)).version },
          auditorActor,
        ),
      );
      expect(await publicView(later.certificateNumber!)).toMatchObject({
        status: 'valid',
        validUntil: t.today(),
      });
    });

    it('is superseded by a recertification’s certificate, which keeps the original issue date', async () => {
      const first = await certified();
      const again = (
        await as(t.http, staff)
          .post('/certifications')
          .send({ agencyId: first.agency.id, auditorIds: [auditor.user.id] })
          .expect(201)
      ).body;
      for (const to of [Stage.Applied, Stage.Audit]) await move(again.id, to);
      await t.fx.audit(again.id, auditorActor, AuditType.Recertification, t.today());
      await t.fx.audit(again.id, auditorActor, AuditType.Stage2, t.today());
      const renewed = await move(again.id, Stage.Certified);
      expect(renewed.certificateNumber).not.toBe(first.number);
      expect(await publicView(first.number)).toMatchObject({
        status: 'superseded',
        supersededBy: renewed.certificateNumber,
        statusReason: `Superseded by certificate ${renewed.certificateNumber}`,
      });
      expect(await publicView(renewed.certificateNumber!)).toMatchObject({
        status: 'valid',
        originalIssuedOn: (await publicView(first.number)).originalIssuedOn,
      });
      expect(await auditActions(first.number)).toEqual([
        'certificate.issued',
        'certificate.superseded',
        'certificate.replaced',
      ]);
      // The public registry shows the agency with its new certificate, on its profile and in a search.
      const standing = {
        status: 'certified',
        stage: 'certified',
        certificate: { number: renewed.certificateNumber, status: 'valid' },
      };
      const profile = await request(t.http).get(`/api/v1/public/agencies/${first.agency.id}`).expect(200);
      expect(profile.body.certification).toMatchObject(standing);
      const found = await request(t.http)
        .get(`/api/v1/public/agencies?q=${encodeURIComponent(first.agency.licenceNumber)}`)
        .expect(200);
      const listed = found.body.items.find((a: { id: string }) => a.id === first.agency.id);
      expect(listed).toMatchObject({ certification: standing });
    });
  });

  describe('GET /certificates', () => {
    it('filters by status as it reads today and by agency, newest first', async () => {
      const c = await t.fx.caseIn(Stage.Suspended, auditor.user);
      const suspended = await as(t.http, staff).get('/certificates?status=suspended&limit=100').expect(200);
      expect(suspended.body.items.map((i: { number: string }) => i.number)).toContain(c.certificateNumber);
      expect(suspended.body.items.every((i: { status: string }) => i.status === 'suspended')).toBe(true);
      const mine = await as(t.http, staff).get(`/certificates?agencyId=${c.agency.id}`).expect(200);
      expect(mine.body).toMatchObject({ total: 1, items: [{ number: c.certificateNumber }] });
      const valid = await as(t.http, staff).get('/certificates?status=valid&limit=100').expect(200);
      expect(valid.body.items.every((i: { status: string }) => i.status === 'valid')).toBe(true);
      expectProblem(await as(t.http, staff).get('/certificates?status=lost'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /public/keys', () => {
    it('lists the current key as a JWK whose kid is its RFC 7638 thumbprint', async () => {
      const { keys } = (await request(t.http).get('/api/v1/public/keys').expect(200)).body;
      const current = keys.filter((k: { current: boolean }) => k.current);
      expect(current).toHaveLength(1);
      const [{ crv, kty, x, kid }] = current;
      const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
      expect(kid).toBe(thumbprint);
      expect(current[0]).not.toHaveProperty('d');
    });
  });

  describe('GET /trainings/{id}/participants/{pid}/certificate.pdf', () => {
    let days: string[];
    let trainer: { token: string; user: UserResponseDto };
    let trainingId: string;
    let completed: string;
    let absent: string;
    let agency: { id: string; nameLo: string; nameEn: string };

    beforeAll(async () => {
      days = [t.day(-10), t.day(-9)];
      trainer = await t.fx.signIn([Role.Trainer]);
      agency = await t.fx.agency();
      const training = await t.app.get(TrainingsService).create(
        {
          title: 'IRIS ethical recruitment training for recruitment agencies',
          venue: 'Lao Plaza Hotel',
          province: 'LA-VT',
          organiser: 'IOM and MoLSW',
          days,
          trainerIds: [trainer.user.id],
        },
        null,
      );
      trainingId = training.id;
      const attendance = t.app.get(AttendanceService);
      await t.app.get(DataSource).transaction(async (em) => {
        const person = (fullName: string) => ({
          fullName,
          sex: Sex.Female,
          position: 'Officer',
          agencyId: agency.id,
        });
        const done = await attendance.insertParticipant(em, trainingId, person('ນາງ ວັນນະລີ ສີສະຫວາດ'), null);
        const away = await attendance.insertParticipant(em, trainingId, person('Ms. Absent Once'), null);
        [completed, absent] = [done.id, away.id];
        const marks = days.flatMap((day) => [
          { participantId: done.id, day, status: AttendanceStatus.Present },
          {
            participantId: away.id,
            day,
            status: day === days[0] ? AttendanceStatus.Present : AttendanceStatus.Absent,
          },
        ]);
        await attendance.upsertMarks(em, trainingId, marks, null);
      });
    });

    const path = (pid: string) => `/trainings/${trainingId}/participants/${pid}/certificate.pdf`;
    const certificateOf = (pid: string, token = trainer.token) =>
      as(t.http, token).get(path(pid)).buffer(true).parse(binary);
    const refusalOf = (pid: string, token = trainer.token) => as(t.http, token).get(path(pid));

    it('gives the training’s trainer a PDF with the Lao font, the same bytes each time', async () => {
      const first = await certificateOf(completed).expect(200);
      expect(first.headers['content-type']).toBe('application/pdf');
      const pdf = first.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Bold/);
      const second = (await certificateOf(completed).expect(200)).body as Buffer;
      expect(second.equals(pdf)).toBe(true);
      // IOM staff may have it too.
      await certificateOf(completed, await t.fx.tokenFor(Role.Iom)).expect(200);
    });

    it('refuses a participant who missed a day (409), an unknown one (404), another trainer and ministry (403)', async () => {
      const refused = await refusalOf(absent);
      const missed = expectProblem(refused, 409, 'TRAINING_NOT_COMPLETED');
      expect(refused.headers['content-disposition']).toBeUndefined();
      expect(missed.detail).toContain('Ms. Absent Once has not completed this training');
      expectProblem(await refusalOf('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectProblem(await refusalOf(completed, await t.fx.tokenFor(Role.Trainer)), 403, 'FORBIDDEN');
      expectProblem(await refusalOf(completed, await t.fx.tokenFor(Role.Ministry)), 403, 'FORBIDDEN');
      expectProblem(await refusalOf('not-a-uuid'), 400, 'VALIDATION_FAILED');
    });

    it('is genuine at verify-pdf: the training and the agency are named, never the person', async () => {
      const pdf = (await certificateOf(completed).expect(200)).body as Buffer;
      const res = await verifyPdf(pdf).expect(200);
      expect(res.body).toEqual({
        genuine: true,
        kind: 'training_completion',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        certificate: null,
        completion: {
          training: {
            title: 'IRIS ethical recruitment training for recruitment agencies',
            firstDay: days[0],
            lastDay: days[1],
          },
          agency: { id: agency.id, nameLo: agency.nameLo, nameEn: agency.nameEn },
        },
        message:
          'This is a genuine certificate of completion of the training "IRIS ethical recruitment training ' +
          `for recruitment agencies" (${days[0]} – ${days[1]}), issued to a participant of ${agency.nameEn} ` +
          `(${agency.nameLo}). It is not an IRIS certificate of the agency: whether the agency is ` +
          'IRIS-certified is on its public page.',
      });
      expect(res.text).not.toContain('ວັນນະລີ');
      expect(res.text).not.toContain(completed);
    });

    it('is not genuine once altered: a byte of the page, the sealed statement, or a seal by another key', async () => {
      const pdf = (await certificateOf(completed).expect(200)).body as Buffer;
      const place = findSeal(pdf)!;
      const jws = readCompact(place.value)!;
      const statement = jws.payload as Record<string, unknown>;

      const page = Buffer.from(pdf);
      page[Math.floor(place.start / 2)] ^= 0x01;
      const otherTitle = {
        ...statement,
        training: {
          ...(statement.training as object),
          title: 'IRIS ethical recruitment training for recruitment agencieZ',
        },
      };
      const restated = withSeal(
        pdf,
        place,
        `${jws.signingInput.split('.')[0]}.${encode(otherTitle)}.${jws.signature}`,
      );
      const { privateKey } = generateKeyPairSync('ed25519');
      const forged = withSeal(
        pdf,
        place,
        signCompact(statement, jws.header as { kid: string; typ: string }, (text) =>
          signText(text, privateKey),
        ),
      );
      for (const file of [page, restated, forged]) {
        const res = await verifyPdf(file).expect(200);
        expect(res.body).toMatchObject({
          genuine: false,
          kind: 'unknown',
          certificate: null,
          completion: null,
        });
      }
    });

    it('reads on the /verify page as a certificate of completion, not of the agency', async () => {
      const pdf = (await certificateOf(completed).expect(200)).body as Buffer;
      const page = await request(t.http)
        .post('/verify?lang=en')
        .attach('file', pdf, 'certificate.pdf')
        .expect(200);
      expect(page.text).toContain('data-verdict="completion"');
      expect(page.text).toContain('Certificate of completion of a training — not an IRIS certificate');
      expect(page.text).toContain('IRIS ethical recruitment training for recruitment agencies');
      expect(page.text).toContain(agency.nameEn);
      expect(page.text).not.toContain('ວັນນະລີ');
    });
  });
});

/** `count` results of `make`, at most `size` at a time. */
async function inBatches<T>(count: number, size: number, make: () => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  while (made.length < count) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(size, count - made.length) }, make))));
  }
  return made;
}

/** A JSON payload as a JWS part. */
const encode = (data: unknown) => Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
