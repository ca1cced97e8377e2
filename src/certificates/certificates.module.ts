import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { PdfModule } from '../pdf/pdf.module';
import { CertificateDocument } from './certificate-document';
import { CertificateIssuance } from './certificate-issuance.service';
import { Certificate, CertificateSequence, SigningKey } from './certificate.entity';
import { CertificatesController, PublicCertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { CompletionSeals } from './completion-seal';
import { SigningKeysService } from './signing-keys.service';

/**
 * Certificates: issued by CertificateIssuance inside a case's move, which CertificationModule plugs in
 * as its CERTIFICATE_ISSUER; read, served and verified here. CompletionSeals signs the trainings'
 * certificates of completion. Depends on no feature module, so certification and trainings can import
 * it without a cycle.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Certificate, CertificateSequence, SigningKey]),
    AuditLogModule,
    PdfModule,
  ],
  controllers: [CertificatesController, PublicCertificatesController],
  providers: [
    SigningKeysService,
    CertificateDocument,
    CertificateIssuance,
    CertificatesService,
    CompletionSeals,
  ],
  exports: [CertificateIssuance, CertificatesService, CompletionSeals],
})
export class CertificatesModule {}
