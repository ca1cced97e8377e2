import { Body, Controller, Get, Header, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { ApiFileUpload, ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { readCsvUpload } from '../common/uploads';
import { UuidParam } from '../common/validation';
import { Role } from '../users/role.enum';
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
import { AGENCY_CSV_COLUMNS, AGENCY_CSV_EXAMPLE } from './agency-csv';
import { ImportQueryDto, ImportResultDto } from '../common/csv-import.dto';
import { AgencyImportService } from './agency-import.service';

const CSV_DESCRIPTION = `UTF-8 CSV (BOM allowed, up to 5 MB) with the header ${AGENCY_CSV_COLUMNS.join(',')}; destinationCountries separated by ";"`;

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

  /** An import template: the header and one example row. */
  @Get('import/template.csv')
  @Auth(Role.Ministry)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="agencies-template.csv"')
  getImportTemplate(): string {
    return '\uFEFF' + stringify([AGENCY_CSV_EXAMPLE], { header: true, columns: [...AGENCY_CSV_COLUMNS] });
  }

  /** Import agencies from CSV, matched by licence number; `dryRun=true` checks without writing. */
  @Post('import')
  @HttpCode(200)
  @Auth(Role.Ministry)
  @ApiFileUpload(CSV_DESCRIPTION, ['text/csv'])
  @ApiProblems(409, 413, 415)
  importAgencies(
    @Req() request: FastifyRequest,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportResultDto> {
    return readCsvUpload(request).then((csv) => this.importer.import(csv, query.dryRun ?? false, actor));
  }

  /** One agency. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getAgency(@UuidParam() id: string): Promise<AgencyResponseDto> {
    return this.agencies.requireById(id);
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
