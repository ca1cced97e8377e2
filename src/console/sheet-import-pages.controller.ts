import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Role } from '../common/role';
import { tableFromBytes } from '../common/uploads';
import { fieldMessage } from '../common/validation';
import { SignInSheetService } from '../trainings/sign-in-sheet.service';
import { formErrors, text } from './forms';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { StagedUploads } from './staged-uploads';
import { TrainingPages } from './training-pages';

const purposeOf = (trainingId: string) => `sign-in-sheet:${trainingId}`;

/**
 * A typed-up sign-in sheet (CSV or .xlsx): upload, a preview of what it would do, including how people's
 * spellings were read ("F → female"), then confirm; the import itself is the API's.
 */
@StaffController()
@StaffRoles(Role.Iom, Role.Trainer)
@Controller('staff/trainings/:id/import')
export class SheetImportPagesController {
  constructor(
    private readonly view: TrainingPages,
    private readonly sheets: SignInSheetService,
    private readonly uploads: StagedUploads,
  ) {}

  @Get()
  async importForm(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ) {
    return this.uploadPage(reply, staff, id, {});
  }

  /** The sheet's header for this training: the fixed columns and one per day. */
  @Get('template.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="sign-in-sheet.csv"')
  getSheetTemplate(@CurrentStaff() staff: Staff, @Param('id', ParseUUIDPipe) id: string) {
    return this.sheets.template(id, staff);
  }

  @Post()
  async uploadSheet(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      await this.view.load(id, staff);
      const { fileName, bytes } = await this.uploads.read(request);
      const upload = await this.uploads.stage(staff, purposeOf(id), fileName, bytes);
      return this.view.pages.redirect(reply, `/staff/trainings/${id}/import/${upload}`);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.uploadPage(reply, staff, id, { errors }, 400);
    }
  }

  /** What the sheet would do, nothing written yet (the API's dry run). */
  @Get(':upload')
  async previewSheet(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('upload') uploadId: string,
    @Res() reply: FastifyReply,
  ) {
    try {
      const upload = await this.uploads.find(staff, uploadId, purposeOf(id));
      const { result, spellings } = await this.sheets.importReading(
        id,
        await tableFromBytes(upload.bytes),
        true,
        staff,
      );
      const { training } = await this.view.load(id, staff);
      return this.view.pages.send(reply, 'trainings-import-preview', staff, {
        title: this.view.pages.text(staff, 'console.trainings.importPreview'),
        section: 'trainings',
        training,
        fileName: upload.fileName,
        uploadId,
        result,
        // Each refusal in the person's language where the rule has wording (the DTO's), else as the API says it.
        rejected: result.rejected.map(({ line, errors }) => ({
          line,
          messages: errors.map((e) =>
            e.code
              ? fieldMessage(staff.language, e.field, e.code, e.params, e.message)
              : `${e.field}: ${e.message}`,
          ),
        })),
        spellings,
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.uploadPage(reply, staff, id, { errors }, 400);
    }
  }

  @Post(':upload')
  async confirmSheet(
    @CurrentStaff() staff: Staff,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('upload') uploadId: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    if (text(body.confirm) === undefined) return this.view.pages.redirect(reply, `/staff/trainings/${id}`);
    try {
      const upload = await this.uploads.take(staff, uploadId, purposeOf(id));
      const { result } = await this.sheets.importReading(
        id,
        await tableFromBytes(upload.bytes),
        false,
        staff,
      );
      return this.view.backTo(reply, staff, id, {
        key: 'console.trainings.imported',
        values: { created: result.created, updated: result.updated, rejected: result.rejected.length },
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.uploadPage(reply, staff, id, { errors }, 400);
    }
  }

  private async uploadPage(
    reply: FastifyReply,
    staff: Staff,
    id: string,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const { training } = await this.view.load(id, staff);
    return this.view.pages.send(
      reply,
      'trainings-import',
      staff,
      {
        title: this.view.pages.text(staff, 'console.trainings.import'),
        section: 'trainings',
        training,
        ...data,
      },
      status,
    );
  }
}
