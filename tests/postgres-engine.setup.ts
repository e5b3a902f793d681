import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/index.ts';
import { startPostgres } from './helpers-postgres.ts';

// Loaded outside the test workers, by Node itself: it imports the store only, not the app.
const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'db');

/** The migrated, empty database every test database of the PostgreSQL pass is copied from. */
export const TEMPLATE_DATABASE = 'graph_template';

/**
 * The PostgreSQL pass (`npm run test:postgres`): one private cluster for the run, with a migrated
 * template database; `testApp` then gives each test a fresh copy of it (see tests/helpers.ts).
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_ENGINE !== 'postgres') return undefined;
  const cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = new URL(cluster.url);
  template.pathname = `/${TEMPLATE_DATABASE}`;
  const store = await openStore(template.toString(), MIGRATIONS_DIR);
  await store.close();
  process.env.TEST_DATABASE_URL = cluster.url;
  return () => cluster.stop();
}
