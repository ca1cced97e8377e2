import request from 'supertest';
import { AuditType, FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import type { Actor } from '../../src/common/auth.decorators';
import { Clock } from '../../src/common/clock';
import { addDays } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import { createTestApp, type TestApp } from '../utils/app';
import { signInToConsole } from '../utils/console';

interface Entry {
  action: string;
  entity_type: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What an audit-log entry looks like, its values aside: action, entity, the keys before and after. */
const shapeOf = (entry: Entry) => ({
  action: entry.action,
  entityType: entry.entity_type,
  before: entry.before && Object.keys(entry.before).sort(),
  after: entry.after && Object.keys(entry.after).sort(),
});

describe('staff console: certification cases, audits, findings, certificates', () => {
  let t: TestApp;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp();
    today = t.app.get(Clock).today();
  });
  afterAll(() => t.close());

  /** The last audit-log entry about `entityId`. */
  const lastEntry = async (entityId: string): Promise<Entry> =>
    (
      await t.db.query(
        'SELECT action, entity_type, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1',
        [entityId],
      )
    )[0];

  const api = (token: string) => ({
    post: (path: string, body: object) =>
      request(t.http).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(t.http).patch(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  /** An auditor signed in to the console, and the same person's API token. */
  async function auditorBoth(language: 'lo' | 'en' = 'en') {
    const { token, user } = await t.fx.signIn([Role.Auditor]);
    await t.db.query('UPDATE users SET language = $2 WHERE id = $1', [user.id, language]);
    const browser = await signInToConsole(t.http, user.email);
    return { token, user, browser };
  }

  const versionOf = async (caseId: string) =>
    (await t.db.query('SELECT version FROM certification_cases WHERE id = $1', [caseId]))[0]
      .version as number;

  it('opens a case from the form (agency typed by name) as the API does, in the audit log too', async () => {
    const { token, user } = await t.fx.signIn([Role.Ministry]);
    const browser = await signInToConsole(t.http, user.email);
    const auditor = await t.fx.user({ roles: [Role.Auditor], name: 'Auditor Khamphone' });
    const [byConsole, byApi] = [await t.fx.trainedAgency(), await t.fx.trainedAgency()];

    const form = await browser.open('/staff/cases/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Auditor Khamphone');
    expect(form.text).toContain(`${byConsole.nameLo} · ${byConsole.licenceNumber}`);
    const res = await browser.submit('/staff/cases', {
      agency: `${byConsole.nameLo} · ${byConsole.licenceNumber}`,
      auditorIds: [auditor.id],
    });
    expect(res.status).toBe(303);
    const caseId = res.headers.location.split('/').pop()!;
    const apiCase = await api(token)
      .post('/certifications', { agencyId: byApi.id, auditorIds: [auditor.id] })
      .expect(201);
    expect(shapeOf(await lastEntry(caseId))).toEqual(shapeOf(await lastEntry(apiCase.body.id)));
    expect((await lastEntry(caseId)).action).toBe('certification.opened');

    const page = await browser.open(res.headers.location);
    expect(page.text).toContain('ກຳລັງສ້າງຄວາມອາດສາມາດ');
    expect(page.text).not.toContain('capacity_building');
  });

  it('refuses an agency typed that names none, by the field', async () => {
    const { user } = await t.fx.signIn([Role.Iom]);
    const browser = await signInToConsole(t.http, user.email);
    await browser.open('/staff/cases/new');
    const res = await browser.submit('/staff/cases', { agency: 'No Such Agency Anywhere', auditorIds: [] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#field-agencyId"');
  });

  it('moves a case as the API does, and the audit-log entries match', async () => {
    const { token, user, browser } = await auditorBoth();
    const [viaConsole, viaApi] = [
      await t.fx.caseIn(Stage.CapacityBuilding, user),
      await t.fx.caseIn(Stage.CapacityBuilding, user),
    ];
    await browser.open(`/staff/cases/${viaConsole.id}`);
    const res = await browser.submit(`/staff/cases/${viaConsole.id}/moves`, {
      to: Stage.Applied,
      version: String(viaConsole.version),
    });
    expect(res.status).toBe(303);
    await api(token)
      .post(`/certifications/${viaApi.id}/transitions`, { to: Stage.Applied, version: viaApi.version })
      .expect(200);
    expect(shapeOf(await lastEntry(viaConsole.id))).toEqual(shapeOf(await lastEntry(viaApi.id)));
    expect((await lastEntry(viaConsole.id)).action).toBe('certification.applied');
  });

  it('explains a blocked move with the very reasons the API refuses it with', async () => {
    const { token, user, browser } = await auditorBoth();
    const c = await t.fx.caseIn(Stage.Audit, user);
    const refused = await api(token)
      .post(`/certifications/${c.id}/transitions`, { to: Stage.Certified, version: c.version })
      .expect(409);
    const reasons: string[] = refused.body.errors.map((e: { message: string }) => e.message);
    expect(reasons).toContain('no stage-2 (on-site) audit has been conducted');
    const page = await browser.open(`/staff/cases/${c.id}`);
    const block = page.text.slice(page.text.indexOf('id="why-certified"'));
    for (const reason of reasons) expect(block).toContain(reason);
    expect(page.text).toMatch(/<button type="button" disabled aria-describedby="why-certified">/);
  });

  it('words a blocked move in Lao for a Lao reader, naming the open major finding and its due date', async () => {
    const { token, user, browser } = await auditorBoth('lo');
    const c = await t.fx.caseIn(Stage.Audit, user);
    const audit = await t.fx.audit(c.id, { ...user, requestId: '' } as Actor, AuditType.Stage2, today);
    await api(token)
      .post(`/audits/${audit.id}/findings`, {
        criterion: 'A.2',
        severity: 'major',
        description: 'Passports were kept by the agency.',
        dueOn: addDays(today, 30),
      })
      .expect(201);
    const page = await browser.open(`/staff/cases/${c.id}`);
    expect(page.text).toContain('ຂໍ້ບົກພ່ອງຮ້າຍແຮງ A.2');
    expect(page.text).toContain('ຍັງບໍ່ປິດ');
  });

  it('plans and records an audit, records a finding and takes it through the corrective action, as the API', async () => {
    const { token, user, browser } = await auditorBoth();
    const [c, twin] = [await t.fx.caseIn(Stage.Audit, user), await t.fx.caseIn(Stage.Audit, user)];

    await browser.open(`/staff/cases/${c.id}`);
    const planned = await browser.submit(`/staff/cases/${c.id}/audits`, {
      type: AuditType.Stage2,
      plannedOn: today,
    });
    expect(planned.status).toBe(303);
    const auditId = planned.headers.location.split('/').pop()!;
    const apiAudit = await api(token)
      .post(`/certifications/${twin.id}/audits`, { type: AuditType.Stage2, plannedOn: today })
      .expect(201);
    expect(shapeOf(await lastEntry(auditId))).toEqual(shapeOf(await lastEntry(apiAudit.body.id)));

    const auditPage = await browser.open(`/staff/audits/${auditId}`);
    expect(auditPage.text).toContain('<optgroup');
    expect(auditPage.text).not.toMatch(/>false<|value="false"/);
    const recorded = await browser.submit(`/staff/audits/${auditId}`, {
      conductedOn: today,
      summary: 'Visited the office.',
      version: '1',
    });
    expect(recorded.status).toBe(303);
    await api(token)
      .patch(`/audits/${apiAudit.body.id}`, {
        conductedOn: today,
        summary: 'Visited the office.',
        version: 1,
      })
      .expect(200);
    expect(shapeOf(await lastEntry(auditId))).toEqual(shapeOf(await lastEntry(apiAudit.body.id)));

    await browser.open(`/staff/audits/${auditId}`);
    const finding = { criterion: 'A.1', severity: 'major', description: 'No written contracts.' };
    const added = await browser.submit(`/staff/audits/${auditId}/findings`, { ...finding, dueOn: '' });
    expect(added.status).toBe(303);
    const findingId = added.headers.location.split('/').pop()!;
    const apiFinding = await api(token).post(`/audits/${apiAudit.body.id}/findings`, finding).expect(201);
    const [row] = await t.db.query('SELECT due_on::text FROM findings WHERE id = $1', [findingId]);
    expect(row.due_on).toBe(apiFinding.body.dueOn); // the service's default, as for the API
    expect(shapeOf(await lastEntry(findingId))).toEqual(shapeOf(await lastEntry(apiFinding.body.id)));

    const steps: Record<string, string>[] = [
      { status: 'action_proposed', correctiveActionPlan: 'Written contracts from now on.' },
      { status: 'action_accepted' },
      { status: 'closed' },
    ];
    let version = 1;
    expect((await browser.open(`/staff/findings/${findingId}`)).text).not.toContain('>false<');
    for (const step of steps) {
      await browser.open(`/staff/findings/${findingId}`);
      const res = await browser.submit(`/staff/findings/${findingId}`, { ...step, version: String(version) });
      expect(res.status).toBe(303);
      await api(token)
        .patch(`/findings/${apiFinding.body.id}`, { ...step, version })
        .expect(200);
      expect(shapeOf(await lastEntry(findingId))).toEqual(shapeOf(await lastEntry(apiFinding.body.id)));
      version++;
    }
    const page = await browser.open(`/staff/findings/${findingId}`);
    expect(page.text).toContain('Closed');
    expect(page.text).toContain(`by ${user.name}`);
  });

  it('refuses auditor B on auditor A’s case (403), as the API does, and changes nothing', async () => {
    const a = await t.fx.user({ roles: [Role.Auditor] });
    const c = await t.fx.caseIn(Stage.CapacityBuilding, a);
    const { token, browser } = await auditorBoth();
    await api(token)
      .post(`/certifications/${c.id}/transitions`, { to: Stage.Applied, version: c.version })
      .expect(403);
    const page = await browser.open(`/staff/cases/${c.id}`);
    expect(page.text).toContain('only the auditors assigned to this case may move it');
    const moved = await browser.submit(`/staff/cases/${c.id}/moves`, {
      to: Stage.Applied,
      version: String(c.version),
    });
    expect(moved.status).toBe(403);
    const planned = await browser.submit(`/staff/cases/${c.id}/audits`, {
      type: AuditType.Stage1,
      plannedOn: today,
    });
    expect(planned.status).toBe(403);
    expect(await versionOf(c.id)).toBe(c.version);
  });

  it('asks for a public reason to suspend, in Lao and English, and refuses none', async () => {
    const { user, browser } = await auditorBoth();
    const c = await t.fx.caseIn(Stage.Certified, user);
    const page = await browser.open(`/staff/cases/${c.id}`);
    expect(page.text).toContain('name="reasonLo"');
    const refused = await browser.submit(`/staff/cases/${c.id}/moves`, {
      to: Stage.Suspended,
      reason: '',
      version: String(c.version),
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('a reason is required to move a case to suspended');
    const res = await browser.submit(`/staff/cases/${c.id}/moves`, {
      to: Stage.Suspended,
      reason: 'A substantiated complaint',
      reasonLo: 'ມີການຮ້ອງຮຽນ',
      version: String(c.version),
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT stage, status_reason_lo FROM certification_cases WHERE id = $1', [
      c.id,
    ]);
    expect(row).toEqual({ stage: 'suspended', status_reason_lo: 'ມີການຮ້ອງຮຽນ' });
  });

  it('lists cases with the Today page’s filters, and the overdue findings', async () => {
    const { user, browser } = await auditorBoth();
    const c = await t.fx.caseIn(Stage.Certified, user);
    const mine = await browser.open(`/staff/cases?needsAttention=false&auditorId=${user.id}`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(c.agency.nameEn);
    const due = await browser.open(`/staff/cases?surveillanceDueBefore=${addDays(today, 400)}`);
    expect(due.text).toContain(c.agency.nameEn);
    const audit = await t.fx.audit(c.id, { ...user, requestId: '' } as Actor, AuditType.Surveillance, today);
    await t.app.get(FindingsService).create(
      audit.id,
      {
        criterion: 'A.3',
        severity: FindingSeverity.Minor,
        description: 'Ages not checked.',
        dueOn: addDays(today, -1),
      },
      { ...user, requestId: '' } as Actor,
    );
    const overdue = await browser.open(`/staff/findings?auditorId=${user.id}`);
    expect(overdue.status).toBe(200);
    expect(overdue.text).toContain('<strong>A.3</strong>');
    expect(overdue.text).toContain(c.agency.nameEn);
    const todayPage = await browser.open('/staff');
    expect(todayPage.text.replace(/&#x3D;/g, '=')).toContain(`href="/staff/findings?auditorId=${user.id}"`);
    const others = await browser.open(
      `/staff/findings?auditorId=${(await t.fx.user({ roles: [Role.Auditor] })).id}`,
    );
    expect(others.text).not.toContain('<strong>A.3</strong>');
  });

  it('takes a NUL typed into an agency filter as nothing, never a failure', async () => {
    const { browser } = await auditorBoth();
    for (const path of [
      '/staff/cases?agency=%00',
      '/staff/certificates?agency=%00',
      '/staff/cases?agency=a%00b',
    ]) {
      const res = await browser.agent.get(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('shows a certificate with its status, PDF, verify link and QR code', async () => {
    const { user, browser } = await auditorBoth();
    const c = await t.fx.caseIn(Stage.Certified, user);
    const list = await browser.open('/staff/certificates?status=valid');
    expect(list.text).toContain(c.certificateNumber!);
    const page = await browser.open(`/staff/certificates/${c.certificateNumber}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/verify/${c.certificateNumber}`);
    expect(page.text).toContain('<svg');
    const pdf = await browser.agent.get(`/staff/certificates/${c.certificateNumber}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });
});
