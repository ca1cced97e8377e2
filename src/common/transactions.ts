import { DataSource, EntityManager } from 'typeorm';

/** Runs `work` in one transaction, then commits it, or rolls it back when `rollback` (dry runs) or on error. */
export async function inTransaction<T>(
  dataSource: DataSource,
  { rollback }: { rollback: boolean },
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const result = await work(runner.manager);
    if (rollback) await runner.rollbackTransaction();
    else await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
