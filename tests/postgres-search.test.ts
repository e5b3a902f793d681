import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors.ts';
import { NUMBER_TYPES, postgresSql } from '../src/store/postgres-sql.ts';
import {
  CLAIM_IDS_MATCHING,
  claimIdsMatching,
  createSearchStore,
  ftsQuery,
  runMatching,
  type SearchFilters,
  type SearchHitRow,
  type SearchStore,
  SNIPPET_CLOSE,
  SNIPPET_OPEN,
  tsqueryText,
} from '../src/store/search.ts';
import type { Sql } from '../src/store/sql.ts';
import { sqliteSql } from '../src/store/sqlite-sql.ts';
import { type PostgresCluster, postgresUnavailableReason, startPostgres } from './helpers-postgres.ts';

const DB_DIR = join(import.meta.dirname, '..', 'db');
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;
const migrations = (dir: string) =>
  readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();

const mark = (word: string) => `${SNIPPET_OPEN}${word}${SNIPPET_CLOSE}`;

const FILLER =
  'The weather was calm and the town was quiet for most of the morning before anything at all happened there';

/** The graph both engines hold: the same statements, run on each. */
function graph(): string {
  const reports = Array.from({ length: 30 }, (_, i) => {
    const n = i + 1;
    // Three bodies of each shape, so that some hits tie on score and the cursor must order them by id.
    const extra = ' Geneva traders agreed.'.repeat(n % 3);
    return `(${n + 9}, 'market-${n}', 'Market report ${n}', 'Prices in Geneva rose ${n} percent.${extra}', 'm${n}')`;
  });
  return `
    INSERT INTO articles (id, slug, title, body, content_hash) VALUES
      (1, 'geneva-talks', 'Talks in Geneva', 'Cameron met Bergström in Geneva. Bergström said Britain and Sweden agreed.', 'h1'),
      (2, 'stockholm-report', 'Report from Stockholm', 'Bergström and Cameron will meet in Geneva next week. The UN welcomed the plan.', 'h2'),
      (3, 'coast', 'Strikes on the coast', '${FILLER}. Witnesses described air strikes near the harbour. ${FILLER}.', 'h3'),
      ${reports.join(',\n      ')};
    INSERT INTO evidence (id, article_id, start_offset, end_offset, sentence_start, sentence_end) VALUES
      (1, 1, 0, 7, 0, 32), (2, 1, 33, 42, 33, 74), (3, 2, 0, 9, 0, 52);
    INSERT INTO entities (id, slug, kind, name, code) VALUES
      (1, 'david-cameron', 'PERSON', 'David Cameron', NULL),
      (2, 'jorg-bergstrom', 'PERSON', 'Jörg Bergström', NULL),
      (3, 'geneva', 'PLACE', 'Geneva', NULL),
      (4, 'united-kingdom', 'COUNTRY', 'United Kingdom', 'GB'),
      (5, 'sweden', 'COUNTRY', 'Sweden', 'SE'),
      (6, 'united-nations', 'ORGANIZATION', 'United Nations', NULL),
      (7, 'general-assembly', 'ORGANIZATION', 'General Assembly', NULL),
      (8, 'genoa', 'PLACE', 'Genoa', NULL),
      (9, 'genesis-group', 'ORGANIZATION', 'Genesis Group', NULL),
      (10, 'gennaro-rossi', 'PERSON', 'Gennaro Rossi', NULL),
      (11, 'geneva-motor-show', 'ORGANIZATION', 'Geneva Motor Show', NULL),
      (12, 'genk', 'PLACE', 'Genk', NULL);
    INSERT INTO entity_aliases (entity_id, alias, norm) VALUES
      (1, 'David Cameron', 'david cameron'), (1, 'Cameron', 'cameron'),
      (2, 'Jörg Bergström', 'jorg bergstrom'), (2, 'Bergström', 'bergstrom'),
      (3, 'Geneva', 'geneva'), (3, 'Genf', 'genf'),
      (4, 'United Kingdom', 'united kingdom'), (4, 'Britain', 'britain'),
      (6, 'UN', 'un');
    INSERT INTO events (id, slug, name, kind, description) VALUES
      (1, 'geneva-talks', 'Geneva talks', 'MEETING', 'Cameron and Bergström met'),
      (2, 'coastal-strikes', 'Coastal air strikes', 'ATTACK', 'Air strikes hit the coast');
    INSERT INTO claims (id, article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind) VALUES
      (1, 1, 2, 2, 1, 'Britain and Sweden agreed', 'Britain and Sweden agreed', 'said', 'STATEMENT'),
      (2, 2, 3, 1, NULL, 'The UN welcomed the plan', NULL, 'said', 'ANNOUNCEMENT'),
      (3, 1, 2, 1, NULL, 'Sweden and Britain disagreed', 'Sweden and Britain never agreed on Geneva', 'said', 'DENIAL');`;
}

/** What users type, as the schema hands it to the store (through ftsQuery). */
const QUERIES = [
  'Bergström',
  'bergstrom',
  'BERGSTR',
  'Jorg',
  'jörg',
  'cameron geneva',
  '"britain and sweden"',
  '"sweden and britain"',
  'air strikes',
  '"air strikes"',
  'Gen',
  'geneva',
  'genf',
  'UN',
  'welcomed plan',
  'percent 7',
  'talks cameron',
  '"the UN" welcomed',
  'Cam',
  'nothingmatches',
];
const KINDS = [null, ['ENTITY'], ['ARTICLE', 'CLAIM'], ['EVENT'], ['CLAIM']];

const filtersOf = (query: string, kinds: string[] | null): SearchFilters => ({
  match: ftsQuery(query),
  kinds: kinds === null ? null : JSON.stringify(kinds),
});

/** Every hit, page after page through the cursor. */
async function allPages(store: SearchStore, filters: SearchFilters, limit: number): Promise<SearchHitRow[]> {
  const hits: SearchHitRow[] = [];
  let after: [number, number] | null = null;
  for (;;) {
    const page = await store.page(filters, after, limit);
    hits.push(...page);
    const last = page.at(-1);
    if (page.length < limit || !last) return hits;
    after = [last.score, last.hit_id];
  }
}

const hitIds = (hits: SearchHitRow[]) => hits.map((h) => h.hit_id).sort((a, b) => a - b);

describe('the tsquery of an ftsQuery', () => {
  it('turns phrases, prefixes and terms into tsquery operators', () => {
    expect(tsqueryText(ftsQuery('Bergström'))).toBe('Bergström:*');
    expect(tsqueryText(ftsQuery('air strikes'))).toBe('air & strikes:*');
    expect(tsqueryText(ftsQuery('"air strikes" coast'))).toBe('air <-> strikes & coast:*');
    expect(tsqueryText(ftsQuery('coast "air strikes"'))).toBe('coast & air <-> strikes');
    expect(tsqueryText(ftsQuery('a'))).toBe('a');
    expect(tsqueryText(ftsQuery('C++ & (x | !y) <-> zz:*'))).toBe('C & x & y & zz:*');
  });

  it('refuses text ftsQuery does not make', () => {
    for (const text of ['', 'plain words', '"a" | "b"', '"a"  "b"', '"a & b"', '"a"**', '"x\'y"', '"a" ']) {
      expect(() => tsqueryText(text), text).toThrow(InvalidInputError);
    }
  });
});

const unavailable = postgresUnavailableReason();

describe.skipIf(unavailable !== null)(
  `full-text search on PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let cluster: PostgresCluster | undefined;
    let pool: pg.Pool;
    let sqliteDir: string;
    let sqlite: Database.Database;
    let pgSql: Sql;
    let pgSearch: SearchStore;
    let sqliteSearch: SearchStore;

    beforeAll(async () => {
      sqliteDir = mkdtempSync(join(tmpdir(), 'nkg-pg-search-'));
      sqlite = new Database(join(sqliteDir, 'graph.db'));
      sqlite.pragma('foreign_keys = ON');
      for (const name of migrations(DB_DIR)) sqlite.exec(readFileSync(join(DB_DIR, name), 'utf8'));
      cluster = await startPostgres();
      pool = new pg.Pool({ connectionString: cluster.url, types: NUMBER_TYPES, max: 4 });
      for (const name of migrations(join(DB_DIR, 'postgres'))) {
        await pool.query(readFileSync(join(DB_DIR, 'postgres', name), 'utf8'));
      }
      sqlite.exec(graph());
      await pool.query(graph());
      pgSql = postgresSql(pool);
      pgSearch = createSearchStore(pgSql);
      sqliteSearch = createSearchStore(sqliteSql(sqlite));
    }, 120_000);

    afterAll(async () => {
      await pool?.end();
      await cluster?.stop();
      sqlite?.close();
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    });

    it('finds what SQLite finds, counted alike', async () => {
      let found = 0;
      for (const query of QUERIES) {
        for (const kinds of KINDS) {
          const filters = filtersOf(query, kinds);
          const label = `${query} ${JSON.stringify(kinds)}`;
          const expected = await sqliteSearch.page(filters, null, 1000);
          const hits = await pgSearch.page(filters, null, 1000);
          expect(hitIds(hits), label).toEqual(hitIds(expected));
          expect(await pgSearch.count(filters), label).toBe(hits.length);
          for (const hit of hits) {
            expect(hit.ref_id).toBe(Math.floor(hit.hit_id / 4));
            if (kinds) expect(kinds, label).toContain(hit.kind);
          }
          found += hits.length;
        }
      }
      expect(found).toBeGreaterThan(100);
    });

    it('answers rows of the same shape, numbers as numbers', async () => {
      const [hit] = await pgSearch.page(filtersOf('bergstrom', ['ARTICLE']), null, 1);
      expect(hit).toEqual({
        hit_id: 4,
        kind: 'ARTICLE',
        ref_id: 1,
        score: expect.any(Number),
        snippet: expect.any(String),
      });
      expect(hit?.score).toBeLessThan(0);
    });

    it('matches phrases, prefixes and words without their accents', async () => {
      const refs = async (query: string, kinds: string[] | null = null) =>
        (await pgSearch.page(filtersOf(query, kinds), null, 100)).map((h) => `${h.kind}:${h.ref_id}`).sort();
      expect(await refs('"britain and sweden"')).toEqual(['ARTICLE:1', 'CLAIM:1']);
      expect(await refs('"sweden and britain"')).toEqual(['CLAIM:3']);
      expect(await refs('bergstr', ['ENTITY'])).toEqual(['ENTITY:2']);
      expect(await refs('Bergstrom')).toEqual(['ARTICLE:1', 'ARTICLE:2', 'ENTITY:2', 'EVENT:1']);
      expect(await refs('JÖRG')).toEqual(['ENTITY:2']);
      expect(await refs('genf')).toEqual(['ENTITY:3']);
      expect(await refs('Gen', ['ENTITY'])).toHaveLength(7);
      expect(await refs('"air strikes"', ['ARTICLE', 'EVENT'])).toEqual(['ARTICLE:3', 'EVENT:2']);
      expect(await refs('nothingmatches')).toEqual([]);
    });

    it('ranks names above bodies', async () => {
      const hits = await pgSearch.page(filtersOf('stockholm', null), null, 10);
      expect(hits.map((h) => h.ref_id)).toEqual([2]);
      // The place itself (name and alias) outranks the entities named after it.
      const geneva = await pgSearch.page(filtersOf('geneva', ['ENTITY']), null, 10);
      expect(geneva[0]?.ref_id).toBe(3);
    });

    it('pages through the cursor with no duplicate and no gap, ties included', async () => {
      for (const [query, kinds, limit] of [
        ['geneva', null, 7],
        ['geneva', ['ARTICLE'], 4],
        ['Gen', ['ENTITY'], 3],
        ['agreed', null, 1],
      ] as const) {
        const filters = filtersOf(query, kinds === null ? null : [...kinds]);
        const whole = await pgSearch.page(filters, null, 1000);
        const paged = await allPages(pgSearch, filters, limit);
        expect(paged.map((h) => h.hit_id)).toEqual(whole.map((h) => h.hit_id));
        expect(new Set(paged.map((h) => h.hit_id)).size).toBe(paged.length);
        expect(await pgSearch.count(filters)).toBe(paged.length);
        // Most relevant first, ties by hit id.
        for (let i = 1; i < paged.length; i++) {
          const [a, b] = [paged[i - 1] as SearchHitRow, paged[i] as SearchHitRow];
          expect(a.score < b.score || (a.score === b.score && a.hit_id < b.hit_id)).toBe(true);
        }
      }
      const scores = (await pgSearch.page(filtersOf('geneva', ['ARTICLE']), null, 1000)).map((h) => h.score);
      expect(new Set(scores).size).toBeLessThan(scores.length);
    });

    it('cuts snippets as SQLite does: the matched words marked, an ellipsis where words were left out', async () => {
      const snippet = async (query: string, kinds: string[], store = pgSearch, refId?: number) =>
        (await store.page(filtersOf(query, kinds), null, 100)).find(
          (h) => refId === undefined || h.ref_id === refId,
        )?.snippet;
      // A short text comes back whole, punctuation included.
      const whole = `Cameron met ${mark('Bergström')} in Geneva. ${mark('Bergström')} said Britain and Sweden agreed.`;
      expect(await snippet('bergstrom', ['ARTICLE'], pgSearch, 1)).toBe(whole);
      expect(await snippet('bergstrom', ['ARTICLE'], sqliteSearch, 1)).toBe(whole);
      // A long one is cut around the match, with an ellipsis on each side.
      // (FTS5 marks a phrase as one span, ts_headline each of its words.)
      for (const [store, marked] of [
        [pgSearch, `${mark('air')} ${mark('strikes')}`],
        [sqliteSearch, mark('air strikes')],
      ] as const) {
        const cut = (await snippet('"air strikes"', ['ARTICLE'], store)) as string;
        expect(cut).toContain(marked);
        expect(cut.startsWith('…')).toBe(true);
        expect(cut.endsWith('…')).toBe(true);
        expect(cut.split(/\s+/).length).toBeLessThanOrEqual(17);
      }
      // An entity found by an alias shows its aliases; by its name, its name.
      expect(await snippet('jorg', ['ENTITY'])).toContain(mark('Jörg'));
      expect(await snippet('genf', ['ENTITY'])).toContain(mark('Genf'));
      expect(await snippet('genoa', ['ENTITY'])).toBe(mark('Genoa'));
      // A query matched by name and body together marks the words of either.
      expect(await snippet('talks cameron', ['EVENT'])).toContain(mark('Cameron'));
      expect(await snippet('geneva talks', ['EVENT'])).toBe(`${mark('Geneva')} ${mark('talks')}`);
    });

    it('filters claims by text through the claims subquery, as SQLite does', async () => {
      // PostgreSQL types a parameter where it first appears, and `@claimText IS NULL` alone gives it none.
      const statement = (engine: Sql['engine']) => `
        SELECT c.id FROM claims c
        WHERE (${engine === 'postgres' ? '@claimText::text' : '@claimText'} IS NULL
               OR c.id IN (${claimIdsMatching(engine)}))
        ORDER BY c.id`;
      expect(claimIdsMatching('sqlite')).toBe(CLAIM_IDS_MATCHING);
      const onPg = pgSql.pluck(statement('postgres'));
      const onSqlite = sqliteSql(sqlite).pluck(statement('sqlite'));
      const claims = async (query: string | null) =>
        runMatching(() => onPg.all({ claimText: query === null ? null : ftsQuery(query) }));
      expect(await claims(null)).toEqual([1, 2, 3]);
      expect(await claims('"britain and sweden"')).toEqual([1]);
      expect(await claims('britain sweden')).toEqual([1, 3]);
      expect(await claims('"the UN" plan')).toEqual([2]);
      expect(await claims('Gen')).toEqual([3]);
      expect(await claims('stockholm')).toEqual([]);
      // Any query a user can type: the same claims on both engines, and the same as the search's claim hits.
      const words = ['britain', 'sweden', 'agreed', 'the', 'un', 'plan', 'geneva', 'ag', 'swe', 'never', 'x'];
      const input = fc
        .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom('"', ' ', '*', '-', 'É')), {
          minLength: 1,
          maxLength: 8,
        })
        .map((parts) => parts.join(' '))
        .filter((text) => /[a-z]/.test(text));
      await fc.assert(
        fc.asyncProperty(input, async (text) => {
          const claimText = ftsQuery(text);
          const expected = await onSqlite.all({ claimText });
          expect(await onPg.all({ claimText }), text).toEqual(expected);
          const hits = await pgSearch.page({ match: claimText, kinds: JSON.stringify(['CLAIM']) }, null, 100);
          expect(hits.map((h) => h.ref_id).sort(), text).toEqual(expected);
        }),
        { numRuns: 60 },
      );
    });

    it('turns what to_tsquery rejects into an input error, and nothing else', async () => {
      const onPg = pgSql.pluck(`SELECT c.id FROM claims c WHERE c.id IN (${claimIdsMatching('postgres')})`);
      await expect(runMatching(() => onPg.all({ claimText: '"a" |' }))).rejects.toThrow(InvalidInputError);
      await expect(runMatching(() => onPg.all({ claimText: '"a" & !' }))).rejects.toThrow(InvalidInputError);
      await expect(pgSearch.page({ match: 'a OR b', kinds: null }, null, 5)).rejects.toThrow(
        InvalidInputError,
      );
      await expect(pgSearch.count({ match: '"a" | "b"', kinds: null })).rejects.toThrow(InvalidInputError);
      // A fault of the statement itself stays a server error.
      const broken = pgSql.prepare('SELECT no_such_column FROM search_index');
      const error = await runMatching(() => broken.all()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(InvalidInputError);
    });
  },
);
