/**
 * `npm run bench -- [--engine sqlite|postgres] [--articles 10000,100000]
 * [--only operations,three-levels,trivial,mix,aliases,servers] [--cache off,on] [--duration 5]
 * [--mix-duration 15] [--connections 50] [--servers 1,2,4] [--op Name,...]`
 *
 * The real server process over real HTTP on a generated corpus (`gen`; cached under data/bench and reused),
 * with the cache off and on and a different subject in every request: every operation of
 * schema/operations/, the three-level query, `{ __typename }` beside a bare graphql-yoga server, the
 * many-alias query, the read mix with a concurrent writer, and the read mix spread over several server
 * processes on one database. With `--engine postgres` the corpus is copied (`npm run copy`) into a private
 * PostgreSQL cluster started for the run. Prints the figures, then each target of bench/targets.ts met
 * or not with its figure, and writes everything to bench/results/.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../src/config.ts';
import type { PostgresCluster } from '../tests/helpers-postgres.ts';
import { ensureCorpus } from './corpus.ts';
import {
  manyAliases,
  operationRequests,
  threeLevels,
  threeLevelsVarying,
  trivial,
  type VaryingRequest,
} from './operations.ts';
import { cloneDatabase, dropDatabase, postgresCorpus, startBenchCluster } from './postgres.ts';
import { ingestUntilStopped, type WriterReport } from './run-load.ts';
import { type RunningServer, startBareServer, startServer } from './server.ts';
import { createStatementCounter } from './sql-count.ts';
import { pickSubjects, type SubjectPools } from './subjects.ts';
import { printMeasurements, printTargets } from './table.ts';
import { evaluateTargets, type Measurement } from './targets.ts';

const GROUPS = ['operations', 'three-levels', 'trivial', 'mix', 'aliases', 'servers'] as const;

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000,100000' },
    sizes: { type: 'string' },
    seed: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    'mix-duration': { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    cache: { type: 'string', default: 'off,on' },
    only: { type: 'string', default: GROUPS.join(',') },
    op: { type: 'string' },
    pool: { type: 'string', default: '200' },
    engine: { type: 'string', default: 'sqlite' },
    servers: { type: 'string', default: '1,2,4' },
  },
});

const sizes = (values.sizes ?? values.articles).split(',').map(Number);
const seed = Number(values.seed);
const duration = Number(values.duration);
const mixDuration = Number(values['mix-duration']);
const connections = Number(values.connections);
const poolSize = Number(values.pool);
const cacheModes = values.cache.split(',').map((mode) => mode.trim()) as ('on' | 'off')[];
const only = new Set(values.only.split(',').map((g) => g.trim()));
const opFilter = values.op?.split(',').map((name) => name.trim().toLowerCase());
const engine = values.engine;
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine takes sqlite or postgres');
const serverCounts = values.servers.split(',').map(Number);
if (serverCounts.some((n) => !Number.isSafeInteger(n) || n < 1))
  throw new Error('--servers takes whole numbers');
for (const [name, value] of Object.entries({ seed, duration, mixDuration, connections, poolSize })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, got "${value}"`);
}
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error('--articles takes whole numbers');
if (cacheModes.some((mode) => mode !== 'on' && mode !== 'off'))
  throw new Error('--cache takes off, on or off,on');
for (const group of only) {
  if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`--only takes ${GROUPS.join(', ')}`);
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const bodyOf = (request: VaryingRequest, n: number) =>
  JSON.stringify({
    query: request.query,
    variables: request.variables(n),
    ...(request.operationName ? { operationName: request.operationName } : {}),
  });

/** POSTs one request and answers how long it took and whether GraphQL answered errors. */
async function once(url: string, body: string): Promise<{ ms: number; status: number; errors: unknown[] }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
  const answer = (await response.json()) as { errors?: unknown[] };
  return { ms: performance.now() - started, status: response.status, errors: answer.errors ?? [] };
}

/** Checks the first requests of a shape; answers how many failed, printing the first failure. */
async function check(server: RunningServer, request: VaryingRequest, count = 3): Promise<number> {
  let failed = 0;
  for (let n = 0; n < count; n++) {
    const answer = await once(server.url, bodyOf(request, n));
    if (answer.status !== 200 || answer.errors.length) {
      if (!failed)
        console.log(`    ! ${request.name}: ${answer.status} ${JSON.stringify(answer.errors).slice(0, 300)}`);
      failed++;
    }
  }
  return failed;
}

/** autocannon against the server, each request with the next variables of its shape. */
function cannon(
  server: RunningServer,
  shapes: VaryingRequest[],
  seconds: number,
  wrap?: number,
  clients = connections,
) {
  let n = 0;
  return autocannon({
    url: server.url,
    connections: clients,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: JSON_HEADERS,
        setupRequest: (request) => {
          const i = n++;
          const shape = shapes[i % shapes.length] as VaryingRequest;
          const variant = Math.floor(i / shapes.length);
          return { ...request, body: bodyOf(shape, wrap ? variant % wrap : variant) };
        },
      },
    ],
  });
}

/**
 * Waits until the server has finished what it still works on (CPU use under a tenth of a core for half a
 * second): requests a run left in flight must not be billed to the next scenario. Gives up after 3 minutes.
 */
async function settle(server: RunningServer): Promise<void> {
  const until = Date.now() + 180_000;
  let before = server.cpuMs();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = server.cpuMs();
    if (now - before < 50) return;
    before = now;
  }
}

/** CPU per request: everything the server spent from the start until it settled, over the requests sent. */
const perRequest = (cpuMs: number, result: autocannon.Result) =>
  cpuMs / Math.max(1, (result.requests as { sent?: number }).sent ?? result.requests.total);

/** One scenario: a check, a discarded warm-up, then the measured run with server CPU and probe figures. */
async function measure(
  server: RunningServer,
  base: Pick<Measurement, 'size' | 'cache' | 'group' | 'scenario' | 'sqlPerRequest'>,
  shapes: VaryingRequest[],
  seconds: number,
  wrap?: number,
): Promise<Measurement> {
  let failed = 0;
  for (const shape of shapes) failed += await check(server, shape);
  await cannon(server, shapes, Math.min(2, Math.max(1, seconds / 5)), wrap);
  await settle(server);
  await server.probe();
  const cpuBefore = server.cpuMs();
  const result = await cannon(server, shapes, seconds, wrap);
  await settle(server);
  const probe = await server.probe();
  const requests = result.requests.total;
  const lookups = probe.cacheHits + probe.cacheMisses;
  return {
    ...base,
    requests,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: perRequest(server.cpuMs() - cpuBefore, result),
    loopMaxMs: probe.loopMaxMs,
    hitRate: base.cache === 'on' && lookups ? probe.cacheHits / lookups : null,
    errors: result.errors + result.timeouts + result.non2xx + failed,
    ...(requests ? {} : { note: 'no request completed within the run' }),
  };
}

function log(row: Measurement): Measurement {
  console.log(
    `  [cache ${row.cache}] ${row.scenario}: ${row.reqPerSec.toFixed(0)} req/s, p99 ${row.p99} ms, ${row.cpuMsPerRequest.toFixed(2)} ms CPU/req, loop max ${row.loopMaxMs.toFixed(0)} ms${row.hitRate === null ? '' : `, hits ${(row.hitRate * 100).toFixed(0)} %`}${row.errors ? `, ${row.errors} errors` : ''}`,
  );
  return row;
}

/** Mean SQL statements over the first few requests of a shape, counted in-process with the cache off. */
async function statementsOf(
  counter: Awaited<ReturnType<typeof createStatementCounter>>,
  request: VaryingRequest,
) {
  let total = 0;
  let counted = 0;
  for (let n = 0; n < 3; n++) {
    try {
      total += await counter.count(request.query, request.variables(n));
      counted++;
    } catch {
      // An erroring request is reported by the load check; it has no statement count.
    }
  }
  return counted ? total / counted : null;
}

/** The many-alias query, once, timed end to end: answered or refused, and how long the event loop stalled. */
async function manyAliasesOnce(
  server: RunningServer,
  size: number,
  cache: 'on' | 'off',
): Promise<Measurement> {
  await server.probe();
  const cpuBefore = server.cpuMs();
  const answer = await once(server.url, bodyOf(manyAliases, 0));
  const probe = await server.probe();
  const code = (answer.errors[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
  return {
    size,
    cache,
    group: 'aliases',
    scenario: manyAliases.name,
    requests: 1,
    reqPerSec: 1000 / answer.ms,
    p50: answer.ms,
    p99: answer.ms,
    cpuMsPerRequest: server.cpuMs() - cpuBefore,
    sqlPerRequest: null,
    loopMaxMs: probe.loopMaxMs,
    hitRate: null,
    errors: 0,
    note: answer.errors.length ? `refused (${code ?? 'error'})` : 'answered',
  };
}

/** The read mix (every operation, a small working set of subjects) on a copy, with an ingest writer. */
async function mix(
  graph: Graph,
  size: number,
  cache: 'on' | 'off',
  operations: VaryingRequest[],
): Promise<{ row: Measurement; writes: WriterReport }> {
  const { url: copy, remove } = await writableCopy(graph);
  const adminToken = randomBytes(24).toString('hex');
  const server = await startServer(copy, { RESPONSE_CACHE: cache, ADMIN_TOKEN: adminToken });
  const control = { stop: false };
  try {
    for (const op of operations) await check(server, op, 1);
    await server.probe();
    const cpuBefore = server.cpuMs();
    const writer = ingestUntilStopped(server.url, adminToken, control);
    // Repeated reads: each operation cycles through 20 subjects, a working set the cache can hold.
    const result = await cannon(server, operations, mixDuration, 20);
    control.stop = true;
    const writes = await writer;
    await settle(server);
    const probe = await server.probe();
    const requests = result.requests.total;
    const lookups = probe.cacheHits + probe.cacheMisses;
    const row: Measurement = {
      size,
      cache,
      group: 'mix',
      scenario: 'read mix + ingest writer',
      requests,
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMsPerRequest: perRequest(server.cpuMs() - cpuBefore, result),
      sqlPerRequest: null,
      loopMaxMs: probe.loopMaxMs,
      hitRate: cache === 'on' && lookups ? probe.cacheHits / lookups : null,
      errors: result.errors + result.timeouts + result.non2xx + writes.errors,
      note: `writer ${writes.ingested} articles (${writes.perSecond}/s, p99 ${writes.latencyP99Ms} ms)${writes.unchanged ? `, ${writes.unchanged} copies already held` : ''}`,
    };
    for (const sample of writes.errorSamples) console.log(`    ! writer: ${sample}`);
    return { row, writes };
  } finally {
    control.stop = true;
    await server.stop();
    await remove();
  }
}

/** The graph under test: a SQLite file, or a database of the run's PostgreSQL cluster. */
interface Graph {
  /** DATABASE_URL for the servers. */
  url: string;
  /** The cluster and database name on PostgreSQL. */
  postgres?: { cluster: PostgresCluster; name: string };
}

/** A copy of the graph that a run may write to, and how to remove it. */
async function writableCopy(graph: Graph): Promise<{ url: string; remove: () => Promise<void> }> {
  if (graph.postgres) {
    const { cluster, name } = graph.postgres;
    const url = await cloneDatabase(cluster, name, `${name}_writes`);
    return { url, remove: () => dropDatabase(cluster, `${name}_writes`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nkg-bench-mix-'));
  const url = join(dir, 'graph.db');
  copyFileSync(graph.url, url);
  return { url, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The read mix (every operation, cache off, varying subjects) spread over `count` server processes on
 * one database, each taking its share of the connections at once: their throughputs summed.
 */
async function fleet(
  graph: Graph,
  size: number,
  count: number,
  operations: VaryingRequest[],
): Promise<Measurement> {
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startServer(graph.url, { RESPONSE_CACHE: 'off' }));
    for (const server of servers) for (const op of operations) await check(server, op, 1);
    const share = Math.max(1, Math.round(connections / count));
    await Promise.all(servers.map((server) => cannon(server, operations, 2, undefined, share)));
    for (const server of servers) await settle(server);
    for (const server of servers) await server.probe();
    const cpuBefore = servers.reduce((sum, server) => sum + server.cpuMs(), 0);
    const results = await Promise.all(
      servers.map((server) => cannon(server, operations, duration, undefined, share)),
    );
    for (const server of servers) await settle(server);
    const probes = await Promise.all(servers.map((server) => server.probe()));
    const cpu = servers.reduce((sum, server) => sum + server.cpuMs(), 0) - cpuBefore;
    const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
    const sent = results.reduce(
      (sum, r) => sum + ((r.requests as { sent?: number }).sent ?? r.requests.total),
      0,
    );
    return {
      size,
      cache: 'off',
      group: 'servers',
      servers: count,
      scenario: `read mix over ${count} server${count === 1 ? '' : 's'}`,
      requests,
      reqPerSec: results.reduce((sum, r) => sum + r.requests.average, 0),
      p50: Math.max(...results.map((r) => r.latency.p50)),
      p99: Math.max(...results.map((r) => r.latency.p99)),
      cpuMsPerRequest: cpu / Math.max(1, sent),
      sqlPerRequest: null,
      loopMaxMs: Math.max(...probes.map((p) => p.loopMaxMs)),
      hitRate: null,
      errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
      note: `${share} connections each`,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

const rows: Measurement[] = [];
const corpora: Record<number, { path: string; builtSeconds: number | null }> = {};
const startedAt = new Date();
const cluster = engine === 'postgres' ? await startBenchCluster() : null;
try {
  for (const size of sizes) {
    console.log(`\n== ${size} articles (seed ${seed}, ${engine})`);
    const corpus = await ensureCorpus(size, seed);
    corpora[size] = corpus;
    if (corpus.builtSeconds !== null) console.log(`  generated in ${corpus.builtSeconds.toFixed(1)} s`);
    let graph: Graph = { url: corpus.path };
    if (cluster) {
      const name = `graph_n${size}`;
      const copied = await postgresCorpus(cluster, corpus.path, name);
      console.log(`  copied into PostgreSQL in ${copied.seconds.toFixed(1)} s`);
      graph = { url: copied.url, postgres: { cluster, name } };
    }
    // Applies pending migrations to the cached corpus once, before anything opens it read-only.
    const counter = await createStatementCounter(corpus.path);
    const raw = new Database(corpus.path, { readonly: true });
    const pools: SubjectPools = pickSubjects(raw, poolSize).pools;
    raw.close();
    const operations = operationRequests(pools).filter(
      (op) => !opFilter || opFilter.some((name) => op.name.toLowerCase().includes(name)),
    );
    const sql = new Map<string, number | null>();
    for (const request of [...operations, threeLevels, threeLevelsVarying(pools)]) {
      sql.set(request.name, await statementsOf(counter, request));
    }
    await counter.close();

    if (only.has('trivial')) {
      const bare = await startBareServer();
      try {
        rows.push(
          log(
            await measure(
              bare,
              {
                size,
                cache: 'off',
                group: 'bare',
                scenario: 'bare graphql-yoga { __typename }',
                sqlPerRequest: 0,
              },
              [trivial],
              duration,
            ),
          ),
        );
      } finally {
        await bare.stop();
      }
    }
    for (const cache of cacheModes) {
      const server = await startServer(graph.url, { RESPONSE_CACHE: cache });
      try {
        const base = { size, cache };
        if (only.has('trivial')) {
          rows.push(
            log(
              await measure(
                server,
                { ...base, group: 'trivial', scenario: trivial.name, sqlPerRequest: 0 },
                [trivial],
                duration,
              ),
            ),
          );
        }
        if (only.has('three-levels')) {
          const varying = threeLevelsVarying(pools);
          rows.push(
            log(
              await measure(
                server,
                {
                  ...base,
                  group: 'three-levels',
                  scenario: threeLevels.name,
                  sqlPerRequest: sql.get(threeLevels.name) ?? null,
                },
                [threeLevels],
                duration,
              ),
            ),
            log(
              await measure(
                server,
                {
                  ...base,
                  group: 'three-levels-varying',
                  scenario: varying.name,
                  sqlPerRequest: sql.get(varying.name) ?? null,
                },
                [varying],
                duration,
              ),
            ),
          );
        }
        if (only.has('operations')) {
          for (const op of operations) {
            rows.push(
              log(
                await measure(
                  server,
                  { ...base, group: 'operation', scenario: op.name, sqlPerRequest: sql.get(op.name) ?? null },
                  [op],
                  duration,
                ),
              ),
            );
          }
        }
        if (only.has('aliases') && cache === 'off')
          rows.push(log(await manyAliasesOnce(server, size, cache)));
      } finally {
        await server.stop();
      }
    }
    if (only.has('mix')) {
      for (const cache of cacheModes) rows.push(log((await mix(graph, size, cache, operations)).row));
    }
    if (only.has('servers')) {
      for (const count of serverCounts) rows.push(log(await fleet(graph, size, count, operations)));
    }
  }
} finally {
  await cluster?.stop();
}

printMeasurements(rows, { duration, connections });
const targets = evaluateTargets(rows);
printTargets(targets);
const dir = resolve(PROJECT_ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGb: totalmem() / 2 ** 30,
};
writeFileSync(
  file,
  `${JSON.stringify({ startedAt, machine, engine, options: { ...values, sizes }, corpora, rows, targets }, null, 2)}\n`,
);
console.log(`\nresults written to ${file}`);
