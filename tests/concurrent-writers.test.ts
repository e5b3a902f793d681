import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import {
  MIGRATIONS,
  PROJECT,
  post,
  type ServerProcess,
  seededDatabase,
  startServer,
  tempDir,
} from './hardening-helpers.ts';

const TOKEN = 'concurrent-writers-admin-token';
const INGEST = `mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) { unchanged article { id } }
}`;

/** A short article naming people of its own, so that every write adds facts. */
function article(n: number): { title: string; body: string } {
  return {
    title: `Envoys meet, round ${n}`,
    body:
      `Foreign Minister Anna Kowalski${n} of Poland met Senator Peter Jansen${n} in Berlin on Tuesday. ` +
      `"We agreed on a plan," Kowalski${n} said.`,
  };
}

/** Runs `npm run ingest`-equivalent: the real CLI on a folder, resolving with its exit code and output. */
function runCli(dbPath: string, folder: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT, 'src/cli/main.ts'), 'ingest', folder],
    {
      cwd: PROJECT,
      env: { ...process.env, DATABASE_URL: dbPath, LOG_LEVEL: 'error', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

interface Outcome {
  ok: number;
  coded: Record<string, number>;
  uncoded: string[];
}

/** Sends `count` ingest mutations, `parallel` at a time, and sorts the answers. */
async function mutate(server: ServerProcess, from: number, count: number, parallel = 4): Promise<Outcome> {
  const outcome: Outcome = { ok: 0, coded: {}, uncoded: [] };
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const n = next++;
      const res = await fetch(
        `${server.url}/graphql`,
        post(INGEST, { input: article(n) }, { authorization: `Bearer ${TOKEN}` }),
      );
      const body = (await res.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const error = body.errors?.[0];
      if (!error) outcome.ok++;
      else if (error.extensions?.code)
        outcome.coded[error.extensions.code] = (outcome.coded[error.extensions.code] ?? 0) + 1;
      else outcome.uncoded.push(error.message);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return outcome;
}

describe('concurrent writers on one database file', { timeout: 240_000 }, () => {
  const temp = tempDir('nkg-writers-');
  let dbPath: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    dbPath = await seededDatabase(temp.dir);
    const env = { DATABASE_URL: dbPath, ADMIN_TOKEN: TOKEN, EXTRACT_WORKERS: '0' };
    // One after the other, each kept as it starts, so that afterAll stops whatever did start.
    for (let i = 0; i < 2; i++) servers.push(await startServer(env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    temp.remove();
  });

  it('lose nothing and answer no uncoded error: the CLI beside two servers taking mutations', async () => {
    const folder = join(temp.dir, 'articles');
    mkdirSync(folder);
    const files = 60;
    for (let i = 0; i < files; i++) {
      const { title, body } = article(10_000 + i);
      writeFileSync(join(folder, `article-${i}.txt`), `${title}\n\n${body}\n`);
    }
    const perServer = 40;
    const [cli, first, second] = await Promise.all([
      runCli(dbPath, folder),
      mutate(servers[0] as ServerProcess, 0, perServer),
      mutate(servers[1] as ServerProcess, perServer, perServer),
    ]);
    expect(cli.out).toMatch(new RegExp(`${files} ingested, 0 unchanged, 0 failed`));
    expect(cli.code).toBe(0);
    for (const outcome of [first, second]) {
      expect(outcome.uncoded).toEqual([]);
      // A write that truly could not proceed says so with a code; none is expected in this short run.
      expect(outcome.coded).toEqual({});
      expect(outcome.ok).toBe(perServer);
    }
    const store = await openStore(dbPath, MIGRATIONS);
    try {
      const count = (await store.stats.nodeCounts()).articles;
      expect(count).toBeGreaterThanOrEqual(files + 2 * perServer);
    } finally {
      await store.close();
    }
  });
});
