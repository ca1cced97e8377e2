import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { UsersModule } from '../users/users.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { PdfModule } from '../pdf/pdf.module';
import { AttendanceService } from './attendance.service';
import { CompletionCertificateService } from './completion-certificate.service';
import { AttendanceMark, Participant } from './participant.entity';
import { SignInSheetPdfService } from './sign-in-sheet-pdf.service';
import { SignInSheetService } from './sign-in-sheet.service';
import { TrainingCompletionRepository } from './training-completion.repository';
import { Training, TrainingDay, TrainingTrainer } from './training.entity';
import { TrainingsController } from './trainings.controller';
import { TrainingsService } from './trainings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Training, TrainingDay, TrainingTrainer, Participant, AttendanceMark]),
    AuditLogModule,
    AgenciesModule,
    UsersModule,
    PdfModule,
    CertificatesModule,
  ],
  controllers: [TrainingsController],
  providers: [
    TrainingCompletionRepository,
    TrainingsService,
    AttendanceService,
    SignInSheetService,
    SignInSheetPdfService,
    CompletionCertificateService,
  ],
  exports: [
    TrainingsService,
    AttendanceService,
    SignInSheetService,
    SignInSheetPdfService,
    CompletionCertificateService,
  ],
})
export class TrainingsModule {}
