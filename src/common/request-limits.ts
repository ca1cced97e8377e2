import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Global,
  HttpStatus,
  Injectable,
  Module,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config/config';
import { ApiProblems } from './api-docs';
import { ErrorCode, ProblemException } from './errors';
import { HeavyWork } from './heavy-work';

const COUNTED = Symbol('request counted');

/** Marks a rate-limited operation; the document gives its answers the RateLimit headers (openapi.ts). */
export const RATE_LIMIT_EXTENSION = 'x-iris-rate-limit';

/**
 * Requests a minute per client: one budget per address over every public route and page (a scraper
 * cannot multiply it by visiting more pages), one per account over the signed-in API. A setting of 0
 * turns a limit off.
 */
@Injectable()
export class RequestLimits {
  readonly byAddress: RateLimiterMemory | null;
  readonly byAccount: RateLimiterMemory | null;

  constructor(config: ConfigService<AppConfig, true>) {
    this.byAddress = limiter(config.get('PUBLIC_RATE_LIMIT_PER_MINUTE', { infer: true }), 'address');
    this.byAccount = limiter(config.get('API_RATE_LIMIT_PER_MINUTE', { infer: true }), 'account');
  }
}

function limiter(points: number, keyPrefix: string): RateLimiterMemory | null {
  return points > 0 ? new RateLimiterMemory({ points, duration: 60, keyPrefix }) : null;
}

/**
 * Counts the request and answers the IETF RateLimit headers (limit, remaining, seconds to reset); past
 * the limit, 429 problem details with Retry-After.
 */
abstract class RequestLimitGuard implements CanActivate {
  protected abstract limiter(): RateLimiterMemory | null;
  protected abstract keyOf(request: FastifyRequest & { user?: { id: string } }): string;
  protected abstract readonly refusal: string;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limiter = this.limiter();
    const request = context.switchToHttp().getRequest<FastifyRequest & { [COUNTED]?: boolean }>();
    // A route limited at class and method level counts once.
    if (!limiter || request[COUNTED]) return true;
    request[COUNTED] = true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    try {
      this.announce(reply, limiter.points, await limiter.consume(this.keyOf(request)));
      return true;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const seconds = this.announce(reply, limiter.points, refused);
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCode.TooManyRequests,
        this.refusal,
        undefined,
        {
          'Retry-After': String(seconds),
        },
      );
    }
  }

  private announce(reply: FastifyReply, limit: number, state: RateLimiterRes): number {
    const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    reply.header('RateLimit-Limit', limit);
    reply.header('RateLimit-Remaining', state.remainingPoints);
    reply.header('RateLimit-Reset', seconds);
    return seconds;
  }
}

@Injectable()
export class AddressLimitGuard extends RequestLimitGuard {
  protected readonly refusal =
    'Too many requests from your address. Wait a minute (see Retry-After) and try again.';

  constructor(private readonly limits: RequestLimits) {
    super();
  }

  protected limiter() {
    return this.limits.byAddress;
  }

  protected keyOf(request: FastifyRequest): string {
    return request.ip;
  }
}

@Injectable()
export class AccountLimitGuard extends RequestLimitGuard {
  protected readonly refusal =
    'Too many requests from your account. Wait a minute (see Retry-After) and try again.';

  constructor(private readonly limits: RequestLimits) {
    super();
  }

  protected limiter() {
    return this.limits.byAccount;
  }

  // Runs after the global auth guard, which has set the user.
  protected keyOf(request: FastifyRequest & { user?: { id: string } }): string {
    return request.user!.id;
  }
}

/** The limits, for every feature's guards, and the bound on concurrent imports. */
@Global()
@Module({
  providers: [RequestLimits, AddressLimitGuard, AccountLimitGuard, HeavyWork],
  exports: [RequestLimits, HeavyWork],
})
export class RequestLimitsModule {}

/** The per-address limit of public routes and pages (PUBLIC_RATE_LIMIT_PER_MINUTE), documented. */
export const PublicRateLimit = () =>
  applyDecorators(
    UseGuards(AddressLimitGuard),
    ApiProblems(429),
    ApiExtension(RATE_LIMIT_EXTENSION, 'address'),
  );

/** The per-account limit of signed-in routes (API_RATE_LIMIT_PER_MINUTE), documented. */
export const AccountRateLimit = () =>
  applyDecorators(
    UseGuards(AccountLimitGuard),
    ApiProblems(429),
    ApiExtension(RATE_LIMIT_EXTENSION, 'account'),
  );
