import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/config.ts';
import { type PostgresCluster, startPostgres } from '../tests/helpers-postgres.ts';

/**
 * A private PostgreSQL cluster for a benchmark run, set up as a small production server would be:
 * durable commits, memory for the graph's hot pages, room for several servers' pools.
 */
export function startBenchCluster(): Promise<PostgresCluster> {
  return startPostgres({
    settings: {
      fsync: 'on',
      synchronous_commit: 'on',
      full_page_writes: 'on',
      autovacuum: 'on',
      shared_buffers: "'1GB'",
      effective_cache_size: "'8GB'",
      work_mem: "'16MB'",
      max_connections: '200',
    },
  });
}

export function databaseUrl(cluster: PostgresCluster, name: string): string {
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(cluster: PostgresCluster, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Copies the generated SQLite corpus into a new database of the cluster with `npm run copy`. */
export async function postgresCorpus(
  cluster: PostgresCluster,
  sqlitePath: string,
  name: string,
): Promise<{ url: string; seconds: number }> {
  await admin(cluster, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(cluster, name);
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(PROJECT_ROOT, 'src/cli/main.ts'),
        'copy',
        '--from',
        sqlitePath,
        '--to',
        url,
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`copy failed (${code}):\n${errors}`)),
    );
  });
  // Fresh statistics, as autovacuum would have after a load: plans must not be those of empty tables.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return { url, seconds: (performance.now() - started) / 1000 };
}

/** A throwaway copy of database `from` (no connection may be open to it), for a run that writes. */
export async function cloneDatabase(cluster: PostgresCluster, from: string, to: string): Promise<string> {
  await admin(cluster, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${to}`);
    await client.query(`CREATE DATABASE ${to} TEMPLATE ${from}`);
  });
  return databaseUrl(cluster, to);
}

export async function dropDatabase(cluster: PostgresCluster, name: string): Promise<void> {
  await admin(cluster, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
