import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removableTempDir, runCli, type ServerProcess, startServerProcess } from './helpers.ts';
import { type PostgresCluster, postgresAvailable, startPostgres } from './helpers-postgres.ts';

/** Articles per ingester; CI runs the default, `INGESTERS_ARTICLES=500` the full-size check. */
const PER_INGESTER = Number(process.env.INGESTERS_ARTICLES ?? 60);
const INGESTERS = 4;

/** A short article of its own people and places, so that every write adds entities and claims. */
function article(n: number): string {
  return [
    `Regional council ${n} approves new ferry route`,
    '',
    `Councillor Ilse Marwick${n} of the Harbour Party said on Tuesday that route ${n} would open in spring. ` +
      `"It links the islands to the mainland," Marwick${n} told reporters in Portsea${n}. ` +
      `Engineer Tomas Brennick${n} said the pier needs ${n % 40} new pylons.`,
    '',
  ].join('\n');
}

/** The real ingest CLI on a folder; its summary line is on stdout, any failure on stderr. */
async function ingest(url: string, folder: string): Promise<{ code: number | null; out: string }> {
  const run = await runCli(['ingest', folder], { DATABASE_URL: url, LOG_LEVEL: 'error' }, 540_000);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const STATS = '{ stats { articles people claims } }';

async function statsOf(server: ServerProcess) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: STATS }),
  });
  return ((await res.json()) as { data: { stats: Record<string, number> } }).data.stats;
}

describe.skipIf(!postgresAvailable())(
  'concurrent ingesters on one PostgreSQL graph',
  { timeout: 600_000 },
  () => {
    const temp = removableTempDir('nkg-ingesters-');
    let cluster: PostgresCluster;
    let url: string;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      cluster = await startPostgres();
      await query(cluster.url, 'CREATE DATABASE news');
      const parsed = new URL(cluster.url);
      parsed.pathname = '/news';
      url = parsed.toString();
      const env = { DATABASE_URL: url, SEEDS_DIR: 'no-seeds-here' };
      servers.push(await startServerProcess(env, 60_000));
      servers.push(await startServerProcess(env, 60_000));
    }, 120_000);

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await cluster?.stop();
      temp.remove();
    });

    it(`lose and duplicate nothing: ${INGESTERS} CLIs of ${PER_INGESTER} articles each, half of each shared with the next`, async () => {
      // Ingester i takes articles [i·N/2, i·N/2 + N): every article but the first and last halves is
      // ingested by two processes at about the same time.
      const folders = Array.from({ length: INGESTERS }, (_, i) => {
        const folder = join(temp.dir, `ingester-${i}`);
        mkdirSync(folder);
        const first = (i * PER_INGESTER) / 2;
        for (let n = first; n < first + PER_INGESTER; n++)
          writeFileSync(join(folder, `a-${n}.txt`), article(n));
        return folder;
      });
      const unique = ((INGESTERS + 1) * PER_INGESTER) / 2;
      // The servers' caches hold the empty graph's stats: every write must drop them.
      for (const server of servers) expect((await statsOf(server)).articles).toBe(0);
      const runs = await Promise.all(folders.map((folder) => ingest(url, folder)));
      for (const run of runs) {
        expect(run.out).toMatch(/ 0 failed/);
        expect(run.code).toBe(0);
      }
      const ingested = runs.reduce((sum, run) => sum + Number(/(\d+) ingested/.exec(run.out)?.[1]), 0);
      const unchanged = runs.reduce((sum, run) => sum + Number(/(\d+) unchanged/.exec(run.out)?.[1]), 0);
      // Each shared article was written by one process and found unchanged by the other.
      expect(ingested).toBe(unique);
      expect(unchanged).toBe(INGESTERS * PER_INGESTER - unique);
      const [counts] = await query(
        url,
        `SELECT (SELECT COUNT(*) FROM articles) AS articles,
              (SELECT COUNT(DISTINCT title) FROM articles) AS titles,
              (SELECT n FROM graph_counts WHERE name = 'articles') AS counted,
              (SELECT COUNT(*) FROM claims) AS claims,
              (SELECT COUNT(*) FROM (SELECT evidence_id FROM claims GROUP BY evidence_id HAVING COUNT(*) > 1) d) AS doubled_claims`,
      );
      expect(counts).toEqual({
        articles: String(unique),
        titles: String(unique),
        counted: String(unique),
        claims: expect.any(String),
        doubled_claims: '0',
      });
      expect(Number(counts?.claims)).toBeGreaterThanOrEqual(unique);
      // Both servers' caches saw every write: their stats agree with the database.
      for (const server of servers) {
        const stats = await statsOf(server);
        expect(stats.articles).toBe(unique);
        expect(stats.claims).toBe(Number(counts?.claims));
      }
    });
  },
);
