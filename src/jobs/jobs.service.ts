import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { LAO_TIME_ZONE, laoToday } from '../agencies/licence-status';
import { AuditLogService } from '../audit-log/audit-log.service';
import { CasesService } from '../certification/cases.service';
import { type JobResult, RemindersService } from '../certification/reminders.service';
import type { Actor } from '../common/auth.decorators';
import { JobRun, JobRunStatus, JobTrigger } from './job-run.entity';

export interface JobDefinition {
  name: string;
  /** Cron expression in Lao time. */
  schedule: string;
  description: string;
  run: () => Promise<JobResult>;
}

const MAX_ITEMS = 100;

/**
 * Every scheduled job in one place (issue 8). A scheduled run first claims its Lao day in `job_runs`
 * (unique job + day), so with several replicas each job runs once a day; every run, scheduled or asked
 * for by an admin, then holds a PostgreSQL advisory lock, so two runs of one job never overlap.
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  readonly jobs: readonly JobDefinition[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
    agencies: AgenciesService,
    cases: CasesService,
    reminders: RemindersService,
  ) {
    this.jobs = [
      {
        name: 'licence-expiry',
        schedule: '5 0 * * *',
        description: 'Records active licences past their expiry date as expired, with a licence history row.',
        run: () => agencies.expireLapsedLicences(),
      },
      {
        name: 'certificate-expiry',
        schedule: '10 0 * * *',
        description: 'Moves certified cases whose certificate reached its expiry date to expired.',
        run: () => cases.expireLapsedCases(),
      },
      {
        name: 'overdue-findings',
        schedule: '15 0 * * *',
        description: 'Records major and minor findings past their due date and not closed, once each.',
        run: () => reminders.recordOverdueFindings(),
      },
      {
        name: 'surveillance-due',
        schedule: '20 0 * * *',
        description: 'Records certified cases whose surveillance audit is due within 30 days or overdue.',
        run: () => reminders.recordSurveillanceDue(),
      },
    ];
  }

  @Cron('5 0 * * *', { name: 'licence-expiry', timeZone: LAO_TIME_ZONE })
  licenceExpiry(): Promise<JobRun | null> {
    return this.runScheduled('licence-expiry');
  }

  @Cron('10 0 * * *', { name: 'certificate-expiry', timeZone: LAO_TIME_ZONE })
  certificateExpiry(): Promise<JobRun | null> {
    return this.runScheduled('certificate-expiry');
  }

  @Cron('15 0 * * *', { name: 'overdue-findings', timeZone: LAO_TIME_ZONE })
  overdueFindings(): Promise<JobRun | null> {
    return this.runScheduled('overdue-findings');
  }

  @Cron('20 0 * * *', { name: 'surveillance-due', timeZone: LAO_TIME_ZONE })
  surveillanceDue(): Promise<JobRun | null> {
    return this.runScheduled('surveillance-due');
  }

  require(name: string): JobDefinition {
    const job = this.jobs.find((candidate) => candidate.name === name);
    if (!job) {
      throw new NotFoundException(
        `No job is called ${name}; jobs: ${this.jobs.map((j) => j.name).join(', ')}.`,
      );
    }
    return job;
  }

  /** The day's run of `name`, unless another replica claimed it already (then null). */
  async runScheduled(name: string, day = laoToday()): Promise<JobRun | null> {
    const job = this.require(name);
    const claimed: { id: string }[] = await this.dataSource.query(
      `INSERT INTO job_runs (job, slot, trigger, status) VALUES ($1, $2, 'schedule', 'running')
       ON CONFLICT (job, slot) WHERE slot IS NOT NULL DO NOTHING RETURNING id`,
      [name, day],
    );
    if (claimed.length === 0) {
      this.logger.debug(`Job ${name} for ${day} already ran elsewhere`);
      return null;
    }
    return this.execute(job, claimed[0].id);
  }

  /** A run an admin asked for: refused (409) while the same job is running. */
  async runNow(name: string, actor: Actor): Promise<JobRun> {
    const job = this.require(name);
    const run = await this.dataSource.getRepository(JobRun).save({
      job: name,
      slot: null,
      trigger: JobTrigger.Manual,
      triggeredBy: actor.id,
      status: JobRunStatus.Running,
    });
    const finished = await this.execute(job, run.id);
    await this.dataSource.transaction((em) =>
      this.auditLog.record(em, {
        actor,
        action: 'job.run',
        entityType: 'job',
        entityId: name,
        after: { runId: finished.id, status: finished.status, changed: finished.changed },
      }),
    );
    if (finished.status === JobRunStatus.Skipped) {
      throw new ConflictException(`The job ${name} is running already; try again when it has finished.`);
    }
    return finished;
  }

  /** Runs `job` under its advisory lock and records the outcome on run `runId`. */
  private async execute(job: JobDefinition, runId: string): Promise<JobRun> {
    const runs = this.dataSource.getRepository(JobRun);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
        `iris-lao.job.${job.name}`,
      ]);
      if (!locked) {
        await runs.update(runId, {
          status: JobRunStatus.Skipped,
          finishedAt: new Date(),
          details: { note: 'another run of this job was in progress' },
        });
        return runs.findOneByOrFail({ id: runId });
      }
      try {
        const result = await job.run();
        await runs.update(runId, {
          status: JobRunStatus.Succeeded,
          finishedAt: new Date(),
          changed: result.changed,
          details: { items: result.items.slice(0, MAX_ITEMS) },
        });
        this.logger.log(
          { job: job.name, runId, changed: result.changed, items: result.items.slice(0, 20) },
          `Job ${job.name} changed ${result.changed}`,
        );
      } catch (error) {
        this.logger.error({ job: job.name, runId, err: error }, `Job ${job.name} failed`);
        await runs.update(runId, {
          status: JobRunStatus.Failed,
          finishedAt: new Date(),
          error: (error as Error).message,
        });
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`iris-lao.job.${job.name}`]);
      }
      return runs.findOneByOrFail({ id: runId });
    } finally {
      await lock.release();
    }
  }
}
