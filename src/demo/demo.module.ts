import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { UsersModule } from '../users/users.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [UsersModule, AgenciesModule],
  providers: [DemoDataService],
})
export class DemoModule {}
