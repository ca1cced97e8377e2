import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { findSeal, SEAL_ENTRY, sealPlaceholder, unsealedSha256, withSeal } from '../pdf/pdf-seal';
import { readCompact, signCompact } from './signing';
import { SigningKeysService } from './signing-keys.service';

export const COMPLETION_TYPE = 'IRIS-LA training completion';
const SEAL_TYP = 'iris-la-seal+jws';

/**
 * What the seal of a certificate of completion states (docs/certification.md, "Certificates of
 * completion"). The participant is an id only: the name is on the page, and a check of the file tells
 * nobody who it is.
 */
export interface CompletionStatement {
  type: typeof COMPLETION_TYPE;
  participantId: string;
  trainingId: string;
  training: { title: string; firstDay: string; lastDay: string };
  agency: { id: string; nameLo: string; nameEn: string };
  /** SHA-256 of the PDF with the seal's placeholder: every byte of the page is covered. */
  pdfSha256: string;
}

/** Seals certificates of completion with the certificate signing key, and opens them again. */
@Injectable()
export class CompletionSeals {
  constructor(private readonly keys: SigningKeysService) {}

  /**
   * Renders with `render` (given the seal's placeholder as a document information entry) and writes the
   * signed statement over the placeholder. Deterministic, as the rendering and Ed25519 are.
   */
  async seal(
    statement: Omit<CompletionStatement, 'type' | 'pdfSha256'>,
    render: (info: Record<string, string>) => Promise<Buffer>,
  ): Promise<Buffer> {
    const sign = (pdfSha256: string) =>
      signCompact(
        { ...statement, type: COMPLETION_TYPE, pdfSha256 },
        { kid: this.keys.currentKeyId, typ: SEAL_TYP },
        (text) => this.keys.sign(text),
      );
    // Any hash has 64 hex digits, so the seal's length is known before the file is.
    const pdf = await render({ [SEAL_ENTRY]: sealPlaceholder(sign('0'.repeat(64)).length) });
    const place = findSeal(pdf);
    if (!place) throw new Error('the rendered PDF has no place for its seal');
    return withSeal(pdf, place, sign(createHash('sha256').update(pdf).digest('hex')));
  }

  /** The statement of a sealed PDF this service issued, unchanged since; null for any other file. */
  async open(pdf: Buffer): Promise<CompletionStatement | null> {
    const place = findSeal(pdf);
    const jws = place && readCompact(place.value);
    if (!place || !jws || jws.header.alg !== 'EdDSA' || typeof jws.header.kid !== 'string') return null;
    const statement = jws.payload as Partial<CompletionStatement> | null;
    if (statement?.type !== COMPLETION_TYPE || statement.pdfSha256 !== unsealedSha256(pdf, place)) {
      return null;
    }
    const signed = await this.keys.verify(jws.signingInput, jws.signature, jws.header.kid);
    return signed ? (statement as CompletionStatement) : null;
  }
}
