import { Module } from '@nestjs/common';
import { TrainingsModule } from '../trainings/trainings.module';
import { ProgressReport } from './progress-report';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Reports for the ministry's advisory committee and IOM: overview, CSV exports, progress PDF. */
@Module({
  imports: [TrainingsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ProgressReport],
  exports: [ReportsService, ProgressReport],
})
export class ReportsModule {}
