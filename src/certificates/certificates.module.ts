import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
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
 * Certificates: issued by CertificateIssuance when certification certifies a case, and kept in step with
 * the case's moves; read, served and verified here. CompletionSeals signs the trainings' certificates of
 * completion. Below trainings and certification, above agencies (docs/architecture.md).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Certificate, CertificateSequence, SigningKey]),
    AuditLogModule,
    AgenciesModule,
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
