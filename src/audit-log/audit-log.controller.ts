import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { Auth } from '../common/auth.decorators';
import { Role } from '../common/role';
import { AuditLogPageDto, AuditLogQueryDto } from './audit-log.dto';
import { AuditLogService } from './audit-log.service';

@ApiTags('audit-log')
@ApiProblems(400, 500)
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  /** List audit-log entries, newest first, filtered by entity or actor. */
  @Get()
  @Auth(Role.Ministry, Role.Iom, Role.Admin)
  listAuditLog(@Query() query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    return this.auditLog.list(query);
  }
}
