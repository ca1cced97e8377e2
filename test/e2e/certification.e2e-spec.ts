import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { addDays, addMonths } from '../../src/common/lao-calendar';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

describe('Certification workflow', () => {
  let t: TestApp;
  let ministry: string;
  let iom: string;
  let trainer: string;
  let auditor: { token: string; user: UserResponseDto };
  let otherAuditor: { token: string; user: UserResponseDto };

  beforeAll(async () => {
    t = await createTestApp();
    ministry = await t.fx.tokenFor(Role.Ministry);
    iom = await t.fx.tokenFor(Role.Iom);
    trainer = await t.fx.tokenFor(Role.Trainer);
    auditor = await t.fx.signIn([Role.Auditor]);
    otherAuditor = await t.fx.signIn([Role.Auditor]);
    // The published Standard's criteria, loaded by an administrator (only A.1–A.3 ship with the service).
    const admin = await t.fx.tokenFor(Role.Admin);
    for (const [code, title] of [
      ['1.1', 'The labour recruiter does not charge recruitment fees to jobseekers'],
      ['1.2', 'The labour recruiter does not charge related costs to jobseekers'],
      ['3.2', 'The labour recruiter provides written contracts in a language the worker understands'],
    ]) {
      await as(t.http, admin).post('/reference/criteria').send({ code, title }).expect(201);
    }
  });
  afterAll(() => t.close());

  const openCase = async (agencyId: string, token = ministry) =>
    (
      await as(t.http, token)
        .post('/certifications')
        .send({ agencyId, auditorIds: [auditor.user.id] })
        .expect(201)
    ).body;
  const move = (
    id: string,
    body: { to: string; reason?: string; reasonLo?: string | null; version: number },
    token = auditor.token,
  ) => as(t.http, token).post(`/certifications/${id}/transitions`).send(body);
  const moveOk = async (c: { id: string; version: number }, to: Stage, reason?: string) =>
    (await move(c.id, { to, reason, version: c.version }).expect(200)).body;
  const newAudit = async (caseId: string, type: string, conductedOn?: string) => {
    const planned = conductedOn ?? t.today();
    const audit = (
      await as(t.http, auditor.token)
        .post(`/certifications/${caseId}/audits`)
        .send({ type, plannedOn: planned })
        .expect(201)
    ).body;
    if (!conductedOn) return audit;
    return (
      await as(t.http, auditor.token)
        .patch(`/audits/${audit.id}`)
        .send({ conductedOn, summary: `${type} audit done`, version: audit.version })
        .expect(200)
    ).body;
  };
  const newFinding = async (auditId: string, severity: string, criterion = '1.1', dueOn?: string) =>
    (
      await as(t.http, auditor.token)
        .post(`/audits/${auditId}/findings`)
        .send({
          criterion,
          severity,
          description: `A ${severity} finding`,
          evidence: 'Interview notes',
          dueOn,
        })
        .expect(201)
    ).body;
  /** PATCH /findings/{id} with the version the finding has now, as a client that just read it sends. */
  const patchFinding = async (id: string, body: object, token = auditor.token) => {
    const [{ version }] = await t.db.query(`SELECT version FROM findings WHERE id = $1`, [id]);
    return as(t.http, token)
      .patch(`/findings/${id}`)
      .send({ version, ...body });
  };
  const patchFindingOk = async (id: string, body: object, token = auditor.token) => {
    const res = await patchFinding(id, body, token);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res;
  };

  describe('one agency from capacity_building to certified, suspended, certified again and withdrawn', () => {
    it('walks every stage through HTTP, keeping the history and the audit log', async () => {
      const agency = await t.fx.trainedAgency();
      let c = await openCase(agency.id);
      expect(c).toMatchObject({
        stage: 'capacity_building',
        version: 1,
        agency: { id: agency.id, licenceNumber: agency.licenceNumber },
        auditors: [{ id: auditor.user.id }],
        history: [{ from: null, to: 'capacity_building' }],
      });

      c = await moveOk(c, Stage.Applied, 'Application and self-assessment received');
      c = await moveOk(c, Stage.Audit, 'Application accepted');
      await newAudit(c.id, 'stage1', t.day(-27));
      const stage2 = await newAudit(c.id, 'stage2', t.day(-19));
      const major = await newFinding(stage2.id, 'major', '1.1', t.day(63));
      const minor = await newFinding(stage2.id, 'minor', 'A.1');
      const observation = await newFinding(stage2.id, 'observation', '4');
      expect(minor.dueOn).toBe(addDays(stage2.conductedOn, 90)); // 90 days after the audit
      expect(observation.dueOn).toBeNull();
      c = (await as(t.http, auditor.token).get(`/certifications/${c.id}`).expect(200)).body;
      c = await moveOk(c, Stage.CorrectiveAction, 'One major and one minor non-conformity');

      // Corrective actions: plans proposed, accepted, the major verified and closed.
      await patchFindingOk(major.id, {
        correctiveActionPlan: 'Refund the fees',
        status: 'action_proposed',
      });
      await patchFindingOk(major.id, { status: 'action_accepted' });
      const closed = await patchFindingOk(major.id, { status: 'closed' });
      expect(closed.body).toMatchObject({ status: 'closed', closedOn: t.today() });
      await patchFinding(minor.id, {
        correctiveActionPlan: 'New contract template',
        status: 'action_proposed',
      });
      await patchFindingOk(minor.id, { status: 'action_accepted' });

      c = await moveOk(c, Stage.Certified, 'All non-conformities resolved');
      expect(c).toMatchObject({ stage: 'certified', certifiedOn: t.today(), statusReason: null });
      expect(c.expiresOn > c.certifiedOn).toBe(true);
      expect(c.nextSurveillanceOn).toBe(addMonths(t.today(), 12));

      const surveillance = await newAudit(c.id, 'surveillance', t.today());
      const fee = await newFinding(surveillance.id, 'major', '1.2');
      c = (await as(t.http, auditor.token).get(`/certifications/${c.id}`).expect(200)).body;
      c = await moveOk(c, Stage.Suspended, 'Workers were charged recruitment fees');
      expect(c).toMatchObject({ stage: 'suspended', statusReason: 'Workers were charged recruitment fees' });

      // Reinstatement needs the surveillance major closed, like certification.
      const blocked = await move(c.id, { to: 'certified', reason: 'Reinstated', version: c.version }).expect(
        409,
      );
      expectProblem(blocked, 409, 'CASE_GUARD_FAILED');
      expect(blocked.body.detail).toContain('open major finding 1.2');
      await patchFinding(fee.id, { correctiveActionPlan: 'Refunds paid', status: 'action_proposed' });
      await patchFinding(fee.id, { status: 'action_accepted' });
      await patchFindingOk(fee.id, { status: 'closed' });
      c = await moveOk(c, Stage.Certified, 'Refunds verified');
      expect(c).toMatchObject({ stage: 'certified', statusReason: null, certifiedOn: t.today() });

      c = await moveOk(c, Stage.Withdrawn, 'The agency left the IRIS scheme');
      expect(c).toMatchObject({ stage: 'withdrawn', statusReason: 'The agency left the IRIS scheme' });
      expect(c.history.map((h: { to: string }) => h.to)).toEqual([
        'capacity_building',
        'applied',
        'audit',
        'corrective_action',
        'certified',
        'suspended',
        'certified',
        'withdrawn',
      ]);
      expect(c.history[1]).toMatchObject({
        from: 'capacity_building',
        reason: 'Application and self-assessment received',
        by: { id: auditor.user.id },
      });

      const rows = await t.db.query(
        `SELECT action FROM audit_log WHERE entity_type = 'certification_case' AND entity_id = $1 ORDER BY id`,
        [c.id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual([
        'certification.opened',
        'certification.applied',
        'certification.audit',
        'certification.corrective_action',
        'certification.certified',
        'certification.suspended',
        'certification.certified',
        'certification.withdrawn',
      ]);
      // Final: nothing moves a withdrawn case, and its audits stay as they were.
      expectProblem(
        await move(c.id, { to: 'certified', version: c.version }).expect(409),
        409,
        'CASE_ILLEGAL_TRANSITION',
      );
      expectProblem(
        await as(t.http, auditor.token)
          .post(`/certifications/${c.id}/audits`)
          .send({ type: 'special', plannedOn: t.today() }),
        409,
        'CASE_FINAL',
      );
    });
  });

  // The guards' rules over real audits and findings: test/integration/certification-guards.int-spec.ts.
  describe('guards, as HTTP answers', () => {
    it('refuses certified while a major finding is open, naming it and its due date (409)', async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      const audit = await newAudit(c.id, 'stage2', t.day(-24));
      const dueOn = t.day(21);
      await newFinding(audit.id, 'major', '1.1', dueOn);
      const res = await move(c.id, { to: 'certified', version: c.version }).expect(409);
      expectProblem(res, 409, 'CASE_GUARD_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'to', message: `open major finding 1.1 due ${dueOn} is not closed` },
      ]);
    });

    it('refuses a stale version (409) and leaves the case as it was', async () => {
      const c = await t.fx.caseIn(Stage.Applied, auditor.user);
      const res = await move(c.id, { to: 'audit', version: c.version - 1 }).expect(409);
      expectProblem(res, 409, 'STALE_VERSION');
      const row = await t.db.query(`SELECT stage FROM certification_cases WHERE id = $1`, [c.id]);
      expect(row[0].stage).toBe('applied');
    });

    it('refuses a move that is not in the stage table (409) with the moves that are', async () => {
      const c = await t.fx.caseIn(Stage.CapacityBuilding, auditor.user);
      const res = await move(c.id, { to: 'certified', version: c.version }).expect(409);
      expectProblem(res, 409, 'CASE_ILLEGAL_TRANSITION');
      expect(res.body.detail).toBe('A case in capacity_building can move only to applied, closed.');
    });
  });

  describe('suspension on the auditor’s judgement', () => {
    const ENGLISH = 'A substantiated complaint: workers paid recruitment fees';
    const LAO = 'ມີການຮ້ອງຮຽນທີ່ພິສູດແລ້ວວ່າ ແຮງງານຖືກເກັບຄ່າຈັດຫາງານ';

    it('suspends a certified case with no ground the service can see, keeping both reasons (200)', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const moves = (await as(t.http, auditor.token).get(`/certifications/${c.id}/moves`).expect(200)).body;
      expect(moves.items.find((m: { to: string }) => m.to === 'suspended')).toEqual({
        to: 'suspended',
        allowed: true,
        refusals: [],
        needsReason: true,
        grounds: [],
      });
      const res = await move(c.id, { to: 'suspended', reason: ENGLISH, reasonLo: LAO, version: c.version });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stage: 'suspended', statusReason: ENGLISH, statusReasonLo: LAO });
      expect(res.body.history.at(-1)).toMatchObject({ to: 'suspended', reason: ENGLISH, reasonLo: LAO });
      const [row] = await t.db.query(
        `SELECT cc.status_reason, cc.status_reason_lo, t.reason, t.reason_lo,
                ce.status, ce.status_reason AS certificate_reason, ce.status_reason_lo AS certificate_reason_lo
         FROM certification_cases cc
         JOIN certification_transitions t ON t.case_id = cc.id AND t.to_stage = 'suspended'
         JOIN certificates ce ON ce.number = cc.certificate_number
         WHERE cc.id = $1`,
        [c.id],
      );
      expect(row).toEqual({
        status_reason: ENGLISH,
        status_reason_lo: LAO,
        reason: ENGLISH,
        reason_lo: LAO,
        status: 'suspended',
        certificate_reason: ENGLISH,
        certificate_reason_lo: LAO,
      });
      const [entry] = await t.db.query(
        `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'certification.suspended'`,
        [c.id],
      );
      expect(entry.after).toMatchObject({ statusReason: ENGLISH, statusReasonLo: LAO });

      // Reinstated: the certificate is valid again and neither reason stays public.
      const back = await move(c.id, { to: 'certified', version: res.body.version }).expect(200);
      expect(back.body).toMatchObject({ statusReason: null, statusReasonLo: null });
      const [certificate] = await t.db.query(
        `SELECT status, status_reason, status_reason_lo FROM certificates WHERE number = $1`,
        [c.certificateNumber],
      );
      expect(certificate).toEqual({ status: 'valid', status_reason: null, status_reason_lo: null });
    });

    it('takes the English reason alone: the Lao one is optional (null), and blank counts as absent', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const res = await move(c.id, { to: 'suspended', reason: ENGLISH, version: c.version }).expect(200);
      expect(res.body).toMatchObject({ statusReason: ENGLISH, statusReasonLo: null });
      const withdrawn = await move(c.id, {
        to: 'withdrawn',
        reason: 'The agency asked to leave the scheme',
        reasonLo: '  ',
        version: res.body.version,
      }).expect(200);
      expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', statusReasonLo: null });
      expect(withdrawn.body.history.at(-1).reasonLo).toBeNull();
    });

    it('still requires the English reason, even with a Lao one (409)', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const res = await move(c.id, { to: 'suspended', reasonLo: LAO, version: c.version }).expect(409);
      expectProblem(res, 409, 'CASE_GUARD_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'to', message: 'a reason is required to move a case to suspended' },
      ]);
    });

    it('refuses a Lao reason not written in Lao script, or too long (400)', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const latin = await move(c.id, {
        to: 'suspended',
        reason: ENGLISH,
        reasonLo: 'Workers paid fees',
        version: c.version,
      });
      expectProblem(latin, 400, 'VALIDATION_FAILED');
      expect(latin.body.errors).toEqual([
        { field: 'reasonLo', code: 'laoScript', message: 'Reason in Lao must be written in Lao script' },
      ]);
      const long = await move(c.id, {
        to: 'suspended',
        reason: ENGLISH,
        reasonLo: 'ກ'.repeat(2001),
        version: c.version,
      });
      expectProblem(long, 400, 'VALIDATION_FAILED');
      expect(long.body.errors.map((e: { field: string }) => e.field)).toEqual(['reasonLo']);
      const [row] = await t.db.query(`SELECT stage FROM certification_cases WHERE id = $1`, [c.id]);
      expect(row.stage).toBe('certified');
    });
  });

  describe('GET /certifications/{id}/moves', () => {
    const movesOf = async (id: string, token = auditor.token) =>
      (await as(t.http, token).get(`/certifications/${id}/moves`).expect(200)).body;
    const option = (moves: { items: { to: string }[] }, to: string) => moves.items.find((m) => m.to === to);
    const WHO = 'only the auditors assigned to this case may move it';

    it('refuses certified while a major finding is open, naming it, and allows it once closed', async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      const dueOn = addDays(t.today(), 30);
      const audit = await newAudit(c.id, 'stage2', t.today());
      const major = await newFinding(audit.id, 'major', '1.1', dueOn);
      const before = await movesOf(c.id);
      expect(before).toMatchObject({ stage: 'audit', version: c.version });
      expect(before.items.map((m: { to: string }) => m.to)).toEqual([
        'corrective_action',
        'certified',
        'closed',
      ]);
      expect(option(before, 'certified')).toEqual({
        to: 'certified',
        allowed: false,
        refusals: [`open major finding 1.1 due ${dueOn} is not closed`],
        needsReason: false,
      });
      expect(option(before, 'closed')).toMatchObject({ allowed: true, refusals: [], needsReason: true });
      // The transition gives the same refusal.
      const refused = await move(c.id, { to: 'certified', version: c.version }).expect(409);
      expect(refused.body.errors).toEqual([
        { field: 'to', message: `open major finding 1.1 due ${dueOn} is not closed` },
      ]);

      await patchFinding(major.id, { correctiveActionPlan: 'Refund the fees', status: 'action_proposed' });
      await patchFinding(major.id, { status: 'action_accepted' });
      await patchFindingOk(major.id, { status: 'closed' });
      expect(option(await movesOf(c.id), 'certified')).toEqual({
        to: 'certified',
        allowed: true,
        refusals: [],
        needsReason: false,
      });
      await move(c.id, { to: 'certified', version: c.version }).expect(200);
    });

    it('shows a suspension’s visible grounds as facts while it stays allowed', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const surveillance = await newAudit(c.id, 'surveillance', t.today());
      const dueOn = addDays(t.today(), 14);
      await newFinding(surveillance.id, 'major', 'A.2', dueOn);
      expect(option(await movesOf(c.id), 'suspended')).toEqual({
        to: 'suspended',
        allowed: true,
        refusals: [],
        needsReason: true,
        grounds: [`major finding A.2 due ${dueOn} is open`],
      });
    });

    it('lets ministry and IOM see only applied and closed as theirs', async () => {
      const opened = await t.fx.caseIn(Stage.CapacityBuilding, auditor.user);
      for (const token of [ministry, iom]) {
        const moves = await movesOf(opened.id, token);
        expect(moves.items.map((m: { to: string; allowed: boolean }) => [m.to, m.allowed])).toEqual([
          ['applied', true],
          ['closed', true],
        ]);
      }
      const inAudit = await t.fx.caseIn(Stage.Audit, auditor.user);
      const moves = await movesOf(inAudit.id, ministry);
      expect(
        moves.items.filter((m: { allowed: boolean }) => m.allowed).map((m: { to: string }) => m.to),
      ).toEqual(['closed']);
      expect(option(moves, 'corrective_action')).toMatchObject({
        allowed: false,
        refusals: [
          'ministry and IOM staff may only move a case from capacity_building to applied, or close it; the case’s auditors make the other moves',
        ],
      });
    });

    it('refuses every move to a trainer and to an auditor not assigned to the case, saying who may (200)', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      for (const token of [trainer, otherAuditor.token]) {
        const moves = await movesOf(c.id, token);
        expect(moves.items.map((m: { to: string }) => m.to)).toEqual(['suspended', 'withdrawn', 'expired']);
        for (const m of moves.items) expect(m).toMatchObject({ allowed: false, refusals: [WHO] });
      }
      // Nobody moves a case to expired: the service does, at the certificate's end date.
      expect(option(await movesOf(c.id), 'expired')).toMatchObject({
        allowed: false,
        refusals: ['a case expires on its own at the end of its certificate'],
      });
    });

    it('lists nothing for a final case', async () => {
      const c = await t.fx.caseIn(Stage.Closed, auditor.user);
      expect(await movesOf(c.id)).toEqual({ stage: 'closed', version: c.version, items: [] });
    });

    it('answers 401 without a token, 404 for an unknown case and 400 for a malformed id', async () => {
      const c = await t.fx.caseIn(Stage.Applied, auditor.user);
      expectProblem(await request(t.http).get(`/api/v1/certifications/${c.id}/moves`), 401, 'AUTH_REQUIRED');
      expectProblem(
        await as(t.http, auditor.token).get('/certifications/00000000-0000-4000-8000-000000000000/moves'),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await as(t.http, auditor.token).get('/certifications/nope/moves'),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('two concurrent moves of one case', () => {
    it('lets exactly one win: one 200, one 409, one history entry', async () => {
      const c = await t.fx.caseIn(Stage.Applied, auditor.user);
      const [a, b] = await Promise.all([
        move(c.id, { to: 'audit', reason: 'Accepted', version: c.version }),
        move(c.id, { to: 'closed', reason: 'Rejected', version: c.version }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const history = await t.db.query(
        `SELECT to_stage FROM certification_transitions WHERE case_id = $1 AND from_stage = 'applied'`,
        [c.id],
      );
      expect(history).toHaveLength(1);
    });
  });

  describe('who may act', () => {
    it('refuses a move by an auditor not assigned to the case (403) and by a trainer (403)', async () => {
      const c = await t.fx.caseIn(Stage.Applied, auditor.user);
      expectProblem(
        await move(c.id, { to: 'audit', version: c.version }, otherAuditor.token),
        403,
        'FORBIDDEN',
      );
      expectProblem(await move(c.id, { to: 'audit', version: c.version }, trainer), 403, 'FORBIDDEN');
      expectProblem(
        await as(t.http, otherAuditor.token)
          .post(`/certifications/${c.id}/audits`)
          .send({ type: 'stage1', plannedOn: t.today() }),
        403,
        'FORBIDDEN',
      );
    });

    it('lets ministry and IOM apply and close a case, but not make the auditors’ moves (403)', async () => {
      const c = await t.fx.caseIn(Stage.CapacityBuilding, auditor.user);
      const applied = (await move(c.id, { to: 'applied', version: c.version }, iom).expect(200)).body;
      const refused = await move(c.id, { to: 'audit', version: applied.version }, ministry);
      expectProblem(refused, 403, 'FORBIDDEN');
      const closed = await move(
        c.id,
        { to: 'closed', reason: 'Application rejected', version: applied.version },
        ministry,
      );
      expect(closed.status).toBe(200);
      expect(closed.body.stage).toBe('closed');
    });

    it('refuses findings and plan acceptance by an unassigned auditor (403), then by a reassigned one (200)', async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      const audit = await newAudit(c.id, 'stage2', t.day(-24));
      const finding = await newFinding(audit.id, 'minor');
      expectProblem(
        await patchFinding(finding.id, { correctiveActionPlan: 'x' }, otherAuditor.token),
        403,
        'FORBIDDEN',
      );
      await as(t.http, iom)
        .patch(`/certifications/${c.id}`)
        .send({ auditorIds: [otherAuditor.user.id], version: c.version })
        .expect(200);
      await patchFindingOk(
        finding.id,
        { correctiveActionPlan: 'New fee policy', status: 'action_proposed' },
        otherAuditor.token,
      );
      expectProblem(await patchFinding(finding.id, { status: 'closed' }, auditor.token), 403, 'FORBIDDEN');
    });

    it('refuses a trainer opening a case (403)', async () => {
      const agency = await t.fx.agency();
      expectProblem(
        await as(t.http, trainer)
          .post('/certifications')
          .send({ agencyId: agency.id, auditorIds: [auditor.user.id] }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /certifications', () => {
    it('allows one open case per agency (409 for a second)', async () => {
      const agency = await t.fx.agency();
      await openCase(agency.id);
      const res = await as(t.http, iom)
        .post('/certifications')
        .send({ agencyId: agency.id, auditorIds: [auditor.user.id] });
      expectProblem(res, 409, 'CASE_ALREADY_OPEN');
      const count = await t.db.query(
        `SELECT count(*)::int AS n FROM certification_cases WHERE agency_id = $1`,
        [agency.id],
      );
      expect(count[0].n).toBe(1);
    });

    it('refuses an agency whose licence is not active (409), an unknown agency and a non-auditor (400)', async () => {
      const expired = await t.fx.agency({ licenceIssuedOn: t.day(-2200), licenceExpiresOn: t.day(-400) });
      expectProblem(
        await as(t.http, ministry)
          .post('/certifications')
          .send({ agencyId: expired.id, auditorIds: [auditor.user.id] }),
        409,
        'AGENCY_LICENCE_NOT_ACTIVE',
      );
      const agency = await t.fx.agency();
      const trainerUser = await t.fx.user({ roles: [Role.Trainer] });
      const res = await as(t.http, ministry)
        .post('/certifications')
        .send({ agencyId: agency.id, auditorIds: [trainerUser.id] });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'auditorIds', message: `${trainerUser.id} is not an active user with the auditor role` },
      ]);
      const unknown = await as(t.http, ministry)
        .post('/certifications')
        .send({ agencyId: '00000000-0000-4000-8000-000000000000', auditorIds: [auditor.user.id] });
      expect(unknown.body.errors).toEqual([
        { field: 'agencyId', code: 'unknownAgency', message: 'No agency has this id' },
      ]);
    });

    it('opens a new case for a recertification; certifying it closes the older case', async () => {
      const first = await t.fx.caseIn(Stage.Certified, auditor.user);
      let second = await openCase(first.agency.id);
      second = await moveOk(second, Stage.Applied);
      second = await moveOk(second, Stage.Audit);
      await newAudit(second.id, 'recertification', t.today());
      await newAudit(second.id, 'stage2', t.today());
      second = await moveOk(second, Stage.Certified, 'Recertified');
      const older = (await as(t.http, ministry).get(`/certifications/${first.id}`).expect(200)).body;
      expect(older.stage).toBe('closed');
      expect(older.history.at(-1)).toMatchObject({ from: 'certified', to: 'closed', by: null });
      expect(older.history.at(-1).reason).toContain(second.id);
      // The register's certificationStage filter follows the agency's current cases.
      const stageOf = async (stage: string) =>
        (
          await as(t.http, ministry)
            .get(`/agencies?certificationStage=${stage}&q=${first.agency.licenceNumber}`)
            .expect(200)
        ).body.items.map((a: { id: string }) => a.id);
      expect(await stageOf('certified')).toEqual([first.agency.id]);
      expect(await stageOf('closed')).toEqual([]);
    });
  });

  describe('GET /certifications', () => {
    it('filters by stage, agency, auditor and needs attention', async () => {
      const lonely = await t.fx.signIn([Role.Auditor]);
      const inAudit = await t.fx.caseIn(Stage.Audit, lonely.user);
      const certified = await t.fx.caseIn(Stage.Certified, lonely.user);
      const audit = await newAuditAs(lonely.token, inAudit.id);
      await as(t.http, lonely.token)
        .post(`/audits/${audit.id}/findings`)
        .send({ criterion: '2', severity: 'minor', description: 'Passports kept', dueOn: t.day(-30) })
        .expect(201);
      const list = (query: string) =>
        as(t.http, trainer)
          .get(`/certifications?auditorId=${lonely.user.id}&${query}`)
          .expect(200)
          .then((res) => res.body.items.map((c: { id: string }) => c.id));
      expect(await list('')).toEqual([certified.id, inAudit.id]);
      expect(await list('stage=audit')).toEqual([inAudit.id]);
      expect(await list(`agencyId=${certified.agency.id}`)).toEqual([certified.id]);
      expect(await list('needsAttention=true')).toEqual([inAudit.id]);
      expect(await list('needsAttention=false')).toEqual([certified.id]);
      const one = (await as(t.http, trainer).get(`/certifications/${inAudit.id}`).expect(200)).body;
      expect(one).toMatchObject({ overdueFindings: 1, openFindings: { major: 0, minor: 1, observation: 0 } });
      expect(one.attention).toEqual(['1 finding is past its due date']);
    });

    it('lists as needing attention exactly the cases whose attention says something, whatever the reason', async () => {
      const all = (await as(t.http, ministry).get('/certifications?limit=100').expect(200)).body.items as {
        id: string;
        attention: string[];
      }[];
      const flagged = (
        await as(t.http, ministry).get('/certifications?limit=100&needsAttention=true').expect(200)
      ).body.items.map((c: { id: string }) => c.id);
      expect(all.length).toBeGreaterThan(0);
      expect(flagged.sort()).toEqual(
        all
          .filter((c) => c.attention.length > 0)
          .map((c) => c.id)
          .sort(),
      );
    });

    it('flags a certified case whose surveillance audit is overdue', async () => {
      const c = await t.fx.caseIn(Stage.Certified, auditor.user);
      const dueOn = t.day(-45);
      await t.db.query(`UPDATE certification_cases SET next_surveillance_on = $2 WHERE id = $1`, [
        c.id,
        dueOn,
      ]);
      const one = (await as(t.http, ministry).get(`/certifications/${c.id}`).expect(200)).body;
      expect(one.attention).toEqual([`the surveillance audit due ${dueOn} is overdue`]);
      // The auditor deciding on a suspension sees the overdue surveillance as a ground.
      const moves = (await as(t.http, auditor.token).get(`/certifications/${c.id}/moves`).expect(200)).body;
      expect(moves.items.find((m: { to: string }) => m.to === 'suspended')).toMatchObject({
        allowed: true,
        grounds: [`the surveillance audit due ${dueOn} is overdue`],
      });
      await move(one.id, { to: 'suspended', reason: 'Surveillance overdue', version: one.version }).expect(
        200,
      );
    });

    const newAuditAs = async (token: string, caseId: string) =>
      (
        await as(t.http, token)
          .post(`/certifications/${caseId}/audits`)
          .send({ type: 'stage2', plannedOn: t.day(-60) })
          .expect(201)
      ).body;
  });

  describe('findings', () => {
    it('closes an observation without a plan, but not a minor finding (409)', async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      const audit = await newAudit(c.id, 'stage1', t.day(-24));
      const observation = await newFinding(audit.id, 'observation', 'B');
      await patchFindingOk(observation.id, { status: 'closed' });
      const minor = await newFinding(audit.id, 'minor', 'B');
      const res = await patchFinding(minor.id, { status: 'closed' });
      expectProblem(res, 409, 'FINDING_ILLEGAL_STATUS');
      expect(res.body.errors).toEqual([
        {
          field: 'status',
          message: 'a minor finding is closed only after its corrective-action plan is accepted',
        },
      ]);
    });

    it('refuses an unknown criterion (400) and shows an overdue finding as overdue', async () => {
      const c = await t.fx.caseIn(Stage.Audit, auditor.user);
      const audit = await newAudit(c.id, 'stage1', t.day(-24));
      const res = await as(t.http, auditor.token)
        .post(`/audits/${audit.id}/findings`)
        .send({ criterion: '9.9', severity: 'minor', description: 'Unknown criterion' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const late = await newFinding(audit.id, 'minor', '5', t.day(-200));
      expect(late.overdue).toBe(true);
      const listed = (await as(t.http, ministry).get(`/certifications/${c.id}/audits`).expect(200)).body;
      expect(listed.items[0].findings[0]).toMatchObject({ id: late.id, overdue: true });
    });
  });
});
