import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { COMPLETED_PARTICIPANTS } from '../trainings/training-completion.repository';

export interface Period {
  from: string;
  to: string;
}

type Row = Record<string, unknown>;

/** Trainings with at least one day in the period (the parameters `from` and `to`): the period's "trainings held". */
const held = (from = '$1', to = '$2') => `SELECT t.id FROM trainings t
  WHERE EXISTS (SELECT 1 FROM training_days d WHERE d.training_id = t.id AND d.day BETWEEN ${from} AND ${to})`;

/** "A valid certificate today" (`today`: its parameter): the SQL twin of effectiveCertificateStatus() = valid. */
const validOn = (today: string) => `c.status = 'valid' AND c.expires_on > ${today}`;

/**
 * The reports' aggregate reads: each figure is one GROUP BY over an indexed column, never a
 * loop over rows. Current-state figures read as of `today`; activity figures count within a period.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Per province: agencies, active licences (as read today), trained (ever) and certified (today). */
  agenciesByProvince(em: EntityManager, today: string, share: number): Promise<Row[]> {
    // $1 is the completion share (COMPLETED_PARTICIPANTS), $2 today.
    return em.query(
      `WITH trained AS (SELECT DISTINCT p.agency_id ${COMPLETED_PARTICIPANTS})
       SELECT a.province,
              count(*)::int AS agencies,
              count(*) FILTER (WHERE a.licence_status = 'active' AND a.licence_expires_on >= $2)::int AS "activeLicences",
              count(*) FILTER (WHERE a.licence_status = 'active' AND a.licence_expires_on < $2)::int AS "lapsed",
              count(*) FILTER (WHERE a.licence_status = 'suspended')::int AS suspended,
              count(*) FILTER (WHERE a.licence_status = 'revoked')::int AS revoked,
              count(*) FILTER (WHERE a.licence_status = 'expired')::int AS expired,
              count(trained.agency_id)::int AS trained,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM certificates c
                WHERE c.agency_id = a.id AND ${validOn('$2')}))::int AS certified
       FROM agencies a LEFT JOIN trained ON trained.agency_id = a.id
       GROUP BY a.province`,
      [share, today],
    );
  }

  casesByStage(em: EntityManager): Promise<{ stage: string; count: number }[]> {
    return em.query(`SELECT stage::text, count(*)::int AS count FROM certification_cases GROUP BY stage`);
  }

  /** Cases opened, and moves into certified from an audit (first certifications), in the period. */
  async caseActivity(em: EntityManager, period: Period): Promise<{ opened: number; certified: number }> {
    const [row] = await em.query(
      `SELECT (SELECT count(*) FROM certification_cases
                WHERE (opened_at AT TIME ZONE 'Asia/Vientiane')::date BETWEEN $1 AND $2)::int AS opened,
              (SELECT count(*) FROM certification_transitions
                WHERE to_stage = 'certified' AND from_stage IN ('audit', 'corrective_action')
                  AND (at AT TIME ZONE 'Asia/Vientiane')::date BETWEEN $1 AND $2)::int AS certified`,
      [period.from, period.to],
    );
    return row;
  }

  /** Trainings held in the period, and their participants by sex. */
  async trainingsHeld(
    em: EntityManager,
    period: Period,
  ): Promise<{ held: number; bySex: { sex: string; count: number }[] }> {
    const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM (${held()}) h`, [
      period.from,
      period.to,
    ]);
    const bySex = await em.query(
      `SELECT sex::text, count(*)::int AS count FROM participants WHERE training_id IN (${held()}) GROUP BY sex`,
      [period.from, period.to],
    );
    return { held: count, bySex };
  }

  /** Participants who completed an IRIS training held in the period: by sex, and their agencies' provinces. */
  completedInPeriod(
    em: EntityManager,
    period: Period,
    share: number,
  ): Promise<{ sex: string; agencyId: string; province: string }[]> {
    return em.query(
      `SELECT done.sex, done."agencyId", a.province
       FROM (SELECT p.sex::text AS sex, p.agency_id AS "agencyId" ${COMPLETED_PARTICIPANTS}
             AND p.training_id IN (${held('$2', '$3')})) done
       JOIN agencies a ON a.id = done."agencyId"`,
      [share, period.from, period.to],
    );
  }

  /** Valid and suspended certificates today, and the valid ones expiring within 90 days. */
  async certificateStock(em: EntityManager, today: string, in90Days: string) {
    const [row] = await em.query(
      `SELECT count(*) FILTER (WHERE ${validOn('$1')})::int AS valid,
              count(*) FILTER (WHERE c.status = 'suspended' AND c.expires_on > $1)::int AS suspended,
              count(*) FILTER (WHERE ${validOn('$1')} AND c.expires_on <= $2)::int AS "expiringWithin90Days"
       FROM certificates c WHERE c.status IN ('valid', 'suspended')`,
      [today, in90Days],
    );
    return row as { valid: number; suspended: number; expiringWithin90Days: number };
  }

  /** Certificates issued per month of the period, every month listed. */
  issuedByMonth(em: EntityManager, period: Period): Promise<{ month: string; count: number }[]> {
    return em.query(
      `SELECT to_char(m, 'YYYY-MM') AS month,
              (SELECT count(*) FROM certificates c
                WHERE c.issued_on BETWEEN greatest(m::date, $1::date)
                  AND least((m + interval '1 month - 1 day')::date, $2::date))::int AS count
       FROM generate_series(date_trunc('month', $1::date), date_trunc('month', $2::date), interval '1 month') m
       ORDER BY m`,
      [period.from, period.to],
    );
  }

  /** Findings not closed today by severity and principle, with how many are overdue; and those raised in the period. */
  openFindings(
    em: EntityManager,
    today: string,
  ): Promise<{ principle: string; severity: string; open: number; overdue: number }[]> {
    return em.query(
      `SELECT cr.principle, f.severity::text AS severity, count(*)::int AS open,
              count(*) FILTER (WHERE f.severity <> 'observation' AND f.due_on < $1)::int AS overdue
       FROM findings f JOIN iris_criteria cr ON cr.code = f.criterion
       WHERE f.status <> 'closed'
       GROUP BY cr.principle, f.severity`,
      [today],
    );
  }

  async findingsRaised(em: EntityManager, period: Period): Promise<number> {
    const [{ count }] = await em.query(
      `SELECT count(*)::int AS count FROM findings
       WHERE (created_at AT TIME ZONE 'Asia/Vientiane')::date BETWEEN $1 AND $2`,
      [period.from, period.to],
    );
    return count;
  }

  /** The IRIS principles in the Standard's order (A, B, 1–5) with their titles. */
  principles(em: EntityManager): Promise<{ principle: string; title: string }[]> {
    return em.query(
      `SELECT code AS principle, title FROM iris_criteria WHERE code = principle
       ORDER BY position(principle in 'AB12345')`,
    );
  }

  /** Every certificate with its agency, newest first, for the CSV list. */
  certificateList(): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT c.number, c.status::text AS status, c.status_reason AS "statusReason", c.issued_on::text AS "issuedOn",
              c.original_issued_on::text AS "originalIssuedOn", c.expires_on::text AS "expiresOn",
              c.superseded_by AS "supersededBy", a.licence_number AS "licenceNumber", a.name_lo AS "nameLo",
              a.name_en AS "nameEn", a.province
       FROM certificates c JOIN agencies a ON a.id = c.agency_id
       ORDER BY c.issued_on DESC, c.number DESC`,
    );
  }

  /** Every finding with its case's agency and audit, for the CSV list. */
  findingList(): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT a.licence_number AS "licenceNumber", a.name_lo AS "nameLo", a.name_en AS "nameEn",
              f.case_id AS "caseId", au.type::text AS "auditType", au.conducted_on::text AS "auditConductedOn",
              f.criterion, cr.principle, f.severity::text AS severity, f.status::text AS status,
              f.due_on::text AS "dueOn", f.closed_on::text AS "closedOn", f.description,
              f.corrective_action_plan AS "correctiveActionPlan"
       FROM findings f
       JOIN audits au ON au.id = f.audit_id
       JOIN certification_cases cc ON cc.id = f.case_id
       JOIN agencies a ON a.id = cc.agency_id
       JOIN iris_criteria cr ON cr.code = f.criterion
       ORDER BY a.name_en, f.created_at`,
    );
  }

  /** Participation in the trainings held in the period: one row per participant (staff only). */
  participationList(period: Period): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT t.title, t.kind::text AS kind, t.province AS "trainingProvince",
              (SELECT min(day)::text FROM training_days d WHERE d.training_id = t.id) AS "firstDay",
              (SELECT max(day)::text FROM training_days d WHERE d.training_id = t.id) AS "lastDay",
              (SELECT count(*) FROM training_days d WHERE d.training_id = t.id)::int AS days,
              p.id AS "participantId", p.full_name AS "fullName", p.sex::text AS sex, p.position,
              a.licence_number AS "licenceNumber", a.name_lo AS "agencyNameLo", a.name_en AS "agencyNameEn",
              (SELECT count(*) FROM attendance_marks m JOIN training_days d
                 ON d.training_id = t.id AND d.day = m.day
               WHERE m.participant_id = p.id AND m.status IN ('present', 'late'))::int AS "daysAttended"
       FROM participants p
       JOIN trainings t ON t.id = p.training_id
       JOIN agencies a ON a.id = p.agency_id
       WHERE t.id IN (${held()})
       ORDER BY "firstDay", t.title, p.full_name`,
      [period.from, period.to],
    );
  }
}
