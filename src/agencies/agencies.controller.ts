import { Body, Controller, Get, Header, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { toCsv } from '../common/csv';
import { ApiFileUpload, ApiProblems } from '../common/api-docs';
import { ApiHeavyWork } from '../common/heavy-work';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { readTableUpload } from '../common/uploads';
import { writeXlsx, XLSX_TYPE } from '../common/xlsx';
import { UuidParam } from '../common/validation';
import { Role } from '../common/role';
import {
  AgencyFilterDto,
  AgencyPageDto,
  AgencyQueryDto,
  AgencyResponseDto,
  ChangeLicenceStatusDto,
  CreateAgencyDto,
  LicenceHistoryDto,
  UpdateAgencyDto,
} from './agencies.dto';
import { AgenciesService } from './agencies.service';
import {
  AGENCY_COLUMN_RULES,
  AGENCY_CSV_COLUMNS,
  AGENCY_CSV_EXAMPLE,
  AGENCY_CSV_READ_ONLY,
} from './agency-csv';
import { ImportQueryDto, ImportResultDto } from '../common/csv-import.dto';
import { AgencyImportService } from './agency-import.service';

const IMPORT_DESCRIPTION =
  'A CSV file or an Excel workbook (.xlsx), up to 5 MB and 20,000 rows, as the body or as the multipart ' +
  `field "file". Required columns: ${AGENCY_COLUMN_RULES.required.join(', ')}; optional: ` +
  `${AGENCY_COLUMN_RULES.optional.join(', ')} (${AGENCY_CSV_READ_ONLY.join(', ')}, from the export, is ` +
  'accepted and ignored). Columns in any order; header names in any case, with spaces or "_" ' +
  '("Licence Number"); any other column is refused (400). An optional column that is missing or an empty ' +
  'cell leaves the field empty on a new agency and unchanged on an existing one. Dates as YYYY-MM-DD or ' +
  'DD/MM/YYYY (D/M/YYYY too); destinationCountries separated by ";" or ","; phones as written, Lao ' +
  'without a country code. **CSV**: UTF-8 (BOM allowed), "," or ";" as separator (found from the header ' +
  'line, and given back as format.delimiter), CRLF or LF line ends. **XLSX**: the first worksheet; its ' +
  'first non-empty row is the header; cells Excel holds as dates or numbers are read as such; `line` in ' +
  'rejected is the worksheet row.';

@ApiTags('agencies')
@ApiProblems(400, 500)
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly importer: AgencyImportService,
  ) {}

  /** Register a licensed recruitment agency. */
  @Post()
  @Auth(Role.Ministry)
  @ApiProblems(409)
  createAgency(@Body() dto: CreateAgencyDto, @CurrentActor() actor: Actor): Promise<AgencyResponseDto> {
    return this.agencies.create(dto, actor);
  }

  /** Search the register by name (Lao or English) or licence number, and filter it. */
  @Get()
  @Auth()
  listAgencies(@Query() query: AgencyQueryDto): Promise<AgencyPageDto> {
    return this.agencies.list(query);
  }

  /** The filtered register as a CSV file (the import's columns plus licenceStatus). */
  @Get('export.csv')
  @Auth()
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="agencies.csv"')
  exportAgencies(@Query() filter: AgencyFilterDto): Promise<string> {
    return this.agencies.exportCsv(filter);
  }

  /** An import template (CSV): the header and one example row. */
  @Get('import/template.csv')
  @Auth(Role.Ministry)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="agencies-template.csv"')
  getImportTemplate(): string {
    return toCsv([AGENCY_CSV_EXAMPLE], AGENCY_CSV_COLUMNS);
  }

  /** An import template (Excel .xlsx): the header and one example row, licence dates as real dates. */
  @Get('import/template.xlsx')
  @Auth(Role.Ministry)
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'The template workbook',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="agencies-template.xlsx"')
  getImportTemplateXlsx(): Promise<Buffer> {
    return writeXlsx(
      'Agencies',
      AGENCY_CSV_COLUMNS,
      [AGENCY_CSV_EXAMPLE],
      ['licenceIssuedOn', 'licenceExpiresOn'],
    );
  }

  /** Import agencies from CSV or Excel (.xlsx), matched by licence number; `dryRun=true` checks without writing. */
  @Post('import')
  @HttpCode(200)
  @Auth(Role.Ministry)
  @ApiFileUpload(IMPORT_DESCRIPTION, ['text/csv', XLSX_TYPE])
  @ApiProblems(409, 413, 415)
  @ApiHeavyWork('import')
  importAgencies(
    @Req() request: FastifyRequest,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportResultDto> {
    return readTableUpload(request).then((table) =>
      this.importer.import(table, query.dryRun ?? false, actor),
    );
  }

  /** One agency. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getAgency(@UuidParam() id: string): Promise<AgencyResponseDto> {
    return this.agencies.get(id);
  }

  /** Change an agency's licence data; send the `version` you read (stale: 409). */
  @Patch(':id')
  @Auth(Role.Ministry)
  @ApiProblems(404, 409)
  updateAgency(
    @UuidParam() id: string,
    @Body() dto: UpdateAgencyDto,
    @CurrentActor() actor: Actor,
  ): Promise<AgencyResponseDto> {
    return this.agencies.update(id, dto, actor);
  }

  /** Suspend, revoke, reinstate or expire a licence, with a reason kept in its history. */
  @Post(':id/licence-status-changes')
  @Auth(Role.Ministry)
  @ApiProblems(404, 409)
  changeLicenceStatus(
    @UuidParam() id: string,
    @Body() dto: ChangeLicenceStatusDto,
    @CurrentActor() actor: Actor,
  ): Promise<AgencyResponseDto> {
    return this.agencies.changeLicenceStatus(id, dto, actor);
  }

  /** The licence's status history, newest first. */
  @Get(':id/licence-status-changes')
  @Auth()
  @ApiProblems(404)
  listLicenceStatusChanges(@UuidParam() id: string): Promise<LicenceHistoryDto> {
    return this.agencies.licenceHistory(id);
  }
}
