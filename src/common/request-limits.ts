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
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ApiProblems } from './api-docs';
import { ErrorCode, ProblemException } from './errors';
import { HeavyWork } from './heavy-work';
import { LeasedBudget } from './leased-budget';
import { sendErrorPage, wantsPage } from './outage-page';
import { sendProblem } from './problem-details.filter';

const COUNTED = Symbol('request counted');

/** Marks a rate-limited operation; the document gives its answers the RateLimit headers (openapi.ts). */
export const RATE_LIMIT_EXTENSION = 'x-iris-rate-limit';

/** The Fastify route option that puts a route under the per-address budget (set by PublicRateLimit). */
const ADDRESS_LIMITED = 'irisAddressLimited';

/** What the budgets are checked with: rate-limiter-flexible's consume and its points. */
interface Budget {
  points: number;
  consume(key: string): Promise<RateLimiterRes>;
}

/**
 * Requests a minute per client: one budget per address over every public route and page (a scraper
 * cannot multiply it by visiting more pages), one per account over the signed-in API. A setting of 0
 * turns a limit off.
 *
 * Both budgets are counted in PostgreSQL (table `request_counts`, the store the sign-in throttle uses),
 * so every replica sees one count. A busy client's points are taken from the table in leases and spent
 * from memory (LeasedBudget), so a public request costs no database write of its own. A client that has
 * used its budget is refused from memory until the minute is over, without asking the database again.
 * When the database fails, or takes longer than DATABASE_CONNECT_TIMEOUT_MS to answer, the request is
 * counted in this replica's memory instead (fail open: each replica then allows the budget on its own)
 * and goes on.
 */
@Injectable()
export class RequestLimits {
  readonly byAddress: Budget | null;
  readonly byAccount: Budget | null;

  constructor(@InjectDataSource() dataSource: DataSource, config: ConfigService<AppConfig, true>) {
    const timeoutMs = config.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true });
    const budget = (points: number, keyPrefix: string) =>
      points > 0 ? sharedBudget(dataSource, points, timeoutMs, keyPrefix) : null;
    this.byAddress = budget(config.get('PUBLIC_RATE_LIMIT_PER_MINUTE', { infer: true }), 'address');
    this.byAccount = budget(config.get('API_RATE_LIMIT_PER_MINUTE', { infer: true }), 'account');
  }

  /**
   * Counts a request to an address-limited route as soon as its headers are read, before its body: a
   * client that sends its body slowly has spent its request already, and past the budget it is answered
   * 429 without its body being waited for.
   */
  attach(fastify: FastifyInstance): void {
    const budget = this.byAddress;
    if (!budget) return;
    fastify.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config as { [ADDRESS_LIMITED]?: boolean } | undefined;
      if (!config?.[ADDRESS_LIMITED]) return;
      const refusal = await count(budget, request.ip, reply, ADDRESS_REFUSAL);
      if (!refusal) return;
      const { code, headers = {} } = refusal;
      const status = refusal.getStatus();
      // A person on a public page gets a page in their language; the API, problem details.
      if (wantsPage(request))
        sendErrorPage(request, reply, { status, message: 'web.error.tooMany', headers });
      else sendProblem(request, reply, { status, code, detail: refusal.message, headers });
      return reply;
    });
  }
}

/**
 * A budget counted in PostgreSQL in leases, refused from memory once spent, insured in memory when the
 * store fails. A lease is at most a fiftieth of the budget (6 of the default 300 a minute), so replicas
 * holding unspent points refuse a client at most that much early each.
 */
function sharedBudget(dataSource: DataSource, points: number, timeoutMs: number, keyPrefix: string): Budget {
  const insuranceLimiter = new RateLimiterMemory({ points, duration: 60, keyPrefix });
  const store = new RateLimiterPostgres({
    storeClient: dataSource,
    storeType: 'typeorm',
    tableName: 'request_counts',
    tableCreated: true,
    keyPrefix,
    points,
    duration: 60,
    // The request that spends the last point marks the address in memory until the minute is over.
    inMemoryBlockOnConsumed: points,
    insuranceLimiter,
  });
  // A frozen database must not hold the request: past the timeout, the insurance counts it.
  const limiter = new RLWrapperTimeouts({ limiter: store, timeoutMs, insuranceLimiter });
  const maxLease = Math.min(1000, Math.max(1, Math.floor(points / 50)));
  return new LeasedBudget({ consume: (key, taken) => limiter.consume(key, taken) }, points, maxLease);
}

const ADDRESS_REFUSAL = 'Too many requests from your address. Wait a minute (see Retry-After) and try again.';

/**
 * Counts one request against `budget` and answers the IETF RateLimit headers (limit, remaining, seconds
 * to reset); past the limit, the 429 problem (with Retry-After) to answer.
 */
async function count(
  budget: Budget,
  key: string,
  reply: FastifyReply,
  refusal: string,
): Promise<ProblemException | null> {
  try {
    announce(reply, budget.points, await budget.consume(key));
    return null;
  } catch (refused) {
    if (!(refused instanceof RateLimiterRes)) throw refused;
    const seconds = announce(reply, budget.points, refused);
    return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.TooManyRequests, refusal, undefined, {
      'Retry-After': String(seconds),
    });
  }
}

function announce(reply: FastifyReply, limit: number, state: RateLimiterRes): number {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  reply.header('RateLimit-Limit', limit);
  reply.header('RateLimit-Remaining', state.remainingPoints);
  reply.header('RateLimit-Reset', seconds);
  return seconds;
}

/** The per-account budget of the signed-in API, counted once the global auth guard has set the user. */
@Injectable()
export class AccountLimitGuard implements CanActivate {
  constructor(private readonly limits: RequestLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const budget = this.limits.byAccount;
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: { id: string }; [COUNTED]?: boolean }>();
    // A route limited at class and method level counts once.
    if (!budget || request[COUNTED]) return true;
    request[COUNTED] = true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const refusal = await count(budget, request.user!.id, reply, ACCOUNT_REFUSAL);
    if (refusal) throw refusal;
    return true;
  }
}

const ACCOUNT_REFUSAL = 'Too many requests from your account. Wait a minute (see Retry-After) and try again.';

/** The limits, for every feature's guards, and the bounds on heavy work (imports, PDFs). */
@Global()
@Module({
  providers: [RequestLimits, AccountLimitGuard, HeavyWork],
  exports: [RequestLimits, HeavyWork],
})
export class RequestLimitsModule {}

/**
 * The per-address limit of public routes and pages (PUBLIC_RATE_LIMIT_PER_MINUTE), documented. On a
 * controller it marks each of its routes: Nest hands Fastify the route options of methods only.
 */
export const PublicRateLimit = () =>
  applyDecorators(addressLimited, ApiProblems(429), ApiExtension(RATE_LIMIT_EXTENSION, 'address'));

function addressLimited(target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void {
  const handlers = descriptor
    ? [descriptor.value as object]
    : Object.getOwnPropertyNames((target as { prototype: object }).prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => (target as { prototype: Record<string, unknown> }).prototype[name])
        .filter((member): member is object => typeof member === 'function');
  for (const handler of handlers) {
    const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as object;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [ADDRESS_LIMITED]: true }, handler);
  }
}

/** The per-account limit of signed-in routes (API_RATE_LIMIT_PER_MINUTE), documented. */
export const AccountRateLimit = () =>
  applyDecorators(
    UseGuards(AccountLimitGuard),
    ApiProblems(429),
    ApiExtension(RATE_LIMIT_EXTENSION, 'account'),
  );
