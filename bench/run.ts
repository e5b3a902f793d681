import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../src/config.ts';
import { ensureCorpus } from './corpus.ts';
import { type Scenario, scenarios, type Targets, trivial } from './scenarios.ts';
import { type RunningServer, startServer } from './server.ts';
import { createStatementCounter } from './sql-count.ts';
import { printTables, type ScenarioResult, type SizeResult } from './table.ts';
import { pickTargets } from './targets.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    seed: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    cache: { type: 'string', default: 'off,on' },
    only: { type: 'string' },
  },
});

const sizes = values.sizes.split(',').map(Number);
const seed = Number(values.seed);
const duration = Number(values.duration);
const connections = Number(values.connections);
const cacheModes = values.cache.split(',').map((mode) => mode.trim());
const selected = values.only
  ? scenarios.filter((s) => s.name.toLowerCase().includes((values.only as string).toLowerCase()))
  : scenarios;
for (const [name, value] of Object.entries({ seed, duration, connections })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, got "${value}"`);
}
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--sizes must be whole numbers`);
if (cacheModes.some((mode) => mode !== 'on' && mode !== 'off'))
  throw new Error('--cache takes off, on or off,on');

/** One autocannon run against 127.0.0.1, bounded by `duration`; RSS sampled while it runs. */
async function load(server: RunningServer, scenario: Scenario, targets: Targets) {
  const body = JSON.stringify({ query: scenario.query, variables: scenario.variables(targets) });
  const check = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const checked = (await check.json()) as { errors?: unknown; data?: unknown };
  if (check.status !== 200 || checked.errors || !checked.data) {
    throw new Error(`${scenario.name}: ${check.status} ${JSON.stringify(checked).slice(0, 400)}`);
  }
  // A discarded warm-up first: the first requests of an operation warm V8 and the server's caches.
  await autocannon({
    url: server.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: Math.min(2, Math.max(1, duration / 5)),
  });
  let rssPeak = server.rss();
  const cpuBefore = server.cpuMs();
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, server.rss());
  }, 250);
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration,
  });
  clearInterval(sampler);
  const requests = result.requests.total;
  return {
    cpuMsPerRequest: requests ? (server.cpuMs() - cpuBefore) / requests : 0,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    rssPeak,
  };
}

/** Operations per second of the raw-statement floor, single-threaded, for about a second. */
function rawFloor(db: Database.Database, scenario: Scenario, targets: Targets) {
  const run = scenario.raw(db, targets);
  for (let i = 0; i < 200; i++) run();
  const times: number[] = [];
  const until = performance.now() + 1000;
  while (performance.now() < until) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  const total = times.reduce((sum, t) => sum + t, 0);
  times.sort((a, b) => a - b);
  return { opsPerSec: times.length / (total / 1000), p50: times[Math.floor(times.length / 2)] ?? 0 };
}

const results: SizeResult[] = [];
const startedAt = new Date();
for (const size of sizes) {
  console.log(`\n== ${size} articles (seed ${seed})`);
  const corpus = ensureCorpus(size, seed);
  if (corpus.builtSeconds !== null) console.log(`  built in ${corpus.builtSeconds.toFixed(1)} s`);
  const raw = new Database(corpus.path, { readonly: true });
  const targets = pickTargets(raw);
  const counter = createStatementCounter(corpus.path);
  const sizeResult: SizeResult = {
    size,
    seed,
    database: corpus.path,
    builtSeconds: corpus.builtSeconds,
    rssPeakMb: 0,
    targets,
    rows: [],
  };
  for (const cache of cacheModes) {
    const server = await startServer(corpus.path, { RESPONSE_CACHE: cache });
    try {
      const floor = await load(server, trivial, targets);
      const row = (scenario: Scenario, measured: typeof floor, sql: number): ScenarioResult => {
        const rawResult = scenario === trivial ? null : rawFloor(raw, scenario, targets);
        return {
          scenario: scenario.name,
          cache,
          reqPerSec: measured.reqPerSec,
          p50: measured.p50,
          p99: measured.p99,
          cpuMsPerRequest: measured.cpuMsPerRequest,
          errors: measured.errors,
          sqlPerRequest: sql,
          vsHttpFloor: measured.reqPerSec / floor.reqPerSec,
          rawOpsPerSec: rawResult?.opsPerSec ?? null,
          vsSqliteFloor: rawResult ? rawResult.opsPerSec / measured.reqPerSec : null,
          rssPeakMb: measured.rssPeak / 2 ** 20,
        };
      };
      sizeResult.rows.push(row(trivial, floor, 0));
      console.log(`  [cache ${cache}] ${trivial.name}: ${floor.reqPerSec.toFixed(0)} req/s`);
      for (const scenario of selected) {
        const sql = await counter.count(scenario.query, scenario.variables(targets));
        const measured = await load(server, scenario, targets);
        sizeResult.rows.push(row(scenario, measured, sql));
        console.log(
          `  [cache ${cache}] ${scenario.name}: ${measured.reqPerSec.toFixed(0)} req/s, p99 ${measured.p99} ms`,
        );
      }
    } finally {
      await server.stop();
    }
  }
  sizeResult.rssPeakMb = Math.max(...sizeResult.rows.map((r) => r.rssPeakMb));
  counter.close();
  raw.close();
  results.push(sizeResult);
}

printTables(results, { duration, connections });
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
  `${JSON.stringify({ startedAt, machine, options: { sizes, seed, duration, connections, cacheModes }, results }, null, 2)}\n`,
);
console.log(`\nresults written to ${file}`);
