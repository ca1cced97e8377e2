import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode } from '../common/errors';
import type { AppConfig } from '../config/config';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { formatDate, type Language } from '../common/i18n';
import { PROVINCES } from '../reference/provinces';
import { Participant } from './participant.entity';
import { requireTrainingAccess } from './training-access';
import { TrainingDay } from './training.entity';
import { TrainingsService } from './trainings.service';

/**
 * Certificates of completion of an IRIS training (docs/trainings.md), for a participant who completed it.
 * Rendered on request from `templates/pdf/training-certificate.json`: the same data gives the same
 * bytes. They carry the participant's name, so only the training's trainers, IOM and admins get them.
 */
@Injectable()
export class CompletionCertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trainings: TrainingsService,
    private readonly renderer: PdfRenderer,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async render(trainingId: string, participantId: string, actor: Actor): Promise<Buffer> {
    const em = this.dataSource.manager;
    const training = await requireTrainingAccess(em, trainingId, actor, { iom: true });
    const participant = await em.findOneBy(Participant, { id: participantId, trainingId });
    if (!participant) throw new NotFoundException(`No participant ${participantId} in this training`);
    const days = (await em.find(TrainingDay, { where: { trainingId }, order: { day: 'ASC' } })).map(
      (d) => d.day,
    );
    if (!(await this.trainings.completedIds(days, [participant])).has(participant.id)) {
      throw new DomainError(
        ErrorCode.TrainingNotCompleted,
        `${participant.fullName} has not completed this training (attendance on enough of its ${days.length} day(s) is not recorded), so no certificate of completion can be issued.`,
      );
    }
    const agency = await em.findOneOrFail(Agency, {
      where: { id: participant.agencyId },
      select: { id: true, nameLo: true, nameEn: true },
    });
    const province = PROVINCES.find((p) => p.code === training.province)!;
    const period = (lang: Language) => {
      const messages = this.renderer.messagesOf(lang);
      const [first, last] = [days[0], days.at(-1)!].map((day) => formatDate(day, lang, messages));
      return first === last ? first : `${first} – ${last}`;
    };
    return this.renderer.render(
      'training-certificate',
      {
        participant: participant.fullName,
        agency: { nameLo: agency.nameLo, nameEn: agency.nameEn },
        training: training.title,
        dates: { lo: period('lo'), en: period('en') },
        venue: `${training.venue}, ${province.nameLo} / ${province.nameEn}`,
        organiser: training.organiser,
        // The agency's public record: how many of its staff completed IRIS training, never their names.
        verifyUrl: `${this.config.get('PUBLIC_BASE_URL', { infer: true })}/agencies/${agency.id}`,
      },
      { createdAt: new Date(`${days.at(-1)}T00:00:00Z`) },
    );
  }
}
