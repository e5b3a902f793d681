import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createYoga, type Plugin } from 'graphql-yoga';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createContext } from '../src/schema/context.ts';
import { schema } from '../src/schema/index.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { csrfPreventionPlugin } from '../src/server/csrf.ts';
import { errorCodesPlugin } from '../src/server/error-codes.ts';
import { limitPlugins } from '../src/server/limits.ts';
import { requestIdPlugin } from '../src/server/request-id.ts';
import { securityHeadersPlugin } from '../src/server/security-headers.ts';
import { slowQueryPlugin } from '../src/server/slow-query.ts';
import { timeBudgetPlugins } from '../src/server/time-budget.ts';
import { createApp } from '../src/server.ts';
import { openStore } from '../src/store/index.ts';

/**
 * `npx tsx bench/engine.ts [--requests 3000] [--rounds 3]`: the engine's fixed cost per request. CPU per
 * uncached `{ __typename }` through the fetch handler (no sockets, so only the server's own work): a bare
 * graphql-yoga on the same schema, that yoga plus each of our plugins alone (the plugin's price), and
 * the whole server with the response cache off. Each variant runs in a process of its own (some costs,
 * like async-context tracking, once switched on stay on for the whole process); rounds alternate the
 * variants and the figures are medians.
 */
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    variant: { type: 'string' },
    only: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const QUERY = JSON.stringify({ query: '{ __typename }' });

const dir = mkdtempSync(join(tmpdir(), 'nkg-engine-bench-'));
const store = await openStore(join(dir, 'graph.db'), join(PROJECT_ROOT, 'db'));
await loadSeeds(store, join(PROJECT_ROOT, 'seeds'));
const silent = createLogger(
  'info',
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  }),
);
const config = loadConfig({ NODE_ENV: 'production', RESPONSE_CACHE: 'off', LOG_LEVEL: 'silent' });

type Handler = { fetch: (request: Request) => Response | Promise<Response> };

function yogaWith(plugins: Plugin[]): Handler {
  return createYoga({
    schema,
    logging: false,
    landingPage: false,
    graphiql: false,
    context: () => createContext(store),
    plugins,
  }) as unknown as Handler;
}

const variants: Record<string, () => Handler> = {
  'bare yoga (same schema)': () => createYoga({ schema, logging: false }) as unknown as Handler,
  'yoga + our context': () => yogaWith([]),
  '+ request id': () => yogaWith([requestIdPlugin()]),
  '+ security headers': () => yogaWith([securityHeadersPlugin(() => "default-src 'self'")]),
  '+ csrf': () => yogaWith([csrfPreventionPlugin()]),
  '+ limits (size, tokens, depth, aliases, directives, cost)': () => yogaWith(limitPlugins(config.limits)),
  '+ time budget': () => yogaWith(timeBudgetPlugins(config.limits.timeoutMs)),
  '+ slow-query log': () => yogaWith([slowQueryPlugin(silent, config.slowQueryMs)]),
  '+ error codes': () => yogaWith([errorCodesPlugin()]),
  'whole server, cache off': () =>
    createApp({ store, logger: silent, operations: [], config }) as unknown as Handler,
  'whole server, cache on (hits)': () =>
    createApp({
      store,
      logger: silent,
      operations: [],
      config: loadConfig({ NODE_ENV: 'production', RESPONSE_CACHE: 'on' }),
    }) as unknown as Handler,
};

async function cpuPerRequest(handler: Handler): Promise<number> {
  const send = async () => {
    const res = await handler.fetch(
      new Request('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: QUERY,
      }),
    );
    const text = await res.text();
    if (res.status !== 200 || !text.includes('Query'))
      throw new Error(`unexpected answer ${res.status} ${text}`);
  };
  for (let i = 0; i < 200; i++) await send();
  const before = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) await send();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / REQUESTS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function measureInChild(name: string): number {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--variant', name, '--requests', String(REQUESTS)],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  const figure = Number(run.stdout.trim().split('\n').at(-1));
  if (run.status !== 0 || !Number.isFinite(figure))
    throw new Error(`variant "${name}" failed: ${run.stderr}`);
  return figure;
}

if (values.variant) {
  const make = variants[values.variant];
  if (!make) throw new Error(`no variant "${values.variant}"`);
  console.log((await cpuPerRequest(make())).toFixed(2));
} else {
  // `--only "bare,whole"`: the variants whose names contain one of the words (bare yoga always runs).
  const words = values.only?.split(',').filter(Boolean);
  const chosen = Object.keys(variants).filter(
    (name) => !words || name.startsWith('bare') || words.some((word) => name.includes(word)),
  );
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of chosen) samples[name] = [...(samples[name] ?? []), measureInChild(name)];
  }
  const bare = median(samples['bare yoga (same schema)'] ?? []);
  const base = median(samples['yoga + our context'] ?? []);
  console.log(
    `uncached { __typename }, ${REQUESTS} requests x ${ROUNDS} rounds, CPU µs per request (median)`,
  );
  console.log('variant'.padEnd(60), 'µs/req'.padStart(8), 'price'.padStart(8), 'rate vs bare'.padStart(13));
  for (const name of chosen) {
    const us = median(samples[name] ?? []);
    const price = name.startsWith('+') && base ? `${(us - base).toFixed(1)}` : '';
    console.log(
      name.padEnd(60),
      us.toFixed(1).padStart(8),
      price.padStart(8),
      `${Math.round((bare / us) * 100)} %`.padStart(13),
    );
  }
}
await store.close();
rmSync(dir, { recursive: true, force: true });
