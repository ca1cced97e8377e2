import { Module } from '@nestjs/common';
import { TrainingsModule } from '../trainings/trainings.module';
import { PublicAgenciesController } from './public-agencies.controller';
import { PublicAgenciesRepository } from './public-agencies.repository';
import { PublicAgenciesService } from './public-agencies.service';

/** The public JSON registry under /api/v1/public; certificates' public routes live with certificates. */
@Module({
  imports: [TrainingsModule],
  controllers: [PublicAgenciesController],
  providers: [PublicAgenciesService, PublicAgenciesRepository],
  exports: [PublicAgenciesService],
})
export class PublicModule {}
