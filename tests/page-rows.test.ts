import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { generateCorpus } from '../src/corpus/generate.ts';
import { createLogger } from '../src/logger.ts';
import { createApp } from '../src/server.ts';
import { createStore } from '../src/store/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { tempDir } from './corpus-db.ts';

const temp = tempDir();
afterAll(() => temp.remove());

/** One run of a prepared statement: its SQL and how many rows it gave back. */
interface Run {
  sql: string;
  rows: number;
}

/**
 * The app over a generated corpus, on a connection whose statements report every run and its rows:
 * better-sqlite3 has no per-statement read counters, so rows returned are counted here and the query-plan
 * test proves that each parent's page is an index walk cut at the limit.
 */
async function countingRowsApp() {
  const db = openDatabase(join(temp.dir, 'rows.db'));
  migrate(db, loadConfig({}).migrationsDir);
  const runs: Run[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const all = statement.all.bind(statement);
    const get = statement.get.bind(statement);
    statement.all = ((...args: unknown[]) => {
      const rows = all(...(args as []));
      runs.push({ sql, rows: rows.length });
      return rows;
    }) as typeof statement.all;
    statement.get = ((...args: unknown[]) => {
      const row = get(...(args as []));
      runs.push({ sql, rows: row === undefined ? 0 : 1 });
      return row;
    }) as typeof statement.get;
    return statement;
  }) as typeof db.prepare;
  const store = createStore(db);
  await generateCorpus(store, { articles: 300, seed: 11, batchSize: 100 });
  const app = createApp({
    store,
    logger: createLogger('silent'),
    operations: [],
    config: loadConfig({ RESPONSE_CACHE: 'off' }),
  });
  return {
    store,
    async post(query: string, variables: Record<string, unknown> = {}) {
      runs.length = 0;
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      return { body, runs: runs.filter((run) => run.sql.trim() !== 'PRAGMA data_version') };
    },
  };
}

const client = await countingRowsApp();
afterAll(() => client.store.close());

/** Page statements of lists under many parents (see keyedList in src/store/pages.ts). */
const isPerParentPage = (sql: string) => /FROM json_each\(@keys\) AS k JOIN \w+ AS t ON t\.id IN/.test(sql);
const isPerParentCount = (sql: string) => /AS total FROM json_each\(@keys\) AS k/.test(sql);

const busiest = sqliteDatabaseOf(client.store)
  .prepare(
    `SELECT slug FROM entities WHERE kind = 'PERSON'
     ORDER BY claims_made_count + mention_count DESC, id LIMIT 1`,
  )
  .pluck()
  .get() as string;

const PERSON = `query Person($slug: String!, $first: Int!) {
  entity(slug: $slug) {
    mentions(first: $first) { edges { cursor } }
    articles(first: $first) { edges { node { title } } }
    events(first: $first) { edges { node { name } } }
    claimsBy(first: $first) { edges { node { text } } }
    claimsAbout(first: $first) { edges { node { text } } }
  }
}`;

const POPULAR = `query Popular($first: Int!) {
  entities(first: 10, orderBy: MENTIONS) {
    edges { node { name
      articles(first: $first) { edges { node { title } } }
      mentions(first: $first) { edges { cursor } }
      claimsBy(first: $first) { edges { node { text } } }
    } }
  }
}`;

describe('connection pages', () => {
  it('read at most first + 1 rows per parent, however many rows the parents hold', async () => {
    const parents = sqliteDatabaseOf(client.store)
      .prepare('SELECT mention_count, article_count, claims_made_count FROM entities WHERE slug = ?')
      .get(busiest) as Record<string, number>;
    // A parent far larger than a page: otherwise the bound proves nothing.
    expect(Math.min(...Object.values(parents))).toBeGreaterThan(20);
    for (const first of [1, 5]) {
      const { runs } = await client.post(PERSON, { slug: busiest, first });
      const pages = runs.filter((run) => isPerParentPage(run.sql));
      expect(pages.length).toBe(5);
      for (const page of pages) expect(page.rows).toBeLessThanOrEqual(first + 1);
    }
  });

  it('under ten popular entities read at most 10 × (first + 1) rows per list', async () => {
    const { body, runs } = await client.post(POPULAR, { first: 3 });
    expect(body.data.entities.edges).toHaveLength(10);
    const pages = runs.filter((run) => isPerParentPage(run.sql));
    expect(pages.length).toBe(3);
    for (const page of pages) expect(page.rows).toBeLessThanOrEqual(10 * 4);
    // The top-level page walks the mention-count index: it returns the page and one more row.
    const all = runs.reduce((sum, run) => sum + run.rows, 0);
    expect(all).toBeLessThanOrEqual(11 + 3 * 40 + 10 + 40);
  });

  it('count only when totalCount is asked for, one row per parent from the kept counters', async () => {
    const without = await client.post(PERSON, { slug: busiest, first: 2 });
    expect(without.runs.filter((run) => isPerParentCount(run.sql))).toEqual([]);
    const withCount = await client.post(
      `query Counted($slug: String!) {
        entity(slug: $slug) {
          mentions(first: 0) { totalCount }
          articles(first: 0) { totalCount }
          events(first: 0) { totalCount }
          claimsBy(first: 0) { totalCount }
          claimsAbout(first: 0) { totalCount }
        }
      }`,
      { slug: busiest },
    );
    const counts = withCount.runs.filter((run) => isPerParentCount(run.sql));
    expect(counts).toHaveLength(5);
    for (const count of counts) {
      expect(count.rows).toBe(1);
      expect(count.sql).toMatch(
        /SELECT (mention_count|article_count|event_count|claims_\w+_count) FROM entities/,
      );
    }
    const entity = withCount.body.data.entity;
    const truth = sqliteDatabaseOf(client.store)
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM mentions WHERE entity_id = e.id) AS mentions,
           (SELECT COUNT(DISTINCT article_id) FROM mentions WHERE entity_id = e.id) AS articles,
           (SELECT COUNT(DISTINCT event_id) FROM event_participants WHERE entity_id = e.id) AS events,
           (SELECT COUNT(*) FROM claims WHERE speaker_id = e.id) AS claimsBy,
           (SELECT COUNT(*) FROM claim_subjects WHERE entity_id = e.id) AS claimsAbout
         FROM entities e WHERE e.slug = ?`,
      )
      .get(busiest) as Record<string, number>;
    for (const [field, total] of Object.entries(truth)) expect(entity[field].totalCount).toBe(total);
  });

  it('give the stats and home-page figures from the kept counters, not from scans', async () => {
    const { body, runs } = await client.post(`{
      stats { articles people countries events claims relations mentions topEntities(first: 5) { mentions } }
      articles(first: 3) { totalCount }
    }`);
    expect(body.data.stats.articles).toBe(300);
    expect(body.data.articles.totalCount).toBe(300);
    for (const run of runs) expect(run.rows).toBeLessThanOrEqual(5 + 1);
    expect(runs.some((run) => /FROM graph_counts/.test(run.sql))).toBe(true);
    const mentions = body.data.stats.topEntities.map((top: { mentions: number }) => top.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });
});
