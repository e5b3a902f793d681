import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { readOperations } from '../src/operations.ts';
import { benchArticles } from './articles.ts';

export interface LoadOptions {
  /** Seconds of load; the run stops by itself after this. */
  durationSeconds: number;
  connections: number;
  /**
   * A command run beside the load, for concurrent writes (ingestion, once it exists). It gets
   * DATABASE_URL and GRAPHQL_URL of the server under load and is stopped when the load ends.
   */
  writerCommand?: string[];
  /**
   * Ingest articles through the ingestArticle mutation, one after another, for as long as the load runs
   * (the server gets a random ADMIN_TOKEN for it). Each article gets a new headline, so each one is written.
   */
  ingestWriter?: boolean;
  /** Database to copy for the run; the configured DATABASE_URL by default. A fresh seeded one if absent. */
  sourceDatabase?: string;
}

export interface LoadReport {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
  /** What the ingest writer did, when there was one. */
  writes?: WriterReport;
}

export interface WriterReport {
  ingested: number;
  /** Answers that were not a 200 with the article written. */
  errors: number;
  /** The first few of them, shortened, to tell a refusal from a failure. */
  errorSamples: string[];
  /** Answers that the graph already held the story (a copy of an article written before): not errors. */
  unchanged: number;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** Resident memory of a process in MB, from /proc (Linux); null elsewhere. */
function residentMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function startServer(
  database: string,
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/main.ts'), 'serve'], {
    cwd: PROJECT_ROOT,
    // Only loopback: load never leaves the machine.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const port = /ready at http:\/\/[^:]+:(\d+)\/graphql/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolvePromise(`http://127.0.0.1:${port}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
  return { child, url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

/**
 * Starts the real server on a temporary copy of the database, checks that every example operation
 * answers without errors, then sends them round-robin from `connections` connections for
 * `durationSeconds` to 127.0.0.1 and reports throughput, latency, failures and memory.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const dir = mkdtempSync(join(tmpdir(), 'nkg-load-'));
  const database = join(dir, 'graph.db');
  const source = options.sourceDatabase ?? loadConfig().databasePath;
  if (source !== ':memory:' && existsSync(source)) copyFileSync(resolve(source), database);
  const adminToken = randomBytes(24).toString('hex');
  const { child, url } = await startServer(database, options.ingestWriter ? { ADMIN_TOKEN: adminToken } : {});
  let writer: ChildProcess | undefined;
  const writing = { stop: false };
  let ingestLoop: Promise<WriterReport> | undefined;
  try {
    // Subscriptions are streams, not requests to answer: the load is the queries.
    const queries = readOperations(loadConfig().operationsDir).filter(
      (op) => !/^subscription /m.test(op.document),
    );
    const requests = queries.map((op) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: op.document, variables: op.variables, operationName: op.name }),
    }));
    let graphqlErrors = 0;
    for (const request of requests) {
      const res = await fetch(`${url}${request.path}`, request);
      if ((await res.json()).errors) graphqlErrors += 1;
    }
    const rssBeforeMb = child.pid ? residentMb(child.pid) : null;
    if (options.writerCommand?.length) {
      const [command, ...args] = options.writerCommand;
      writer = spawn(command as string, args, {
        env: { ...process.env, DATABASE_URL: database, GRAPHQL_URL: `${url}/graphql` },
        stdio: 'inherit',
      });
    }
    if (options.ingestWriter) ingestLoop = ingestUntilStopped(`${url}/graphql`, adminToken, writing);
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: 10,
      requests,
    });
    const rssAfterMb = child.pid ? residentMb(child.pid) : null;
    writing.stop = true;
    const writes = await ingestLoop;
    return {
      ...(writes ? { writes } : {}),
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      graphqlErrors,
      rssBeforeMb,
      rssAfterMb,
    };
  } finally {
    writing.stop = true;
    await ingestLoop?.catch(() => undefined);
    if (writer) await stop(writer);
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const INGEST = `mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) { unchanged article { id } added { mentions } }
}`;

/**
 * Posts the bench articles to ingestArticle one at a time, each under a new headline, until `control.stop`;
 * counts what was written and what failed, with each write's latency.
 */
export async function ingestUntilStopped(
  graphqlUrl: string,
  adminToken: string,
  control: { stop: boolean },
): Promise<WriterReport> {
  const articles = benchArticles();
  const run = randomBytes(4).toString('hex');
  const times: number[] = [];
  let errors = 0;
  let unchanged = 0;
  const errorSamples: string[] = [];
  const failed = (sample: string) => {
    errors++;
    if (errorSamples.length < 3) errorSamples.push(sample.slice(0, 200));
  };
  const started = performance.now();
  for (let n = 0; !control.stop; n++) {
    const article = articles[n % articles.length];
    const input = { ...article, title: `${article?.title} (load ${run} #${n})` };
    const t = performance.now();
    try {
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${adminToken}`,
        },
        body: JSON.stringify({ query: INGEST, variables: { input } }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as {
        errors?: unknown;
        data?: { ingestArticle?: { unchanged: boolean } };
      };
      if (res.status === 200 && !body.errors && body.data?.ingestArticle?.unchanged === true) unchanged++;
      else if (res.status !== 200 || body.errors || body.data?.ingestArticle?.unchanged !== false)
        failed(`${res.status} ${JSON.stringify(body.errors ?? body.data)}`);
      else times.push(performance.now() - t);
    } catch (error) {
      failed(String(error));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = times.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return {
    ingested: times.length,
    errors,
    errorSamples,
    unchanged,
    perSecond: Math.round((times.length / seconds) * 10) / 10,
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
  };
}
