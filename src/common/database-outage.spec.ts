import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isTransactionClash, unavailableProblemOf } from './database-outage';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['lock_timeout', withCode('55P03', 'canceling statement due to lock timeout')],
    ['a server shutting down', withCode('57P01')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['the pool out of time to connect', new Error('timeout exceeded when trying to connect')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['the client out of time for an answer', new Error('Query read timeout')],
    ['every address refusing', new AggregateError([withCode('ECONNREFUSED')], '')],
    ['a query error wrapping a timeout', new QueryFailedError('SELECT 1', [], withCode('57014'))],
  ])('holds for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(unavailableProblemOf(error)?.getStatus()).toBe(503);
    expect(unavailableProblemOf(error)?.headers).toEqual({ 'Retry-After': '5' });
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error (a bug)', withCode('42601')],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ])('does not hold for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(unavailableProblemOf(error)).toBeNull();
  });
});

describe('isTransactionClash', () => {
  it.each([
    ['a deadlock', new QueryFailedError('UPDATE', [], withCode('40P01', 'deadlock detected'))],
    ['a serialization failure', new QueryFailedError('UPDATE', [], withCode('40001'))],
    ['a deadlock outside a query error', withCode('40P01', 'deadlock detected')],
  ])('answers %s with 503, a short Retry-After and words that say nothing was saved', (_name, error) => {
    expect(isTransactionClash(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
    const problem = unavailableProblemOf(error);
    expect(problem?.getStatus()).toBe(503);
    expect(problem?.headers).toEqual({ 'Retry-After': '1' });
    expect(problem?.message).toMatch(/nothing of it was saved/);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['lock_timeout', withCode('55P03')],
    ['nothing', null],
  ])('does not hold for %s', (_name, error) => {
    expect(isTransactionClash(error)).toBe(false);
  });
});
