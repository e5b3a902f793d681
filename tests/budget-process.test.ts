import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, runCli, type ServerProcess, scratchDir, startServerProcess } from './helpers.ts';
import { ADMIN_TOKEN, AUTH } from './ingest-helpers.ts';

/**
 * A real server process on a generated graph with a small time budget, as in the report of a server that
 * died of an unhandled rejection: a write over budget, then reads over budget in parallel, many times.
 */
const BUDGET_MS = '25';
const ROUNDS = 4;

let graph: string;

beforeAll(async () => {
  graph = join(scratchDir(), 'generated.db');
  const run = await runCli(['gen', '--articles', '150', '--seed', '2', '--db', graph], {}, 60_000);
  expect(run.code).toBe(0);
}, 90_000);

afterAll(() => {
  cleanupTempDirs();
});

interface Answer {
  status: number;
  codes: (string | undefined)[];
  data: Record<string, unknown> | null;
}

async function ask(server: ServerProcess, query: string, variables?: object, headers = {}): Promise<Answer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return {
    status: res.status,
    codes: (body.errors ?? []).map((e) => e.extensions?.code),
    data: body.data ?? null,
  };
}

/** Nested connections under popular entities, with sibling fields; shapes vary so the budget ends anywhere. */
function heavyRead(round: number, reader: number): string {
  const first = 20 + ((round * 7 + reader * 11) % 31);
  const one = `entities(first: ${first}, orderBy: MENTIONS) { edges { node { name articles(first: ${first}) { totalCount edges { node { title } } } } } }`;
  const aliases = 1 + (reader % 3);
  return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
}

const INGEST = 'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { article { title } } }';

/** Articles in the server's database file, read as another process would. */
function articleCount(db: string): number {
  const reader = new Database(db, { readonly: true });
  try {
    return reader.prepare('SELECT COUNT(*) FROM articles').pluck().get() as number;
  } finally {
    reader.close();
  }
}

function longArticle(round: number) {
  const paragraph = (i: number) =>
    `Maren Sollvik, the prime minister of Norland, met Tomas Kell in Vaskar on day ${i} of round ${round}. "We share a border and we share a future," Sollvik said.`;
  return {
    title: `Over budget ${round} ${Math.random()}`,
    body: Array.from({ length: 60 }, (_, i) => paragraph(i)).join('\n\n'),
  };
}

for (const cache of ['on', 'off']) {
  describe(`a server with a ${BUDGET_MS} ms budget, response cache ${cache}`, () => {
    let server: ServerProcess;
    let db: string;

    beforeAll(async () => {
      db = join(scratchDir(), 'graph.db');
      copyFileSync(graph, db);
      // Start-up is not what is tested: on a loaded machine it can take longer than the usual 20 s.
      server = await startServerProcess(
        { DATABASE_URL: db, REQUEST_TIMEOUT_MS: BUDGET_MS, RESPONSE_CACHE: cache, ADMIN_TOKEN },
        60_000,
      );
    }, 90_000);

    afterAll(async () => {
      await server?.stop('SIGKILL');
    });

    it('survives writes and parallel reads over budget, and answers { __typename } after each round', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const before = articleCount(db);
        const write = await ask(server, INGEST, { input: longArticle(round) }, AUTH);
        const added = articleCount(db) - before;
        // A write either committed and answered success, or answered TIMEOUT and left nothing.
        if (write.codes.length === 0) expect(added).toBe(1);
        else {
          expect(write.codes).toEqual(['TIMEOUT']);
          expect(added).toBe(0);
        }
        const reads = await Promise.all(
          Array.from({ length: 6 }, (_, reader) => ask(server, heavyRead(round, reader))),
        );
        for (const read of reads) {
          expect(read.status).toBe(200);
          expect([[], ['TIMEOUT']]).toContainEqual(read.codes);
        }
        expect(server.process.exitCode).toBeNull();
        expect(await ask(server, '{ __typename }')).toEqual({
          status: 200,
          codes: [],
          data: { __typename: 'Query' },
        });
      }
      // Nothing escaped to the process: the safety net had nothing to catch.
      expect(server.stderr()).not.toMatch(/unhandled promise rejection|uncaught exception/);
    }, 120_000);
  });
}
