import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { CertificationModule } from '../certification/certification.module';
import { JobsController } from './jobs.controller';
import { JobsQueryService } from './jobs-query.service';
import { JobsService } from './jobs.service';

/** The scheduled jobs: run once a day across replicas, and on demand by an admin. */
@Module({
  imports: [AuditLogModule, AgenciesModule, CertificationModule],
  controllers: [JobsController],
  providers: [JobsService, JobsQueryService],
  exports: [JobsService],
})
export class JobsModule {}
