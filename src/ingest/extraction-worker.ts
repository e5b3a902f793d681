/** A worker thread of the extraction pool: one article in, its resolved annotation out. */
import { parentPort } from 'node:worker_threads';
import type { ArticleInput } from '../extract/index.ts';
import { extractResolved } from './ingest-article.ts';

export interface ExtractionTask {
  id: number;
  input: ArticleInput;
}

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
