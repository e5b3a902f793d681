import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { isPostgresUrl } from './engine-url.ts';

/**
 * What a database holds, looked at without opening it as a store (which would create a missing file
 * and lay a graph's tables into any database): its articles, `no graph` when it has no articles table
 * (or is no SQLite file), `missing` when there is no such file or database. Throws when a PostgreSQL
 * server cannot be reached.
 */
export async function articlesHeldBy(url: string): Promise<number | 'no graph' | 'missing'> {
  if (!isPostgresUrl(url)) return sqliteArticles(url);
  try {
    return await withPostgresClient(url, async (client) => {
      const found = await client.query("SELECT to_regclass('articles') IS NOT NULL AS present");
      if (!found.rows[0]?.present) return 'no graph';
      return Number((await client.query('SELECT COUNT(*) AS n FROM articles')).rows[0]?.n);
    });
  } catch (error) {
    if ((error as { code?: string }).code === NO_SUCH_DATABASE) return 'missing';
    throw error;
  }
}

/** PostgreSQL's code for a database that does not exist. */
const NO_SUCH_DATABASE = '3D000';

function sqliteArticles(path: string): number | 'no graph' | 'missing' {
  if (!existsSync(path)) return 'missing';
  let db: Database.Database | undefined;
  try {
    db = openToLook(path);
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").get();
    return table ? (db.prepare('SELECT COUNT(*) FROM articles').pluck().get() as number) : 'no graph';
  } catch {
    // Not a SQLite file.
    return 'no graph';
  } finally {
    db?.close();
  }
}

/**
 * A connection that only reads, opened for writing where it can be: a read-only connection to a
 * WAL-mode file cannot remove the `-wal` and `-shm` files it makes, and would leave them beside it.
 */
function openToLook(path: string): Database.Database {
  try {
    return new Database(path, { fileMustExist: true });
  } catch {
    return new Database(path, { readonly: true, fileMustExist: true });
  }
}

/** Runs `work` on one connection of its own to the PostgreSQL database at `url`, then closes it. */
export async function withPostgresClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  // Loaded only for a PostgreSQL database: an embedded graph never loads the driver.
  const { default: driver } = await import('pg');
  const client = new driver.Client({ connectionString: url });
  // A connection the server drops must not end the process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}
