import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC, ROLES } from '../common/auth.decorators';
import { ErrorCode, ProblemException } from '../common/errors';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import type { TokenClaims } from './auth.service';

const unauthorized = (code: ErrorCode, detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, code, detail);

/**
 * The global guard: every route needs a signed-in, active user unless marked @Public(),
 * and one of the route's roles when it names any. The user is checked on each request (kept in
 * memory only until the users table changes, UsersService.findForAuth), so a deactivation or a role
 * change takes effect at once, whatever tokens are out there.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    // Exactly "Bearer <token>": anything after the token is a malformed header, not ignored.
    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      throw unauthorized(
        ErrorCode.Unauthenticated,
        'Sign in first: send the access token as "Authorization: Bearer <token>".',
      );
    }
    const claims = await this.jwt.verifyAsync<TokenClaims>(token).catch(() => null);
    // A token must expire (RFC8725) and name a user by id; one the service did not shape is not trusted.
    if (!claims || typeof claims.exp !== 'number' || !isUUID(claims.sub)) {
      throw unauthorized(
        ErrorCode.Unauthenticated,
        'The access token is invalid or has expired; sign in again.',
      );
    }
    const user = await this.users.findForAuth(claims.sub);
    if (!user?.active) throw unauthorized(ErrorCode.AccountDeactivated, 'This account is deactivated.');
    // A password reset or a deactivation since the token was issued ends it.
    if (
      typeof claims.iat !== 'number' ||
      claims.iat < Math.floor(user.credentialsChangedAt.getTime() / 1000)
    ) {
      throw unauthorized(ErrorCode.Unauthenticated, 'The access token is no longer valid; sign in again.');
    }
    request.user = { id: user.id, email: user.email, name: user.name, roles: user.roles };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [];
    const allowed =
      roles.length === 0 || user.roles.includes(Role.Admin) || roles.some((r) => user.roles.includes(r));
    if (!allowed) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        ErrorCode.Forbidden,
        `This needs one of the roles: ${roles.join(', ')}.`,
      );
    }
    return true;
  }
}
