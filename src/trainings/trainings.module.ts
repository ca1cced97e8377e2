import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { PdfModule } from '../pdf/pdf.module';
import { AttendanceService } from './attendance.service';
import { CompletionCertificateService } from './completion-certificate.service';
import { AttendanceMark, Participant } from './participant.entity';
import { SignInSheetService } from './sign-in-sheet.service';
import { TrainingCompletionModule } from './training-completion.module';
import { Training, TrainingDay, TrainingTrainer } from './training.entity';
import { TrainingsController } from './trainings.controller';
import { TrainingsService } from './trainings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Training, TrainingDay, TrainingTrainer, Participant, AttendanceMark]),
    AuditLogModule,
    AgenciesModule,
    TrainingCompletionModule,
    PdfModule,
    CertificatesModule,
  ],
  controllers: [TrainingsController],
  providers: [TrainingsService, AttendanceService, SignInSheetService, CompletionCertificateService],
  exports: [TrainingsService, AttendanceService],
})
export class TrainingsModule {}
