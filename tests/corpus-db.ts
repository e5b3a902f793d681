import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { generateCorpus } from '../src/corpus/generate.ts';
import { createLogger } from '../src/logger.ts';
import { createApp } from '../src/server.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { removableTempDir } from './helpers.ts';
import { statementCounter } from './statement-counter.ts';

const { migrationsDir } = loadConfig({});

/** A temporary folder removed by the returned function. */
export const tempDir = (): { dir: string; remove: () => void } => removableTempDir('graph-test-');

/** A database file holding a generated corpus; the store is open on it. */
export async function corpusStore(
  dir: string,
  articles: number,
  seed: number,
): Promise<{ path: string; store: Store }> {
  const path = join(dir, `corpus-${articles}-${seed}.db`);
  const store = await openStore(path, migrationsDir);
  await generateCorpus(store, { articles, seed, batchSize: 100 });
  return { path, store };
}

/** The app on its own connection to `path`, counting the SQL statements it runs. */
export async function countingApp(path: string, options: { responseCache: boolean }) {
  // Every statement counts here, the response cache's version probe too.
  const counter = statementCounter();
  const store = await openStore(path, migrationsDir, { onStatement: counter.onStatement });
  const app = createApp({
    store,
    logger: createLogger('silent'),
    operations: [],
    config: loadConfig({ RESPONSE_CACHE: options.responseCache ? 'on' : 'off' }),
  });
  return {
    app,
    store,
    /** POSTs a query; returns status, body and how many statements it ran. */
    async post(query: string, variables: Record<string, unknown> = {}) {
      counter.reset();
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in the tests
      const body = (await response.json()) as any;
      return { status: response.status, body, statements: counter.count() };
    },
    close: () => store.close(),
  };
}
