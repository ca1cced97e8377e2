import { AuditsService } from '../../src/certification/audits.service';
import { CasesService } from '../../src/certification/cases.service';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { AuditType, FindingSeverity, FindingStatus } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { ErrorCode } from '../../src/common/errors';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestServices, type TestServices } from '../utils/services';

/**
 * The certification guards (docs/certification.md) over real audits and findings: what blocks a move,
 * named as the auditor reads it, and what the case looks like after a refusal. The HTTP answers for
 * the same refusals (409 problem details) are in test/e2e/certification.e2e-spec.ts.
 */
describe('Certification guards', () => {
  let t: TestServices;
  let auditorUser: UserResponseDto;
  let auditor: Actor;

  beforeAll(async () => {
    t = await createTestServices();
    auditorUser = await t.fx.user({ roles: [Role.Auditor] });
    auditor = { ...auditorUser, requestId: '' };
  });
  afterAll(() => t.close());

  const cases = () => t.get(CasesService);
  const move = async (caseId: string, to: Stage, reason?: string) => {
    const { version } = await cases().requireById(caseId);
    return cases().move(caseId, { to, reason, version }, auditor);
  };
  const audit = (caseId: string, type: AuditType, conductedOn?: string) =>
    conductedOn
      ? t.fx.audit(caseId, auditor, type, conductedOn)
      : t.get(AuditsService).create(caseId, { type, plannedOn: t.day(7) }, auditor);
  const finding = (auditId: string, severity: FindingSeverity, criterion: string, dueOn?: string) =>
    t
      .get(FindingsService)
      .create(auditId, { criterion, severity, description: `A ${severity} finding`, dueOn }, auditor);
  const setFinding = async (id: string, status: FindingStatus, correctiveActionPlan?: string) => {
    const { version } = await t.get(FindingsService).requireById(id);
    return t.get(FindingsService).update(id, { status, correctiveActionPlan, version }, auditor);
  };
  const refusal = (...messages: string[]) => ({
    code: ErrorCode.CaseGuardFailed,
    errors: messages.map((message) => ({ field: 'to', message })),
  });

  it('refuses certified while a major finding is open, naming it and its due date, until it is closed', async () => {
    const c = await t.fx.caseIn(Stage.Audit, auditorUser);
    const stage2 = await audit(c.id, AuditType.Stage2, t.day(-24));
    const dueOn = t.day(21);
    const major = await finding(stage2.id, FindingSeverity.Major, 'A.2', dueOn);
    await expect(move(c.id, Stage.Certified)).rejects.toMatchObject(
      refusal(`open major finding A.2 due ${dueOn} is not closed`),
    );
    expect((await cases().requireById(c.id)).stage).toBe(Stage.Audit);
    await setFinding(major.id, FindingStatus.ActionProposed, 'Return the passports');
    await setFinding(major.id, FindingStatus.ActionAccepted);
    // An accepted plan is not enough for a major finding: it must be verified and closed.
    await expect(move(c.id, Stage.Certified)).rejects.toMatchObject(
      refusal(`action accepted major finding A.2 due ${dueOn} is not closed`),
    );
    await setFinding(major.id, FindingStatus.Closed);
    expect(await move(c.id, Stage.Certified)).toMatchObject({
      stage: Stage.Certified,
      certifiedOn: t.today(),
    });
  });

  it('refuses certified without a conducted stage-2 audit, and while a minor finding has no accepted plan', async () => {
    const c = await t.fx.caseIn(Stage.Audit, auditorUser);
    const stage1 = await audit(c.id, AuditType.Stage1, t.day(-24));
    const dueOn = t.day(2);
    const minor = await finding(stage1.id, FindingSeverity.Minor, 'A.1', dueOn);
    await setFinding(minor.id, FindingStatus.ActionProposed, 'Translate the contracts into Lao');
    await audit(c.id, AuditType.Stage2); // planned only: it does not count
    await expect(move(c.id, Stage.Certified)).rejects.toMatchObject(
      refusal(
        'no stage-2 (on-site) audit has been conducted',
        `minor finding A.1 due ${dueOn} has no accepted corrective-action plan`,
      ),
    );
    await audit(c.id, AuditType.Stage2, t.today());
    await setFinding(minor.id, FindingStatus.ActionAccepted);
    // An accepted plan is enough for a minor finding; an observation never blocks.
    await finding(stage1.id, FindingSeverity.Observation, 'B');
    expect(await move(c.id, Stage.Certified)).toMatchObject({ stage: Stage.Certified });
  });

  it('reinstates a suspended case only once the surveillance audit’s major finding is closed', async () => {
    const c = await t.fx.caseIn(Stage.Suspended, auditorUser);
    await expect(move(c.id, Stage.Certified, 'Reinstated')).rejects.toMatchObject({
      code: ErrorCode.CaseGuardFailed,
    });
    const [major] = await t.db.query(`SELECT id FROM findings WHERE case_id = $1`, [c.id]);
    await setFinding(major.id, FindingStatus.ActionProposed, 'Passports returned to every worker');
    await setFinding(major.id, FindingStatus.ActionAccepted);
    await setFinding(major.id, FindingStatus.Closed);
    expect(await move(c.id, Stage.Certified, 'Reinstated')).toMatchObject({
      stage: Stage.Certified,
      statusReason: null,
    });
  });

  it('requires a public reason to suspend, withdraw or close: blank is no reason', async () => {
    const c = await t.fx.caseIn(Stage.Certified, auditorUser);
    for (const to of [Stage.Suspended, Stage.Withdrawn]) {
      await expect(move(c.id, to, '  ')).rejects.toMatchObject(
        refusal(`a reason is required to move a case to ${to}`),
      );
    }
    expect((await cases().requireById(c.id)).stage).toBe(Stage.Certified);
  });

  it('closes an observation without a plan, but a minor finding only after its plan is accepted', async () => {
    const c = await t.fx.caseIn(Stage.Audit, auditorUser);
    const stage1 = await audit(c.id, AuditType.Stage1, t.day(-24));
    const observation = await finding(stage1.id, FindingSeverity.Observation, 'B');
    expect(await setFinding(observation.id, FindingStatus.Closed)).toMatchObject({ status: 'closed' });
    const minor = await finding(stage1.id, FindingSeverity.Minor, 'B');
    await expect(setFinding(minor.id, FindingStatus.Closed)).rejects.toMatchObject({
      code: ErrorCode.FindingIllegalStatus,
      errors: [
        {
          field: 'status',
          message: 'a minor finding is closed only after its corrective-action plan is accepted',
        },
      ],
    });
  });

  it('shows a finding past its due date as overdue, and one due today as not yet', async () => {
    const c = await t.fx.caseIn(Stage.Audit, auditorUser);
    const stage1 = await audit(c.id, AuditType.Stage1, t.day(-100));
    expect((await finding(stage1.id, FindingSeverity.Minor, 'A.1', t.day(-1))).overdue).toBe(true);
    expect((await finding(stage1.id, FindingSeverity.Minor, 'A.1', t.today())).overdue).toBe(false);
  });
});
