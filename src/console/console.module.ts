import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { PublicModule } from '../public/public.module';
import { AgenciesConsoleController } from './agencies.controller';
import { AgencyFormsController } from './agency-forms.controller';
import { AgencyImportController } from './agency-import.controller';
import { AgencyPages } from './agency-pages';
import { AuthModule } from '../auth/auth.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { CertificationModule } from '../certification/certification.module';
import { ReportsModule } from '../reports/reports.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { ConsoleAuditLogController } from './audit-log.controller';
import { ReferenceModule } from '../reference/reference.module';
import { AuditPages } from './audit-pages';
import { CaseAuditsController } from './case-audits.controller';
import { CasePages } from './case-pages';
import { StaffCasesController } from './cases.controller';
import { StaffCertificatesController } from './certificates.controller';
import { ConsolePages } from './console-pages';
import { ConsoleViews } from './console-views';
import { NotFoundController } from './not-found.controller';
import { ConsoleReportsController } from './reports.controller';
import { SessionController } from './session.controller';
import { StaffErrorsFilter } from './staff-errors.filter';
import { StaffGuard } from './staff.guard';
import { StagedUpload } from './staged-upload.entity';
import { StagedUploads } from './staged-uploads';
import { TodayController } from './today.controller';
import { ConsoleUsersController } from './users.controller';
import { AttendancePagesController } from './attendance-pages.controller';
import { ParticipantPagesController } from './participant-pages.controller';
import { SheetImportPagesController } from './sheet-import-pages.controller';
import { TrainingPages } from './training-pages';
import { TrainingPagesController } from './training-pages.controller';

/**
 * The staff console (/staff): server-rendered pages for officials, IOM staff, trainers and auditors, on
 * the very services the API uses (docs/console.md).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([StagedUpload]),
    UsersModule,
    AuthModule,
    AgenciesModule,
    TrainingsModule,
    CertificationModule,
    PublicModule,
    ReportsModule,
    CertificatesModule,
    ReferenceModule,
    AuditLogModule,
  ],
  controllers: [
    SessionController,
    TodayController,
    AccountController,
    AgenciesConsoleController,
    AgencyFormsController,
    AgencyImportController,
    ConsoleUsersController,
    ConsoleReportsController,
    ConsoleAuditLogController,
    TrainingPagesController,
    ParticipantPagesController,
    AttendancePagesController,
    SheetImportPagesController,
    StaffCasesController,
    CaseAuditsController,
    StaffCertificatesController,
    // Last: its catch-all answers whatever no other console page does.
    NotFoundController,
  ],
  providers: [
    ConsoleViews,
    ConsolePages,
    StaffGuard,
    StaffErrorsFilter,
    StagedUploads,
    AgencyPages,
    TrainingPages,
    CasePages,
    AuditPages,
  ],
  // The app's last-resort filter answers errors raised before a console route runs with its page.
  exports: [StaffErrorsFilter],
})
export class ConsoleModule {}
