import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { BackupError } from './backup.ts';

/** Where Debian's packages put each major version's client programs. */
const DEBIAN_VERSIONS_DIR = '/usr/lib/postgresql';

/** Whether `path` is a file this process may run. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * pg_dump of the newest major version on the machine: a pg_dump refuses a server newer than itself,
 * and Debian's `pg_dump` on PATH is a wrapper that may pick an older one.
 */
export function findPgDump(): string | null {
  const candidates: string[] = [];
  if (existsSync(DEBIAN_VERSIONS_DIR)) {
    const versions = readdirSync(DEBIAN_VERSIONS_DIR).sort((a, b) =>
      b.localeCompare(a, 'en', { numeric: true }),
    );
    for (const version of versions) candidates.push(join(DEBIAN_VERSIONS_DIR, version, 'bin', 'pg_dump'));
  }
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0 && config.stdout.trim()) candidates.push(join(config.stdout.trim(), 'pg_dump'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'pg_dump'));
  return candidates.find(isExecutable) ?? null;
}

/**
 * Dumps the PostgreSQL database at `url` to `destinationPath` in pg_dump's custom format (one
 * consistent snapshot, taken while servers keep writing; restored with pg_restore). Writes to
 * `<destination>.partial` and renames at the end, so a failed or interrupted dump (`signal`) leaves no
 * file that looks complete. Refuses to overwrite a file. Answers the dump's size in bytes.
 */
export async function dumpPostgres(
  url: string,
  destinationPath: string,
  signal?: AbortSignal,
): Promise<number> {
  if (existsSync(destinationPath)) throw new BackupError(`"${destinationPath}" exists: choose a new file`);
  const pgDump = findPgDump();
  if (!pgDump) {
    throw new BackupError(
      'pg_dump was not found: install the PostgreSQL client programs (e.g. apt-get install postgresql-client)',
    );
  }
  try {
    mkdirSync(dirname(destinationPath), { recursive: true });
  } catch (error) {
    throw new BackupError(`cannot create the folder of "${destinationPath}": ${(error as Error).message}`);
  }
  const partial = `${destinationPath}.partial`;
  rmSync(partial, { force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(pgDump, ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${url}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        errors = (errors + chunk).slice(-2000);
      });
      const stop = () => child.kill('SIGTERM');
      signal?.addEventListener('abort', stop, { once: true });
      child.on('error', reject);
      child.on('close', (code) => {
        signal?.removeEventListener('abort', stop);
        if (signal?.aborted) reject(new BackupError('backup interrupted: nothing was written'));
        else if (code === 0) resolve();
        else reject(new BackupError(`pg_dump failed: ${errors.trim().split('\n').at(-1) ?? `exit ${code}`}`));
      });
    });
    renameSync(partial, destinationPath);
    return statSync(destinationPath).size;
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
