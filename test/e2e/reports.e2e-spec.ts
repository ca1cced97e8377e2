import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { AuditType, FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { AttendanceStatus, Sex } from '../../src/trainings/training.enums';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { as, binary } from '../utils/http';
import { expectProblem } from '../utils/problem';

/** A CSV answer's rows as objects keyed by the header. */
function csvRows(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

/**
 * A known dataset, dated from the app's today; the period is the last 200 days. Agencies: A1 certified,
 * A2 suspended, A3 in capacity building (all LA-VT, each with a trained woman from its fixture workshop 40
 * days ago); A4 (LA-CH) trained by a man in March two years ago only; A5 (LA-CH) revoked (trained 150 days
 * ago); A6 (LA-SV) licence lapsed yesterday. The workshop 150 days ago: a man of A4 absent, a participant
 * of sex "other" from A5 present. Findings: A2's major (open, not yet due), a minor on A1's case two days
 * overdue.
 */
describe('Reports', () => {
  let t: TestApp;
  let ministry: string;
  let a1: string;
  let today: string;
  let period: string;
  let from: string;
  let midPeriodWorkshop: string;
  /** A calendar year before the period, with one workshop (in March) and nothing else. */
  let earlier: { year: string; workshop: string };

  const training = async (
    day: string,
    people: { sex: Sex; agencyId: string; status: AttendanceStatus }[],
  ) => {
    const created = await t.fx.training({ title: `Workshop ${day}`, venue: 'Vientiane', days: [day] });
    await t.app.get(DataSource).transaction(async (em) => {
      const attendance = t.app.get(AttendanceService);
      for (const [i, person] of people.entries()) {
        const participant = await attendance.insertParticipant(
          em,
          created.id,
          {
            fullName: `ຜູ້ເຂົ້າຮ່ວມ ${day} ${i}`,
            sex: person.sex,
            position: 'Officer',
            agencyId: person.agencyId,
          },
          null,
        );
        await attendance.upsertMarks(
          em,
          created.id,
          [{ participantId: participant.id, day, status: person.status }],
          null,
        );
      }
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    today = t.today();
    from = t.day(-200);
    period = `from=${from}&to=${today}`;
    midPeriodWorkshop = t.day(-150);
    const year = String(Number(today.slice(0, 4)) - 2);
    earlier = { year, workshop: `${year}-03-10` };
    ministry = await t.fx.tokenFor(Role.Ministry);
    const auditor = (await t.fx.signIn([Role.Auditor])).user;
    const actor = { ...auditor, requestId: '' } as Actor;
    const certified = await t.fx.caseIn(Stage.Certified, auditor);
    a1 = certified.agency.id;
    await t.fx.caseIn(Stage.Suspended, auditor);
    await t.fx.caseIn(Stage.CapacityBuilding, auditor);
    const a4 = await t.fx.agency({ province: 'LA-CH', nameLo: 'ບໍລິສັດ ຈຳປາ ຈຳກັດ' });
    const a5 = await t.fx.agency({ province: 'LA-CH' });
    await as(t.http, ministry)
      .post(`/agencies/${a5.id}/licence-status-changes`)
      .send({ status: 'revoked', reason: 'Fees charged', version: a5.version })
      .expect(201);
    await t.fx.agency({ province: 'LA-SV', licenceIssuedOn: t.day(-2000), licenceExpiresOn: t.day(-1) });
    await training(earlier.workshop, [{ sex: Sex.Male, agencyId: a4.id, status: AttendanceStatus.Present }]);
    await training(midPeriodWorkshop, [
      { sex: Sex.Male, agencyId: a4.id, status: AttendanceStatus.Absent },
      { sex: Sex.Other, agencyId: a5.id, status: AttendanceStatus.Present },
    ]);
    const audit = await t.fx.audit(certified.id, actor, AuditType.Surveillance, t.day(-10));
    await t.app.get(FindingsService).create(
      audit.id,
      {
        criterion: '1',
        severity: FindingSeverity.Minor,
        description: 'Fee receipts missing',
        dueOn: t.day(-2),
      },
      actor,
    );
  });
  afterAll(() => t.close());

  describe('GET /reports/overview', () => {
    it('gives the known dataset’s figures for the period', async () => {
      const res = await as(t.http, ministry).get(`/reports/overview?${period}`).expect(200);
      const o = res.body;
      expect(o.period).toEqual({ from, to: today });
      expect(o.agencies.total).toBe(6);
      expect(o.agencies.byLicenceStatus).toEqual({ active: 4, suspended: 0, revoked: 1, expired: 1 });
      const province = (code: string) =>
        o.agencies.byProvince.find((p: { province: string }) => p.province === code);
      expect(o.agencies.byProvince).toHaveLength(18);
      expect(province('LA-VT')).toMatchObject({ agencies: 3, activeLicences: 3, trained: 3, certified: 1 });
      expect(province('LA-CH')).toMatchObject({ agencies: 2, activeLicences: 1, trained: 2, certified: 0 });
      expect(province('LA-SV')).toMatchObject({ agencies: 1, activeLicences: 0, trained: 0, certified: 0 });
      expect(province('LA-AT')).toMatchObject({ agencies: 0, nameLo: 'ອັດຕະປື' });

      expect(o.cases.byStage).toEqual({
        capacity_building: 1,
        applied: 0,
        audit: 0,
        corrective_action: 0,
        certified: 1,
        suspended: 1,
        withdrawn: 0,
        expired: 0,
        closed: 0,
      });
      expect(o.cases).toMatchObject({ openedInPeriod: 3, certifiedInPeriod: 2 });

      expect(o.trainings).toEqual({
        held: 4,
        participants: 5,
        bySex: { female: 3, male: 1, other: 1 },
        completed: 4,
        completedBySex: { female: 3, male: 0, other: 1 },
        agenciesTrained: 4,
        agenciesTrainedByProvince: [
          { province: 'LA-VT', count: 3 },
          { province: 'LA-CH', count: 1 },
        ],
      });

      expect(o.certificates).toMatchObject({
        valid: 1,
        suspended: 1,
        expiringWithin90Days: 0,
        issuedInPeriod: 2,
      });
      expect(o.certificates.issuedByMonth[0]).toEqual({ month: from.slice(0, 7), count: 0 });
      expect(o.certificates.issuedByMonth.at(-1)).toEqual({ month: today.slice(0, 7), count: 2 });

      expect(o.findings.open).toEqual({ major: 1, minor: 1, observation: 0 });
      expect(o.findings.overdue).toEqual({ major: 0, minor: 1, observation: 0 });
      const principle = (code: string) =>
        o.findings.byPrinciple.find((p: { principle: string }) => p.principle === code);
      expect(o.findings.byPrinciple.map((p: { principle: string }) => p.principle)).toEqual([
        'A',
        'B',
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
      expect(principle('A')).toMatchObject({ open: 1, overdue: 0 });
      expect(principle('1')).toMatchObject({ open: 1, overdue: 1 });
      expect(o.findings.raisedInPeriod).toBe(2);
    });

    it('counts activity within the period: a year before had one workshop and no certificate', async () => {
      const res = await as(t.http, ministry)
        .get(`/reports/overview?from=${earlier.year}-01-01&to=${earlier.year}-12-31`)
        .expect(200);
      expect(res.body.trainings).toMatchObject({
        held: 1,
        participants: 1,
        bySex: { female: 0, male: 1, other: 0 },
        completed: 1,
        agenciesTrained: 1,
        agenciesTrainedByProvince: [{ province: 'LA-CH', count: 1 }],
      });
      expect(res.body.certificates.issuedInPeriod).toBe(0);
      expect(res.body.certificates.issuedByMonth).toHaveLength(12);
      expect(res.body.cases).toMatchObject({ openedInPeriod: 0, certifiedInPeriod: 0 });
      // Current-state figures do not depend on the period.
      expect(res.body.agencies.total).toBe(6);
      expect(res.body.certificates.valid).toBe(1);
    });

    it('refuses a period that ends before it starts, and a malformed date (400)', async () => {
      const backwards = expectProblem(
        await as(t.http, ministry).get(`/reports/overview?from=${t.day(-30)}&to=${t.day(-60)}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(backwards.errors).toEqual([
        { field: 'from', code: 'periodOrder', message: 'From must be on or before the last day (to)' },
      ]);
      expectProblem(
        await as(t.http, ministry).get(`/reports/overview?from=${today.slice(0, 4)}-13-01`),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('is for the ministry, IOM and admins only', async () => {
      for (const role of [Role.Iom, Role.Admin]) {
        await as(t.http, await t.fx.tokenFor(role))
          .get('/reports/overview')
          .expect(200);
      }
      for (const role of [Role.Trainer, Role.Auditor]) {
        const token = await t.fx.tokenFor(role);
        expectProblem(await as(t.http, token).get('/reports/overview'), 403, 'FORBIDDEN');
        expectProblem(await as(t.http, token).get('/reports/participation.csv'), 403, 'FORBIDDEN');
      }
      expectProblem(await request(t.http).get('/api/v1/reports/overview'), 401, 'AUTH_REQUIRED');
    });
  });

  describe('CSV exports', () => {
    it('the overview as rows whose totals match the JSON, with a BOM and Lao names', async () => {
      const json = (await as(t.http, ministry).get(`/reports/overview?${period}`).expect(200)).body;
      const res = await as(t.http, ministry).get(`/reports/overview.csv?${period}`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.text.startsWith('\uFEFF')).toBe(true);
      const rows = csvRows(res.text);
      const value = (section: string, item: string, detail = '') =>
        Number(rows.find((r) => r.section === section && r.item === item && r.detail === detail)?.value);
      expect(value('agencies', 'total')).toBe(json.agencies.total);
      expect(value('trainings', 'participants')).toBe(json.trainings.participants);
      expect(value('trainings', 'participantsBySex', 'female')).toBe(3);
      expect(value('certificates', 'valid')).toBe(json.certificates.valid);
      expect(value('findings', 'overdue', 'minor')).toBe(1);
      const byProvince = rows.filter((r) => r.section === 'agencies.byProvince' && r.item === 'agencies');
      expect(byProvince.reduce((sum, r) => sum + Number(r.value), 0)).toBe(json.agencies.total);
      expect(res.text).toContain('LA-VT ນະຄອນຫຼວງວຽງຈັນ / Vientiane Capital');
    });

    it('lists certificates, findings and participation', async () => {
      const certificates = await as(t.http, ministry).get('/reports/certificates.csv').expect(200);
      expect(certificates.text.startsWith('\uFEFF')).toBe(true);
      const certificateRows = csvRows(certificates.text);
      expect(certificateRows.map((r) => r.status).sort()).toEqual(['suspended', 'valid']);
      expect(certificates.text).toContain('ບໍລິສັດ ທົດສອບ');

      const findings = csvRows((await as(t.http, ministry).get('/reports/findings.csv').expect(200)).text);
      expect(findings.map((r) => [r.severity, r.status, r.overdue]).sort()).toEqual([
        ['major', 'open', 'false'],
        ['minor', 'open', 'true'],
      ]);

      const participation = await as(t.http, ministry)
        .get(`/reports/participation.csv?${period}`)
        .expect(200);
      const people = csvRows(participation.text);
      expect(people).toHaveLength(5);
      expect(people.filter((p) => p.completed === 'true')).toHaveLength(4);
      expect(participation.text).toContain(`ຜູ້ເຂົ້າຮ່ວມ ${midPeriodWorkshop} 0`);
      expect(participation.text).not.toContain(earlier.workshop);
    });
  });

  describe('GET /reports/progress.pdf', () => {
    it('renders the bilingual progress report for the period', async () => {
      const res = await as(t.http, ministry)
        .get(`/reports/progress.pdf?${period}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('NotoSansLao');
    });
  });

  it('keeps the certified agency’s figures in step with its certificate', async () => {
    const one = await as(t.http, ministry).get(`/agencies/${a1}`).expect(200);
    expect(one.body.certificationStage).toBe('certified');
  });
});
