import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuthModule } from '../auth/auth.module';
import { CertificationModule } from '../certification/certification.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { ConsolePages } from './console-pages';
import { ConsoleViews } from './console-views';
import { NotFoundController } from './not-found.controller';
import { SessionController } from './session.controller';
import { StaffGuard } from './staff.guard';
import { StagedUpload } from './staged-upload.entity';
import { StagedUploads } from './staged-uploads';
import { TodayController } from './today.controller';
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
  ],
  controllers: [
    SessionController,
    TodayController,
    AccountController,
    TrainingPagesController,
    ParticipantPagesController,
    AttendancePagesController,
    SheetImportPagesController,
    NotFoundController,
  ],
  providers: [ConsoleViews, ConsolePages, StaffGuard, StagedUploads, TrainingPages],
})
export class ConsoleModule {}
