import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createApp } from '../src/server.ts';
import { openStore } from '../src/store/index.ts';
import { MIGRATIONS_DIR } from './corpus.ts';

/**
 * Counts the SQL statements one request runs, in-process: the same app the server runs, on the same
 * database, with a statement hook (better-sqlite3's `verbose`) that the production server never installs.
 * Measuring here keeps counting code out of the served process and off the measured path.
 */
export async function createStatementCounter(databasePath: string) {
  let statements = 0;
  const store = await openStore(databasePath, MIGRATIONS_DIR, {
    onStatement: () => {
      statements++;
    },
  });
  const app = createApp({
    store,
    logger: createLogger('silent'),
    operations: [],
    config: loadConfig({ RESPONSE_CACHE: 'off' }),
  });
  return {
    /** Statements run by one POST of `query`; throws when the response has errors. */
    async count(query: string, variables: Record<string, unknown>): Promise<number> {
      statements = 0;
      const response = await app.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (response.status !== 200 || body.errors) {
        throw new Error(`request failed (${response.status}): ${JSON.stringify(body).slice(0, 500)}`);
      }
      return statements;
    },
    close: () => store.close(),
  };
}
