import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { UsersModule } from '../users/users.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { Audit, AuditAuditor, Finding } from './audit.entity';
import { AuditsController, FindingsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { RemindersService } from './reminders.service';
import { CaseAuditor, CaseTransition, CertificationCase } from './certification-case.entity';
import { CertificationController } from './certification.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CertificationCase, CaseAuditor, CaseTransition, Audit, AuditAuditor, Finding]),
    AuditLogModule,
    AgenciesModule,
    UsersModule,
    CertificatesModule,
  ],
  controllers: [CertificationController, AuditsController, FindingsController],
  providers: [CasesRepository, CasesService, AuditsService, FindingsService, RemindersService],
  exports: [CasesService, AuditsService, FindingsService, RemindersService],
})
export class CertificationModule {}
