import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../store/backup.ts';

/**
 * `backup <file>`: an online copy of DATABASE_URL, safe while the server runs; the file's folder is created. To restore, stop the
 * server, put the copy at DATABASE_URL's path (removing any `-wal` and `-shm` files beside it) and start.
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
  let pages: number;
  try {
    pages = await backupDatabase(config.databasePath, destination, interrupt.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  console.log(`backed up ${config.databasePath} to ${destination} (${pages} pages)`);
  return 0;
}
