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

/**
 * A console form's fields as the browser posted them (application/x-www-form-urlencoded; a repeated
 * name gives an array). Any other body is an empty form, never a failure: a multipart body, whose parts
 * only the upload pages read (from the stream), or JSON that is not an object.
 */
export const FormFields = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const body: unknown = ctx.switchToHttp().getRequest<FastifyRequest>().body;
  const isFields =
    body !== null && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body);
  return (isFields ? body : {}) as Record<string, unknown>;
});

export const CurrentStaff = createParamDecorator((_data: unknown, ctx: ExecutionContext): Staff => {
  return ctx.switchToHttp().getRequest<FastifyRequest & { staff: Staff }>().staff;
});
