import pg from 'pg';
import { shownDatabase } from './engine-url.ts';
import { MigrationError } from './migrate.ts';
import { DatabaseOpenError, type OpenOptions } from './open.ts';
import { createPostgresChangeLog } from './postgres-change-log.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { NUMBER_TYPES, type PgQueryable, postgresSql } from './postgres-sql.ts';
import { createReadRouting } from './replica-reads.ts';
import type { FileGuard } from './storage-errors.ts';
import type { Store } from './store.ts';
import { createStoreParts } from './store-parts.ts';

/**
 * The advisory lock every write transaction takes first: writes to one graph are serialised, as on
 * SQLite, so the counters the triggers keep stay exact and the change log's order is the commit order.
 * Readers never wait for it.
 */
const WRITE_LOCK = 7_340_002;

/** A server has no file to lose: the database's own errors say when it cannot be written. */
const NO_FILE: FileGuard = { problem: () => null, assertWritable() {} };

/**
 * Opens the PostgreSQL database at `url` (a pool of connections), applies pending migrations from
 * `<migrationsDir>/postgres` and returns the store. Throws DatabaseOpenError with a one-line reason when
 * the server cannot be reached, or MigrationError.
 */
export async function openPostgresStore(
  url: string,
  migrationsDir: string,
  options: OpenOptions = {},
): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, types: NUMBER_TYPES, max: 10 });
  // An idle connection the server dropped must not end the process.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    await migratePostgres(pool, `${migrationsDir}/postgres`, options.onMigration);
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof MigrationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`cannot open database "${shownDatabase(url)}": ${reason}`);
  }
  let busyTimeoutMs = 5000;
  let open = true;
  // Every query and checkout in flight: closing waits for them, since a pool that ends under a query
  // still waiting for a connection never settles it. After closing, the store answers as SQLite's does,
  // with an error.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(work: () => Promise<T>): Promise<T> => {
    if (!open) return Promise.reject(new Error('the database connection is not open'));
    const running = work();
    inFlight.add(running);
    const done = () => inFlight.delete(running);
    running.then(done, done);
    return running;
  };
  const guarded = {
    query: ((...args: Parameters<pg.Pool['query']>) =>
      tracked(() => pool.query(...args) as unknown as Promise<unknown>)) as pg.Pool['query'],
    connect: (() => tracked(() => pool.connect())) as () => Promise<pg.PoolClient>,
  };
  const changeLog = await createPostgresChangeLog(guarded as unknown as pg.Pool);
  const routing = options.readReplicaUrl
    ? createReadRouting(guarded, options.readReplicaUrl, options.onReplicaUnavailable)
    : null;
  const reads: PgQueryable = routing
    ? {
        query: ((...args: Parameters<pg.Pool['query']>) =>
          tracked(() => routing.reads.query(...args) as unknown as Promise<unknown>)) as pg.Pool['query'],
      }
    : guarded;
  // Another server's writes, once seen in the change log, are what this one's reads must see next.
  let versionSeen: string | undefined;
  const sawVersion = async (version: string) => {
    if (routing && version !== versionSeen) await routing.wrote();
    versionSeen = version;
    return version;
  };

  function storeOver(client: pg.PoolClient, savepoints: { n: number }): Store {
    const tx: Store = {
      ...shared,
      ...createStoreParts(postgresSql(client, options.onStatement)),
      async transaction(work) {
        const name = `nested_${++savepoints.n}`;
        await client.query(`SAVEPOINT ${name}`);
        try {
          const result = await work(tx);
          await client.query(`RELEASE SAVEPOINT ${name}`);
          return result;
        } catch (error) {
          await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
          throw error;
        } finally {
          savepoints.n--;
        }
      },
    };
    return tx;
  }

  const shared = {
    file: NO_FILE,
    // A writer waits this long for another's lock, then fails as busy (lock_not_available).
    setBusyTimeout(ms: number): void {
      busyTimeoutMs = Math.max(1, Math.round(ms));
    },
    graphVersion: async () => sawVersion(await changeLog.current()),
    async watchChanges() {
      const poll = await changeLog.watch();
      return async (readLog?: boolean) => {
        const seen = await poll(readLog);
        await sawVersion(seen.version);
        return seen;
      };
    },
    seeCommittedWrites: async () => routing?.wrote(),
    bulkLoad: <T>(work: () => Promise<T>) => changeLog.bulk(work),
    async close() {
      if (!open) return;
      open = false;
      await Promise.allSettled([...inFlight]);
      await routing?.close();
      await pool.end();
    },
    isOpen: () => open,
  };

  const store: Store = {
    ...shared,
    ...createStoreParts(postgresSql(reads, options.onStatement)),
    async transaction(work) {
      if (!open) throw new Error('the database connection is not open');
      const client = await guarded.connect();
      let began = false;
      try {
        await client.query('BEGIN');
        began = true;
        await client.query(`SET LOCAL lock_timeout = ${busyTimeoutMs}`);
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        await changeLog.begin(client);
        const result = await work(storeOver(client, { n: 0 }));
        await changeLog.flush(client);
        await client.query('COMMIT');
        await routing?.wrote();
        return result;
      } catch (error) {
        if (began) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return store;
}
