import { existsSync, renameSync, rmSync } from 'node:fs';
import type pg from 'pg';
import { CopyError, reasonOf } from './copy-errors.ts';
import { articlesHeldBy, withPostgresClient } from './database-probe.ts';
import { isPostgresUrl, shownDatabase } from './engine-url.ts';
import { COPIED_TABLES, DERIVED_TABLES } from './graph-copy.ts';
import { openStore } from './index.ts';
import type { Store } from './store.ts';

/** Where a copy writes, and how it becomes the destination or goes. */
export interface CopyDestination {
  /** The graph being written; each batch commits on its own. */
  store: Store;
  /** Makes the copy the destination; closes the store. */
  complete(): Promise<void>;
  /** Drops what was written and closes the store; answers what it left, for the failure's message. */
  discard(): Promise<string>;
}

/**
 * Opens where a copy goes, refusing (CopyError) to go where a graph is. A SQLite destination is a new
 * file, built as `<file>.partial` and renamed at the end: a copy that fails or is killed leaves no file
 * that looks complete. A PostgreSQL destination is an existing database without graph rows; one that
 * fails is emptied again, and while it runs the database says it is incomplete (see INCOMPLETE), so
 * that a copy that was killed is told apart from a graph. `holdsGraphRows` looks at the opened store.
 */
export async function openCopyDestination(
  url: string,
  migrationsDir: string,
  holdsGraphRows: (store: Store) => Promise<boolean>,
): Promise<CopyDestination> {
  return isPostgresUrl(url)
    ? openPostgresDestination(url, migrationsDir, holdsGraphRows)
    : openSqliteDestination(url, migrationsDir);
}

/** The copy in progress and the files SQLite keeps beside it while writing it. */
function partialFiles(path: string): string[] {
  const partial = `${path}.partial`;
  return [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
}

function removePartialFiles(path: string): void {
  for (const file of partialFiles(path)) rmSync(file, { force: true });
}

async function openSqliteDestination(path: string, migrationsDir: string): Promise<CopyDestination> {
  if (path === ':memory:') {
    throw new CopyError('COPY_USAGE', '--to :memory: would be gone when the copy ends: name a file');
  }
  const articles = await articlesHeldBy(path);
  if (typeof articles === 'number' && articles > 0) {
    throw new CopyError('COPY_DESTINATION_NOT_EMPTY', `${path} holds a graph (${articles} articles)`);
  }
  if (articles !== 'missing') {
    throw new CopyError('COPY_DESTINATION_EXISTS', `${path} exists: a copy into SQLite makes a new file`);
  }
  // Left by a copy that was killed: ours, and never a complete graph.
  removePartialFiles(path);
  const [partial] = partialFiles(path) as [string];
  let store: Store;
  try {
    store = await openStore(partial, migrationsDir);
  } catch (error) {
    removePartialFiles(path);
    throw new CopyError('COPY_DESTINATION_UNREACHABLE', reasonOf(error));
  }
  return {
    store,
    async complete() {
      // Closing checkpoints the WAL into the file: the renamed file is the whole graph on its own.
      await store.close();
      if (existsSync(path)) throw new Error(`${path} appeared while copying`);
      renameSync(partial, path);
    },
    async discard() {
      await store.close().catch(() => {});
      removePartialFiles(path);
      return `no file was made at ${path}`;
    },
  };
}

/** The comment on a PostgreSQL destination's articles table while a copy writes it. */
export const INCOMPLETE = 'An incomplete copy of a graph: npm run copy has not finished writing it.';

async function isMarkedIncomplete(client: pg.Client): Promise<boolean> {
  const found = await client.query("SELECT obj_description('articles'::regclass, 'pg_class') AS comment");
  return found.rows[0]?.comment === INCOMPLETE;
}

/**
 * Back to a database without graph rows, as the copy found it: the tables emptied in one statement
 * (deleting row by row would run every trigger again), the counters of graph_counts at zero, the ids
 * to start from 1 again.
 */
async function empty(client: pg.Client): Promise<void> {
  const tables = [...COPIED_TABLES.map((t) => t.name), ...Object.keys(DERIVED_TABLES)].filter(
    (name) => name !== 'graph_counts',
  );
  await client.query(`BEGIN;
    TRUNCATE ${tables.join(', ')} RESTART IDENTITY;
    UPDATE graph_counts SET n = 0;
    COMMENT ON TABLE articles IS NULL;
    COMMIT`);
}

async function openPostgresDestination(
  url: string,
  migrationsDir: string,
  holdsGraphRows: (store: Store) => Promise<boolean>,
): Promise<CopyDestination> {
  const name = shownDatabase(url);
  let store: Store;
  try {
    store = await openStore(url, migrationsDir);
  } catch (error) {
    const reason = reasonOf(error);
    // Databases are not made here: who may create one, and how, is the server administrator's call.
    const hint = /does not exist/.test(reason)
      ? ' (a copy goes into an existing, empty database: createdb)'
      : '';
    throw new CopyError('COPY_DESTINATION_UNREACHABLE', `${reason}${hint}`);
  }
  try {
    if (await holdsGraphRows(store)) {
      const incomplete = await withPostgresClient(url, isMarkedIncomplete);
      const articles = await articlesHeldBy(url);
      throw new CopyError(
        'COPY_DESTINATION_NOT_EMPTY',
        incomplete
          ? `${name} holds part of a copy that did not finish: drop and create the database again (dropdb, createdb), then copy`
          : `${name} holds a graph (${articles} articles): copy into an empty database`,
      );
    }
    await withPostgresClient(url, (client) => client.query(`COMMENT ON TABLE articles IS '${INCOMPLETE}'`));
  } catch (error) {
    await store.close();
    throw error instanceof CopyError ? error : new CopyError('COPY_DESTINATION_UNREACHABLE', reasonOf(error));
  }
  return {
    store,
    async complete() {
      await withPostgresClient(url, (client) => client.query('COMMENT ON TABLE articles IS NULL'));
      await store.close();
    },
    async discard() {
      await store.close().catch(() => {});
      try {
        await withPostgresClient(url, empty);
        return `${name} holds no graph rows again`;
      } catch (error) {
        return `${name} still holds part of the copy (${reasonOf(error)}): drop and create the database again (dropdb, createdb)`;
      }
    },
  };
}
