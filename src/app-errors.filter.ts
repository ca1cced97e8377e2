import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unavailableProblemOf } from './common/database-outage';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { StaffErrorsFilter } from './console/staff-errors.filter';
import { STAFF_PREFIX } from './console/staff-sessions';

const CONSOLE_URL = new RegExp(`^${STAFF_PREFIX}(/|\\?|$)`);

/**
 * The last resort for errors no route's own filter answered, among them those raised before any route
 * runs: an address no route matches, a body of a type no parser reads. Under /staff they are the
 * console's error page, as every other answer there is (once the session is read, which the page's
 * forms need); everywhere else, problem details. A database outage keeps the one page it has on the
 * public site and the console alike.
 */
@Catch()
@Injectable()
export class AppErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly problems: ProblemDetailsFilter,
    private readonly console: StaffErrorsFilter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (CONSOLE_URL.test(request.url ?? '') && request.session && !unavailableProblemOf(exception)) {
      return this.console.catch(exception, host);
    }
    return this.problems.catch(exception, host);
  }
}
