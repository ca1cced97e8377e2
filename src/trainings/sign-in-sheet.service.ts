import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { toCsv } from '../common/csv';
import { DataSource, EntityManager } from 'typeorm';
import { ImportResultDto } from '../common/csv-import.dto';
import { AgenciesService } from '../agencies/agencies.service';
import type { Actor } from '../common/auth.decorators';
import { type ColumnRules, type ImportRow, readRows, type Table, toIsoDate } from '../common/tables';
import type { FieldError } from '../common/errors';
import { HeavyWork, yieldEvery } from '../common/heavy-work';
import { inTransaction } from '../common/transactions';
import { flattenValidationErrors } from '../common/validation';
import { AttendanceService } from './attendance.service';
import { participantNameKey } from './participant-name';
import { Participant } from './participant.entity';
import { CreateParticipantDto, MarkDto } from './participants.dto';
import { requireTrainingAccess } from './training-access';
import { sheetSex, sheetStatus } from './sheet-spellings';
import { AttendanceStatus, Sex } from './training.enums';

/** The sheet's fixed columns; then one column per day of the training, headed YYYY-MM-DD. */
export const SHEET_COLUMNS = ['licenceNumber', 'fullName', 'sex', 'position', 'phone', 'email'] as const;
export const SHEET_REQUIRED_COLUMNS = ['licenceNumber', 'fullName', 'sex', 'position'] as const;

/** A training's sign-in sheet columns: a day column may be headed as any date format toIsoDate reads. */
function sheetRules(days: string[]): ColumnRules {
  return {
    required: SHEET_REQUIRED_COLUMNS,
    optional: SHEET_COLUMNS.filter((c) => !(SHEET_REQUIRED_COLUMNS as readonly string[]).includes(c)),
    extra: {
      column: (header) => {
        const day = toIsoDate(header);
        return days.includes(day) ? day : undefined;
      },
      described: `and one column per day of the training: ${days.join(', ')}`,
    },
  };
}
const STATUSES: readonly string[] = Object.values(AttendanceStatus);

/** A cell written otherwise than the API's own word, and the word it was read as ("F" → female). */
export interface Spelling {
  field: 'sex' | 'status';
  written: string;
  read: Sex | AttendanceStatus;
}
/** One person per name and agency, as POST …/participants and the database count them. */
const identity = (fullName: string, agencyId: string) => `${participantNameKey(fullName)}|${agencyId}`;

interface SheetRow {
  line: number;
  dto: CreateParticipantDto;
  marks: { day: string; status: AttendanceStatus }[];
}

/** `POST /trainings/{id}/attendance/import`: a paper sign-in sheet, typed up as CSV. */
@Injectable()
export class SignInSheetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attendance: AttendanceService,
    private readonly agencies: AgenciesService,
    private readonly heavyWork: HeavyWork,
  ) {}

  async template(trainingId: string, actor: Actor): Promise<string> {
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: true });
    const days = await this.attendance.days(this.dataSource.manager, trainingId);
    const example = [
      'MOLSW-RA-2022-001',
      'Souksavanh Phommachack',
      'female',
      'Recruitment officer',
      '020 5555 1234',
      '',
      ...days.map(() => 'present'),
    ];
    const columns = [...SHEET_COLUMNS, ...days];
    return toCsv([Object.fromEntries(columns.map((column, i) => [column, example[i]]))], columns);
  }

  async import(trainingId: string, table: Table, dryRun: boolean, actor: Actor): Promise<ImportResultDto> {
    return (await this.importReading(trainingId, table, dryRun, actor)).result;
  }

  /** The import, with how cells written in people's own ways were read, for the console's preview. */
  importReading(
    trainingId: string,
    table: Table,
    dryRun: boolean,
    actor: Actor,
  ): Promise<{ result: ImportResultDto; spellings: Spelling[] }> {
    return this.heavyWork.run('import', () => this.importNow(trainingId, table, dryRun, actor));
  }

  private async importNow(
    trainingId: string,
    table: Table,
    dryRun: boolean,
    actor: Actor,
  ): Promise<{ result: ImportResultDto; spellings: Spelling[] }> {
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: false });
    const days = await this.attendance.days(this.dataSource.manager, trainingId);
    const { columns, rows } = readRows(table, sheetRules(days));
    const dayColumns = columns.filter((c) => days.includes(c));
    const { valid, rejected, spellings } = await this.validate(rows, dayColumns);
    const result: ImportResultDto = {
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected,
      dryRun,
      format: table.format,
    };
    await inTransaction(this.dataSource, { rollback: dryRun }, async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: false, lock: true });
      await this.upsert(em, trainingId, valid, result, actor);
    });
    return { result, spellings: [...spellings.values()] };
  }

  private async upsert(
    em: EntityManager,
    trainingId: string,
    rows: SheetRow[],
    result: ImportResultDto,
    actor: Actor,
  ) {
    const existing = await this.attendance.participantsOf(em, trainingId);
    const byIdentity = new Map(existing.map((p) => [identity(p.fullName, p.agencyId), p]));
    const fresh = new Map<string, SheetRow[]>();
    const updates: { participant: Participant; dto: CreateParticipantDto }[] = [];
    const marks: MarkDto[] = [];
    for (const row of rows) {
      const key = identity(row.dto.fullName, row.dto.agencyId);
      const participant = byIdentity.get(key);
      if (!participant) {
        // A name listed twice for one agency is one person: created once, marked from every row.
        fresh.set(key, [...(fresh.get(key) ?? []), row]);
        continue;
      }
      updates.push({ participant, dto: row.dto });
      marks.push(...row.marks.map((m) => ({ ...m, participantId: participant.id })));
    }
    const groups = [...fresh.values()];
    const created = await this.attendance.insertParticipants(
      em,
      trainingId,
      groups.map((g) => g[0].dto),
      actor,
    );
    result.created = created.length;
    groups.forEach((group, i) =>
      marks.push(...group.flatMap((row) => row.marks.map((m) => ({ ...m, participantId: created[i].id })))),
    );
    const fieldsChanged = await this.attendance.updateParticipants(em, updates, actor);
    const marksChanged = await this.attendance.upsertMarks(em, trainingId, marks, actor);
    for (const id of new Set(updates.map((u) => u.participant.id))) {
      if (fieldsChanged.has(id) || marksChanged.has(id)) result.updated++;
      else result.unchanged++;
    }
  }

  /** Each row by the API's own rules (CreateParticipantDto), its agency by licence number, its marks by day. */
  private async validate(rows: ImportRow[], dayColumns: string[]) {
    const agencyIds = await this.agencies.idsByLicenceNumber([
      ...new Set(rows.map(({ row }) => (row.licenceNumber ?? '').trim().toUpperCase())),
    ]);
    const valid: SheetRow[] = [];
    const rejected: { line: number; errors: FieldError[] }[] = [];
    const spellings = new Map<string, Spelling>();
    const noted = <T extends Sex | AttendanceStatus>(field: Spelling['field'], cell: string, read: T): T => {
      const written = cell.trim();
      if (written !== read) spellings.set(`${field}|${written}`, { field, written, read });
      return read;
    };
    for (const [index, { line, row, widthError }] of rows.entries()) {
      await yieldEvery(index);
      const errors: FieldError[] = widthError ? [{ field: 'row', message: widthError }] : [];
      const licence = (row.licenceNumber ?? '').trim().toUpperCase();
      const agencyId = agencyIds.get(licence);
      if (!agencyId)
        errors.push({
          field: 'licenceNumber',
          message: `no agency is registered with licence ${licence || '(empty)'}`,
        });
      const dto = plainToInstance(CreateParticipantDto, {
        fullName: row.fullName,
        sex: ((cell) => {
          const sex = sheetSex(cell);
          return sex ? noted('sex', cell, sex) : cell.trim();
        })(row.sex ?? ''),
        position: row.position,
        agencyId: agencyId ?? '00000000-0000-4000-8000-000000000000',
        phone: row.phone || undefined,
        email: row.email || undefined,
      });
      errors.push(...flattenValidationErrors(await validate(dto)));
      const marks = dayColumns.flatMap((day) => {
        const cell = row[day] ?? '';
        const status = sheetStatus(cell);
        if (status === null) return [];
        if (status === undefined) {
          errors.push({
            field: day,
            message: `must be one of ${STATUSES.join(', ')} (or ✓, x, ມາ, ຂາດ…), or empty when not marked`,
          });
          return [];
        }
        return [{ day, status: noted('status', cell, status) }];
      });
      if (errors.length) rejected.push({ line, errors });
      else valid.push({ line, dto, marks });
    }
    return { valid, rejected, spellings };
  }
}
