import { resolve } from 'node:path';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { type Config, loadConfig, PROJECT_ROOT } from './config.ts';
import { exportsPlugin } from './exports/plugin.ts';
import type { Logger } from './logger.ts';
import type { NamedOperation } from './operations.ts';
import { type Context, createContext } from './schema/context.ts';
import { schema } from './schema/index.ts';
import { accessOf } from './server/access.ts';
import { corsOptions } from './server/cors.ts';
import { csrfPreventionPlugin } from './server/csrf.ts';
import { errorCodesPlugin } from './server/error-codes.ts';
import { explorerPlugin } from './server/explorer.ts';
import { limitPlugins } from './server/limits.ts';
import { requestIdOf, requestIdPlugin } from './server/request-id.ts';
import { securityHeadersPlugin, withContentSecurityPolicy } from './server/security-headers.ts';
import { slowQueryPlugin } from './server/slow-query.ts';
import { timeBudgetPlugins } from './server/time-budget.ts';
import { maskUnexpected, unexpectedErrorLogPlugin, yogaLogger } from './server/unexpected-errors.ts';
import type { Store } from './store/index.ts';

export type AppConfig = Pick<
  Config,
  'limits' | 'slowQueryMs' | 'corsOrigins' | 'adminToken' | 'development' | 'responseCache'
>;

export interface AppOptions {
  store: Store;
  logger: Logger;
  operations: NamedOperation[];
  /** Limits, CORS and access; the defaults of src/config.ts when absent. */
  config?: AppConfig;
  /** The built explorer served at `/`; web/dist when absent. */
  explorerDir?: string;
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

/** `GET /health`: whether the database answers, and how many nodes of each kind the graph holds. */
function healthPlugin(store: Store): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/health') return;
      let body: Record<string, unknown>;
      let status = 200;
      try {
        body = {
          status: 'ok',
          database: store.stats.isHealthy() ? 'ok' : 'error',
          counts: store.stats.nodeCounts(),
        };
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

/**
 * Whole-response cache for reads. Every request is anonymous today, so one global session; the key holds
 * the store's graph version, so any committed write (this process or another) makes older entries
 * unreachable, and the LRU drops them.
 */
function responseCachePlugin(store: Store): Plugin {
  return useResponseCache({
    session: () => null,
    ttl: 5 * 60_000,
    includeExtensionMetadata: false,
    buildResponseCacheKey: ({ documentString, variableValues, operationName }) =>
      hashSHA256(
        JSON.stringify([store.graphVersion(), documentString, operationName ?? '', variableValues ?? {}]),
      ),
  });
}

/** The GraphQL server as a fetch handler: no sockets here, so tests and the HTTP server share it. */
export function createApp({
  store,
  logger,
  operations,
  config = loadConfig({}),
  explorerDir = resolve(PROJECT_ROOT, 'web/dist'),
}: AppOptions): App {
  const graphiqlPage = withContentSecurityPolicy(renderGraphiQL);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) =>
      createContext(store, accessOf(request, config.adminToken), requestIdOf(request)),
    graphqlEndpoint: '/graphql',
    // Yoga's own liveness probe answers an empty 200; /health is ours, with database status and counts.
    healthCheckEndpoint: '/live',
    landingPage: false,
    logging: yogaLogger(logger),
    maskedErrors: { maskError: maskUnexpected },
    graphiql: {
      title: 'News knowledge graph',
      defaultTabs: operations.map((op) => ({
        query: op.document,
        variables: Object.keys(op.variables).length ? JSON.stringify(op.variables, null, 2) : undefined,
      })),
    },
    renderGraphiQL: graphiqlPage.render,
    cors: corsOptions(config.corsOrigins),
    maxRequestBodySize: config.limits.maxBodyBytes,
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    plugins: [
      requestIdPlugin(),
      securityHeadersPlugin(graphiqlPage.policy),
      csrfPreventionPlugin(),
      ...limitPlugins(config.limits),
      ...(config.development ? [] : [blockFieldSuggestionsPlugin() as Plugin]),
      ...timeBudgetPlugins(config.limits.timeoutMs),
      slowQueryPlugin(logger, config.slowQueryMs),
      healthPlugin(store),
      explorerPlugin(explorerDir, logger),
      exportsPlugin(store, config.adminToken),
      ...(config.responseCache ? [responseCachePlugin(store)] : []),
      errorCodesPlugin(),
      unexpectedErrorLogPlugin(logger),
    ],
  });
}
