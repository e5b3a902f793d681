import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../store/backup.ts';
import { isPostgresUrl, shownDatabase } from '../store/engine-url.ts';

/**
 * `backup <file>`: an online copy of DATABASE_URL, safe while the server runs; the file's folder is
 * created. A SQLite graph is copied with SQLite's backup API: to restore, stop the server, put the copy
 * at DATABASE_URL's path (removing any `-wal` and `-shm` files beside it) and start. A PostgreSQL graph
 * is dumped with pg_dump (custom format): restore it with `pg_restore --dbname <new database> <file>`.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const [target] = args;
  if (!target) {
    console.error('usage: backup <file>');
    return 2;
  }
  const config = loadConfig();
  if (config.databasePath === ':memory:') {
    console.error('DATABASE_URL is :memory:, there is no file to back up');
    return 2;
  }
  const destination = resolve(process.cwd(), target);
  // Ctrl-C or a stop signal ends the copy cleanly: no half-written file is left behind.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let copied: string;
  try {
    if (isPostgresUrl(config.databasePath)) {
      const { dumpPostgres } = await import('../store/postgres-backup.ts');
      const bytes = await dumpPostgres(config.databasePath, destination, interrupt.signal);
      copied = `${bytes} bytes, pg_dump custom format: restore with pg_restore`;
    } else {
      copied = `${await backupDatabase(config.databasePath, destination, interrupt.signal)} pages`;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  console.log(`backed up ${shownDatabase(config.databasePath)} to ${destination} (${copied})`);
  return 0;
}
