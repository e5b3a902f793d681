import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { listMigrations, pendingMigrations } from './migrate.ts';

/** The advisory lock migrations hold: servers starting together upgrade the database once. */
const MIGRATION_LOCK = 7_340_001;

/**
 * Applies the PostgreSQL migrations of `dir` that the database has not recorded, in name order, in one
 * transaction, under an advisory lock so that servers starting at once do not race. The same checks of
 * history as SQLite's (see `pendingMigrations`). Returns the names it applied.
 */
export async function migratePostgres(
  pool: pg.Pool,
  dir: string,
  onMigration?: (name: string) => void,
): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)',
    );
    const applied = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    const pending = pendingMigrations(
      listMigrations(dir),
      applied.rows.map((row) => row.name),
    );
    for (const name of pending) {
      onMigration?.(name);
      await client.query(readFileSync(join(dir, name), 'utf8'));
      await client.query(
        `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))`,
        [name],
      );
    }
    await client.query('COMMIT');
    return pending;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
