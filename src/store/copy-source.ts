import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { CopyError, reasonOf } from './copy-errors.ts';
import { articlesHeldBy } from './database-probe.ts';
import { isPostgresUrl, shownDatabase } from './engine-url.ts';
import { openStore } from './index.ts';
import type { Store } from './store.ts';

/**
 * Which database a name means, for telling two names of one apart: a file's real path, or a server's
 * host, port and database. Another spelling of the same server goes unnoticed here; the destination
 * then holds the source's articles, and is refused for that.
 */
function identity(url: string): string {
  if (!isPostgresUrl(url)) {
    const path = resolve(url);
    return `file:${existsSync(path) ? realpathSync(path) : path}`;
  }
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host') ?? parsed.hostname.toLowerCase();
  const database = decodeURIComponent(parsed.pathname.slice(1) || parsed.username);
  return `postgres:${host}:${parsed.port || '5432'}/${database}`;
}

/** Refuses (COPY_SAME_DATABASE) two names of one database. */
export function assertDistinct(from: string, to: string): void {
  if (identity(from) === identity(to)) {
    throw new CopyError('COPY_SAME_DATABASE', `--from and --to both name ${shownDatabase(from)}`);
  }
}

/**
 * Opens the graph a copy reads, bringing it to the current schema as a server start would. Refuses
 * (CopyError) a source that does not exist or holds no graph before opening it, which would create
 * the file or lay a graph's tables into someone else's database.
 */
export async function openCopySource(url: string, migrationsDir: string): Promise<Store> {
  let articles: Awaited<ReturnType<typeof articlesHeldBy>>;
  try {
    articles = await articlesHeldBy(url);
  } catch (error) {
    throw new CopyError('COPY_SOURCE_UNREACHABLE', `cannot open ${shownDatabase(url)}: ${reasonOf(error)}`);
  }
  if (articles === 'missing') {
    throw new CopyError('COPY_SOURCE_MISSING', `no database at ${shownDatabase(url)}`);
  }
  if (articles === 'no graph') {
    throw new CopyError(
      'COPY_SOURCE_NOT_A_GRAPH',
      `${shownDatabase(url)} holds no graph (no articles table)`,
    );
  }
  try {
    return await openStore(url, migrationsDir);
  } catch (error) {
    throw new CopyError('COPY_SOURCE_UNREACHABLE', reasonOf(error));
  }
}
