import { Module } from '@nestjs/common';
import { TrainingCompletionRepository } from './training-completion.repository';

/** Who completed which training: needed by trainings, the agency register (trainedOn) and certification. */
@Module({
  providers: [TrainingCompletionRepository],
  exports: [TrainingCompletionRepository],
})
export class TrainingCompletionModule {}
