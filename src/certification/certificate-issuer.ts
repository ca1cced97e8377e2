import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import type { CertificationCase } from './certification-case.entity';
import type { CertificationStage } from './certification-stage.enum';

/** A move of a case, as the certificates feature sees it: inside the move's transaction. */
export interface CaseMove {
  certificationCase: CertificationCase;
  from: CertificationStage;
  to: CertificationStage;
  reason: string | null;
  /** The reason in Lao, when given. */
  reasonLo: string | null;
  actor: Actor | null;
  /** The Lao calendar day of the move. */
  on: string;
}

/**
 * Issues the certificate when a case is certified and keeps its status in step with the case
 * (suspended, reinstated, withdrawn, expired, superseded). Called in the move's transaction, so a
 * failure to issue undoes the move. Returns the case's certificate number, or null when it has none.
 */
export interface CertificateIssuer {
  caseMoved(em: EntityManager, move: CaseMove): Promise<string | null>;
}

export const CERTIFICATE_ISSUER = Symbol('CertificateIssuer');
