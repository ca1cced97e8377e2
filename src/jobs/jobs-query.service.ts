import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LAO_TIME_ZONE } from '../common/lao-calendar';
import { pageOf, toPage } from '../common/pagination';
import { JobRun } from './job-run.entity';
import { JobListDto, JobRunPageDto, JobRunQueryDto, toJobRunResponse } from './jobs.dto';
import { JobsService } from './jobs.service';

/** Reading the jobs and their runs, for the admins. */
@Injectable()
export class JobsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async list(): Promise<JobListDto> {
    const latest: JobRun[] = await this.dataSource
      .getRepository(JobRun)
      .createQueryBuilder('r')
      .distinctOn(['r.job'])
      .orderBy('r.job')
      .addOrderBy('r.startedAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getMany();
    const byJob = new Map(latest.map((run) => [run.job, run]));
    return {
      items: this.jobs.jobs.map((job) => ({
        name: job.name,
        schedule: job.schedule,
        timeZone: LAO_TIME_ZONE,
        description: job.description,
        lastRun: byJob.has(job.name) ? toJobRunResponse(byJob.get(job.name)!) : null,
      })),
    };
  }

  async runs(query: JobRunQueryDto): Promise<JobRunPageDto> {
    const qb = this.dataSource.getRepository(JobRun).createQueryBuilder('r');
    if (query.job) qb.where('r.job = :job', { job: query.job });
    qb.orderBy('r.startedAt', 'DESC').addOrderBy('r.id', 'DESC');
    const { items, total } = await pageOf(qb, query);
    return toPage(items.map(toJobRunResponse), total, query);
  }
}
