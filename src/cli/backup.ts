import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../store/backup.ts';

/**
 * `backup <file>`: an online copy of DATABASE_URL, safe while the server runs. To restore, stop the
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
  const pages = await backupDatabase(config.databasePath, destination);
  console.log(`backed up ${config.databasePath} to ${destination} (${pages} pages)`);
  return 0;
}
