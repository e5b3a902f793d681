import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export class BackupError extends Error {}

/**
 * Copies the database at `sourcePath` to `destinationPath` with SQLite's online backup API, while
 * other connections keep reading and writing; the copy is one consistent snapshot, WAL included.
 * Writes to `<destination>.partial` and renames at the end, so a failed backup leaves no file that
 * looks complete. Refuses to overwrite an existing file. Returns the number of pages copied.
 */
export async function backupDatabase(sourcePath: string, destinationPath: string): Promise<number> {
  if (!existsSync(sourcePath)) throw new BackupError(`no database at "${sourcePath}"`);
  if (existsSync(destinationPath)) throw new BackupError(`"${destinationPath}" exists: choose a new file`);
  const partial = `${destinationPath}.partial`;
  const db = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(partial);
    renameSync(partial, destinationPath);
    return totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
