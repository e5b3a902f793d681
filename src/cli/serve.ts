import { createServer, type Server } from 'node:http';
import { loadConfig } from '../config.ts';
import { ExtractionPool } from '../ingest/extraction-pool.ts';
import { createLogger, type Logger } from '../logger.ts';
import { readOperations } from '../operations.ts';
import { loadSeeds } from '../seeds/load-seeds.ts';
import { installSafetyNet } from '../server/safety-net.ts';
import { createApp } from '../server.ts';
import { openStore, type Store } from '../store/index.ts';

/**
 * Loads the seed articles into a new, empty database, or into any database when asked (`--seed`, or
 * SEEDS_DIR set), so a user's own graph never gets the demo article unasked. Says which it did.
 */
async function seedIfAsked(store: Store, seedsDir: string, asked: boolean, logger: Logger): Promise<void> {
  if (!asked && !(await store.articles.isEmpty())) {
    console.log('Seeds not loaded: the database already holds articles (npm start -- --seed loads them)');
    return;
  }
  const summaries = await loadSeeds(store, seedsDir);
  for (const summary of summaries) {
    logger.info({ seed: summary.slug, unchanged: summary.unchanged, added: summary.added }, 'seed loaded');
  }
  const changed = summaries.filter((s) => !s.unchanged).length;
  const into = asked ? 'as asked' : 'into the new database';
  console.log(`Seeds: ${changed} of ${summaries.length} seed articles loaded from ${seedsDir} ${into}`);
}

/** How long one write attempt blocks the event loop waiting for another process's write lock. */
const SERVER_BUSY_TIMEOUT_MS = 25;

/**
 * Starts the HTTP server: configuration, database (created, migrated and seeded), then the socket.
 * Any start-up failure ends the process with a one-line reason and exit code 1. SIGTERM and SIGINT stop
 * taking connections, let running requests finish, close the database and exit 0; an uncaught exception
 * does the same and exits 1 (see the safety net).
 */
export async function serveCommand(args: string[] = []): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.databasePath, config.migrationsDir, {
    // An upgrade may rebuild derived tables of a large graph (minutes at 100,000 articles): say so.
    onMigration: (migration) => logger.info({ migration }, 'applying database migration'),
    ...(config.databaseReadUrl
      ? {
          readReplicaUrl: config.databaseReadUrl,
          onReplicaUnavailable: (reason: string) =>
            logger.warn({ reason }, 'read replica unavailable: reads go to the primary'),
        }
      : {}),
  });
  await seedIfAsked(
    store,
    config.seedsDir,
    args.includes('--seed') || process.env.SEEDS_DIR !== undefined,
    logger,
  );
  // Seeds may wait for the lock at start-up; once serving, a write waits in short turns, retried on
  // timers, so that reads keep flowing while another process writes.
  store.setBusyTimeout(SERVER_BUSY_TIMEOUT_MS);
  const extractionPool =
    config.extractWorkers > 0
      ? new ExtractionPool({
          workers: config.extractWorkers,
          queueLimit: config.ingestQueueLimit,
          timeoutMs: config.extractTimeoutMs,
          // A new article is written by a worker of the pool, through a connection of its own:
          // the transaction of a long article then never holds the event loop.
          ...(config.databasePath === ':memory:'
            ? {}
            : { database: { path: config.databasePath, migrationsDir: config.migrationsDir } }),
        })
      : undefined;
  const app = createApp({
    store,
    logger,
    operations: readOperations(config.operationsDir),
    config,
    ...(extractionPool ? { extractionPool } : {}),
  });
  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (error) {
    // The extraction workers would keep the process alive after a failed start (a port in use).
    await extractionPool?.close();
    await store.close();
    throw error;
  }
  const stopped = stopOnSignals(
    server,
    () => {
      void extractionPool?.close();
      void store.close();
      logger.info('closed');
    },
    logger,
  );
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, database: config.databasePath }, 'listening');
  const origin = `http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
  // The handlers are in place before the ready line: a supervisor may send SIGTERM the moment it reads it.
  console.log(`GraphQL server ready at ${origin}/graphql`);
  console.log(`Explorer at ${origin}/`);
  return stopped;
}

/**
 * Resolves with the exit code once a signal (0) or the safety net (1) has stopped the server: no new
 * connections, running requests given a grace period, then `close` for what the server holds.
 */
function stopOnSignals(server: Server, close: () => void, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (reason: string, code: number) => {
      if (stopping) return;
      stopping = true;
      logger.info({ reason }, 'shutting down');
      server.close(() => {
        close();
        resolve(code);
      });
      server.closeIdleConnections();
      // Requests still running after the grace period are cut so shutdown cannot hang.
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
      // After an uncaught exception the process may hold a handle that never closes: exit regardless.
      if (code !== 0) setTimeout(() => process.exit(code), 12_000).unref();
    };
    installSafetyNet(logger, (reason) => stop(reason, 1));
    process.once('SIGTERM', () => stop('SIGTERM', 0));
    process.once('SIGINT', () => stop('SIGINT', 0));
  });
}
