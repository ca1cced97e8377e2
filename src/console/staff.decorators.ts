import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth.decorators';
import type { Role } from '../common/role';
import { StaffErrorsFilter } from './staff-errors.filter';
import { StaffGuard } from './staff.guard';
import { type Staff, STAFF_ANONYMOUS, STAFF_ROLES } from './staff';

export type { Staff } from './staff';

/**
 * A staff console controller: pages, not API (left out of the OpenAPI document), signed in by session
 * rather than bearer token, every error rendered as a page. `roles` as for the API's @Auth (admins pass).
 */
export const StaffController = () =>
  applyDecorators(Public(), ApiExcludeController(), UseGuards(StaffGuard), UseFilters(StaffErrorsFilter));

/** The roles a console page needs (none: any signed-in staff member). */
export const StaffRoles = (...roles: Role[]) => SetMetadata(STAFF_ROLES, roles);

/** A console page anyone may open without signing in (the sign-in page). */
export const Anonymous = () => SetMetadata(STAFF_ANONYMOUS, true);

export const CurrentStaff = createParamDecorator((_data: unknown, ctx: ExecutionContext): Staff => {
  return ctx.switchToHttp().getRequest<FastifyRequest & { staff: Staff }>().staff;
});
