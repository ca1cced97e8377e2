import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Role } from './role';
import { ApiProblems } from './api-docs';
import { AccountRateLimit } from './request-limits';
import { requestIdOf } from './request-id';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** The signed-in user acting on a request, and the request id their changes are logged under. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  requestId: string;
}

/** Opts a route out of the global guard: anyone may call it. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Requires a signed-in user, with one of `roles` when given (admins pass every role check), and
 * documents the bearer scheme and the 401/403 problems.
 */
export const Auth = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiBearerAuth(), ApiProblems(401, 403), AccountRateLimit());

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user: Omit<Actor, 'requestId'> }>();
  return { ...request.user, requestId: requestIdOf(request) };
});
