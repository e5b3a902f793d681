import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { openStore } from '../src/store/index.ts';
import { findPgDump } from '../src/store/postgres-backup.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, runCli, SEEDS_DIR, scratchDir } from './helpers.ts';
import { type PostgresCluster, postgresAvailable, startPostgres } from './helpers-postgres.ts';

afterAll(cleanupTempDirs);

function database(cluster: PostgresCluster, name: string): string {
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Rows in every table of the graph (the change log and migration record excluded). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('change_log', 'change_log_pending') ORDER BY tablename",
    );
    const counts: Record<string, number> = {};
    for (const { tablename } of tables.rows as { tablename: string }[]) {
      counts[tablename] = Number((await client.query(`SELECT COUNT(*) AS n FROM "${tablename}"`)).rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable())('npm run backup on a PostgreSQL graph', () => {
  let cluster: PostgresCluster;

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE news');
    await admin.query('CREATE DATABASE restored');
    await admin.end();
    const store = await openStore(database(cluster, 'news'), MIGRATIONS_DIR);
    await loadSeeds(store, SEEDS_DIR);
    await store.close();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('dumps with pg_dump into a new folder, and pg_restore gives back the same graph', async () => {
    const dir = scratchDir();
    const target = join(dir, 'backups', 'news.dump');
    const run = await runCli(['backup', target], { DATABASE_URL: database(cluster, 'news') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pg_restore/);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['news.dump']);
    const pgRestore = join(dirname(findPgDump() ?? ''), 'pg_restore');
    const restore = spawnSync(
      pgRestore,
      ['--no-owner', `--dbname=${database(cluster, 'restored')}`, target],
      {
        encoding: 'utf8',
      },
    );
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const original = await rowCounts(database(cluster, 'news'));
    expect(original.articles).toBeGreaterThan(0);
    expect(await rowCounts(database(cluster, 'restored'))).toEqual(original);
    // The restored database is a graph the server opens and reads as it was.
    const restored = await openStore(database(cluster, 'restored'), MIGRATIONS_DIR);
    try {
      expect((await restored.stats.nodeCounts()).articles).toBe(original.articles);
    } finally {
      await restored.close();
    }
  });

  it('refuses to overwrite a file, and leaves no partial file when the database cannot be read', async () => {
    const dir = scratchDir();
    const target = join(dir, 'news.dump');
    expect((await runCli(['backup', target], { DATABASE_URL: database(cluster, 'news') })).code).toBe(0);
    const again = await runCli(['backup', target], { DATABASE_URL: database(cluster, 'news') });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists: choose a new file/);
    const missing = join(dir, 'missing.dump');
    const failed = await runCli(['backup', missing], { DATABASE_URL: database(cluster, 'no_such_db') });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/pg_dump failed: .*no_such_db/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(`${missing}.partial`)).toBe(false);
  });
});
