import { defineConfig } from 'vitest/config';

/**
 * The test tiers. `fast`: unit and API tests in-process against real SQLite files (seconds; `npm run
 * test:fast`). `process`: real server and CLI processes, load, crash and signal tests. `browser`: a
 * real Chromium. `npm test` runs all three. A new file is fast unless listed here.
 */
const PROCESS_TESTS = [
  'tests/backup-and-shutdown.test.ts',
  'tests/backup-files.test.ts',
  'tests/budget-process.test.ts',
  'tests/concurrent-writers.test.ts',
  'tests/crash.test.ts',
  'tests/extraction-pool.test.ts',
  'tests/ingest-cli.test.ts',
  'tests/ingest-mutations.test.ts',
  'tests/live-facts.test.ts',
  'tests/load.test.ts',
  'tests/postgres-backup.test.ts',
  'tests/postgres-ingesters.test.ts',
  'tests/postgres-replica.test.ts',
  'tests/postgres-servers.test.ts',
  'tests/readme-commands.test.ts',
  'tests/response-cache-invalidation.test.ts',
  'tests/safety-net.test.ts',
  'tests/schema.test.ts',
  'tests/server-process.test.ts',
  'tests/start-up-refusals.test.ts',
  'tests/subscriptions.test.ts',
  'tests/time-budget.test.ts',
  'tests/web-ingest.test.ts',
  'tests/web-ingest-api.test.ts',
  'tests/watch-feed-files.test.ts',
];
const BROWSER_TESTS = ['tests/*-browser.test.ts'];

export default defineConfig({
  // One copy of graphql, as under Node: Vite would pick graphql's ESM build for project code while
  // dependencies (Pothos, Yoga) load its CommonJS build, and graphql refuses objects from the other copy.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    // Starts a PostgreSQL cluster for the PostgreSQL pass (TEST_ENGINE=postgres) only.
    globalSetup: ['tests/postgres-engine.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          // One module graph per worker, not per file: loading the schema, lexicons and models again for
          // each file was half of the tier's time. A test that needs fresh module state is not fast.
          isolate: false,
          include: ['tests/**/*.test.ts'],
          exclude: [...PROCESS_TESTS, ...BROWSER_TESTS],
        },
      },
      { extends: true, test: { name: 'process', include: PROCESS_TESTS } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS } },
    ],
  },
});
