import { ApiProperty } from '@nestjs/swagger';
import { CertificationStage } from '../common/certification-stage';
import { CaseFacts, MoveVerdict, needsReason, suspensionGrounds } from './stages';

/** One stage the case could move to next, judged for the user asking. */
export class MoveOptionDto {
  @ApiProperty({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    example: CertificationStage.Certified,
  })
  to: CertificationStage;

  /** Whether the user may make this move now (given a reason where `needsReason`). @example false */
  allowed: boolean;

  /**
   * Why not, in words: who may make the move, whether the stage table has it, each unmet guard; empty
   * when allowed. The same sentences a transition would answer with (403 or 409).
   * @example ["open major finding 1.1 due 2026-12-20 is not closed"]
   */
  refusals: string[];

  /** The move needs a reason (suspension, withdrawal, closing); a suspension's or withdrawal's is public. @example false */
  needsReason: boolean;

  /**
   * For `suspended` only: the grounds the service can see (an open major finding, an overdue
   * surveillance, a licence not active), as facts for the auditor's judgement. An empty list does not
   * stop a suspension. @example ["major finding A.2 due 2026-10-24 is open"]
   */
  grounds?: string[];
}

export class CaseMovesDto {
  @ApiProperty({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    example: CertificationStage.Audit,
  })
  stage: CertificationStage;

  /** The case's `version`, to send with the transition. @example 4 */
  version: number;

  /** The stages the stage table leads to from `stage`, in its order; empty for a final case. */
  items: MoveOptionDto[];
}

/** A verdict as the client sees it: the missing reason is a need (`needsReason`), never a refusal. */
export function toMoveOption(
  verdict: MoveVerdict & { to: CertificationStage },
  facts: CaseFacts,
): MoveOptionDto {
  const refusals = [verdict.who, verdict.illegal, ...verdict.unmet].filter((r): r is string => r !== null);
  return {
    to: verdict.to,
    allowed: refusals.length === 0,
    refusals,
    needsReason: needsReason(verdict.to),
    ...(verdict.to === CertificationStage.Suspended ? { grounds: suspensionGrounds(facts) } : {}),
  };
}
