import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { UsersModule } from '../users/users.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [UsersModule, AgenciesModule, TrainingsModule],
  providers: [DemoDataService],
})
export class DemoModule {}
