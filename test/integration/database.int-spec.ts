import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options';
import { MigrationsRunner } from '../../src/database/migrations-runner';
import { createTestDatabase } from '../utils/database';

describe('database schema', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    db = await new DataSource({ ...databaseOptions(database.url), logging: false }).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  const pendingSchemaChanges = async () =>
    (await db.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  it('matches the entities exactly after the migrations (no drift)', async () => {
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('runs every down migration, then every up again, and still matches the entities', async () => {
    const applied = db.migrations.length;
    expect(applied).toBeGreaterThan(0);
    for (let i = 0; i < applied; i++) await db.undoLastMigration({ transaction: 'each' });
    const tables = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['migrations']);
    const rerun = await db.runMigrations({ transaction: 'all' });
    expect(rerun).toHaveLength(applied);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('lets replicas that start together migrate one at a time, without failing', async () => {
    for (let i = 0; i < db.migrations.length; i++) await db.undoLastMigration({ transaction: 'each' });
    const options = db.options as DataSourceOptions;
    const replicas = await Promise.all(
      [1, 2, 3].map(() => new DataSource({ ...options, logging: false }).initialize()),
    );
    try {
      await Promise.all(replicas.map((replica) => new MigrationsRunner(replica).onModuleInit()));
    } finally {
      await Promise.all(replicas.map((replica) => replica.destroy()));
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM migrations`);
    expect(n).toBe(db.migrations.length);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  describe('audit_log is append-only', () => {
    beforeAll(async () => {
      await db.query(
        `INSERT INTO audit_log (action, entity_type, entity_id, after) VALUES ('user.created', 'user', 'x', '{}')`,
      );
    });

    it.each([
      ['UPDATE', `UPDATE audit_log SET action = 'forged'`],
      ['DELETE', `DELETE FROM audit_log`],
      ['TRUNCATE', `TRUNCATE audit_log`],
    ])('refuses %s', async (_op, sql) => {
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.created'`,
      );
      expect(n).toBe(1);
    });
  });
});
