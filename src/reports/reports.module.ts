import { Module } from '@nestjs/common';
import { TrainingCompletionModule } from '../trainings/training-completion.module';
import { ProgressReport } from './progress-report';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Reports for the ministry's advisory committee and IOM: overview, CSV exports, progress PDF. */
@Module({
  imports: [TrainingCompletionModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ProgressReport],
})
export class ReportsModule {}
