/** A worker thread of the extraction pool: one article in, its resolved annotation out. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ArticleInput } from '../extract/index.ts';
import { EXTRACTION_NICENESS } from './extraction-pool.ts';
import { extractResolved } from './ingest-article.ts';

export interface ExtractionTask {
  id: number;
  input: ArticleInput;
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

parentPort?.on('message', ({ id, input }: ExtractionTask) => {
  try {
    parentPort?.postMessage({ id, resolved: extractResolved(input) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : 'Error';
    parentPort?.postMessage({ id, error: { message, name } });
  }
});
