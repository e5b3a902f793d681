import { statSync } from 'node:fs';
import type { Db } from './open.ts';

/** Why the database cannot take a write: out of space, or its file is no longer the one opened. */
export type StorageErrorCode = 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE';

/** A write the storage cannot take; nothing was written. The server answers it with its code. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * PostgreSQL's SQLSTATEs that say the storage, not the request, is at fault: the server's disk is full
 * (disk_full), or it could not read or write its files (io_error).
 */
const POSTGRES_STORAGE_FULL = '53100';
const POSTGRES_IO_ERROR = '58030';

/** The engine's error codes (SQLite's result codes, PostgreSQL's SQLSTATEs) that say the storage is at fault. */
export function storageErrorOf(error: unknown): StorageError | null {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === POSTGRES_STORAGE_FULL) {
    return new StorageError('STORAGE_FULL', 'the disk holding the database is full: nothing was written');
  }
  if (
    code === 'SQLITE_READONLY_DBMOVED' ||
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_CANTOPEN' ||
    code === POSTGRES_IO_ERROR
  ) {
    return new StorageError(
      'STORAGE_UNAVAILABLE',
      'the database file cannot be written: nothing was written',
    );
  }
  return null;
}

/** Whether the database the store opened is still there to be written. */
export interface FileGuard {
  /** `deleted` or `replaced` when the file at the path is no longer the one opened, else null. */
  problem(): string | null;
  /** Throws STORAGE_UNAVAILABLE when the file is gone: a write now would be lost. */
  assertWritable(): void;
}

/**
 * Notices the database file being deleted or replaced while it is open. SQLite keeps writing to the
 * unlinked file, so every write would be acknowledged and then lost at restart; comparing the path's
 * device and inode with those at open, before each write, refuses them instead.
 */
export function createFileGuard(db: Db): FileGuard {
  if (db.memory) return { problem: () => null, assertWritable() {} };
  const path = db.name;
  const opened = statSync(path);
  function problem(): string | null {
    try {
      const now = statSync(path);
      return now.ino === opened.ino && now.dev === opened.dev ? null : 'replaced';
    } catch {
      return 'deleted';
    }
  }
  return {
    problem,
    assertWritable() {
      const found = problem();
      if (found) {
        throw new StorageError(
          'STORAGE_UNAVAILABLE',
          `the database file was ${found} while the server was running: restart the server; nothing was written`,
        );
      }
    },
  };
}
