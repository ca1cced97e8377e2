import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import Tokens from '@fastify/csrf';
import type { FastifyRequest } from 'fastify';
import { requestIdOf } from '../common/request-id';
import { Role } from '../common/role';
import type { AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import { type Staff, STAFF_ANONYMOUS, STAFF_ROLES, StaffSignInRequired, StaleFormError } from './staff';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The staff console's guard, on every console page: a CSRF token on every state-changing request, then a
 * live session of an active user whose credentials have not changed since it began, within the idle and
 * absolute limits (real time, as security limits are), then the page's roles. The user is re-read on
 * every request, so a deactivation ends their sessions at once.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { staff?: Staff; user?: Staff }>();
    if (!SAFE_METHODS.has(request.method)) checkCsrf(request);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(STAFF_ANONYMOUS, targets)) return true;

    const session = request.session;
    const next = request.url;
    if (!session.userId || !session.startedAt) throw new StaffSignInRequired(next);
    const now = Date.now();
    const idle = this.config.get('STAFF_SESSION_IDLE_MINUTES', { infer: true }) * 60_000;
    const max = this.config.get('STAFF_SESSION_MAX_HOURS', { infer: true }) * 3_600_000;
    if (now - session.startedAt > max || now - (session.lastSeenAt ?? session.startedAt) > idle) {
      await session.destroy();
      throw new StaffSignInRequired(next, 'expired');
    }
    const user = await this.users.findForAuth(session.userId);
    if (!user?.active || user.credentialsChangedAt.getTime() > session.startedAt) {
      await session.destroy();
      throw new StaffSignInRequired(next, 'ended');
    }
    session.lastSeenAt = now;
    const staff: Staff = {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      language: user.language,
      requestId: requestIdOf(request),
    };
    request.staff = staff;
    // The account's request limit and the services read the person here, as for the API.
    request.user = staff;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(STAFF_ROLES, targets) ?? [];
    if (roles.length && !user.roles.includes(Role.Admin) && !roles.some((r) => user.roles.includes(r))) {
      throw new ForbiddenException(`This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}

const tokens = new Tokens({});

/**
 * The token @fastify/csrf-protection put in the page (reply.generateCsrf, its secret in the session) must
 * come back with the form. Checked here rather than by the plugin's hook, which answers on its own
 * instead of letting the console render a page.
 */
function checkCsrf(request: FastifyRequest): void {
  const secret = (request.session as { _csrf?: string })._csrf;
  const token =
    (request.body as { _csrf?: string } | undefined)?._csrf ??
    (request.headers['x-csrf-token'] as string | undefined) ??
    (request.query as { _csrf?: string } | undefined)?._csrf;
  if (!secret || !token || !tokens.verify(secret, token)) throw new StaleFormError();
}
