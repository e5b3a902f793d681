import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.ts';

export class MigrationError extends Error {}

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Migration files in `dir`, in name order. */
export function listMigrations(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

/**
 * The migrations of `files` a database that recorded `applied` still needs, in name order. Refuses
 * (MigrationError) when the database holds a migration the folder lacks, or when a new file sorts before
 * one already applied: either means the code and the database disagree about history.
 */
export function pendingMigrations(files: readonly string[], applied: readonly string[]): string[] {
  const unknown = applied.filter((name) => !files.includes(name));
  if (unknown.length) {
    throw new MigrationError(
      `the database has migrations this code does not know (${unknown.join(', ')}): run a newer version of the server`,
    );
  }
  const pending = files.filter((name) => !applied.includes(name));
  const lastApplied = applied.at(-1);
  const outOfOrder = lastApplied ? pending.filter((name) => name < lastApplied) : [];
  if (outOfOrder.length) {
    throw new MigrationError(
      `migration ${outOfOrder.join(', ')} sorts before the applied ${lastApplied}: rename it to come after`,
    );
  }
  return pending;
}

/**
 * Applies the migrations of `dir` that the SQLite database has not recorded (see `pendingMigrations`),
 * in name order, in one transaction. Returns the names it applied.
 */
export function migrate(db: Db, dir: string, onMigration?: (name: string) => void): string[] {
  const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[];
  const pending = pendingMigrations(listMigrations(dir), applied);
  // Up to date: no write lock to wait for, so a connection opens beside another process's writes.
  if (!pending.length) return pending;
  const record = db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, datetime('now'))");
  db.transaction(() => {
    for (const name of pending) {
      onMigration?.(name);
      db.exec(readFileSync(join(dir, name), 'utf8'));
      record.run(name);
    }
  }).immediate();
  return pending;
}
