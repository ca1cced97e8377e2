import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { CertificationModule } from '../certification/certification.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { UsersModule } from '../users/users.module';
import { DemoCertificationService } from './demo-certification.service';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [UsersModule, AgenciesModule, TrainingsModule, CertificationModule],
  providers: [DemoDataService, DemoCertificationService],
})
export class DemoModule {}
