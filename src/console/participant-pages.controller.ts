import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Role } from '../common/role';
import { AttendanceService } from '../trainings/attendance.service';
import { CompletionCertificateService } from '../trainings/completion-certificate.service';
import { CreateParticipantDto } from '../trainings/participants.dto';
import { formErrors, validateForm } from './forms';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { agencyLabel, duplicateOf, participantFields, TrainingPages } from './training-pages';
import { AgenciesService } from '../agencies/agencies.service';

/** A training's participants: adding one (the agency picked by typing its name), correcting one, certificates. */
@StaffController()
@StaffRoles(Role.Iom, Role.Trainer)
@Controller('staff/trainings/:id')
export class ParticipantPagesController {
  constructor(
    private readonly view: TrainingPages,
    private readonly attendance: AttendanceService,
    private readonly certificates: CompletionCertificateService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get('participants/new')
  async newParticipant(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    const { training } = await this.view.load(id, staff);
    return this.form(reply, staff, training, {});
  }

  @Post('participants')
  async addParticipant(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const { agencyId, matches } = await this.view.resolveAgency(body);
    const fields = participantFields(body, agencyId);
    const values = { ...fields, agency: body.agency };
    try {
      const dto = await validateForm(CreateParticipantDto, fields);
      await this.attendance.addParticipant(id, dto, staff);
      return this.view.backTo(reply, staff, id, {
        key: 'console.trainings.participantAdded',
        values: { name: dto.fullName },
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      const { training, participants } = await this.view.load(id, staff);
      // The same person twice: shown the record there is, never a second one.
      const existing = participants.find((p) => p.id === duplicateOf(error));
      return this.form(
        reply,
        staff,
        training,
        { ...values, errors, matches, existing },
        existing ? 409 : 400,
      );
    }
  }

  @Get('participants/:pid/edit')
  async editParticipant(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('pid', ParseUUIDPipe) pid: string,
    @Res() reply: FastifyReply,
  ) {
    const { training, participants } = await this.view.load(id, staff);
    const participant = participants.find((p) => p.id === pid);
    if (!participant) return this.notFound(pid);
    return this.editForm(reply, staff, training, participant, {});
  }

  @Post('participants/:pid')
  async updateParticipant(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('pid', ParseUUIDPipe) pid: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const { training, participants } = await this.view.load(id, staff);
    const participant = participants.find((p) => p.id === pid);
    if (!participant) return this.notFound(pid);
    const fields = {
      ...participantFields(body, participant.agencyId),
      fullName: participant.fullName,
    };
    try {
      await this.attendance.updateParticipant(
        id,
        pid,
        await validateForm(CreateParticipantDto, fields),
        staff,
      );
      return this.view.backTo(reply, staff, id, { key: 'console.trainings.saved' });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.editForm(reply, staff, training, participant, { ...fields, errors }, 400);
    }
  }

  /** One participant's certificate of completion (sealed); a refusal page when they did not complete. */
  @Get('participants/:pid/certificate.pdf')
  async getCompletionCertificate(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('pid', ParseUUIDPipe) pid: string,
    @Res() reply: FastifyReply,
  ) {
    return sendPdf(reply, await this.certificates.render(id, pid, staff), 'iris-training-certificate.pdf');
  }

  /** Every completed participant's certificate, one PDF to print. */
  @Get('certificates.pdf')
  async getAllCompletionCertificates(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    return sendPdf(reply, await this.certificates.renderAll(id, staff), 'iris-training-certificates.pdf');
  }

  private async form(
    reply: FastifyReply,
    staff: Staff,
    training: { id: string; title: string; titleLo: string | null },
    values: Record<string, unknown>,
    status = 200,
  ) {
    return this.view.pages.send(
      reply,
      'trainings-participant',
      staff,
      {
        title: this.view.pages.text(staff, 'console.trainings.addParticipant'),
        section: 'trainings',
        training,
        values,
        agencies: await this.view.agencyOptions(),
        ...this.view.formOptions(staff, { sex: values.sex as string | undefined }),
      },
      status,
    );
  }

  private async editForm(
    reply: FastifyReply,
    staff: Staff,
    training: { id: string },
    participant: { id: string; fullName: string; agencyId: string; sex: string },
    values: Record<string, unknown>,
    status = 200,
  ) {
    const agency = await this.agencies.require(participant.agencyId);
    return this.view.pages.send(
      reply,
      'trainings-participant-edit',
      staff,
      {
        title: this.view.pages.text(staff, 'console.trainings.editParticipant'),
        section: 'trainings',
        training,
        participant,
        agency: agencyLabel(agency),
        values: { ...participant, ...values },
        ...this.view.formOptions(staff, { sex: (values.sex as string) ?? participant.sex }),
      },
      status,
    );
  }

  private notFound(pid: string): never {
    throw new NotFoundException(`No participant ${pid} in this training`);
  }
}

/** A PDF download, set once it exists: a refusal stays a page. */
export function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `inline; filename="${fileName}"`)
    .header('Cache-Control', 'private, no-store')
    .send(pdf);
}
