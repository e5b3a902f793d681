import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export class BackupError extends Error {}

/** The copy in progress and the files SQLite keeps beside it while writing it. */
function partialFiles(destinationPath: string): string[] {
  const partial = `${destinationPath}.partial`;
  return [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
}

function removePartialFiles(destinationPath: string): void {
  for (const file of partialFiles(destinationPath)) rmSync(file, { force: true });
}

/**
 * Copies the database at `sourcePath` to `destinationPath` with SQLite's online backup API, while
 * other connections keep reading and writing; the copy is one consistent snapshot, WAL included.
 * Creates the destination's folder. Writes to `<destination>.partial` and renames at the end, so a
 * failed or interrupted backup (`signal`) leaves no file that looks complete, and no `.partial` or
 * journal either; those a killed run left are ours and removed first. Refuses to overwrite an existing
 * file. Returns the number of pages copied.
 */
export async function backupDatabase(
  sourcePath: string,
  destinationPath: string,
  signal?: AbortSignal,
): Promise<number> {
  if (!existsSync(sourcePath)) throw new BackupError(`no database at "${sourcePath}"`);
  if (existsSync(destinationPath)) throw new BackupError(`"${destinationPath}" exists: choose a new file`);
  const [partial] = partialFiles(destinationPath) as [string];
  try {
    mkdirSync(dirname(destinationPath), { recursive: true });
  } catch (error) {
    throw new BackupError(`cannot create the folder of "${destinationPath}": ${(error as Error).message}`);
  }
  removePartialFiles(destinationPath);
  const db = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(partial, {
      progress() {
        if (signal?.aborted) throw new BackupError('backup interrupted: nothing was written');
        return 100;
      },
    });
    if (signal?.aborted) throw new BackupError('backup interrupted: nothing was written');
    renameSync(partial, destinationPath);
    return totalPages;
  } catch (error) {
    removePartialFiles(destinationPath);
    if (error instanceof BackupError) throw error;
    throw new BackupError(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
