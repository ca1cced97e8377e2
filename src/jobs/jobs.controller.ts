import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { Role } from '../common/role';
import {
  JOB_NAMES,
  JobListDto,
  JobRunDto,
  JobRunPageDto,
  JobRunQueryDto,
  toJobRunResponse,
} from './jobs.dto';
import { JobsQueryService } from './jobs-query.service';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@ApiProblems(400, 500)
@Auth(Role.Admin)
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly query: JobsQueryService,
  ) {}

  /** The scheduled jobs, their schedules and their latest runs. */
  @Get()
  listJobs(): Promise<JobListDto> {
    return this.query.list();
  }

  /** Past runs, newest first: when, scheduled or asked for, and what each changed. */
  @Get('runs')
  listJobRuns(@Query() query: JobRunQueryDto): Promise<JobRunPageDto> {
    return this.query.runs(query);
  }

  /** Run a job now (it also runs on its schedule); 409 while the same job is running. */
  @Post(':name/runs')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiProblems(404, 409)
  async runJob(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<JobRunDto> {
    return toJobRunResponse(await this.jobs.runNow(name, actor));
  }
}
