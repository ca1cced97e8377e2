import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { Role } from '../common/role';
import { isIsoDate } from '../common/validation';
import { TrainingKind } from '../trainings/training.enums';
import { CreateTrainingDto, type TrainingResponseDto, UpdateTrainingDto } from '../trainings/trainings.dto';
import { TrainingsService } from '../trainings/trainings.service';
import { UsersService } from '../users/users.service';
import { formErrors, integer, validateForm } from './forms';
import { optionsOf, pageOf, pagerOf } from './listing';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { ALL, namesOf, TrainingPages, trainingFields } from './training-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Trainings: the list (a trainer's own first), creating and changing one, and its page. */
@StaffController()
@Controller('staff/trainings')
export class TrainingPagesController {
  constructor(
    private readonly view: TrainingPages,
    private readonly trainings: TrainingsService,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async listTrainings(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const pick = (value: unknown, rule: RegExp) =>
      typeof value === 'string' && rule.test(value) ? value : undefined;
    // A filter the address got wrong is left out; a day that does not exist (2026-02-30) is wrong too.
    const day = (value: unknown) => (isIsoDate(value) ? value : undefined);
    const kind = Object.values(TrainingKind).find((k) => k === query.kind);
    const filters = {
      from: day(query.from),
      to: day(query.to),
      trainerId: pick(query.trainerId, UUID),
      kind,
    };
    const page = pageOf(query);
    const all = await this.trainings.list({ ...filters, ...page });
    // A trainer's own trainings come first, whatever else the list shows.
    const mine =
      staff.roles.includes(Role.Trainer) && !filters.trainerId
        ? (await this.trainings.list({ ...filters, trainerId: staff.id, limit: 100, offset: 0 })).items
        : [];
    return this.view.pages.send(reply, 'trainings-list', staff, {
      title: this.view.pages.text(staff, 'console.trainings.title'),
      section: 'trainings',
      filters,
      onlyMine: filters.trainerId === staff.id,
      kinds: this.view.formOptions(staff, { kind }).kinds,
      mine: mine.map((t) => this.row(staff, t)),
      trainings: all.items.map((t) => this.row(staff, t)),
      pager: pagerOf('/staff/trainings', query, all.total, page),
      canCreate: can(staff, Role.Iom, Role.Trainer),
    });
  }

  @Get('new')
  @StaffRoles(Role.Iom, Role.Trainer)
  async newTraining(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.form(reply, staff, { days: [''], trainerIds: [] });
  }

  @Post()
  @StaffRoles(Role.Iom, Role.Trainer)
  async createTraining(
    @CurrentStaff() staff: Staff,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const fields = trainingFields(body, true);
    if (body.addDay !== undefined) return this.form(reply, staff, withDay(fields));
    try {
      const dto = await validateForm(CreateTrainingDto, fields);
      const training = await this.trainings.create(dto, staff);
      return this.view.backTo(reply, staff, training.id, { key: 'console.trainings.created' });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.form(reply, staff, { ...fields, errors }, 400);
    }
  }

  @Get(':id')
  async showTraining(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    // Participants' names are for the training's trainers and IOM: others see the training and its summary.
    const seesPeople = can(staff, Role.Iom, Role.Trainer);
    const { training, participants, canMark } = seesPeople
      ? await this.view.load(id, staff)
      : { training: await this.trainings.requireById(id), participants: [], canMark: false };
    const summary = await this.trainings.summary(id);
    const agencies = await this.agencies.summariesOf(participants.map((p) => p.agencyId));
    return this.view.pages.send(reply, 'trainings-show', staff, {
      title: namesOf(staff, training).name,
      section: 'trainings',
      training: { ...this.row(staff, training), ...training },
      summary: { ...summary, percent: Math.round(summary.completionRate * 100) },
      seesPeople,
      canMark,
      canEdit: canMark || can(staff, Role.Iom),
      participants: participants.map((p) => ({ ...p, agency: agencies.get(p.agencyId) })),
    });
  }

  @Get(':id/edit')
  @StaffRoles(Role.Iom, Role.Trainer)
  async editTraining(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    const { training } = await this.view.load(id, staff);
    return this.form(reply, staff, {
      ...training,
      trainerIds: training.trainers.map((t) => t.id),
      id,
    });
  }

  @Post(':id')
  @StaffRoles(Role.Iom, Role.Trainer)
  async updateTraining(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const fields = { ...trainingFields(body, can(staff, Role.Iom)), version: integer(body.version) };
    if (body.addDay !== undefined) return this.form(reply, staff, { ...withDay(fields), id });
    try {
      const dto = await validateForm(UpdateTrainingDto, fields);
      await this.trainings.update(id, dto, staff);
      return this.view.backTo(reply, staff, id, { key: 'console.trainings.saved' });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.form(reply, staff, { ...fields, id, errors }, errors.code === 'STALE_VERSION' ? 409 : 400);
    }
  }

  /** The create and edit form; IOM picks the trainers (a trainer creating one is its trainer). */
  private async form(
    reply: FastifyReply,
    staff: Staff,
    values: Record<string, unknown> & { days?: string[]; trainerIds?: string[] },
    status = 200,
  ) {
    const pickTrainers = can(staff, Role.Iom);
    const trainers = pickTrainers
      ? (await this.users.list({ role: Role.Trainer, ...ALL, limit: 100 }, staff)).items
      : [];
    const days = values.days?.length ? values.days : [''];
    return this.view.pages.send(
      reply,
      'trainings-form',
      staff,
      {
        title: this.view.pages.text(staff, values.id ? 'console.trainings.edit' : 'console.trainings.new'),
        section: 'trainings',
        values,
        days: days.map((day, i) => ({ day, number: i + 1 })),
        ...this.view.formOptions(staff, values as { province?: string; kind?: string }),
        pickTrainers,
        trainers: optionsOf(
          trainers.map((t) => t.id),
          (id) => trainers.find((t) => t.id === id)!.name,
          values.trainerIds ?? [],
        ),
        action: values.id ? `/staff/trainings/${values.id}` : '/staff/trainings',
      },
      status,
    );
  }

  /** A training as a list shows it: its title in the reader's language first. */
  private row(staff: Staff, training: TrainingResponseDto) {
    return {
      id: training.id,
      ...namesOf(staff, training),
      first: training.days[0],
      last: training.days.at(-1),
      dayCount: training.days.length,
      province: training.province,
      kind: training.kind,
      trainers: training.trainers.map((t) => t.name).join(', '),
    };
  }
}

function can(staff: Staff, ...roles: Role[]): boolean {
  return staff.roles.some((role) => role === Role.Admin || roles.includes(role));
}

/** The form again with one more date input ("add a day" works without JavaScript). */
function withDay<T extends { days: string[] }>(fields: T): T {
  return { ...fields, days: [...fields.days, ''] };
}
