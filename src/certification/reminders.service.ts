import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { laoToday } from '../agencies/licence-status';
import { AuditLogService } from '../audit-log/audit-log.service';
import { addDays } from './dates';

/** What a scheduled job changed: how many records, and which (ids or numbers). */
export interface JobResult {
  changed: number;
  items: string[];
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
  ) {}

  /** Major and minor findings past their due date and not closed, each recorded once as overdue. */
  recordOverdueFindings(today = laoToday()): Promise<JobResult> {
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

  /** Certified cases whose surveillance audit is due within 30 days or overdue, recorded once per due date. */
  recordSurveillanceDue(today = laoToday()): Promise<JobResult> {
    return this.dataSource.transaction(async (em) => {
      const [rows]: [{ id: string; agencyId: string; nextSurveillanceOn: string }[]] = await em.query(
        `UPDATE certification_cases c SET surveillance_reminded_for = c.next_surveillance_on
         FROM (SELECT id FROM certification_cases
               WHERE stage = 'certified' AND next_surveillance_on <= $1
                 AND surveillance_reminded_for IS DISTINCT FROM next_surveillance_on
               FOR UPDATE SKIP LOCKED) due
         WHERE c.id = due.id
         RETURNING c.id, c.agency_id AS "agencyId", c.next_surveillance_on::text AS "nextSurveillanceOn"`,
        [addDays(today, SURVEILLANCE_NOTICE_DAYS)],
      );
      await this.auditLog.recordAll(
        em,
        rows.map(({ id, ...due }) => ({
          actor: null,
          action: 'certification.surveillance_due',
          entityType: 'certification_case',
          entityId: id,
          after: { ...due, overdue: due.nextSurveillanceOn < today },
        })),
      );
      return { changed: rows.length, items: rows.map((row) => row.id) };
    });
  }
}
