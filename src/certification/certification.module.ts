import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { TrainingCompletionModule } from '../trainings/training-completion.module';
import { Audit, AuditAuditor, Finding } from './audit.entity';
import { AuditsController, FindingsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { CERTIFICATE_ISSUER, NoCertificateIssuer } from './certificate-issuer';
import { CaseAuditor, CaseTransition, CertificationCase } from './certification-case.entity';
import { CertificationController } from './certification.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CertificationCase, CaseAuditor, CaseTransition, Audit, AuditAuditor, Finding]),
    AuditLogModule,
    AgenciesModule,
    TrainingCompletionModule,
  ],
  controllers: [CertificationController, AuditsController, FindingsController],
  providers: [
    CasesRepository,
    CasesService,
    AuditsService,
    FindingsService,
    // The certificates feature replaces this with the issuer that signs and renders certificates.
    { provide: CERTIFICATE_ISSUER, useClass: NoCertificateIssuer },
  ],
  exports: [CasesService, AuditsService, FindingsService],
})
export class CertificationModule {}
