import { applyDecorators, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiProblems } from './api-docs';
import { ErrorCode, ProblemException } from './errors';

/**
 * One budget per client address over all public routes and pages (not one per route), so a scraper
 * cannot multiply it by visiting more pages. Answers 429 problem details with `Retry-After`.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: unknown, tracker: string, name: string): string {
    return `public:${name}:${tracker}`;
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.TooManyRequests,
      'Too many requests from your address. Wait a minute (see Retry-After) and try again.',
    );
  }
}

/** The per-address limit of public routes (PUBLIC_RATE_LIMIT_PER_MINUTE), documented as a 429. */
export const PublicRateLimit = () => applyDecorators(UseGuards(PublicThrottlerGuard), ApiProblems(429));
