import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { LAO_TIME_ZONE } from '../common/lao-calendar';
import { AuditLogService } from '../audit-log/audit-log.service';
import { CasesService } from '../certification/cases.service';
import { type JobResult, RemindersService } from '../certification/reminders.service';
import type { Actor } from '../common/auth.decorators';
import { JobRun, JobRunStatus, JobTrigger } from './job-run.entity';
import { Clock } from '../common/clock';

export interface JobDefinition {
  name: string;
  /** Cron expression in Lao time. */
  schedule: string;
  description: string;
  run: () => Promise<JobResult>;
}

const MAX_ITEMS = 100;

/** When each job runs, Lao time: read by the @Cron decorators below and shown by GET /jobs. */
export const SCHEDULES = {
  'licence-expiry': '5 0 * * *',
  'certificate-expiry': '10 0 * * *',
  'overdue-findings': '15 0 * * *',
  'surveillance-due': '20 0 * * *',
} as const;

/**
 * Every scheduled job in one place. A scheduled run first claims its Lao day in `job_runs`
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
    private readonly clock: Clock,
    agencies: AgenciesService,
    cases: CasesService,
    reminders: RemindersService,
  ) {
    this.jobs = [
      {
        name: 'licence-expiry',
        schedule: SCHEDULES['licence-expiry'],
        description: 'Records active licences past their expiry date as expired, with a licence history row.',
        run: () => agencies.expireLapsedLicences(),
      },
      {
        name: 'certificate-expiry',
        schedule: SCHEDULES['certificate-expiry'],
        description: 'Moves certified cases whose certificate reached its expiry date to expired.',
        run: () => cases.expireLapsedCases(),
      },
      {
        name: 'overdue-findings',
        schedule: SCHEDULES['overdue-findings'],
        description: 'Records major and minor findings past their due date and not closed, once each.',
        run: () => reminders.recordOverdueFindings(),
      },
      {
        name: 'surveillance-due',
        schedule: SCHEDULES['surveillance-due'],
        description: 'Records certified cases whose surveillance audit is due within 30 days or overdue.',
        run: () => reminders.recordSurveillanceDue(),
      },
    ];
  }

  @Cron(SCHEDULES['licence-expiry'], { name: 'licence-expiry', timeZone: LAO_TIME_ZONE })
  licenceExpiry(): Promise<JobRun | null> {
    return this.runScheduled('licence-expiry');
  }

  @Cron(SCHEDULES['certificate-expiry'], { name: 'certificate-expiry', timeZone: LAO_TIME_ZONE })
  certificateExpiry(): Promise<JobRun | null> {
    return this.runScheduled('certificate-expiry');
  }

  @Cron(SCHEDULES['overdue-findings'], { name: 'overdue-findings', timeZone: LAO_TIME_ZONE })
  overdueFindings(): Promise<JobRun | null> {
    return this.runScheduled('overdue-findings');
  }

  @Cron(SCHEDULES['surveillance-due'], { name: 'surveillance-due', timeZone: LAO_TIME_ZONE })
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

  /**
   * The day's run of `name`. Under the job's lock, it claims the day in `job_runs`: a day already
   * succeeded (another replica, a restart) is left alone (null); one left `running` by a process that
   * died, or `failed`, is claimed again. While another run holds the lock, this one does nothing (null).
   */
  async runScheduled(name: string, day = this.clock.today()): Promise<JobRun | null> {
    const job = this.require(name);
    return this.underLock(job, async () => {
      const claimed: { id: string }[] = await this.dataSource.query(
        `INSERT INTO job_runs (job, slot, trigger, status) VALUES ($1, $2, 'schedule', 'running')
         ON CONFLICT (job, slot) WHERE slot IS NOT NULL
         DO UPDATE SET status = 'running', started_at = now(), finished_at = NULL, changed = 0,
                       details = NULL, error = NULL
         WHERE job_runs.status <> 'succeeded'
         RETURNING id`,
        [name, day],
      );
      if (claimed.length === 0) {
        this.logger.debug(`Job ${name} for ${day} already ran`);
        return null;
      }
      return this.execute(job, claimed[0].id);
    });
  }

  /** A run an admin asked for: refused (409) while the same job is running, here or on another replica. */
  async runNow(name: string, actor: Actor): Promise<JobRun> {
    const job = this.require(name);
    const finished = await this.underLock(job, async () => {
      const run = await this.dataSource.getRepository(JobRun).save({
        job: name,
        slot: null,
        trigger: JobTrigger.Manual,
        triggeredBy: actor.id,
        status: JobRunStatus.Running,
      });
      return this.execute(job, run.id);
    });
    if (!finished) {
      throw new ConflictException(`The job ${name} is running already; try again when it has finished.`);
    }
    await this.dataSource.transaction((em) =>
      this.auditLog.record(em, {
        actor,
        action: 'job.run',
        entityType: 'job',
        entityId: name,
        after: { runId: finished.id, status: finished.status, changed: finished.changed },
      }),
    );
    return finished;
  }

  /** `work` while holding the job's session advisory lock, on a connection of its own; null when taken. */
  private async underLock<T>(job: JobDefinition, work: () => Promise<T>): Promise<T | null> {
    const key = `iris-lao.job.${job.name}`;
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key]);
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
      }
    } finally {
      await lock.release();
    }
  }

  /**
   * Runs `job` and records its outcome on run `runId`: what it changed, also when part of it failed
   * (a job's records are each in their own transaction; see JobResult.errors).
   */
  private async execute(job: JobDefinition, runId: string): Promise<JobRun> {
    let result: JobResult;
    try {
      result = await job.run();
    } catch (error) {
      this.logger.error({ job: job.name, runId, err: error }, `Job ${job.name} failed`);
      result = { changed: 0, items: [], errors: [(error as Error).message] };
    }
    const failed = (result.errors?.length ?? 0) > 0;
    const runs = this.dataSource.getRepository(JobRun);
    await runs.update(runId, {
      status: failed ? JobRunStatus.Failed : JobRunStatus.Succeeded,
      finishedAt: this.clock.now(),
      changed: result.changed,
      details: { items: result.items.slice(0, MAX_ITEMS) },
      error: failed ? result.errors!.join('; ').slice(0, 2000) : null,
    });
    this.logger.log(
      {
        job: job.name,
        runId,
        changed: result.changed,
        items: result.items.slice(0, 20),
        errors: result.errors,
      },
      `Job ${job.name} ${failed ? 'failed after changing' : 'changed'} ${result.changed}`,
    );
    return runs.findOneByOrFail({ id: runId });
  }
}
