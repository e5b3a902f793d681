/**
 * A worker thread of the extraction pool: one article in, its resolved annotation out; or a new
 * document and its annotation in, written through the thread's own connection, its report out.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import type { ArticleInput } from '../extract/index.ts';
import { retryWhileBusy } from '../store/busy.ts';
import { openStore, type Store } from '../store/index.ts';
import { storageErrorOf } from '../store/storage-errors.ts';
import { EXTRACTION_NICENESS } from './extraction-pool.ts';
import { extractResolved } from './ingest-article.ts';
import { type DocumentWrite, writeDocument } from './ingest-document.ts';

export interface ExtractionTask {
  id: number;
  input?: ArticleInput;
  write?: DocumentWrite & { databasePath: string; migrationsDir: string };
}

/** A write waits for another writer's lock in short turns, retried on timers, as the server's do. */
const BUSY_TIMEOUT_MS = 25;

let store: Promise<Store> | undefined;

async function storeAt(databasePath: string, migrationsDir: string): Promise<Store> {
  // A store that failed to open is tried again by the next write.
  store ??= openStore(databasePath, migrationsDir).then(
    (opened) => {
      opened.setBusyTimeout(BUSY_TIMEOUT_MS);
      return opened;
    },
    (error: unknown) => {
      store = undefined;
      throw error;
    },
  );
  return store;
}

async function written(write: NonNullable<ExtractionTask['write']>) {
  const target = await storeAt(write.databasePath, write.migrationsDir);
  return retryWhileBusy(
    () => writeDocument(target, write.document, write.resolved, write.options),
    write.busyRetryMs,
  );
}

/** Errors cross to the main thread as data: a coded one keeps its code and extensions. */
function errorData(error: unknown) {
  const coded = storageErrorOf(error) ?? error;
  const message = coded instanceof Error ? coded.message : String(coded);
  const name = coded instanceof Error ? coded.name : 'Error';
  const extensions = coded instanceof GraphQLError ? { ...coded.extensions } : undefined;
  const code = (coded as { code?: unknown } | null)?.code;
  return {
    message,
    name,
    ...(extensions ? { extensions } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * Extraction may take a core for seconds; reads must not wait for it. On Linux a thread has its own
 * priority: this thread's id is read from /proc and its nice value raised. Elsewhere it stays as it is.
 */
function yieldToTheEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, EXTRACTION_NICENESS);
  } catch {
    // No /proc or no permission: the thread keeps the process's priority.
  }
}

yieldToTheEventLoop();
// Gazetteers and models load on first use: load them before taking work, so that an article's time
// budget is spent on the article.
extractResolved({ title: 'Warm-up', body: 'President Anna Berg of Norway met officials in Oslo.' });
parentPort?.postMessage({ ready: true });

parentPort?.on('message', async ({ id, input, write }: ExtractionTask) => {
  try {
    if (write) parentPort?.postMessage({ id, report: await written(write) });
    else parentPort?.postMessage({ id, resolved: extractResolved(input as ArticleInput) });
  } catch (error) {
    parentPort?.postMessage({ id, error: errorData(error) });
  }
});
