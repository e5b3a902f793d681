import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { openStore } from '../src/store/index.ts';
import { createSearchStore, ftsQuery } from '../src/store/search.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { sqliteSql } from '../src/store/sqlite-sql.ts';
import { removableTempDir } from './helpers.ts';
import { type QueryTestApp, queryTestApp, ROOT, writeFixture } from './query-helpers.ts';

const SEARCH = `
  query Search($query: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
    search(query: $query, kinds: $kinds, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          kind
          score
          snippet
          node {
            __typename
            ... on Entity { name }
            ... on Event { name }
            ... on Claim { text }
            ... on Article { title }
          }
        }
      }
    }
  }`;

// biome-ignore lint/suspicious/noExplicitAny: hits are read field by field
type Hit = any;
const hitsOf = (body: { data?: Hit }): Hit[] => body.data.search.edges.map((edge: Hit) => edge.node);

describe('search', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  it('finds an entity by the first letters of its name, for type-ahead', async () => {
    const { status, body } = await t.gql(SEARCH, { query: 'Cam', kinds: ['ENTITY'] });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const [first] = hitsOf(body);
    expect(first.node).toEqual({ __typename: 'Person', name: 'David Cameron' });
    expect(first.snippet).toContain('<mark>Cameron</mark>');
  });

  it('finds the same entities from the entities-only index as from the whole one', async () => {
    for (const query of ['Cam', 'Pu', 'Russ', 'Assad', 'united nations', 'Ka']) {
      const alone = hitsOf((await t.gql(SEARCH, { query, kinds: ['ENTITY'], first: 100 })).body);
      const mixed = hitsOf((await t.gql(SEARCH, { query, first: 100 })).body).filter(
        (hit: Hit) => hit.kind === 'ENTITY',
      );
      const names = (hits: Hit[]) => hits.map((hit: Hit) => hit.node.name).sort();
      expect(names(alone)).toEqual(names(mixed));
    }
  });

  it('ranks a match in a name above matches in long bodies and marks the matched words', async () => {
    const { body } = await t.gql(SEARCH, { query: 'air strikes' });
    const hits = hitsOf(body);
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(hits[0].kind).not.toBe('ARTICLE');
    expect(hits.map((hit: Hit) => hit.kind)).toContain('ARTICLE');
    for (const hit of hits) expect(hit.snippet).toMatch(/<mark>air<\/mark> <mark>strikes<\/mark>/i);
    const scores = hits.map((hit: Hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('matches words in double quotes as a phrase only', async () => {
    const phrase = await t.gql(SEARCH, { query: '"strikes air"' });
    expect(phrase.body.data.search.totalCount).toBe(0);
    const words = await t.gql(SEARCH, { query: 'strikes air' });
    expect(words.body.data.search.totalCount).toBeGreaterThan(0);
  });

  it('searches claims, events and articles of the added articles, filtered by kind', async () => {
    const { body } = await t.gql(SEARCH, { query: 'energy prices', kinds: ['CLAIM'] });
    expect(hitsOf(body).map((hit: Hit) => hit.node)).toEqual([
      { __typename: 'Claim', text: 'The war in Syria has pushed up energy prices across Europe.' },
    ]);
    const events = await t.gql(SEARCH, { query: 'oslo', kinds: ['EVENT', 'ARTICLE'] });
    expect(new Set(hitsOf(events.body).map((hit: Hit) => hit.kind))).toEqual(new Set(['EVENT', 'ARTICLE']));
  });

  it('lets clients choose the snippet markers', async () => {
    const { body } = await t.gql(
      `{ search(query: "Putin", first: 1) { edges { node { snippet(open: "[", close: "]") } } } }`,
    );
    expect(body.data.search.edges[0].node.snippet).toContain('[Putin]');
  });

  it('pages through every hit exactly once with cursors', async () => {
    const all = await t.gql(SEARCH, { query: 'Syria', first: 100 });
    const total = all.body.data.search.totalCount;
    expect(total).toBeGreaterThan(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res: Awaited<ReturnType<QueryTestApp['gql']>> = await t.gql(SEARCH, {
        query: 'Syria',
        first: 2,
        after,
      });
      expect(res.body.errors).toBeUndefined();
      seen.push(...res.body.data.search.edges.map((edge: Hit) => edge.cursor));
      if (!res.body.data.search.pageInfo.hasNextPage) break;
      after = res.body.data.search.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.body.data.search.edges.map((edge: Hit) => edge.cursor));
    expect(seen).toHaveLength(total);
  });

  it('answers input without words with BAD_USER_INPUT, and FTS operators are searched as words', async () => {
    for (const query of ['', '   ', '(*)', '"" - ^']) {
      const { status, body } = await t.gql(SEARCH, { query });
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toContain('no words');
    }
    for (const query of ['Cameron AND (', 'NEAR(putin', 'col:umn "unbalanced', 'cameron OR -putin*']) {
      const { body } = await t.gql(SEARCH, { query });
      expect(body.errors).toBeUndefined();
    }
  });

  it('cuts off queries with too many terms or characters with QUERY_TOO_COMPLEX', async () => {
    const manyWords = await t.gql(SEARCH, { query: 'a b c d e f g h i' });
    expect(manyWords.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const long = await t.gql(SEARCH, { query: 'x'.repeat(201) });
    expect(long.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a cursor from another list', async () => {
    const cursor = Buffer.from('cursor:3').toString('base64');
    const { body } = await t.gql(SEARCH, { query: 'Syria', after: cursor });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('runs the same few statements whatever the page size', async () => {
    const small = await t.gql(SEARCH, { query: 'Syria', first: 1 });
    const large = await t.gql(SEARCH, { query: 'Syria', first: 100 });
    expect(large.body.data.search.edges.length).toBeGreaterThan(5);
    // The page, the count, and at most one batched load per kind of node (four kinds).
    expect(small.statements).toBeLessThanOrEqual(6);
    expect(large.statements).toBeLessThanOrEqual(6);
  });
});

describe('the search index', () => {
  it('follows the write path: new articles are found, and deleted ones with their facts are not', async () => {
    const t = await queryTestApp({ fixtures: [] });
    try {
      const before = await t.gql(SEARCH, { query: 'Nordlys' });
      expect(before.body.data.search.totalCount).toBe(0);
      const written = await writeFixture(t.store, 'lisbon-talks.json');
      const after = await t.gql(SEARCH, { query: 'Nordlys' });
      expect(new Set(hitsOf(after.body).map((hit: Hit) => hit.kind))).toEqual(
        new Set(['ENTITY', 'CLAIM', 'ARTICLE']),
      );
      const alias = await t.gql(SEARCH, { query: 'Mr Berg', kinds: ['ENTITY'] });
      expect(hitsOf(alias.body)[0].node.name).toBe('Tomas Berg');
      await t.store.transaction(async (tx) => {
        await tx.articles.delete(written.articleId);
        await tx.prune.pruneOrphans();
      });
      const gone = await t.gql(SEARCH, { query: 'Nordlys' });
      expect(gone.body.data.search.totalCount).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('keeps the statement count flat as the graph grows', async () => {
    const seedOnly = await queryTestApp({ fixtures: [] });
    const full = await queryTestApp();
    try {
      const a = await seedOnly.gql(SEARCH, { query: 'Syria', first: 50 });
      const b = await full.gql(SEARCH, { query: 'Syria', first: 50 });
      expect(b.body.data.search.totalCount).toBeGreaterThan(a.body.data.search.totalCount);
      expect(b.statements).toBe(a.statements);
    } finally {
      await seedOnly.close();
      await full.close();
    }
  });
});

describe('migration 0002', () => {
  it('indexes what a database already held when it is applied', async () => {
    const { dir, remove } = removableTempDir('kg-migrate-');
    try {
      // A database as it stood before 0002: seeded, then everything 0002 and later migrations made taken away.
      const before = await openStore(join(dir, 'graph.db'), join(ROOT, 'db'));
      await loadSeeds(before, join(ROOT, 'seeds'));
      const triggers = sqliteDatabaseOf(before)
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%_search_%' OR name LIKE '%_count_%' OR name LIKE '%_day%' OR name LIKE '%_bmp')",
        )
        .pluck()
        .all() as string[];
      for (const trigger of triggers) sqliteDatabaseOf(before).exec(`DROP TRIGGER ${trigger}`);
      sqliteDatabaseOf(before).exec(`
        DROP INDEX mentions_entity_form; ALTER TABLE mentions DROP COLUMN form;
        DROP INDEX event_participants_timeline; DROP INDEX claims_speaker_timeline;
        DROP INDEX claim_subjects_timeline;
        ALTER TABLE claims DROP COLUMN timeline_day; ALTER TABLE claim_subjects DROP COLUMN timeline_day;
        ALTER TABLE claim_subjects DROP COLUMN day; ALTER TABLE event_participants DROP COLUMN timeline_day;
        ALTER TABLE event_participants DROP COLUMN day; ALTER TABLE events DROP COLUMN article_day;
        DROP TABLE entity_neighbor_articles; DROP TABLE entity_neighbors; DROP TABLE entity_search;
        DROP VIEW entity_links; ALTER TABLE events DROP COLUMN participant_count;
        DROP INDEX evidence_sentence;
        DROP TABLE search_index;
        DROP INDEX events_last_day;
        DROP TABLE graph_counts;
        DROP TABLE change_log;
        DROP INDEX mentions_entity_article;
        DROP INDEX entities_mentions;
        DROP INDEX entities_kind_mentions;
        ALTER TABLE entities DROP COLUMN mention_count;
        ALTER TABLE entities DROP COLUMN article_count;
        ALTER TABLE entities DROP COLUMN claims_made_count;
        ALTER TABLE entities DROP COLUMN claims_about_count;
        ALTER TABLE entities DROP COLUMN event_count;
        ALTER TABLE claims DROP COLUMN day;
        ALTER TABLE mentions DROP COLUMN confidence;
        ALTER TABLE mentions DROP COLUMN method;
        ALTER TABLE claims DROP COLUMN confidence;
        ALTER TABLE claims DROP COLUMN sieve;
        ALTER TABLE events DROP COLUMN confidence;
        DROP TABLE feed_items; DROP TABLE feeds; DROP TABLE article_pages; DROP TABLE article_bands;
        DROP TABLE article_urls; DROP INDEX articles_url; DROP INDEX articles_canonical_url;
        ALTER TABLE articles DROP COLUMN language; ALTER TABLE articles DROP COLUMN facts_extracted;
        ALTER TABLE articles DROP COLUMN author; ALTER TABLE articles DROP COLUMN canonical_url;
        ALTER TABLE articles DROP COLUMN body_bmp;
        DELETE FROM schema_migrations WHERE name >= '0002';`);
      await before.close();

      const after = await openStore(join(dir, 'graph.db'), join(ROOT, 'db'));
      try {
        const search = createSearchStore(sqliteSql(sqliteDatabaseOf(after)));
        const filters = { match: ftsQuery('Putin'), kinds: null };
        const kinds = new Set((await search.page(filters, null, 50)).map((hit) => hit.kind));
        expect(kinds).toEqual(new Set(['ENTITY', 'EVENT', 'CLAIM', 'ARTICLE']));
      } finally {
        await after.close();
      }
    } finally {
      remove();
    }
  });
});
