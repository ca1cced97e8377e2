import { Module } from '@nestjs/common';
import { TrainingCompletionModule } from '../trainings/training-completion.module';
import { PublicAgenciesController } from './public-agencies.controller';
import { PublicAgenciesRepository } from './public-agencies.repository';
import { PublicAgenciesService } from './public-agencies.service';

/** The public JSON registry under /api/v1/public; certificates' public routes live with certificates. */
@Module({
  imports: [TrainingCompletionModule],
  controllers: [PublicAgenciesController],
  providers: [PublicAgenciesService, PublicAgenciesRepository],
  exports: [PublicAgenciesService],
})
export class PublicModule {}
