import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { Role } from '../common/role';
import { AttendanceService } from '../trainings/attendance.service';
import { ATTENDED } from '../trainings/completion';
import { CreateParticipantDto, type MarkDto } from '../trainings/participants.dto';
import { SignInSheetPdfService } from '../trainings/sign-in-sheet-pdf.service';
import { AttendanceStatus, Sex } from '../trainings/training.enums';
import { type FormErrors, formErrors, text, validateForm } from './forms';
import { sendPdf } from './participant-pages.controller';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { ALL, duplicateOf, participantFields, TrainingPages } from './training-pages';

const STATUSES = Object.values(AttendanceStatus);
/** A mark's field in the day's form: `s-<participant id>`; what the page showed: `w-<participant id>`. */
const MARK_FIELD = /^s-([0-9a-f-]{36})$/;

/**
 * Attendance at the door, on a phone: the day's counts, "everyone present", one large control per person
 * (each tap saved at once with JavaScript, one save button without), walk-ins, the printable sheet.
 */
@StaffController()
@StaffRoles(Role.Iom, Role.Trainer)
@Controller('staff/trainings/:id')
export class AttendancePagesController {
  constructor(
    private readonly view: TrainingPages,
    private readonly attendance: AttendanceService,
    private readonly sheetPdf: SignInSheetPdfService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get('days/:day')
  async showDay(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('day') day: string,
    @Res() reply: FastifyReply,
  ) {
    return this.dayPage(reply, staff, id, day, {});
  }

  /** Without JavaScript: every mark the person changed on the page, in one save. */
  @Post('days/:day')
  async saveDay(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('day') day: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    await this.view.loadDay(id, day, staff);
    // Only what changed from what the page showed: another trainer's marks taken meanwhile stay.
    const marks = Object.keys(body).flatMap((key) => {
      const participantId = MARK_FIELD.exec(key)?.[1];
      const status = STATUSES.find((s) => s === text(body[key]));
      if (!participantId || !status || text(body[`w-${participantId}`]) === status) return [];
      return [{ participantId, day, status }];
    });
    return this.saveMarks(reply, staff, id, day, marks);
  }

  /** With JavaScript (htmx): one tap, one mark, saved at once; answers the day's new counts. */
  @Post('days/:day/marks/:pid')
  async saveMark(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('day') day: string,
    @Param('pid', ParseUUIDPipe) pid: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const status = STATUSES.find((s) => s === text(body[`s-${pid}`]));
    // Only a hand-made request sends another status: a page saying so, as for any refusal.
    if (!status) throw new BadRequestException(`s-${pid} must be one of: ${STATUSES.join(', ')}`);
    await this.attendance.putMarks(id, [{ participantId: pid, day, status }], staff);
    if (!reply.request.headers['hx-request']) {
      return this.view.pages.redirect(reply, `/staff/trainings/${id}/days/${day}`);
    }
    const { participants } = await this.view.loadDay(id, day, staff);
    const marks = await this.marksOf(id, day, staff);
    return this.view.pages.fragment(reply, 'trainings-day-counts', staff, {
      counts: countsOf(participants, marks),
      day,
      trainingId: id,
      canMark: true,
    });
  }

  /** "Everyone present": everyone not marked yet today is marked present (a mark taken stays). */
  @Post('days/:day/everyone')
  async markEveryone(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('day') day: string,
    @Res() reply: FastifyReply,
  ) {
    const { participants } = await this.view.loadDay(id, day, staff);
    const marked = await this.marksOf(id, day, staff);
    const marks: MarkDto[] = participants
      .filter((p) => !marked.has(p.id))
      .map((p) => ({ participantId: p.id, day, status: AttendanceStatus.Present }));
    return this.saveMarks(reply, staff, id, day, marks);
  }

  /** Someone who walks in on the day: added and marked present in one go. */
  @Post('days/:day/walk-ins')
  async addWalkIn(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('day') day: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    await this.view.loadDay(id, day, staff);
    const { agencyId, matches } = await this.view.resolveAgency(body);
    const fields = participantFields(body, agencyId);
    try {
      const dto = await validateForm(CreateParticipantDto, fields);
      const participant = await this.attendance.addWalkIn(id, dto, day, staff);
      return this.view.backTo(
        reply,
        staff,
        id,
        { key: 'console.trainings.walkInAdded', values: { name: dto.fullName } },
        `/days/${day}#p-${participant.id}`,
      );
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      const existing = duplicateOf(error);
      return this.dayPage(
        reply,
        staff,
        id,
        day,
        { walkIn: { ...fields, agency: body.agency, errors, matches, existing } },
        existing ? 409 : 400,
      );
    }
  }

  private async saveMarks(reply: FastifyReply, staff: Staff, id: string, day: string, marks: MarkDto[]) {
    if (marks.length) await this.attendance.putMarks(id, marks, staff);
    return this.view.backTo(
      reply,
      staff,
      id,
      { key: 'console.trainings.marksSaved', values: { count: marks.length } },
      `/days/${day}`,
    );
  }

  /** The printable sign-in sheet: a page per day, names, agencies and a column to sign. */
  @Get('sign-in-sheet.pdf')
  async getSignInSheet(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    return sendPdf(reply, await this.sheetPdf.render(id, staff), 'sign-in-sheet.pdf');
  }

  private async dayPage(
    reply: FastifyReply,
    staff: Staff,
    id: string,
    day: string,
    extra: { walkIn?: Record<string, unknown> & { errors?: FormErrors } },
    status = 200,
  ) {
    const { training, participants, canMark } = await this.view.loadDay(id, day, staff);
    const marks = await this.marksOf(id, day, staff);
    const agencies = await this.agencies.summariesOf(participants.map((p) => p.agencyId));
    const index = training.days.indexOf(day);
    return this.view.pages.send(
      reply,
      'trainings-day',
      staff,
      {
        title: this.view.pages.text(staff, 'console.trainings.dayTitle', {
          number: index + 1,
          count: training.days.length,
        }),
        section: 'trainings',
        training,
        day,
        dayNumber: index + 1,
        previous: training.days[index - 1],
        next: training.days[index + 1],
        counts: countsOf(participants, marks),
        canMark,
        people: participants.map((p) => ({
          ...p,
          agency: agencies.get(p.agencyId),
          status: marks.get(p.id),
          options: STATUSES.map((value) => ({ value, checked: marks.get(p.id) === value })),
        })),
        agencies: canMark ? await this.view.agencyOptions() : [],
        ...this.view.formOptions(staff, { sex: extra.walkIn?.sex as string | undefined }),
        ...extra,
      },
      status,
    );
  }

  /** participantId → the day's mark. */
  private async marksOf(id: string, day: string, staff: Staff): Promise<Map<string, AttendanceStatus>> {
    const { items } = await this.attendance.getMarks(id, { ...ALL, limit: 100_000 }, staff);
    return new Map(items.filter((m) => m.day === day).map((m) => [m.participantId, m.status]));
  }
}

/** "23 of 37 present, 14 women": present or late counts as there (docs/trainings.md). */
function countsOf(participants: { id: string; sex: Sex }[], marks: Map<string, AttendanceStatus>) {
  const there = participants.filter((p) => ATTENDED.includes(marks.get(p.id) as AttendanceStatus));
  return {
    present: there.length,
    total: participants.length,
    women: there.filter((p) => p.sex === Sex.Female).length,
    unmarked: participants.filter((p) => !marks.has(p.id)).length,
  };
}
