import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { Agency } from '../agencies/agency.entity';
import { CompletionSeals } from '../certificates/completion-seal';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode } from '../common/errors';
import { HeavyWork } from '../common/heavy-work';
import type { AppConfig } from '../config/config';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { formatDate, type Language, type Messages } from '../common/i18n';
import { PROVINCES } from '../reference/provinces';
import { Participant } from './participant.entity';
import { requireTrainingAccess } from './training-access';
import { Training, TrainingDay } from './training.entity';
import { TrainingsService } from './trainings.service';

/**
 * Certificates of completion of an IRIS training, for a participant who completed it. Rendered on
 * request from `templates/pdf/training-certificate.json` and sealed: the same data gives the same
 * bytes. They carry the participant's name, so only the training's trainers, IOM and admins get them.
 * The drawing takes a PDF turn (HeavyWork), once the reads and the checks are done.
 */
@Injectable()
export class CompletionCertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trainings: TrainingsService,
    private readonly renderer: PdfRenderer,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly seals: CompletionSeals,
    private readonly agencies: AgenciesService,
    private readonly heavyWork: HeavyWork,
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
    const agency = await this.agencies.require(participant.agencyId, { em });
    const fields = this.fieldsOf(participant, agency, training, days);
    // Sealed, so that POST /public/certificates/verify-pdf can tell it genuine without storing it.
    return this.heavyWork.run('pdf', () =>
      this.seals.seal(
        {
          participantId: participant.id,
          trainingId: training.id,
          training: { title: training.title, firstDay: days[0], lastDay: days.at(-1)! },
          agency: { id: agency.id, nameLo: agency.nameLo, nameEn: agency.nameEn },
        },
        (info) =>
          this.renderer.render('training-certificate', fields, {
            createdAt: new Date(`${days.at(-1)}T00:00:00Z`),
            info,
          }),
      ),
    );
  }

  /**
   * Every certificate of the training in one PDF, a page each, for printing after the workshop (not
   * sealed: each participant's own PDF is the one to verify). 409 when nobody completed it yet.
   */
  async renderAll(trainingId: string, actor: Actor): Promise<Buffer> {
    const em = this.dataSource.manager;
    const training = await requireTrainingAccess(em, trainingId, actor, { iom: true });
    const days = (await em.find(TrainingDay, { where: { trainingId }, order: { day: 'ASC' } })).map(
      (d) => d.day,
    );
    const participants = await em.find(Participant, { where: { trainingId }, order: { fullName: 'ASC' } });
    const completed = await this.trainings.completedIds(days, participants);
    const people = participants.filter((p) => completed.has(p.id));
    if (people.length === 0) {
      throw new DomainError(
        ErrorCode.TrainingNotCompleted,
        'Nobody has completed this training yet, so there is no certificate of completion to print.',
      );
    }
    const agencies = await this.agencies.summariesOf(people.map((p) => p.agencyId));
    const pages = people.map((p) => this.fieldsOf(p, agencies.get(p.agencyId)!, training, days));
    return this.heavyWork.run('pdf', () =>
      this.renderer.renderAll('training-certificate', pages, {
        createdAt: new Date(`${days.at(-1)}T00:00:00Z`),
      }),
    );
  }

  private fieldsOf(
    participant: Participant,
    agency: Pick<Agency, 'id' | 'nameLo' | 'nameEn'>,
    training: Training,
    days: string[],
  ) {
    const baseUrl = this.config.get('PUBLIC_BASE_URL', { infer: true });
    return completionFields(
      { participant, agency, training, days, baseUrl },
      this.renderer.messagesOf('lo'),
      this.renderer.messagesOf('en'),
    );
  }
}

/** What `templates/pdf/training-certificate.json` shows, in both languages. */
export function completionFields(
  source: {
    participant: Pick<Participant, 'fullName'>;
    agency: Pick<Agency, 'id' | 'nameLo' | 'nameEn'>;
    training: Pick<Training, 'title' | 'venue' | 'province' | 'organiser'> & { titleLo?: string | null };
    days: string[];
    baseUrl: string;
  },
  lo: Messages,
  en: Messages,
) {
  const { participant, agency, training, days } = source;
  const province = PROVINCES.find((p) => p.code === training.province)!;
  const period = (lang: Language, messages: Messages) => {
    const [first, last] = [days[0], days.at(-1)!].map((day) => formatDate(day, lang, messages));
    return first === last ? first : `${first} – ${last}`;
  };
  return {
    participant: participant.fullName,
    agency: { nameLo: agency.nameLo, nameEn: agency.nameEn },
    // Lao first, as on every bilingual line of the certificate; the English title after it when both exist.
    training: training.titleLo || training.title,
    trainingEn: training.titleLo ? training.title : '',
    dates: { lo: period('lo', lo), en: period('en', en) },
    venue: `${training.venue}, ${province.nameLo} / ${province.nameEn}`,
    organiser: training.organiser,
    // The agency's public record: how many of its staff completed IRIS training, never their names.
    verifyUrl: `${source.baseUrl}/agencies/${agency.id}`,
  };
}
