import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import type { ExtractionPool } from '../src/ingest/extraction-pool.ts';
import { createLogger } from '../src/logger.ts';
import { readOperations } from '../src/operations.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { type App, createApp } from '../src/server.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { closeRawSql, type RawSql, rawSqlOf, registerPostgresStore } from './raw-sql.ts';
import { statementCounter } from './statement-counter.ts';

/**
 * Set for the PostgreSQL pass (`npm run test:postgres`, see tests/postgres-engine.setup.ts): the
 * cluster whose template database each `testApp` is copied from. Unset, tests run on SQLite files.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** Whether this run's test apps are served from PostgreSQL; tests of SQLite internals skip themselves. */
export const ON_POSTGRES = TEST_DATABASE_URL !== undefined;

let testDatabases = 0;

/** A new database copied from the migrated template, and how to drop it. */
async function copyOfTemplate(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `test_${process.pid}_${++testDatabases}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE graph_template`);
  const url = new URL(TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export { PROJECT_ROOT };
export const MIGRATIONS_DIR = resolve(PROJECT_ROOT, 'db');
export const SEEDS_DIR = resolve(PROJECT_ROOT, 'seeds');
export const OPERATIONS_DIR = resolve(PROJECT_ROOT, 'schema/operations');
export const SEED_SLUG = 'cameron-russia-west-syria-gap';

/**
 * A GraphQL answer as tests read it. Its shape is checked by assertions, not by the compiler: declaring a
 * type per query would only restate the query.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers are free-form JSON, checked by the assertions that read them
export type Json = any;

export interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult {
  status: number;
  body: { data?: Json; errors?: GraphQLErrorJson[] };
}

/** A fresh folder in the OS temp dir. */
export function tempDir(prefix = 'nkg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh temp folder with the function that removes it: the one way the tests make one. */
export function removableTempDir(prefix = 'nkg-test-'): { dir: string; remove: () => void } {
  const dir = tempDir(prefix);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const tempDirs: string[] = [];

/** Removes every folder made by `trackedTempDir`; call it from `afterAll`. */
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function trackedTempDir(): string {
  const dir = tempDir();
  tempDirs.push(dir);
  return dir;
}

/** A copy of the seeds folder that a test may break without touching the real one. */
export function copySeeds(): string {
  const dir = join(trackedTempDir(), 'seeds');
  cpSync(SEEDS_DIR, dir, { recursive: true });
  return dir;
}

/** Request options for a GraphQL POST with a JSON body. */
export function post(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  };
}

export interface TestAppOptions {
  /** Load the seeds from this folder; `null` leaves the database empty. Defaults to the project's seeds. */
  seedsDir?: string | null;
  /** Environment the app's configuration is read from, as at start-up (limits, tokens, CORS). */
  env?: Record<string, string>;
  /** Runs with every SQL statement the app runs once seeded (not the response cache's version probe). */
  onStatement?: (sql: string) => void;
  /** Worker threads for the ingest mutation's extraction, as `serve` starts them; the caller closes it. */
  extractionPool?: ExtractionPool;
  /** The graph to serve instead of a new SQLite file: a `postgres://` URL of an empty database. */
  databaseUrl?: string;
}

export interface TestApp {
  app: App;
  store: Store;
  dbPath: string;
  /** SQL statements run since the app was built or `resetSqlCount` was last called. */
  sqlCount(): number;
  resetSqlCount(): void;
  /** Runs a GraphQL request through `app.fetch`, as a client would over HTTP. */
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  /** Any request to the app, by path. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The JSON log lines the app wrote at level info and above. */
  logs: Record<string, unknown>[];
  /** Closes the database and deletes the temp folder. */
  close(): Promise<void>;
}

/**
 * The response cache asks SQLite for its data_version (a counter, no table read) on every request to
 * key its entries; statement counts are about reading the graph, so they leave the probe out.
 */
export function isVersionProbe(sql: string): boolean {
  return sql.trim() === 'PRAGMA data_version';
}

/** A real app over a real SQLite file in a temp folder, migrated and seeded, counting SQL statements. */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = tempDir();
  const dbPath = join(dir, 'graph.db');
  let seeded = false;
  const counter = statementCounter({
    ignore: isVersionProbe,
    onCounted: (sql) => {
      if (seeded) options.onStatement?.(sql);
    },
  });
  const copy = !options.databaseUrl && ON_POSTGRES ? await copyOfTemplate() : undefined;
  const databaseUrl = options.databaseUrl ?? copy?.url;
  const store = await openStore(databaseUrl ?? dbPath, MIGRATIONS_DIR, {
    onStatement: counter.onStatement,
  });
  if (databaseUrl) registerPostgresStore(store, databaseUrl);
  const seedsDir = options.seedsDir === undefined ? SEEDS_DIR : options.seedsDir;
  if (seedsDir !== null) await loadSeeds(store, seedsDir);
  seeded = true;
  counter.reset();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = createApp({
    store,
    logger: createLogger('info', sink),
    operations: readOperations(OPERATIONS_DIR),
    config: loadConfig({ NODE_ENV: 'test', ...options.env }),
    ...(options.extractionPool ? { extractionPool: options.extractionPool } : {}),
  });
  // Building the app may read the database (the response cache notes where the change log stands).
  counter.reset();
  return {
    app,
    store,
    dbPath,
    logs,
    sqlCount: counter.count,
    resetSqlCount: counter.reset,
    async gql(query, variables) {
      const res = await app.fetch('http://test/graphql', post(query, variables));
      return { status: res.status, body: (await res.json()) as GqlResult['body'] };
    },
    fetch: async (path, init) => app.fetch(new Request(`http://localhost${path}`, init)),
    async close() {
      if (store.isOpen()) await store.close();
      await closeRawSql(store);
      await copy?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The codes of a GraphQL answer's errors, in order. */
export function errorCodes(result: GqlResult): (string | undefined)[] {
  return (result.body.errors ?? []).map((error) => error.extensions?.code);
}

/** The global id the API gives a node of `type` with database id `id`. */
export function globalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

const SERVER_ENTRY = ['--import', 'tsx', 'src/cli/main.ts'];

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', NODE_ENV: 'test', ...env };
}

export interface ServerProcess {
  /** e.g. http://localhost:41234/graphql */
  url: string;
  origin: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code, or rejects after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

const READY_LINE = /GraphQL server ready at (http:\/\/[^\s:]+:(\d+)\/graphql)/;

/** Resolves with the exit code once `child` has exited, or rejects after `timeoutMs`. */
export function exitOf(child: ChildProcess, timeoutMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

/**
 * Starts `serve` as a real process on a free port (PORT=0) with a temp database unless `env` says
 * otherwise, and resolves once it prints its ready line.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const database = env.DATABASE_URL ?? join(trackedTempDir(), 'graph.db');
  const child = spawn(process.execPath, [...SERVER_ENTRY, 'serve'], {
    cwd: PROJECT_ROOT,
    env: childEnv({ PORT: '0', ...env, DATABASE_URL: database }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ready = await new Promise<RegExpExecArray>((resolveReady, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`server did not print its ready line within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = READY_LINE.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveReady(match);
      }
    });
    child.once('exit', (code) => fail(`server exited with code ${code} before it was ready`));
  });
  const port = Number(ready[2]);
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exitOf(child, stopTimeoutMs);
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI command to its end (killed after `timeoutMs`) and returns its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<CliRun> {
  const child = spawn(process.execPath, [...SERVER_ENTRY, ...args], {
    cwd: PROJECT_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `"${args.join(' ')}" still running after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** A fresh temp folder, tracked for `cleanupTempDirs`. */
export function scratchDir(): string {
  return trackedTempDir();
}

/**
 * The tables `tableCountsOf` counts, on each engine: all but those whose row counts say something of the
 * engine, not of the graph. SQLite's FTS5 shadow tables (search_index_data, entity_search_idx…) hold
 * index segments whose number depends on write history; the change log records writes, not graph
 * content, and PostgreSQL's change_log_pending holds the nodes of transactions still running.
 */
const GRAPH_TABLES: Record<RawSql['engine'], string> = {
  sqlite: `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    AND name NOT LIKE 'search_index_%' AND name NOT LIKE 'entity_search_%' AND name <> 'change_log'
    ORDER BY name`,
  postgres: `SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
    AND table_name NOT IN ('change_log', 'change_log_pending') ORDER BY table_name`,
};

/**
 * Row counts of every table of the graph, by table name, on either engine: a fingerprint to compare
 * before and after.
 */
export async function tableCountsOf(store: Store): Promise<Record<string, number>> {
  const raw = rawSqlOf(store);
  const counts: Record<string, number> = {};
  for (const name of await raw.values<string>(GRAPH_TABLES[raw.engine])) {
    counts[name] = Number(await raw.value(`SELECT COUNT(*) FROM "${name}"`));
  }
  return counts;
}

/**
 * `tableCountsOf` for a SQLite store, answered at once: for callers that read a SQLite file without
 * awaiting (a copy's source and destination files, say).
 */
export function tableCounts(store: Store): Record<string, number> {
  const db = sqliteDatabaseOf(store);
  const tables = db.prepare(GRAPH_TABLES.sqlite).pluck().all() as string[];
  return Object.fromEntries(
    tables.map((name) => [name, db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get() as number]),
  );
}
