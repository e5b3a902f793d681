import { resolve } from 'node:path';
import { type GraphQLError, locatedError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { type Config, loadConfig, PROJECT_ROOT } from './config.ts';
import { StorageFailureError } from './errors.ts';
import { exportsPlugin } from './exports/plugin.ts';
import type { ExtractionPool } from './ingest/extraction-pool.ts';
import type { DocumentWrite } from './ingest/ingest-document.ts';
import type { Logger } from './logger.ts';
import type { NamedOperation } from './operations.ts';
import { type Context, createContext } from './schema/context.ts';
import { schema } from './schema/index.ts';
import { articleFeed } from './schema/live-articles.ts';
import { factFeed } from './schema/live-facts.ts';
import { accessOf } from './server/access.ts';
import { answerSizePlugin } from './server/answer-size.ts';
import { bodySizePlugin } from './server/body-size.ts';
import { compressionPlugin } from './server/compression.ts';
import { contentTypePlugin } from './server/content-type.ts';
import { corsOptions } from './server/cors.ts';
import { csrfPreventionPlugin } from './server/csrf.ts';
import { errorCodesPlugin } from './server/error-codes.ts';
import { explorerPlugin } from './server/explorer.ts';
import { getParamsPlugin } from './server/get-params.ts';
import { graphiqlAssetsPlugin, renderGraphiQLPage } from './server/graphiql.ts';
import { limitPlugins } from './server/limits.ts';
import { loadSheddingPlugin } from './server/load-shedding.ts';
import { requestIdOf, requestIdPlugin } from './server/request-id.ts';
import { responseCachePlugin } from './server/response-cache.ts';
import { securityHeadersPlugin, withContentSecurityPolicy } from './server/security-headers.ts';
import { slowQueryPlugin } from './server/slow-query.ts';
import { noSuggestionsPlugin } from './server/suggestions.ts';
import { timeBudgetPlugins } from './server/time-budget.ts';
import { maskUnexpected, unexpectedErrorLogPlugin, yogaLogger } from './server/unexpected-errors.ts';
import type { Store } from './store/index.ts';
import { storageErrorOf } from './store/storage-errors.ts';

export type AppConfig = Pick<
  Config,
  | 'limits'
  | 'slowQueryMs'
  | 'corsOrigins'
  | 'adminToken'
  | 'development'
  | 'responseCache'
  | 'responseCacheMaxEntryBytes'
  | 'responseCacheMaxEntries'
  | 'shedHeapFraction'
  | 'exportLimits'
  | 'writeBusyRetryMs'
  | 'otherLanguages'
>;

export interface AppOptions {
  store: Store;
  logger: Logger;
  operations: NamedOperation[];
  /** Limits, CORS and access; the defaults of src/config.ts when absent. */
  config?: AppConfig;
  /** The built explorer served at `/`; web/dist when absent. */
  explorerDir?: string;
  /** Worker threads for ingest extraction; without one, articles are extracted on the event loop. */
  extractionPool?: ExtractionPool;
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * `GET /health`: whether the database answers, how many nodes of each kind the graph holds, and how many
 * subscriptions are open (a client that went is no longer counted).
 */
function healthPlugin(store: Store): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/health') return;
      let body: Record<string, unknown>;
      let status = 200;
      try {
        const fileProblem = store.file.problem();
        body = {
          status: fileProblem ? 'error' : 'ok',
          database: fileProblem ? `file ${fileProblem}` : (await store.stats.isHealthy()) ? 'ok' : 'error',
          counts: await store.stats.nodeCounts(),
          subscriptions: {
            articleIngested: articleFeed(store).subscriptions,
            factsAbout: factFeed(store).listening,
          },
        };
        if (fileProblem) status = 503;
      } catch {
        status = 503;
        body = { status: 'error', database: 'unavailable' };
      }
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}

/** The GraphQL server as a fetch handler: no sockets here, so tests and the HTTP server share it. */
export function createApp({
  store,
  logger,
  operations,
  config = loadConfig({}),
  explorerDir = resolve(PROJECT_ROOT, 'web/dist'),
  extractionPool,
}: AppOptions): App {
  const writeOptions = {
    busyRetryMs: config.writeBusyRetryMs,
    otherLanguages: config.otherLanguages,
    eventBudgetMs: config.limits.timeoutMs,
    ...(extractionPool
      ? { extract: extractionPool.extract.bind(extractionPool), admit: () => extractionPool.admit() }
      : {}),
    ...(extractionPool?.writes
      ? {
          // The worker wrote through its own connection: this store's reads must see it from now on.
          async writeElsewhere(write: DocumentWrite) {
            const report = await extractionPool.write(write);
            await store.seeCommittedWrites();
            return report;
          },
        }
      : {}),
  };
  const graphiqlPage = withContentSecurityPolicy(renderGraphiQLPage);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) =>
      createContext(store, accessOf(request, config.adminToken), requestIdOf(request), writeOptions),
    graphqlEndpoint: '/graphql',
    // Yoga's own liveness probe answers an empty 200; /health is ours, with database status and counts.
    healthCheckEndpoint: '/live',
    landingPage: false,
    logging: yogaLogger(logger),
    maskedErrors: {
      maskError(error, message) {
        // A full disk or a vanished database file is the operator's to fix: say so, with a code.
        const original = (error as { originalError?: unknown }).originalError;
        const storage = storageErrorOf(original ?? error);
        if (storage) {
          logger.error({ err: original ?? error }, storage.message);
          const located = error as Partial<GraphQLError>;
          return locatedError(
            new StorageFailureError(storage.code, storage.message),
            located.nodes ?? null,
            located.path ?? null,
          );
        }
        // Expected failures keep their code; anything else is a bug, masked and logged with its request.
        return maskUnexpected(error, message);
      },
    },
    graphiql: {
      title: 'News knowledge graph',
      defaultTabs: operations.map((op) => ({
        query: op.document,
        variables: Object.keys(op.variables).length ? JSON.stringify(op.variables, null, 2) : undefined,
      })),
    },
    renderGraphiQL: graphiqlPage.render,
    cors: corsOptions(config.corsOrigins),
    // Checked by bodySizePlugin, which counts only bodies of undeclared length.
    maxRequestBodySize: false,
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    plugins: [
      requestIdPlugin(),
      loadSheddingPlugin({ maxHeapFraction: config.shedHeapFraction, retryAfterSeconds: 2 }),
      securityHeadersPlugin(graphiqlPage.policy),
      csrfPreventionPlugin(),
      getParamsPlugin(),
      contentTypePlugin(),
      bodySizePlugin(config.limits.maxBodyBytes),
      ...limitPlugins(config.limits),
      ...(config.development ? [] : [noSuggestionsPlugin()]),
      ...timeBudgetPlugins(config.limits.timeoutMs),
      slowQueryPlugin(logger, config.slowQueryMs),
      healthPlugin(store),
      graphiqlAssetsPlugin(),
      explorerPlugin(explorerDir, logger),
      exportsPlugin(store, config.adminToken, config.exportLimits),
      answerSizePlugin(config.limits.maxResponseBytes),
      ...(config.responseCache
        ? [
            responseCachePlugin(store, schema, {
              max: config.responseCacheMaxEntries,
              maxEntryBytes: config.responseCacheMaxEntryBytes,
            }),
          ]
        : []),
      errorCodesPlugin(),
      unexpectedErrorLogPlugin(logger),
      // Last: it wraps the body every plugin before it has finished with.
      compressionPlugin(),
    ],
  });
}
