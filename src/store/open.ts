import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export class DatabaseOpenError extends Error {}

export interface OpenOptions {
  /** Called with each SQL statement as it runs; tests count statements with it. */
  onStatement?: (sql: string) => void;
  /** Called before each pending migration runs: a large graph's upgrade can take minutes. */
  onMigration?: (name: string) => void;
  /** PostgreSQL only: a streaming replica that answers reads (see replica-reads.ts). */
  readReplicaUrl?: string;
  /** Called when the read replica stops answering; reads go to the primary meanwhile. */
  onReplicaUnavailable?: (reason: string) => void;
}

/**
 * Opens (creating if needed) the SQLite file at `path` and sets the connection's pragmas.
 * Throws DatabaseOpenError with a one-line reason when the file or its folder cannot be written.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(
      path,
      options.onStatement ? { verbose: (sql) => options.onStatement?.(String(sql)) } : {},
    );
    applyPragmas(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`cannot open database "${path}": ${reason}`);
  }
  return db;
}

/** SQLite-specific: WAL lets readers run while a writer commits; foreign keys are off unless asked for. */
function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // A write probe: a read-only file or folder must stop start-up, not the first ingest.
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
}
