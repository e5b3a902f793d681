import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './helpers.ts';
import { postgresAvailable, startPostgres } from './helpers-postgres.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

async function gql(
  server: ServerProcess,
  query: string,
  variables = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

const ARTICLES = '{ stats { articles } articles(first: 50) { totalCount edges { node { title } } } }';

describe.skipIf(!postgresAvailable())('servers sharing one PostgreSQL database', () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE shared');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/shared';
    const env = { DATABASE_URL: url.toString(), ADMIN_TOKEN, SEEDS_DIR: 'seeds' };
    // Started together: both apply the migrations, once between them, and load the seeds once.
    servers = await Promise.all([startServerProcess(env, 60_000), startServerProcess(env, 60_000)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await cluster?.stop();
  });

  it('serve the same graph, and each sees the other’s writes on its next request, cache and all', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const before = await gql(b, ARTICLES);
    expect(before.errors).toBeUndefined();
    expect(await gql(a, ARTICLES)).toEqual(before);
    // b's answer is cached now; a write through a must drop it.
    expect(await gql(b, ARTICLES)).toEqual(before);
    const title = 'Harbour authority opens a second ferry terminal';
    const written = await gql(
      a,
      INGEST,
      {
        input: {
          title,
          body: 'The harbour authority of Port Elin opened a second ferry terminal on Monday, its director Maria Jensen said.',
        },
      },
      AUTH,
    );
    expect(written.errors).toBeUndefined();
    const after = await gql(b, ARTICLES);
    const count = (answer: typeof before) => Number((answer.data?.stats as { articles?: number })?.articles);
    expect(count(after)).toBe(count(before) + 1);
    expect(JSON.stringify(after.data)).toContain(title);
    const health = await (await fetch(`${b.origin}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
