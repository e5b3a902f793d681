import Database from 'better-sqlite3';
import { DatabaseBusyError } from '../errors.ts';

/**
 * PostgreSQL's answers to a write that another transaction kept from running: its lock wait timed out
 * (lock_not_available), or the engine chose it to fail (serialization_failure, deadlock_detected).
 * PostgreSQL rolled the transaction back whole, so running it again is safe.
 */
const POSTGRES_RETRYABLE = new Set(['55P03', '40001', '40P01']);

/** The SQLSTATE of a PostgreSQL server error (the driver adds `severity`), else undefined. */
function postgresCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('severity' in error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The errors a write gets when another connection holds the write lock (SQLite's busy and locked, and
 * PostgreSQL's counterparts above). The transaction was rolled back whole, so running it again is safe.
 */
export function isBusy(error: unknown): boolean {
  if (error instanceof Database.SqliteError) {
    return error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED');
  }
  return POSTGRES_RETRYABLE.has(postgresCode(error) ?? '');
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
