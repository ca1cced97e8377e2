import { Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../common/errors';
import { AgenciesService } from '../agencies/agencies.service';
import { Role } from '../common/role';
import { PROVINCES } from '../reference/provinces';
import { AttendanceService } from '../trainings/attendance.service';
import { Sex, TrainingKind } from '../trainings/training.enums';
import type { TrainingResponseDto } from '../trainings/trainings.dto';
import { TrainingsService } from '../trainings/trainings.service';
import { ConsolePages } from './console-pages';
import { list, text } from './forms';
import { optionsOf } from './listing';
import type { Staff } from './staff';

/** Every participant of a workshop on one page: a day's marks are taken on one list. */
export const ALL = { limit: 1000, offset: 0 };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the trainings pages share: the training with who may mark it, agencies to pick, the forms' options. */
@Injectable()
export class TrainingPages {
  constructor(
    readonly pages: ConsolePages,
    private readonly trainings: TrainingsService,
    private readonly attendance: AttendanceService,
    private readonly agencies: AgenciesService,
  ) {}

  /**
   * The training and its participants, refused (403 page) to a trainer who is not one of its trainers,
   * by the service's own rule; `canMark` when this person may take attendance (its trainers, admins).
   */
  async load(id: string, staff: Staff) {
    const training = await this.trainings.requireById(id);
    const participants = (await this.attendance.listParticipants(id, ALL, staff)).items;
    const canMark =
      staff.roles.includes(Role.Admin) || training.trainers.some((trainer) => trainer.id === staff.id);
    return { training: { ...training, ...namesOf(staff, training) }, participants, canMark };
  }

  /** As `load`, for one of the training's days: a 404 page for a day it does not have. */
  async loadDay(id: string, day: string, staff: Staff) {
    const loaded = await this.load(id, staff);
    if (!DAY.test(day) || !loaded.training.days.includes(day)) {
      throw new NotFoundException(`${day} is not a day of this training`);
    }
    return loaded;
  }

  /** The agencies to pick from by typing a Lao or English name: "ນາມ Lao / Name (LICENCE)". */
  async agencyOptions() {
    const { items } = await this.agencies.list({ ...ALL, sort: 'nameLo' });
    return items.map((a) => ({ id: a.id, label: agencyLabel(a) }));
  }

  /**
   * The agency a participant form names: the one picked (agencyId), the datalist's label (its licence
   * number in brackets), or the only one whose name contains what was typed. Several or none: the
   * form comes back with the matches to pick from (without JavaScript, the search-then-pick step).
   */
  async resolveAgency(body: Record<string, unknown>) {
    const picked = text(body.agencyId);
    if (picked) return { agencyId: picked, matches: [] };
    const typed = text(body.agency) ?? '';
    const licence = /\(([^()]+)\)\s*$/.exec(typed)?.[1];
    if (licence) {
      const id = (await this.agencies.idsByLicenceNumber([licence.trim().toUpperCase()])).get(
        licence.trim().toUpperCase(),
      );
      if (id) return { agencyId: id, matches: [] };
    }
    if (!typed) return { agencyId: undefined, matches: [] };
    const { items } = await this.agencies.list({ limit: 10, offset: 0, q: typed });
    if (items.length === 1) return { agencyId: items[0].id, matches: [] };
    return { agencyId: undefined, matches: items.map((a) => ({ value: a.id, label: agencyLabel(a) })) };
  }

  /** Back to the training's page (or `path` under it) after a change, with a notice. */
  backTo(
    reply: FastifyReply,
    staff: Staff,
    id: string,
    notice: { key: string; values?: Record<string, unknown> },
    path = '',
  ) {
    return this.pages.redirect(
      reply,
      `/staff/trainings/${id}${path}`,
      this.pages.text(staff, notice.key, notice.values),
    );
  }

  formOptions(staff: Staff, current: { province?: string; kind?: string; sex?: string }) {
    const lang = staff.language;
    return {
      provinces: optionsOf(
        PROVINCES.map((p) => p.code),
        (code) => {
          const p = PROVINCES.find((one) => one.code === code)!;
          return lang === 'lo' ? p.nameLo : p.nameEn;
        },
        current.province,
      ),
      kinds: optionsOf(
        Object.values(TrainingKind),
        (kind) => this.pages.text(staff, `console.trainings.kind.${kind}`),
        current.kind,
      ),
      sexes: optionsOf(
        Object.values(Sex),
        (sex) => this.pages.text(staff, `console.trainings.sex.${sex}`),
        current.sex,
      ),
    };
  }
}

/** A training's title in the reader's language first (the Lao one when there is one), and the other. */
export function namesOf(staff: Staff, training: TrainingResponseDto) {
  const lao = staff.language === 'lo' && training.titleLo;
  return {
    name: lao ? training.titleLo! : training.title,
    otherName: lao ? training.title : training.titleLo,
  };
}

/** The participant a refused duplicate repeats (PARTICIPANT_DUPLICATE), to link to instead. */
export function duplicateOf(error: unknown): string | undefined {
  return error instanceof DomainError && error.code === ErrorCode.ParticipantDuplicate
    ? error.existingId
    : undefined;
}

export function agencyLabel(agency: { nameLo: string; nameEn: string; licenceNumber: string }): string {
  return `${agency.nameLo} / ${agency.nameEn} (${agency.licenceNumber})`;
}

/** A participant form's fields as the API's CreateParticipantDto takes them. */
export function participantFields(body: Record<string, unknown>, agencyId: string | undefined) {
  return {
    fullName: text(body.fullName),
    sex: text(body.sex),
    position: text(body.position),
    agencyId,
    phone: text(body.phone) ?? null,
    email: text(body.email) ?? null,
  };
}

/** A training form's fields as the API's CreateTrainingDto takes them (days: one date input each). */
export function trainingFields(body: Record<string, unknown>, withTrainers: boolean) {
  return {
    title: text(body.title),
    titleLo: text(body.titleLo) ?? null,
    venue: text(body.venue),
    province: text(body.province),
    organiser: text(body.organiser),
    fundingProgramme: text(body.fundingProgramme) ?? null,
    kind: text(body.kind),
    days: list(body.days),
    ...(withTrainers ? { trainerIds: list(body.trainerIds) } : {}),
  };
}
