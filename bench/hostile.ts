/**
 * `npm run bench:hostile -- --db graph.db [--seconds 60]`: the server under the critical and high
 * attacks at once, for a bounded time, on a copy of a generated graph (`npm run gen`):
 * snippet markers of 1 MB in three aliases, answers of every article body, 1 MB articles through the
 * ingest mutation, the anonymous export of the 50 most-mentioned entities eight at a time, and the CLI
 * ingesting beside small ingest mutations. A probe asks `{ __typename }` every 100 ms throughout.
 * Prints latency figures, answers by code, the server's memory, and whether anything was lost.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../src/config.ts';
import { openStore } from '../src/store/index.ts';
import { namesArticle, repeatedSentenceArticle } from './hostile-articles.ts';
import { startServer } from './server.ts';

const TOKEN = 'hostile-bench-admin-token';
const PROBE_BUDGET_MS = 250;

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    // A comma-separated subset, to see which attack costs what: cli,snippets,bodies,ingest,exports,small.
    attacks: { type: 'string', default: 'cli,snippets,bodies,ingest,exports,small' },
  },
});
if (!values.db) {
  console.error('usage: npm run bench:hostile -- --db <generated graph.db> [--seconds 60]');
  process.exit(2);
}
const seconds = Number(values.seconds);
const work = mkdtempSync(join(tmpdir(), 'nkg-hostile-'));
const dbPath = join(work, 'graph.db');
copyFileSync(resolve(values.db), dbPath);

const store = await openStore(dbPath, resolve(PROJECT_ROOT, 'db'));
const topIds = (await store.stats.topEntities({ from: null, to: null }, null, 50)).map(
  (row) => row.entity_id,
);
const topSlugs = (await store.entities.byIds(topIds)).flatMap((row) => (row ? [row.slug] : []));
const articlesBefore = (await store.stats.nodeCounts()).articles;
await store.close();

const server = await startServer(dbPath, { ADMIN_TOKEN: TOKEN, EXTRACT_WORKERS: '1' });
// Whatever ends this run (an error included), the server it started goes with it.
process.once('exit', () => {
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    // already stopped
  }
});
const graphql = server.url;
const origin = server.url.replace(/\/graphql$/, '');
const until = performance.now() + seconds * 1000;
const running = () => performance.now() < until;
const tally = new Map<string, Map<string, number>>();
const count = (attack: string, outcome: string) => {
  const byOutcome = tally.get(attack) ?? new Map<string, number>();
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  tally.set(attack, byOutcome);
};
const uncoded: string[] = [];
let acknowledgedIngests = 0;
let peakRss = 0;

async function gql(query: string, variables: Record<string, unknown> = {}, admin = false) {
  const res = await fetch(graphql, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(admin ? { authorization: `Bearer ${TOKEN}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return {
      status: res.status,
      body: JSON.parse(text) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      },
    };
  } catch {
    return { status: res.status, body: { errors: [{ message: `not JSON: ${text.slice(0, 80)}` }] } };
  }
}

/** Counts an answer under its first error code, or "ok"; an error without a code is a finding. */
/** The ingest mutation, asking whether it made a new article or kept the text as a copy of one. */
const INGEST_MUTATION =
  'mutation ($input: IngestArticleInput!) { ingestArticle(input: $input) { article { id } unchanged duplicateOf { matchedBy } } }';

/** A successful ingest answer that made a new article (not a copy of one already held). */
function madeArticle(answer: Awaited<ReturnType<typeof gql>>): boolean {
  const data = answer.body.data as
    | { ingestArticle?: { unchanged: boolean; duplicateOf: unknown } | null }
    | null
    | undefined;
  const payload = data?.ingestArticle;
  return Boolean(payload && !payload.unchanged && !payload.duplicateOf);
}

function record(attack: string, answer: Awaited<ReturnType<typeof gql>>): boolean {
  const error = answer.body.errors?.[0];
  if (!error) {
    count(attack, 'ok');
    return true;
  }
  const code = error.extensions?.code;
  if (code) count(attack, code);
  else {
    count(attack, 'UNCODED');
    uncoded.push(`${attack}: ${error.message}`);
  }
  return false;
}

async function loop(attack: string, parallel: number, once: () => Promise<void>) {
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (running()) {
        try {
          await once();
        } catch (error) {
          count(attack, 'NETWORK_ERROR');
          uncoded.push(`${attack}: ${error instanceof Error ? error.message : String(error)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }),
  );
}

const marker = 'x'.repeat(1_000_000);
const snippets = () =>
  loop('snippet markers of 1 MB, three aliases', 4, async () => {
    const hits = '{ edges { node { snippet(open: $o, close: $o) } } }';
    record(
      'snippet markers of 1 MB, three aliases',
      await gql(
        `query ($o: String!) { a: search(query: "minister", first: 50) ${hits} b: search(query: "said", first: 50) ${hits} c: search(query: "president", first: 50) ${hits} }`,
        { o: marker },
      ),
    );
  });

const bodies = () =>
  loop('every article body', 2, async () => {
    record('every article body', await gql('{ articles(first: 100) { edges { node { body } } } }'));
  });

let ingestNumber = 0;
const bigIngests = () =>
  loop('1 MB articles through the mutation', 1, async () => {
    const n = ingestNumber++;
    const base = n % 2 ? repeatedSentenceArticle(990_000) : namesArticle(990_000);
    const input = { title: `${base.title} ${n}`, body: `${base.body}\n\nEdition ${n}.` };
    const answer = await gql(INGEST_MUTATION, { input }, true);
    if (record('1 MB articles through the mutation', answer) && madeArticle(answer)) acknowledgedIngests++;
  });

const exportUrl = `${origin}/export/graph.jsonld?${topSlugs.map((s) => `entity=${encodeURIComponent(s)}`).join('&')}`;
const exportsAttack = () =>
  loop('anonymous export of the top 50 entities', 8, async () => {
    const res = await fetch(exportUrl);
    const text = await res.text();
    if (res.status === 200) count('anonymous export of the top 50 entities', 'ok');
    else {
      const code = (JSON.parse(text) as { extensions?: { code?: string } }).extensions?.code;
      count('anonymous export of the top 50 entities', code ?? `HTTP ${res.status} uncoded`);
      if (!code) uncoded.push(`export: ${text.slice(0, 100)}`);
    }
  });

let smallNumber = 0;
const smallIngests = () =>
  loop('small ingest mutations beside the CLI', 2, async () => {
    const n = smallNumber++;
    const input = { ...namesArticle(400, 1_000_000 + n * 4), title: `Envoys meet, mutation ${n}` };
    const answer = await gql(INGEST_MUTATION, { input }, true);
    // A story that differs from another by a name is a copy of it to the duplicate check: only new
    // articles are expected to add a row.
    if (record('small ingest mutations beside the CLI', answer) && madeArticle(answer)) acknowledgedIngests++;
  });

const cliFolder = join(work, 'cli-articles');
mkdirSync(cliFolder);
const CLI_FILES = 200;
for (let i = 0; i < CLI_FILES; i++) {
  writeFileSync(
    join(cliFolder, `article-${i}.txt`),
    `Envoys meet, file ${i}\n\n${namesArticle(400, 2_000_000 + i * 4).body}\n`,
  );
}
const cli = () =>
  new Promise<string>((resolveCli) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/main.ts'), 'ingest', cliFolder],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: dbPath, LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', () =>
      resolveCli(
        /(\d+ ingested, \d+ unchanged, \d+ failed\n\d+ duplicates)/.exec(out)?.[1]?.replace('\n', ', ') ??
          'no totals line',
      ),
    );
  });

/**
 * The probe runs in a thread of its own: the attackers' work here (building 1 MB bodies, reading
 * exports) must not be counted as the server's latency.
 */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  // The thread's first fetch loads the HTTP client: not the server's time. Attacks start after it.
  await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((r) => r.text());
  parentPort.postMessage({ ready: true });
  const latencies = [];
  const slow = [];
  const begun = performance.now();
  let failures = 0;
  while (Date.now() < workerData.until) {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      const body = await res.json();
      if (body.errors || !body.data) failures++;
    } catch {
      failures++;
    }
    const took = performance.now() - started;
    latencies.push(took);
    if (took > workerData.budget) slow.push([Math.round((started - begun) / 100) / 10, Math.round(took)]);
    await new Promise((r) => setTimeout(r, 100));
  }
  parentPort.postMessage({ latencies, failures, slow });
})();`;
let latencies: number[] = [];
let probeFailures = 0;
/** [seconds into the run, milliseconds] of each probe over the budget. */
let slowProbes: number[][] = [];
/** Starts the probe thread: `ready` once its client is warm, `done` with its figures. */
function probe(): { ready: Promise<void>; done: Promise<void> } {
  const worker = new Worker(PROBE, {
    eval: true,
    workerData: { url: graphql, until: Date.now() + seconds * 1000, budget: PROBE_BUDGET_MS },
  });
  const rss = setInterval(() => {
    peakRss = Math.max(peakRss, server.rss());
  }, 200);
  let warm: () => void = () => {};
  const ready = new Promise<void>((resolveReady) => {
    warm = resolveReady;
  });
  const done = new Promise<void>((finish) => {
    worker.on(
      'message',
      (result: { ready?: boolean; latencies: number[]; failures: number; slow: number[][] }) => {
        if (result.ready) return warm();
        clearInterval(rss);
        latencies = result.latencies;
        slowProbes = result.slow;
        probeFailures = result.failures;
        void worker.terminate();
        finish();
      },
    );
  });
  return { ready, done };
}

console.log(`graph: ${articlesBefore} articles; attacks for ${seconds} s; server pid ${server.pid}`);
const chosen = new Set(values.attacks.split(','));
const skip = async () => 'not run';
const probing = probe();
await probing.ready;
// Starts the server's own event-loop histogram afresh: its maximum tells a blocked loop apart from a
// probe that waited for a core the attackers held.
await server.probe();
const [cliTotals] = await Promise.all([
  chosen.has('cli') ? cli() : skip(),
  chosen.has('snippets') ? snippets() : skip(),
  chosen.has('bodies') ? bodies() : skip(),
  chosen.has('ingest') ? bigIngests() : skip(),
  chosen.has('exports') ? exportsAttack() : skip(),
  chosen.has('small') ? smallIngests() : skip(),
  probing.done,
]);

const serverLoop = await server.probe();
const alive = await fetch(`${origin}/health`)
  .then((r) => r.json() as Promise<{ status: string }>)
  .then((health) => health.status === 'ok')
  .catch(() => false);
await server.stop();
const after = await openStore(dbPath, resolve(PROJECT_ROOT, 'db'));
const articlesAfter = (await after.stats.nodeCounts()).articles;
await after.close();
rmSync(work, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
console.log(`\n{ __typename } probes: ${latencies.length}, failed ${probeFailures}`);
console.log(
  `  latency ms: p50 ${at(0.5).toFixed(1)}, p95 ${at(0.95).toFixed(1)}, p99 ${at(0.99).toFixed(1)}, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)}; over ${PROBE_BUDGET_MS} ms: ${latencies.filter((l) => l > PROBE_BUDGET_MS).length}`,
);
if (slowProbes.length) {
  console.log(
    `  over ${PROBE_BUDGET_MS} ms at (s into the run, ms): ${slowProbes.map(([t, ms]) => `${t} s ${ms} ms`).join(', ')}`,
  );
}
console.log(
  `server event loop delay ms: max ${serverLoop.loopMaxMs.toFixed(0)}, p99 ${serverLoop.loopP99Ms.toFixed(0)}; longest GC pause ${serverLoop.gcMaxMs.toFixed(0)} ms (${serverLoop.gcOver50} over 50 ms)`,
);
for (const [attack, outcomes] of tally) {
  console.log(`${attack}: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
console.log(`CLI beside the server (${CLI_FILES} files): ${cliTotals}`);
console.log(`server alive at the end: ${alive}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
const expected = articlesBefore + acknowledgedIngests + (Number(/^(\d+) ingested/.exec(cliTotals)?.[1]) || 0);
console.log(
  `articles: ${articlesBefore} before, ${articlesAfter} after, ${expected} expected (acknowledged writes)`,
);
console.log(
  `uncoded errors: ${uncoded.length}${uncoded.length ? `\n  ${uncoded.slice(0, 5).join('\n  ')}` : ''}`,
);
const lost = articlesAfter < expected;
const ok =
  alive && !lost && uncoded.length === 0 && probeFailures === 0 && (latencies.at(-1) ?? 0) <= PROBE_BUDGET_MS;
console.log(ok ? 'PASS' : 'FAIL');
process.exitCode = ok ? 0 : 1;
