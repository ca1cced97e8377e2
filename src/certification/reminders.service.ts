import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import { addDays } from '../common/lao-calendar';
import { Clock } from '../common/clock';

/** What a scheduled job changed: how many records, and which (ids or numbers). */
export interface JobResult {
  changed: number;
  items: string[];
  /** Records that could not be changed, and why; the others were (each in its own transaction). */
  errors?: string[];
}

/** How far ahead a coming surveillance audit is recorded as due. */
export const SURVEILLANCE_NOTICE_DAYS = 30;

/**
 * The certification events nobody triggers but the calendar: a finding's corrective action running
 * late, a surveillance audit coming due. Each is recorded once in the audit log (its mark makes a
 * second run find nothing), where the attention lists and the reports read them.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** Major and minor findings past their due date and not closed, each recorded once as overdue. */
  recordOverdueFindings(today = this.clock.today()): Promise<JobResult> {
    return this.dataSource.transaction(async (em) => {
      // Marked with plain SQL: a job's note must not bump the finding's version under an auditor's edit.
      // TypeORM answers an UPDATE … RETURNING as [rows, count].
      const [rows]: [{ id: string; caseId: string; criterion: string; severity: string; dueOn: string }[]] =
        await em.query(
          `UPDATE findings f SET overdue_recorded_on = $1
           FROM (SELECT id FROM findings
                 WHERE status <> 'closed' AND severity <> 'observation' AND due_on < $1
                   AND overdue_recorded_on IS NULL
                 FOR UPDATE SKIP LOCKED) due
           WHERE f.id = due.id
           RETURNING f.id, f.case_id AS "caseId", f.criterion, f.severity::text AS severity,
                     f.due_on::text AS "dueOn"`,
          [today],
        );
      await this.auditLog.recordAll(
        em,
        rows.map(({ id, ...finding }) => ({
          actor: null,
          action: 'finding.overdue',
          entityType: 'finding',
          entityId: id,
          after: { ...finding, overdueSince: addDays(finding.dueOn, 1) },
        })),
      );
      return { changed: rows.length, items: rows.map((row) => row.id) };
    });
  }

  /**
   * Certified cases whose surveillance audit is due within 30 days, and those whose audit is overdue
   * (a ground for suspension); each recorded once per due date.
   */
  recordSurveillanceDue(today = this.clock.today()): Promise<JobResult> {
    return this.dataSource.transaction(async (em) => {
      const due = await this.markSurveillance(em, 'surveillance_reminded_for', [
        'next_surveillance_on BETWEEN $1 AND $2',
        [today, addDays(today, SURVEILLANCE_NOTICE_DAYS)],
      ]);
      const overdue = await this.markSurveillance(em, 'surveillance_overdue_recorded_for', [
        'next_surveillance_on < $1',
        [today],
      ]);
      await this.auditLog.recordAll(em, [
        ...due.map(({ id, ...when }) => surveillanceEntry('certification.surveillance_due', id, when)),
        ...overdue.map(({ id, ...when }) =>
          surveillanceEntry('certification.surveillance_overdue', id, when),
        ),
      ]);
      const items = [...due, ...overdue].map((row) => row.id);
      return { changed: items.length, items };
    });
  }

  /** Sets `mark` to the due date on the certified cases matching `where` that it does not name yet. */
  private async markSurveillance(
    em: EntityManager,
    mark: 'surveillance_reminded_for' | 'surveillance_overdue_recorded_for',
    [where, parameters]: [string, string[]],
  ): Promise<{ id: string; agencyId: string; nextSurveillanceOn: string }[]> {
    // TypeORM answers an UPDATE … RETURNING as [rows, count]; plain SQL leaves the case's version alone.
    const [rows] = await em.query(
      `UPDATE certification_cases c SET ${mark} = c.next_surveillance_on
       FROM (SELECT id FROM certification_cases
             WHERE stage = 'certified' AND ${where} AND ${mark} IS DISTINCT FROM next_surveillance_on
             FOR UPDATE SKIP LOCKED) due
       WHERE c.id = due.id
       RETURNING c.id, c.agency_id AS "agencyId", c.next_surveillance_on::text AS "nextSurveillanceOn"`,
      parameters,
    );
    return rows;
  }
}

function surveillanceEntry(
  action: string,
  id: string,
  after: { agencyId: string; nextSurveillanceOn: string },
) {
  return { actor: null, action, entityType: 'certification_case', entityId: id, after };
}
