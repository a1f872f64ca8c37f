import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

// Calendar dates stay 'YYYY-MM-DD' strings (a JS Date would shift them by the time zone);
// bigint and numeric already arrive as strings and are mapped explicitly, never parseFloat.
types.setTypeParser(types.builtins.DATE, (v: string) => v);
import { migrations } from '../../migrations';
import { PreparingClient } from './prepared';

/**
 * The `application_name` of this process's database sessions: 'abonent' for the API, and
 * 'abonent-worker' once the worker process says so at start (worker.ts), so the batch's sessions can
 * be told apart from the API's in pg_stat_activity (and given settings of their own).
 */
let sessionName = 'abonent';
export function nameDatabaseSessions(name: string): void {
  sessionName = name;
}

/** TypeORM options: migrations only, never synchronize; bounded pool with timeouts. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    entities: [],
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 120_000,
      application_name: sessionName,
      // Marked hot statements run as named prepared statements (prepared.ts).
      Client: PreparingClient,
    },
  };
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
