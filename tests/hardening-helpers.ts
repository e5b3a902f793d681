import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOperations } from '../src/operations.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { openStore } from '../src/store/index.ts';

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

export { type TestApp, type TestAppOptions, testApp } from './helpers.ts';

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
