import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { csvProblem } from '../common/csv-upload';
import type { FieldError } from '../common/errors';
import { flattenValidationErrors } from '../common/validation';
import { CreateAgencyDto } from './agencies.dto';
import { AgenciesService } from './agencies.service';
import { AGENCY_CSV_COLUMNS, AGENCY_CSV_READ_ONLY, fromCsvRow } from './agency-csv';
import { Agency } from './agency.entity';
import { ImportResultDto } from './agency-import.dto';
import { licenceDatesRefusal } from './licence-status';

interface ParsedRow {
  line: number;
  dto: CreateAgencyDto;
}

/** SPEC contract `POST /agencies/import`: upsert by licence number, every row validated as the API would. */
@Injectable()
export class AgencyImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  async import(csv: string, dryRun: boolean, actor: Actor): Promise<ImportResultDto> {
    const { rows, rejected } = await this.validateRows(parseCsv(csv));
    const result: ImportResultDto = { created: 0, updated: 0, unchanged: 0, rejected, dryRun };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await this.upsert(runner.manager, rows, result, actor);
      // A dry run does all the work, then rolls it back: its answer is exactly what the import would do.
      if (dryRun) await runner.rollbackTransaction();
      else await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    result.rejected.sort((a, b) => a.line - b.line);
    return result;
  }

  private async upsert(em: EntityManager, rows: ParsedRow[], result: ImportResultDto, actor: Actor) {
    const numbers = rows.map((row) => row.dto.licenceNumber);
    const existing = await em.find(Agency, {
      where: { licenceNumber: In(numbers) },
      lock: { mode: 'pessimistic_write' },
    });
    const byNumber = new Map(existing.map((agency) => [agency.licenceNumber, agency]));
    for (const { line, dto } of rows) {
      const agency = byNumber.get(dto.licenceNumber);
      if (!agency) {
        await this.agencies.insert(em, dto, actor);
        result.created++;
        continue;
      }
      const changes = changedFields(agency, dto);
      if (Object.keys(changes).length === 0) {
        result.unchanged++;
        continue;
      }
      const refusal = licenceDatesRefusal(
        changes.licenceIssuedOn ?? agency.licenceIssuedOn,
        changes.licenceExpiresOn ?? agency.licenceExpiresOn,
      );
      if (refusal) {
        result.rejected.push({ line, errors: [{ field: 'licenceExpiresOn', message: refusal }] });
        continue;
      }
      await this.agencies.applyChanges(em, agency, changes, actor);
      result.updated++;
    }
  }

  private async validateRows(records: ReturnType<typeof parseCsv>) {
    const rows: ParsedRow[] = [];
    const rejected: { line: number; errors: FieldError[] }[] = [];
    const seen = new Map<string, number>();
    for (const { line, row, widthError } of records) {
      if (widthError) {
        rejected.push({ line, errors: [{ field: 'row', message: widthError }] });
        continue;
      }
      const plain = fromCsvRow(Object.fromEntries(AGENCY_CSV_COLUMNS.map((c) => [c, row[c]])) as never);
      const dto = plainToInstance(CreateAgencyDto, plain);
      const errors = flattenValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      );
      const dates = errors.length === 0 && licenceDatesRefusal(dto.licenceIssuedOn, dto.licenceExpiresOn);
      if (dates) errors.push({ field: 'licenceExpiresOn', message: dates });
      const earlier = dto.licenceNumber ? seen.get(dto.licenceNumber) : undefined;
      if (earlier)
        errors.push({ field: 'licenceNumber', message: `the same licence number is on line ${earlier}` });
      if (errors.length > 0) {
        rejected.push({ line, errors });
      } else {
        seen.set(dto.licenceNumber, line);
        rows.push({ line, dto });
      }
    }
    return { rows, rejected };
  }
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/**
 * Parses the file and checks its header; an unreadable file or wrong columns is one clear 400. A row
 * with the wrong number of cells is that row's problem only. `line` is where a row starts, even when
 * a quoted cell spans lines (Alt+Enter in a spreadsheet).
 */
export function parseCsv(csv: string): { line: number; row: Record<string, string>; widthError?: string }[] {
  let records: CsvRecord[];
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(`The CSV file cannot be read: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw csvProblem('The CSV file is empty.');
  const header = records[0].record;
  const missing = AGENCY_CSV_COLUMNS.filter((column) => !header.includes(column));
  const known: readonly string[] = [...AGENCY_CSV_COLUMNS, ...AGENCY_CSV_READ_ONLY];
  const unknown = header.filter((column) => !known.includes(column));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length ? `missing columns: ${missing.join(', ')}` : '',
      unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw csvProblem(`Wrong header (${parts.join('; ')}). Expected: ${AGENCY_CSV_COLUMNS.join(',')}`);
  }
  return records.slice(1).map(({ record, info, raw }) => ({
    line: info.lines - lineBreaksWithin(raw),
    row: Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])),
    widthError:
      record.length === header.length
        ? undefined
        : `has ${record.length} cells; the header has ${header.length}`,
  }));
}

/** Line breaks inside a record's own text: not the blank lines skipped before it, nor its terminator. */
function lineBreaksWithin(raw: string): number {
  const own = raw.replace(/^(?:[ \t]*(?:\r\n|\n|\r))+/, '').replace(/(?:\r\n|\n|\r)$/, '');
  return own.match(/\r\n|\n|\r/g)?.length ?? 0;
}

function changedFields(agency: Agency, dto: CreateAgencyDto): Partial<CreateAgencyDto> {
  const changes: Partial<Record<keyof CreateAgencyDto, unknown>> = {};
  for (const key of AGENCY_CSV_COLUMNS) {
    const next = key === 'email' ? (dto.email ?? null) : dto[key];
    const same = Array.isArray(next)
      ? next.join(';') === agency.destinationCountries.join(';')
      : next === agency[key];
    if (!same) changes[key] = next;
  }
  return changes as Partial<CreateAgencyDto>;
}
