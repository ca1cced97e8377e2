import { NotFoundException } from '@nestjs/common';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { DomainError, ErrorCode } from './errors';

/**
 * Every change sends the `version` it read (docs/certification.md, "Two people at once"): a stale one is
 * 409 STALE_VERSION and nothing is written, so nobody overwrites a change they have not seen.
 */
export function assertVersion(record: { version: number }, sent: number, what: string): void {
  if (record.version !== sent) {
    throw new DomainError(
      ErrorCode.StaleVersion,
      `The ${what} was changed by someone else (version ${record.version}, you sent ${sent}); reload it and try again.`,
    );
  }
}

/**
 * Loads and locks (FOR UPDATE) the record a change is about, then checks the version sent: the one way
 * every PATCH and move starts. 404 when there is no such record.
 */
export async function lockForChange<T extends ObjectLiteral & { id: string; version: number }>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  version: number,
  what: string,
): Promise<T> {
  const record = await em.findOne(entity, {
    where: { id } as FindOptionsWhere<T>,
    lock: { mode: 'pessimistic_write' },
  });
  if (!record) throw new NotFoundException(`No ${what} with id ${id}`);
  assertVersion(record, version, what);
  return record;
}

/**
 * Applies a PATCH body's fields to `record`: a field left out (undefined) keeps its value, `null` clears
 * it (where the DTO allows null). Answers the record.
 */
export function applyPatch<T extends object>(record: T, changes: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) (record as Record<string, unknown>)[key] = value;
  }
  return record;
}
