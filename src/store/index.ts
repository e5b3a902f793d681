import { createChangeLog } from './change-log.ts';
import { isPostgresUrl } from './engine-url.ts';
import { migrate } from './migrate.ts';
import { type Db, type OpenOptions, openDatabase } from './open.ts';
import { rememberSqliteDatabase } from './sqlite-handle.ts';
import { sqliteSql } from './sqlite-sql.ts';
import { createFileGuard } from './storage-errors.ts';
import type { Store } from './store.ts';
import { createStoreParts } from './store-parts.ts';
import { createVersionStore } from './version.ts';
import { createWriteGate } from './write-gate.ts';

export type { Store } from './store.ts';

/**
 * The SQLite store: the one owner of SQL, every read and write of the graph goes through it. The
 * connection stays inside the store layer (tests and benchmarks reach it through sqlite-handle.ts).
 */
export function createStore(db: Db): Store {
  const sql = sqliteSql(db);
  const file = createFileGuard(db);
  const changeLog = createChangeLog(db);
  const version = createVersionStore(db, changeLog);
  const gate = createWriteGate();
  let busyTimeoutMs = 5000;
  let savepoints = 0;
  const parts = createStoreParts(sql);

  // It starts as a writer (BEGIN IMMEDIATE): a transaction that began as a reader and then wrote would
  // fail at once when another process had written meanwhile, whatever busy_timeout says; a writer
  // waits for the lock up to busy_timeout, then fails with SQLITE_BUSY before doing anything.
  async function outermost<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const release = await gate.acquire(busyTimeoutMs);
    try {
      file.assertWritable();
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        const logged = changeLog.flush();
        db.exec('COMMIT');
        version.bump(logged);
        return result;
      } catch (error) {
        // SQLite has already rolled back after some errors (a full disk, say).
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      release();
    }
  }
  async function nested<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const name = `nested_${++savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work(tx);
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      savepoints--;
    }
  }
  const store: Store = {
    ...parts,
    file,
    // SQLITE_BUSY comes once the timeout has passed.
    setBusyTimeout(ms: number): void {
      busyTimeoutMs = Math.max(0, Math.round(ms));
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    },
    graphVersion: async () => version.current(),
    watchChanges: async () => version.watch(),
    // One file, read where it is written.
    async seeCommittedWrites() {},
    bulkLoad: (work) => changeLog.bulk(work),
    transaction: outermost,
    async close() {
      db.close();
    },
    isOpen: () => db.open,
  };
  // The store a transaction's work is given: the same statements on the same connection, whose own
  // transactions nest.
  const tx: Store = { ...store, transaction: nested };
  rememberSqliteDatabase(store, db);
  rememberSqliteDatabase(tx, db);
  return store;
}

/**
 * Opens the graph at `path` (a SQLite file, or a `postgres://` URL), applies pending migrations and
 * returns the store.
 * Throws DatabaseOpenError or MigrationError with a one-line reason.
 */
export async function openStore(
  path: string,
  migrationsDir: string,
  options: OpenOptions = {},
): Promise<Store> {
  // Loaded only for a PostgreSQL graph: an embedded one never loads the driver.
  if (isPostgresUrl(path)) {
    const { openPostgresStore } = await import('./postgres-store.ts');
    return openPostgresStore(path, migrationsDir, options);
  }
  const db = openDatabase(path, options);
  try {
    migrate(db, migrationsDir, options.onMigration);
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db);
}
