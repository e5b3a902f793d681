import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { readOperations } from '../src/operations.ts';
import { graphDumpOf } from './graph-dump.ts';
import { type Json, ON_POSTGRES, OPERATIONS_DIR, type TestApp, tableCountsOf, testApp } from './helpers.ts';
import { postgresAvailable, postgresUnavailableReason, startPostgres } from './helpers-postgres.ts';
import { articlesOf, EVAL_DIR, HAS_EVAL, NEWS_DIR } from './ingest-helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

/** Table names and their keys, in a fixed order; every column both engines hold is compared. */
const TABLES: Record<string, string> = {
  articles: 'id',
  entities: 'id',
  entity_aliases: 'entity_id, norm',
  evidence: 'id',
  mentions: 'id',
  offices: 'id',
  office_evidence: 'office_id, evidence_id',
  events: 'id',
  event_participants: 'event_id, entity_id, role',
  event_evidence: 'event_id, evidence_id',
  claims: 'id',
  claim_subjects: 'claim_id, entity_id',
  relations: 'id',
  relation_evidence: 'relation_id, evidence_id',
  graph_counts: 'name',
  entity_neighbor_articles: 'entity_id, other_id, article_id',
  entity_neighbors: 'entity_id, other_id',
  article_urls: 'article_id, url',
  article_bands: 'band, band_key, article_id',
};
/** Set by the clock, not by the graph. */
const CLOCK_COLUMNS = new Set(['created_at', 'seen_at', 'ingested_at', 'applied_at', 'checked_at']);

// It holds one graph on each engine itself (a cluster of its own for the PostgreSQL one): it runs in the
// SQLite pass, where `testApp` is a SQLite graph; in the PostgreSQL pass both would be PostgreSQL.
describe.skipIf(ON_POSTGRES || !postgresAvailable())('the same graph on SQLite and PostgreSQL', () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  let admin: pg.Client;
  let lite: TestApp;
  let post: TestApp;

  beforeAll(async () => {
    cluster = await startPostgres();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE engines');
    const url = new URL(cluster.url);
    url.pathname = '/engines';
    lite = await testApp();
    post = await testApp({ databaseUrl: url.toString() });
    // Invented news and, where they are beside the project, the annotated development articles.
    for (const { article } of articlesOf([NEWS_DIR, ...(HAS_EVAL ? [EVAL_DIR] : [])])) {
      await ingestDocument(lite.store, article);
      await ingestDocument(post.store, article);
    }
  }, 120_000);

  afterAll(async () => {
    await lite?.close();
    await post?.close();
    await admin?.end().catch(() => {});
    await cluster?.stop();
  });

  async function dump(t: TestApp): Promise<Record<string, Json[]>> {
    const out: Record<string, Json[]> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      const rows = await rawSqlOf(t.store).all(`SELECT * FROM ${table} ORDER BY ${order}`);
      out[table] = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).filter(([column]) => column !== 'rowid' && !CLOCK_COLUMNS.has(column)),
        ),
      );
    }
    return out;
  }

  it('holds the same rows in every table after the seeds and the annotated articles', async () => {
    const [a, b] = [await dump(lite), await dump(post)];
    for (const table of Object.keys(TABLES)) expect(b[table], table).toEqual(a[table]);
  });

  it('holds the same graph, by the dump and the table counts the other tests compare', async () => {
    expect(await graphDumpOf(post.store)).toEqual(await graphDumpOf(lite.store));
    expect(await tableCountsOf(post.store)).toEqual(await tableCountsOf(lite.store));
  });

  const operations = readOperations(OPERATIONS_DIR).filter((op) => !/^\s*subscription\b/m.test(op.document));
  it.each(operations.map((op) => [op.name, op] as const))(
    'answers %s the same on both engines',
    async (_name, operation) => {
      const [a, b] = [
        await lite.gql(operation.document, operation.variables),
        await post.gql(operation.document, operation.variables),
      ];
      expect(b.body.errors).toEqual(a.body.errors);
      // Relevance is bm25 on SQLite and ts_rank on PostgreSQL, and each cuts its own snippets: the same
      // hits, not always in the same order or with the same window of text.
      const normalise = /Search|TypeAhead/.test(operation.name) ? sortedDeep : (data: Json) => data;
      expect(normalise(b.body.data)).toEqual(normalise(a.body.data));
    },
  );
});

/** Arrays sorted by their JSON, at every depth, and scores and cursors dropped: for answers ranked differently. */
function sortedDeep(value: Json): Json {
  if (Array.isArray(value))
    return value.map(sortedDeep).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['cursor', 'score', 'endCursor', 'startCursor', 'snippet'].includes(key))
        .map(([key, inner]) => [key, sortedDeep(inner)]),
    );
  }
  return value;
}

if (!postgresAvailable()) console.warn(`engine comparison skipped: ${postgresUnavailableReason()}`);
