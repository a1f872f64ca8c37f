import { loadConfig } from '../config/configuration';
import { runMigrations } from './data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.database.url);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
