import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AgenciesController } from './agencies.controller';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';
import { Agency } from './agency.entity';
import { AgencyImportService } from './agency-import.service';
import { LicenceStatusChange } from './licence-status-change.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Agency, LicenceStatusChange]), AuditLogModule],
  controllers: [AgenciesController],
  providers: [AgenciesService, AgenciesRepository, AgencyImportService],
  exports: [AgenciesService, AgencyImportService],
})
export class AgenciesModule {}
