import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { CertificateIssuance } from '../certificates/certificate-issuance.service';
import { CertificatesModule } from '../certificates/certificates.module';
import { TrainingCompletionModule } from '../trainings/training-completion.module';
import { Audit, AuditAuditor, Finding } from './audit.entity';
import { AuditsController, FindingsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { RemindersService } from './reminders.service';
import { CERTIFICATE_ISSUER } from './certificate-issuer';
import { CaseAuditor, CaseTransition, CertificationCase } from './certification-case.entity';
import { CertificationController } from './certification.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CertificationCase, CaseAuditor, CaseTransition, Audit, AuditAuditor, Finding]),
    AuditLogModule,
    AgenciesModule,
    TrainingCompletionModule,
    CertificatesModule,
  ],
  controllers: [CertificationController, AuditsController, FindingsController],
  providers: [
    CasesRepository,
    CasesService,
    AuditsService,
    FindingsService,
    RemindersService,
    // Issues, signs and renders the certificate in the move's transaction, and keeps its status in step.
    { provide: CERTIFICATE_ISSUER, useExisting: CertificateIssuance },
  ],
  exports: [CasesService, AuditsService, FindingsService, RemindersService],
})
export class CertificationModule {}
