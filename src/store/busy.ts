import Database from 'better-sqlite3';
import { DatabaseBusyError } from '../errors.ts';

/**
 * SQLite-specific: the errors a write gets when another connection holds the write lock. The transaction
 * was rolled back whole, so running it again is safe.
 */
export function isBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'))
  );
}

const FIRST_PAUSE_MS = 10;
const LONGEST_PAUSE_MS = 250;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write transaction, and again after a growing pause (with jitter, so that two writers do not
 * retry in step) while another process holds the write lock, for at most `maxMs` in all. Pauses are
 * timers: the event loop keeps serving reads meanwhile. Throws DatabaseBusyError when the lock never
 * came free; nothing was written then.
 */
export async function retryWhileBusy<T>(write: () => Promise<T>, maxMs: number): Promise<T> {
  const started = performance.now();
  for (let pauseMs = FIRST_PAUSE_MS; ; pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS)) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waited = performance.now() - started;
      if (waited >= maxMs) throw new DatabaseBusyError(Math.round(waited));
      await pause(Math.min(pauseMs * (0.5 + Math.random()), maxMs - waited));
    }
  }
}
