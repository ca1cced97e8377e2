import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AGENCY_CSV_COLUMNS, AGENCY_CSV_EXAMPLE } from '../agencies/agency-csv';
import { AgencyImportService, type ImportLineOutcome } from '../agencies/agency-import.service';
import { toCsv } from '../common/csv';
import { Role } from '../common/role';
import { tableFromBytes } from '../common/uploads';
import { writeXlsx, XLSX_TYPE } from '../common/xlsx';
import { previewLines } from './agency-import-preview';
import { ConsolePages } from './console-pages';
import { formErrors } from './forms';
import { StagedUploads } from './staged-uploads';
import { CurrentStaff, type Staff, StaffController, StaffRoles } from './staff.decorators';

const PURPOSE = 'agencies';

/**
 * Importing an agency list in two steps: the sheet is checked (the API import's dry run) and kept, the
 * official reads what each line would do, then confirms, which imports those very bytes.
 */
@StaffController()
@StaffRoles(Role.Ministry)
@Controller('staff/agencies/import')
export class AgencyImportController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly uploads: StagedUploads,
    private readonly importer: AgencyImportService,
  ) {}

  @Get()
  importForm(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.sendUpload(reply, staff);
  }

  @Get('template.csv')
  templateCsv(@Res() reply: FastifyReply) {
    return download(
      reply,
      'agencies-template.csv',
      'text/csv; charset=utf-8',
      toCsv([AGENCY_CSV_EXAMPLE], AGENCY_CSV_COLUMNS),
    );
  }

  @Get('template.xlsx')
  async templateXlsx(@Res() reply: FastifyReply) {
    const dates = ['licenceIssuedOn', 'licenceExpiresOn'];
    const bytes = await writeXlsx('Agencies', AGENCY_CSV_COLUMNS, [AGENCY_CSV_EXAMPLE], dates);
    return download(reply, 'agencies-template.xlsx', XLSX_TYPE, bytes);
  }

  @Post()
  async uploadSheet(
    @CurrentStaff() staff: Staff,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      const { fileName, bytes } = await this.uploads.read(request);
      await tableFromBytes(bytes);
      const id = await this.uploads.stage(staff, PURPOSE, fileName, bytes);
      return this.pages.redirect(reply, `/staff/agencies/import/${id}`);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.sendUpload(reply, staff, errors, 400);
    }
  }

  /** The preview: the dry run of the staged sheet, line by line. */
  @Get(':upload')
  async previewImport(@CurrentStaff() staff: Staff, @Param('upload') id: string, @Res() reply: FastifyReply) {
    try {
      const upload = await this.uploads.find(staff, id, PURPOSE);
      const outcomes: ImportLineOutcome[] = [];
      const table = await tableFromBytes(upload.bytes);
      const result = await this.importer.import(table, true, staff, outcomes);
      const lines = previewLines(table, result, outcomes, staff.language);
      return this.pages.send(reply, 'agencies-import-preview', staff, {
        title: this.pages.text(staff, 'console.agencies.import.previewTitle'),
        section: 'agencies',
        upload: { id: upload.id, fileName: upload.fileName },
        result,
        lines,
        importable: result.created + result.updated > 0,
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.sendUpload(reply, staff, errors, 400);
    }
  }

  /** Imports exactly the previewed file; a second confirmation finds nothing and is refused. */
  @Post(':upload')
  async confirmImport(@CurrentStaff() staff: Staff, @Param('upload') id: string, @Res() reply: FastifyReply) {
    try {
      const upload = await this.uploads.take(staff, id, PURPOSE);
      const result = await this.importer.import(await tableFromBytes(upload.bytes), false, staff);
      const flash = this.pages.text(staff, 'console.agencies.import.done', {
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected.length,
      });
      return this.pages.redirect(reply, '/staff/agencies', flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.sendUpload(reply, staff, errors, 409);
    }
  }

  private sendUpload(reply: FastifyReply, staff: Staff, errors?: ReturnType<typeof formErrors>, code = 200) {
    return this.pages.send(
      reply,
      'agencies-import',
      staff,
      {
        title: this.pages.text(staff, 'console.agencies.import.title'),
        section: 'agencies',
        errors,
        columns: AGENCY_CSV_COLUMNS.map((column) => ({
          column,
          label: this.pages.text(staff, `field.${column}`),
        })),
      },
      code,
    );
  }
}

function download(reply: FastifyReply, name: string, type: string, body: string | Buffer) {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}
