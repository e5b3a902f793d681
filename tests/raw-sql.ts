import pg from 'pg';
import type { Store } from '../src/store/index.ts';
import { NUMBER_TYPES, type PgQueryable, postgresSql } from '../src/store/postgres-sql.ts';
import type { Sql } from '../src/store/sql.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { sqliteSql } from '../src/store/sqlite-sql.ts';

/**
 * Raw SQL on the database behind a store, whichever engine it is, for tests that look under the Store
 * interface: row counts, recounts of the counters the writer keeps, rows the API does not show, triggers
 * that make a write fail midway. On SQLite it is the store's own better-sqlite3 connection; on PostgreSQL
 * a client of its own on the store's database (a store does not hand out its pool), so it sees what the
 * store committed, not a transaction in flight.
 *
 * Parameters are bound as the store binds them on both engines: by position (`?` and an array) or by
 * name (`@name` and one object). Integers and counts come back as numbers on both engines.
 */
export interface RawSql {
  readonly engine: Sql['engine'];
  /** Every row, as objects keyed by column name. */
  all<Row = Record<string, unknown>>(sql: string, params?: Params): Promise<Row[]>;
  /** The first row, or undefined. */
  get<Row = Record<string, unknown>>(sql: string, params?: Params): Promise<Row | undefined>;
  /** The first column of every row. */
  values<Value = unknown>(sql: string, params?: Params): Promise<Value[]>;
  /** The first column of the first row, or undefined. */
  value<Value = unknown>(sql: string, params?: Params): Promise<Value | undefined>;
  /** Statements without parameters or results (a trigger, say). */
  exec(sql: string): Promise<void>;
}

export type Params = unknown[] | Record<string, unknown>;

/** PostgreSQL stores whose database a test reached by URL: the URL, and the raw client once made. */
const postgresUrls = new WeakMap<Store, string>();
const handles = new WeakMap<Store, { raw: RawSql; close: () => Promise<void> }>();

/**
 * Notes the database a PostgreSQL store was opened on, so that `rawSqlOf` can reach it. `testApp` does
 * it for its stores; a test that opens a store with `openStore(url, …)` itself calls it, and
 * `closeRawSql` before it drops that database.
 */
export function registerPostgresStore(store: Store, url: string): void {
  postgresUrls.set(store, url);
}

/** The raw handle of `store`'s database; see RawSql. Throws for a PostgreSQL store nobody registered. */
export function rawSqlOf(store: Store): RawSql {
  const known = handles.get(store);
  if (known) return known.raw;
  const url = postgresUrls.get(store);
  const made = url
    ? overPostgres(url)
    : { raw: over(sqliteSql(sqliteDatabaseOf(store))), close: async () => {} };
  handles.set(store, made);
  return made.raw;
}

/** Ends the PostgreSQL client `rawSqlOf(store)` made, if it made one; safe to call more than once. */
export async function closeRawSql(store: Store): Promise<void> {
  const known = handles.get(store);
  handles.delete(store);
  await known?.close();
}

function over(sql: Sql): RawSql {
  const bind = (params: Params | undefined) =>
    params === undefined ? [] : Array.isArray(params) ? params : [params];
  return {
    engine: sql.engine,
    all: async <Row>(text: string, params?: Params) =>
      (await sql.prepare(text).all(...bind(params))) as Row[],
    get: async <Row>(text: string, params?: Params) =>
      (await sql.prepare(text).get(...bind(params))) as Row | undefined,
    values: async <Value>(text: string, params?: Params) =>
      (await sql.pluck(text).all(...bind(params))) as Value[],
    value: async <Value>(text: string, params?: Params) =>
      (await sql.pluck(text).get(...bind(params))) as Value | undefined,
    exec: (text) => sql.exec(text),
  };
}

/** One client, connected on first use and ended by `close`. */
function overPostgres(url: string): { raw: RawSql; close: () => Promise<void> } {
  const client = new pg.Client({ connectionString: url, types: NUMBER_TYPES });
  // A database dropped under an idle client must not end the test run.
  client.on('error', () => {});
  let connected: Promise<unknown> | undefined;
  const connect = () => {
    connected ??= client.connect();
    return connected;
  };
  // postgresSql runs a query config or a text only.
  const query = async (statement: pg.QueryConfig | string) => {
    await connect();
    return client.query(statement);
  };
  const queryable = { query: query as unknown as PgQueryable['query'] };
  return {
    raw: over(postgresSql(queryable)),
    close: async () => {
      if (connected) await client.end().catch(() => {});
    },
  };
}
