import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiProblems } from '../common/api-docs';
import { Public } from '../common/auth.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiProblems(500)
  @Header('Cache-Control', 'no-store')
  checkLiveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the database answers; 503 when it does not. */
  @Get('ready')
  @ApiProblems(500, 503)
  @Header('Cache-Control', 'no-store')
  checkReadiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
  }
}
