import { join } from 'node:path';
import { readOperations } from '../src/operations.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { openStore } from '../src/store/index.ts';
import { removableTempDir, startServerProcess } from './helpers.ts';

export const PROJECT = join(import.meta.dirname, '..');
export const MIGRATIONS = join(PROJECT, 'db');
export const SEEDS = join(PROJECT, 'seeds');
export const OPERATIONS = readOperations(join(PROJECT, 'schema/operations'));

/** A fresh temporary folder, removed by the returned function. */
export const tempDir = (prefix = 'nkg-hardening-') => removableTempDir(prefix);

/** A new seeded database file in `dir`, closed again: for servers and CLIs to open. */
export async function seededDatabase(dir: string): Promise<string> {
  const path = join(dir, 'graph.db');
  const store = await openStore(path, MIGRATIONS);
  await loadSeeds(store, SEEDS);
  await store.close();
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
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** Everything the process wrote to stderr (its JSON logs) so far. */
  stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts `serve` as a real process on a free port of 127.0.0.1 and waits for its ready line: the shared
 * `startServerProcess`, logging at info, in the shape these tests read.
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ LOG_LEVEL: 'info', ...env });
  const child = server.process;
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    url: server.origin,
    pid: child.pid as number,
    stderr: server.stderr,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
