import type { Db } from './open.ts';
import type { Store } from './store.ts';

/**
 * The SQLite connection behind a store, for tests and benchmarks of the SQLite engine (raw SQL on the
 * file, pragmas, statement plans); product code never calls it and goes through the Store interface.
 */
const handles = new WeakMap<Store, Db>();

/** Notes the connection a SQLite store was made over; called by createStore only. */
export function rememberSqliteDatabase(store: Store, db: Db): void {
  handles.set(store, db);
}

/**
 * The better-sqlite3 connection of a store made by createStore, for tests and benchmarks of the SQLite
 * engine; product code never calls it. Throws for a store of another engine.
 */
export function sqliteDatabaseOf(store: Store): Db {
  const db = handles.get(store);
  if (!db) throw new Error('this store is not a SQLite store made by createStore');
  return db;
}
