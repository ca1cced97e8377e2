import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { readRows, type ImportRow, type Table } from '../common/tables';
import { HeavyWork, yieldEvery } from '../common/heavy-work';
import { inTransaction } from '../common/transactions';
import type { FieldError } from '../common/errors';
import { flattenValidationErrors } from '../common/validation';
import { CreateAgencyDto } from './agencies.dto';
import { AgenciesService, type StoredAgency } from './agencies.service';
import { AGENCY_COLUMN_RULES, AGENCY_CSV_COLUMNS, fromCsvRow } from './agency-csv';
import { ImportResultDto } from '../common/csv-import.dto';
import { licenceDatesRefusal } from './licence-status';

/** What the import did, or would do, with one line of the file (the console's preview lists them). */
export interface ImportLineOutcome {
  line: number;
  licenceNumber: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

interface ParsedRow {
  line: number;
  dto: CreateAgencyDto;
}

/** `POST /agencies/import`: upsert by licence number, every row validated as the API would. */
@Injectable()
export class AgencyImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly heavyWork: HeavyWork,
  ) {}

  /** `outcomes`, when given, receives each imported line's outcome (rejected lines are in the answer). */
  import(
    table: Table,
    dryRun: boolean,
    actor: Actor,
    outcomes?: ImportLineOutcome[],
  ): Promise<ImportResultDto> {
    return this.heavyWork.run('import', () => this.importNow(table, dryRun, actor, outcomes));
  }

  private async importNow(
    table: Table,
    dryRun: boolean,
    actor: Actor,
    outcomes?: ImportLineOutcome[],
  ): Promise<ImportResultDto> {
    const { rows, rejected } = await this.validateRows(readRows(table, AGENCY_COLUMN_RULES).rows);
    const result: ImportResultDto = {
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected,
      dryRun,
      format: table.format,
    };
    // A dry run does all the work, then rolls it back: its answer is exactly what the import would do.
    const done: ImportLineOutcome[] = [];
    await inTransaction(this.dataSource, { rollback: dryRun }, (em) =>
      this.upsert(em, rows, result, actor, done),
    );
    outcomes?.push(...done);
    result.rejected.sort((a, b) => a.line - b.line);
    return result;
  }

  private async upsert(
    em: EntityManager,
    rows: ParsedRow[],
    result: ImportResultDto,
    actor: Actor,
    done: ImportLineOutcome[],
  ) {
    // One agency import at a time: two overlapping files would otherwise lock rows in opposite orders
    // (a deadlock) or insert the same new licence (a unique violation failing the whole file). The
    // second waits, then reads the first's rows and updates them, as an upsert should.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('agencies.import'))`);
    const existing = await this.agencies.lockByLicenceNumbers(
      em,
      rows.map((row) => row.dto.licenceNumber),
    );
    const byNumber = new Map(existing.map((agency) => [agency.licenceNumber, agency]));
    // Every line is classified first, in the file's order (the preview lists them so); the writes follow
    // in bulk, a thousand rows a statement, instead of an ORM save and an audit INSERT a row.
    const fresh: CreateAgencyDto[] = [];
    const updates: { agency: StoredAgency; changes: Partial<CreateAgencyDto> }[] = [];
    for (const { line, dto } of rows) {
      const agency = byNumber.get(dto.licenceNumber);
      const outcome = (kind: ImportLineOutcome['outcome']) => {
        result[kind]++;
        done.push({ line, licenceNumber: dto.licenceNumber, outcome: kind });
      };
      if (!agency) {
        fresh.push(dto);
        outcome('created');
        continue;
      }
      const changes = changedFields(agency, dto);
      if (Object.keys(changes).length === 0) {
        outcome('unchanged');
        continue;
      }
      const refusal = licenceDatesRefusal(
        changes.licenceIssuedOn ?? agency.licenceIssuedOn,
        changes.licenceExpiresOn ?? agency.licenceExpiresOn,
      );
      if (refusal) {
        result.rejected.push({ line, errors: [datesError(refusal)] });
        continue;
      }
      updates.push({ agency, changes });
      outcome('updated');
    }
    await this.agencies.insertMany(em, fresh, actor);
    await this.agencies.applyChangesToMany(em, updates, actor);
  }

  private async validateRows(records: ImportRow[]) {
    const rows: ParsedRow[] = [];
    const rejected: { line: number; errors: FieldError[] }[] = [];
    const seen = new Map<string, number>();
    for (const [index, { line, row, widthError }] of records.entries()) {
      await yieldEvery(index);
      if (widthError) {
        rejected.push({ line, errors: [{ field: 'row', message: widthError }] });
        continue;
      }
      const dto = plainToInstance(CreateAgencyDto, fromCsvRow(row));
      const errors = flattenValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      );
      const dates = errors.length === 0 && licenceDatesRefusal(dto.licenceIssuedOn, dto.licenceExpiresOn);
      if (dates) errors.push(datesError(dates));
      const earlier = dto.licenceNumber ? seen.get(dto.licenceNumber) : undefined;
      if (earlier) {
        errors.push({
          field: 'licenceNumber',
          code: 'sameLicenceOnLine',
          params: { line: earlier },
          message: `the same licence number is on line ${earlier}`,
        });
      }
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

/** A row whose licence expires before it was issued; coded so the console words it in Lao too. */
const datesError = (message: string): FieldError => ({
  field: 'licenceExpiresOn',
  code: 'licenceDates',
  message,
});

/** The fields a row changes; a field the row leaves out (missing column, empty cell) keeps its value. */
function changedFields(agency: StoredAgency, dto: CreateAgencyDto): Partial<CreateAgencyDto> {
  const changes: Partial<Record<keyof CreateAgencyDto, unknown>> = {};
  for (const key of AGENCY_CSV_COLUMNS) {
    const next = dto[key];
    if (next === undefined) continue;
    const same = Array.isArray(next)
      ? next.join(';') === agency.destinationCountries.join(';')
      : next === agency[key];
    if (!same) changes[key] = next;
  }
  return changes as Partial<CreateAgencyDto>;
}
