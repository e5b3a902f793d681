import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { readOperations } from '../src/operations.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { type App, createApp } from '../src/server.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { isVersionProbe } from './helpers.ts';

export const PROJECT = join(import.meta.dirname, '..');
export const MIGRATIONS = join(PROJECT, 'db');
export const SEEDS = join(PROJECT, 'seeds');
export const OPERATIONS = readOperations(join(PROJECT, 'schema/operations'));

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'nkg-hardening-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new seeded database file in `dir`, closed again: for servers and CLIs to open. */
export function seededDatabase(dir: string): string {
  const path = join(dir, 'graph.db');
  const store = openStore(path, MIGRATIONS);
  loadSeeds(store, SEEDS);
  store.db.close();
  return path;
}

export interface TestApp {
  app: App;
  store: Store;
  /** JSON log lines written so far. */
  logs: Record<string, unknown>[];
  /** SQL statements run since the app was built (or since the last reset). */
  sqlCount: () => number;
  resetSqlCount: () => void;
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => void;
}

export interface TestAppOptions {
  /** Environment variables for the configuration, as a deployment would set them. */
  env?: Record<string, string>;
  /** Runs with every SQL statement, after it is counted. */
  onStatement?: (sql: string) => void;
}

/** The real app on a temporary seeded SQLite file, with its SQL counted and its logs kept. */
export function testApp({ env = {}, onStatement }: TestAppOptions = {}): TestApp {
  const { dir, remove } = tempDir();
  let statements = 0;
  let seeding = true;
  const store = openStore(join(dir, 'graph.db'), MIGRATIONS, {
    onStatement: (sql) => {
      if (isVersionProbe(sql)) return;
      statements += 1;
      if (!seeding) onStatement?.(sql);
    },
  });
  loadSeeds(store, SEEDS);
  seeding = false;
  statements = 0;
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = createApp({
    store,
    logger: createLogger('info', sink),
    operations: OPERATIONS,
    config,
  });
  return {
    app,
    store,
    logs,
    sqlCount: () => statements,
    resetSqlCount: () => {
      statements = 0;
    },
    fetch: async (path, init) => app.fetch(new Request(`http://localhost${path}`, init)),
    close: () => {
      store.db.close();
      remove();
    },
  };
}

/** A JSON POST as GraphiQL and frontends send it. */
export function post(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  };
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stderr (its JSON logs) so far. */
  stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts `serve` as a real process on a free port of 127.0.0.1 and waits for its ready line. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'src/cli/main.ts'), 'serve'], {
    cwd: PROJECT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /GraphQL server ready at http:\/\/[^:]+:(\d+)\/graphql/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready: ${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid as number,
    stderr: () => stderr,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
