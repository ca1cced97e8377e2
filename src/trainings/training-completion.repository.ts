import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';

/**
 * Who completed which training, in SQL for the questions that span trainings. The rule is completes()
 * in completion.ts: attended (present or late) days of the training >= share × all its days.
 * An agency is *trained* once one of its staff completed an IRIS training (any kind but "other").
 */
// Starts from the participants (of the agencies asked about, via participant_agency_idx) and counts each
// one's days by primary key: an aggregate over every mark first took 1.3 s for a page of 20 agencies.
// `share` is the SQL of the completion share: a placeholder.
export const completedParticipants = (share: string) => `
  FROM participants p
  JOIN trainings t ON t.id = p.training_id AND t.kind <> 'other'
  CROSS JOIN LATERAL (
    SELECT count(*) AS days, max(d.day) AS last_day FROM training_days d WHERE d.training_id = p.training_id
  ) td
  CROSS JOIN LATERAL (
    SELECT count(*) AS attended
    FROM attendance_marks m
    JOIN training_days d ON d.training_id = p.training_id AND d.day = m.day
    WHERE m.participant_id = p.id AND m.status IN ('present', 'late')
  ) a
  WHERE a.attended >= ${share}::numeric * td.days AND td.days > 0`;
/** completedParticipants() with the share as the parameter $1. */
export const COMPLETED_PARTICIPANTS = completedParticipants('$1');

/**
 * How many of the staff of the agency `agencyId` (an SQL expression of the enclosing query) completed an
 * IRIS training: people, not completions (someone who completed two workshops counts once; participants
 * are told apart by name), never who. A scalar subquery, to read beside an agency's other columns in one
 * statement; `share` is the placeholder that carries the completion share.
 */
export const completedStaffOf = (agencyId: string, share: string) =>
  `(SELECT count(DISTINCT lower(p.full_name))::int ${completedParticipants(share)} AND p.agency_id = ${agencyId})`;

const TRAINED_AGENCIES = `SELECT p.agency_id AS "agencyId", min(td.last_day)::text AS "trainedOn" ${COMPLETED_PARTICIPANTS}`;

@Injectable()
export class TrainingCompletionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  get share(): number {
    return this.config.get('TRAINING_COMPLETION_SHARE', { infer: true });
  }

  /**
   * agencyId → the last day of the first IRIS training one of its staff completed; absent when untrained;
   * every agency when `agencyIds` is left out.
   * Inside a transaction, pass its manager: a second pool connection per transaction can starve the pool.
   */
  async trainedOn(
    agencyIds?: string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (agencyIds?.length === 0) return new Map();
    const rows: { agencyId: string; trainedOn: string }[] = agencyIds
      ? await em.query(`${TRAINED_AGENCIES} AND p.agency_id = ANY($2::uuid[]) GROUP BY p.agency_id`, [
          this.share,
          agencyIds,
        ])
      : await em.query(`${TRAINED_AGENCIES} GROUP BY p.agency_id`, [this.share]);
    return new Map(rows.map((row) => [row.agencyId, row.trainedOn]));
  }

  /** Trained agencies per province, for reports. */
  async trainedByProvince(): Promise<{ province: string; agenciesTrained: number }[]> {
    return this.dataSource.query(
      `SELECT ag.province, count(*)::int AS "agenciesTrained"
       FROM (${TRAINED_AGENCIES} GROUP BY p.agency_id) trained
       JOIN agencies ag ON ag.id = trained."agencyId"
       GROUP BY ag.province ORDER BY ag.province`,
      [this.share],
    );
  }
}
