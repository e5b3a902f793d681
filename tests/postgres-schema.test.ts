import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, postgresUnavailableReason, startPostgres } from './helpers-postgres.ts';

/**
 * db/postgres/*.sql is the PostgreSQL translation of db/*.sql: the same tables, columns, keys, indexes,
 * views and triggers, so that the same portable SQL works on both engines and returns equal rows. These
 * tests build both schemas from scratch, compare their catalogues, then run one story of writes, edits and
 * deletes (cascades included) on both and compare every table after each step.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SQLITE_DIR = join(ROOT, 'db');
const POSTGRES_DIR = join(ROOT, 'db', 'postgres');
/** As src/store/migrate.ts lists migrations. */
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

const migrationNames = (dir: string) =>
  readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();

/** FTS5 tables: on PostgreSQL their rowid is a real first column and the indexed text a last `document`. */
const FTS_EXTRA_FIRST = ['rowid'];
const FTS_EXTRA_LAST = ['document'];
/** Tables whose lists are read in the order rows were added: SQLite's implicit rowid is a last column. */
const ROWID_LAST = new Set(['entity_aliases', 'event_participants', 'claim_subjects', 'entity_neighbors']);
/** PostgreSQL-only indexes: the GIN indexes that stand in for FTS5's own. */
const POSTGRES_ONLY_INDEXES = ['entity_search.entity_search_document', 'search_index.search_index_document'];
/** Columns filled from the clock, which the two engines read at different moments. */
const CLOCK_COLUMNS = new Set(['created_at', 'seen_at', 'applied_at']);

const unavailable = postgresUnavailableReason();

describe('db/postgres migrations', () => {
  it('translate every SQLite migration, one file each, under the same names', () => {
    const sqlite = migrationNames(SQLITE_DIR);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames(POSTGRES_DIR)).toEqual(sqlite);
    expect(readdirSync(POSTGRES_DIR).sort()).toEqual(sqlite);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The two engines

type Row = Record<string, unknown>;

/** A fresh SQLite database migrated as src/store/migrate.ts does (all pending files, one transaction). */
function migratedSqlite(dir: string): Database.Database {
  const db = new Database(join(dir, 'graph.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const record = db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, datetime('now'))");
  db.transaction(() => {
    for (const name of migrationNames(SQLITE_DIR)) {
      db.exec(readFileSync(join(SQLITE_DIR, name), 'utf8'));
      record.run(name);
    }
  }).immediate();
  return db;
}

/** int8 (ids, COUNT) as a JS number, as the PostgreSQL store reads it; the driver's default is a string. */
function numberTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  return types;
}

/** Applies db/postgres/*.sql in name order, each file in one transaction with its schema_migrations row. */
async function migratePostgres(client: pg.Client): Promise<void> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)',
  );
  for (const name of migrationNames(POSTGRES_DIR)) {
    await client.query('BEGIN');
    try {
      await client.query(readFileSync(join(POSTGRES_DIR, name), 'utf8'));
      await client.query(
        "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
        [name],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

interface SqliteObject {
  name: string;
  type: 'table' | 'view' | 'virtual';
}

/** Tables, views and FTS5 tables of the SQLite schema (not FTS5's shadow tables nor sqlite_ internals). */
function sqliteObjects(db: Database.Database): SqliteObject[] {
  return db
    .prepare(
      `SELECT name, type FROM pragma_table_list
       WHERE schema = 'main' AND type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       ORDER BY name`,
    )
    .all() as SqliteObject[];
}

/** Visible columns in order: ordinary and generated ones, not FTS5's hidden ones. */
function sqliteColumns(db: Database.Database, table: string): string[] {
  return db
    .prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) ORDER BY cid')
    .pluck()
    .all(table) as string[];
}

// ---------------------------------------------------------------------------------------------------------

describe.skipIf(unavailable !== null)(
  `the PostgreSQL schema against the SQLite schema${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let cluster: PostgresCluster | undefined;
    let client: pg.Client;
    let sqlite: Database.Database;
    let sqliteDir: string;

    beforeAll(async () => {
      sqliteDir = mkdtempSync(join(tmpdir(), 'nkg-pg-schema-'));
      sqlite = migratedSqlite(sqliteDir);
      cluster = await startPostgres();
      client = new pg.Client({ connectionString: cluster.url, types: numberTypes() });
      await client.connect();
      await migratePostgres(client);
    }, 120_000);

    afterAll(async () => {
      await client?.end().catch(() => {});
      await cluster?.stop();
      sqlite?.close();
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    }, 60_000);

    const pgRows = async <T extends Row>(text: string): Promise<T[]> =>
      (await client.query(text)).rows as T[];

    it('has every SQLite table and view, with the same columns in the same order', async () => {
      const expected: Record<string, { type: string; columns: string[] }> = {};
      for (const { name, type } of sqliteObjects(sqlite)) {
        const columns = sqliteColumns(sqlite, name);
        expected[name] = {
          type: type === 'view' ? 'VIEW' : 'BASE TABLE',
          columns:
            type === 'virtual'
              ? [...FTS_EXTRA_FIRST, ...columns, ...FTS_EXTRA_LAST]
              : ROWID_LAST.has(name)
                ? [...columns, 'rowid']
                : columns,
        };
      }
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining(['articles', 'search_index', 'entity_search', 'entity_links', 'graph_counts']),
      );
      const tables = await pgRows<{ table_name: string; table_type: string }>(
        `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      const columns = await pgRows<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      );
      const actual: Record<string, { type: string; columns: string[] }> = {};
      for (const { table_name, table_type } of tables) actual[table_name] = { type: table_type, columns: [] };
      for (const { table_name, column_name } of columns) actual[table_name]?.columns.push(column_name);
      // Where the rowid column sits among the others does not matter: no statement reads it by position.
      for (const table of ROWID_LAST) {
        const found = actual[table];
        if (found?.columns.includes('rowid'))
          found.columns = [...found.columns.filter((c) => c !== 'rowid'), 'rowid'];
      }
      expect(actual).toEqual(expected);
    });

    it('has the same primary keys, unique constraints and foreign keys', async () => {
      const expected: Record<string, string[]> = {};
      for (const { name, type } of sqliteObjects(sqlite)) {
        if (type === 'view') continue;
        const keys: string[] = [];
        if (type === 'virtual') {
          keys.push('PRIMARY KEY (rowid)');
        } else {
          const pk = sqlite
            .prepare('SELECT name FROM pragma_table_xinfo(?) WHERE pk > 0 ORDER BY pk')
            .pluck()
            .all(name) as string[];
          if (pk.length) keys.push(`PRIMARY KEY (${pk.join(', ')})`);
          const uniques = sqlite
            .prepare(`SELECT name FROM pragma_index_list(?) WHERE origin = 'u'`)
            .pluck()
            .all(name) as string[];
          for (const index of uniques) {
            const cols = sqlite
              .prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
              .pluck()
              .all(index) as string[];
            keys.push(`UNIQUE (${cols.join(', ')})`);
          }
          const fks = sqlite
            .prepare('SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq')
            .all(name) as {
            id: number;
            table: string;
            from: string;
            to: string;
            on_delete: string;
          }[];
          const byId = new Map<number, typeof fks>();
          for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
          for (const parts of byId.values()) {
            const first = parts[0];
            if (!first) continue;
            keys.push(
              `FOREIGN KEY (${parts.map((p) => p.from).join(', ')}) REFERENCES ${first.table} (${parts
                .map((p) => p.to)
                .join(', ')}) ON DELETE ${first.on_delete}`,
            );
          }
        }
        expected[name] = keys.sort();
      }
      expected.schema_migrations = ['PRIMARY KEY (name)'];
      // The neighbour page statement picks rows by rowid: a key on it, as SQLite's rowid is one.
      expected.entity_neighbors = [...(expected.entity_neighbors ?? []), 'UNIQUE (rowid)'].sort();

      const constraints = await pgRows<{
        table_name: string;
        contype: string;
        columns: string;
        ref_table: string | null;
        ref_columns: string | null;
        on_delete: string;
      }>(
        `SELECT t.relname AS table_name, c.contype,
           (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
            FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
           r.relname AS ref_table,
           (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
            FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
           CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
             WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_delete
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         LEFT JOIN pg_class r ON r.oid = c.confrelid
         WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'f')`,
      );
      const actual: Record<string, string[]> = {};
      for (const c of constraints) {
        const key =
          c.contype === 'p'
            ? `PRIMARY KEY (${c.columns})`
            : c.contype === 'u'
              ? `UNIQUE (${c.columns})`
              : `FOREIGN KEY (${c.columns}) REFERENCES ${c.ref_table} (${c.ref_columns}) ON DELETE ${c.on_delete}`;
        actual[c.table_name] = [...(actual[c.table_name] ?? []), key].sort();
      }
      for (const table of Object.keys(expected)) actual[table] ??= [];
      expect(actual).toEqual(expected);
    });

    it('has the same indexes, on the same columns, and a trigger of each SQLite trigger name', async () => {
      const expected: Record<string, string> = {};
      const indexes = sqlite
        .prepare(`SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
        .all() as { name: string; tbl_name: string }[];
      for (const { name, tbl_name } of indexes) {
        const keys = sqlite
          .prepare('SELECT name, "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno')
          .all(name) as { name: string | null; desc: number }[];
        expected[`${tbl_name}.${name}`] = keys
          .map((k) => `${k.name ?? '(expression)'}${k.desc ? ' DESC' : ''}`)
          .join(', ');
      }
      for (const name of POSTGRES_ONLY_INDEXES) expected[name] = 'document';
      const pgIndexes = await pgRows<{ name: string; columns: string }>(
        `SELECT t.relname || '.' || i.relname AS name,
           (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname::text END
                   || CASE WHEN x.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END, ', ' ORDER BY k.ord)
            FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))`,
      );
      expect(Object.fromEntries(pgIndexes.map((i) => [i.name, i.columns]))).toEqual(expected);

      const sqliteTriggers = sqlite
        .prepare(`SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1`)
        .pluck()
        .all() as string[];
      const pgTriggers = await pgRows<{ name: string }>(
        `SELECT c.relname || '.' || t.tgname AS name FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1`,
      );
      expect(pgTriggers.map((t) => t.name).sort()).toEqual(sqliteTriggers.sort());
    });

    // -----------------------------------------------------------------------------------------------------
    // One story on both engines: the same literal SQL, then every table compared.

    /** Runs the same statements on both engines. */
    async function both(statements: string): Promise<void> {
      sqlite.exec(statements);
      await client.query(statements);
    }

    /** Every table's rows (and the entity_links view's), order-free, on one engine. */
    async function snapshot(read: (sql: string) => Promise<Row[]>): Promise<Record<string, string[]>> {
      const out: Record<string, string[]> = {};
      for (const { name, type } of sqliteObjects(sqlite)) {
        if (name === 'schema_migrations') continue;
        const columns = sqliteColumns(sqlite, name).filter((c) => !CLOCK_COLUMNS.has(c));
        const list = (type === 'virtual' ? ['rowid', ...columns] : columns).join(', ');
        out[name] = (await read(`SELECT ${list} FROM ${name}`)).map((row) => JSON.stringify(row)).sort();
      }
      return out;
    }

    /** The writer's counters, counted from the rows themselves (as tests/graph-counters.test.ts does). */
    const RECOUNT = `
      SELECT e.id, e.mention_count, e.article_count, e.claims_made_count, e.claims_about_count, e.event_count,
        (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,
        (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) AS articles,
        (SELECT COUNT(*) FROM claims c WHERE c.speaker_id = e.id) AS claims_made,
        (SELECT COUNT(*) FROM claim_subjects s WHERE s.entity_id = e.id) AS claims_about,
        (SELECT COUNT(DISTINCT p.event_id) FROM event_participants p WHERE p.entity_id = e.id) AS events
      FROM entities e ORDER BY e.id`;

    async function expectSameGraph(step: string): Promise<void> {
      const fromSqlite = await snapshot(async (sql) => sqlite.prepare(sql).all() as Row[]);
      const fromPostgres = await snapshot(pgRows);
      expect(fromPostgres, `${step}: PostgreSQL rows differ from SQLite's`).toEqual(fromSqlite);
      for (const [engine, rows] of [
        ['SQLite', sqlite.prepare(RECOUNT).all() as Row[]],
        ['PostgreSQL', await pgRows(RECOUNT)],
      ] as const) {
        for (const row of rows) {
          expect(
            [
              row.mention_count,
              row.article_count,
              row.claims_made_count,
              row.claims_about_count,
              row.event_count,
            ],
            `${step}: ${engine} counters of entity ${row.id}`,
          ).toEqual([row.mentions, row.articles, row.claims_made, row.claims_about, row.events]);
        }
      }
    }

    /** What the writer records for an article's links (neighbors.ts), in SQL both engines read alike. */
    const recordArticle = (articleId: number) => `
      DELETE FROM entity_neighbor_articles WHERE article_id = ${articleId};
      INSERT INTO entity_neighbor_articles (entity_id, other_id, article_id, sentence_count, fact_count, kinds)
      SELECT entity_id, other_id, article_id,
             COUNT(DISTINCT sentence_start),
             COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN kind || ':' || ref_id END),
             MAX(CASE WHEN kind = 'RELATION' THEN 1 ELSE 0 END) | MAX(CASE WHEN kind = 'SHARED_EVENT' THEN 2 ELSE 0 END)
               | MAX(CASE WHEN kind = 'CLAIM' THEN 4 ELSE 0 END) | MAX(CASE WHEN kind = 'CO_MENTION' THEN 8 ELSE 0 END)
      FROM entity_links WHERE article_id = ${articleId}
      GROUP BY entity_id, other_id, article_id;`;

    /**
     * An article's INSERT and its evidence rows: each span is [sentence index, words] (the first place the
     * words occur in that sentence), or [sentence index] for the whole sentence. Evidence ids follow on
     * from `firstEvidenceId` in span order.
     */
    function article(
      id: number,
      fields: { slug: string; title: string; publishedAt: string; hash: string },
      sentences: string[],
      spans: [number, string?][],
    ): string {
      const body = sentences.join(' ');
      const starts: number[] = [];
      let at = 0;
      for (const sentence of sentences) {
        starts.push(at);
        at += sentence.length + 1;
      }
      const evidence = spans.map(([index, words]) => {
        const sentence = sentences[index] ?? '';
        const sentenceStart = starts[index] ?? 0;
        const offset = words === undefined ? 0 : sentence.indexOf(words);
        if (offset < 0) throw new Error(`"${words}" is not in sentence ${index}`);
        const start = sentenceStart + offset;
        const end = start + (words ?? sentence).length;
        return `(${id}, ${start}, ${end}, ${sentenceStart}, ${sentenceStart + sentence.length})`;
      });
      return `
        INSERT INTO articles (slug, title, body, published_at, source, url, content_hash)
        VALUES ('${fields.slug}', '${fields.title}', '${body}', '${fields.publishedAt}', 'Example News',
                'https://news.example/${fields.slug}', '${fields.hash}');
        INSERT INTO evidence (article_id, start_offset, end_offset, sentence_start, sentence_end)
        VALUES ${evidence.join(',\n               ')};`;
    }

    it('keeps counters, search rows, neighbours and days equal through writes, edits and deletes', async () => {
      // 1. An article, its entities and every kind of fact. Mentions go in as one statement, with an entity
      // mentioned three times: the article counts are distinct counts.
      await both(`
        ${article(
          1,
          { slug: 'geneva-talks', title: 'Talks in Geneva', publishedAt: '2024-03-01T09:00:00Z', hash: 'h1' },
          [
            'Cameron met Bergström in Geneva.',
            'Bergström said Britain and Sweden agreed.',
            'Cameron thanked Bergström.',
          ],
          [
            [0, 'Cameron'], // 1
            [0, 'Bergström'], // 2
            [0, 'Geneva'], // 3
            [1, 'Bergström'], // 4
            [1, 'Britain'], // 5
            [1, 'Sweden'], // 6
            [2, 'Cameron'], // 7
            [2, 'Bergström'], // 8
            [0], // 9
            [1], // 10
          ],
        )}
        UPDATE articles SET language = 'en', facts_extracted = 1, author = 'A. Writer',
          canonical_url = 'https://news.example/canonical/geneva-talks' WHERE id = 1;
        INSERT INTO entities (slug, kind, name, code) VALUES
          ('united-kingdom', 'COUNTRY', 'United Kingdom', 'GB'), ('sweden', 'COUNTRY', 'Sweden', 'SE');
        INSERT INTO entities (slug, kind, name, description, wikidata_id, country_id) VALUES
          ('david-cameron', 'PERSON', 'David Cameron', 'British politician', 'Q192', 1),
          ('jorg-bergstrom', 'PERSON', 'Jörg Bergström', NULL, NULL, 2),
          ('geneva', 'PLACE', 'Geneva', 'City in Switzerland', NULL, NULL),
          ('united-nations', 'ORGANIZATION', 'United Nations', NULL, NULL, NULL);
        INSERT INTO entity_aliases (entity_id, alias, norm) VALUES
          (1, 'United Kingdom', 'united kingdom'), (1, 'Britain', 'britain'), (1, 'the UK', 'uk'),
          (2, 'Sweden', 'sweden'),
          (3, 'David Cameron', 'david cameron'), (3, 'Cameron', 'cameron'),
          (4, 'Jörg Bergström', 'jorg bergstrom'), (4, 'Bergström', 'bergstrom'),
          (5, 'Geneva', 'geneva'), (6, 'United Nations', 'united nations');
        INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (3, 'Cameron', 'cameron') ON CONFLICT DO NOTHING;
        INSERT INTO mentions (entity_id, article_id, evidence_id, confidence, method, form) VALUES
          (3, 1, 1, 0.9, 'model', 'name'), (4, 1, 2, 0.8, 'model', 'name'), (5, 1, 3, NULL, NULL, NULL),
          (4, 1, 4, 0.75, 'rule', 'name'), (1, 1, 5, 0.6, 'rule', 'metonym'), (2, 1, 6, 0.7, 'rule', 'name'),
          (3, 1, 7, 0.9, 'model', 'name'), (4, 1, 8, 0.9, 'model', 'name');
        INSERT INTO offices (person_id, title, country_id, organization_id) VALUES (3, 'Prime Minister', 1, NULL);
        INSERT INTO office_evidence (office_id, evidence_id) VALUES (1, 7);
        INSERT INTO events (slug, name, kind, description, date, place_id, confidence) VALUES
          ('geneva-talks', 'Geneva talks', 'MEETING', 'Cameron and Bergström met', NULL, 5, 0.8);
        INSERT INTO event_participants (event_id, entity_id, role) VALUES
          (1, 3, 'ATTENDEE'), (1, 4, 'ATTENDEE'), (1, 4, 'HOST');
        INSERT INTO event_evidence (event_id, evidence_id) VALUES (1, 9);
        INSERT INTO claims (article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind, confidence, sieve)
        VALUES (1, 10, 4, 1, 'Britain and Sweden agreed', 'Britain and Sweden agreed', 'said', 'STATEMENT', 0.9, 'quote');
        INSERT INTO claim_subjects (claim_id, entity_id) VALUES (1, 1), (1, 2);
        INSERT INTO relations (type, from_id, to_id) VALUES ('ALLY_OF', 1, 2);
        INSERT INTO relation_evidence (relation_id, evidence_id) VALUES (1, 10);
        INSERT INTO article_urls (article_id, url, source, matched_by)
        VALUES (1, 'https://mirror.example/geneva', 'Mirror', 'same-text');
        INSERT INTO article_bands (band, band_key, article_id) VALUES (0, 4000000000, 1), (1, 17, 1);
        INSERT INTO article_pages (article_id, html) VALUES (1, '<p>Cameron met Bergström in Geneva.</p>');
        INSERT INTO feeds (url, etag, failures) VALUES ('https://news.example/feed.xml', 'W/"1"', 0);
        INSERT INTO feed_items (feed_url, item_key, article_id) VALUES ('https://news.example/feed.xml', 'item-1', 1);
        ${recordArticle(1)}`);
      await expectSameGraph('first article');
      expect(
        await pgRows(
          `SELECT name, n FROM graph_counts WHERE name IN ('articles', 'mentions', 'PERSON') ORDER BY name`,
        ),
      ).toEqual([
        { name: 'PERSON', n: 2 },
        { name: 'articles', n: 1 },
        { name: 'mentions', n: 8 },
      ]);
      expect(
        await pgRows('SELECT mention_count, article_count, event_count FROM entities WHERE id = 4'),
      ).toEqual([{ mention_count: 3, article_count: 1, event_count: 1 }]);

      // 2. An earlier article stating the same event (its article_day moves back), a second event, a claim of
      // its own day, and a duplicate of the United Nations that a merge will fold in.
      await both(`
        ${article(
          2,
          {
            slug: 'stockholm-report',
            title: 'Report from Stockholm',
            publishedAt: '2024-02-28T18:30:00Z',
            hash: 'h2',
          },
          [
            'Bergström and Cameron will meet in Geneva.',
            'The UN welcomed it, Cameron said.',
            'The UN said more.',
          ],
          [
            [0, 'Bergström'], // 11
            [0, 'Cameron'], // 12
            [0, 'Geneva'], // 13
            [1, 'UN'], // 14
            [1, 'Cameron'], // 15
            [2, 'UN'], // 16
            [0], // 17
            [1], // 18
          ],
        )}
        INSERT INTO entities (slug, kind, name) VALUES ('un', 'ORGANIZATION', 'UN');
        INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (7, 'UN', 'un');
        INSERT INTO mentions (entity_id, article_id, evidence_id, confidence, method, form) VALUES
          (4, 2, 11, 0.9, 'model', 'name'), (3, 2, 12, 0.9, 'model', 'name'), (5, 2, 13, 0.9, 'model', 'name'),
          (7, 2, 14, 0.5, 'rule', 'name'), (3, 2, 15, 0.9, 'model', 'name'), (7, 2, 16, 0.5, 'rule', 'name');
        INSERT INTO event_evidence (event_id, evidence_id) VALUES (1, 17);
        INSERT INTO events (slug, name, kind, date, place_id, confidence) VALUES
          ('un-welcome', 'UN welcome', 'PRESS_CONFERENCE', NULL, NULL, 0.6);
        INSERT INTO event_participants (event_id, entity_id, role) VALUES (2, 7, 'HOST'), (2, 3, 'ATTENDEE');
        INSERT INTO event_evidence (event_id, evidence_id) VALUES (2, 18);
        INSERT INTO claims (article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind)
        VALUES (2, 18, 3, NULL, 'The UN welcomed it', NULL, 'said', 'ANNOUNCEMENT');
        INSERT INTO claim_subjects (claim_id, entity_id) VALUES (2, 7), (2, 4);
        INSERT INTO relations (type, from_id, to_id) VALUES ('MEMBER_OF', 1, 6);
        INSERT INTO relation_evidence (relation_id, evidence_id) VALUES (2, 18);
        ${recordArticle(2)}
        ${recordArticle(1)}`);
      await expectSameGraph('second article');
      expect(await pgRows('SELECT id, article_day FROM events ORDER BY id')).toEqual([
        { id: 1, article_day: '2024-02-28' },
        { id: 2, article_day: '2024-02-28' },
      ]);

      // Search: the same query finds the same rows through FTS5 and through the tsvector.
      const searches: [string, string, string][] = [
        ['search_index', `'"bergstr"*'`, `to_tsquery('graph_search', 'bergstr:*')`],
        ['search_index', `'"bergstrom"'`, `to_tsquery('graph_search', 'bergstrom')`],
        [
          'search_index',
          `'"britain and sweden"'`,
          `to_tsquery('graph_search', 'britain <-> and <-> sweden')`,
        ],
        ['search_index', `'"geneva" "cameron"'`, `to_tsquery('graph_search', 'geneva & cameron')`],
        ['entity_search', `'"cam"*'`, `to_tsquery('graph_search', 'cam:*')`],
        ['entity_search', `'"united"'`, `to_tsquery('graph_search', 'united')`],
      ];
      for (const [table, match, tsquery] of searches) {
        const found = sqlite
          .prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ${match} ORDER BY rowid`)
          .pluck()
          .all() as number[];
        expect(found.length, `${table} MATCH ${match}`).toBeGreaterThan(0);
        const pgFound = await pgRows<{ rowid: number }>(
          `SELECT rowid FROM ${table} WHERE document @@ ${tsquery} ORDER BY rowid`,
        );
        expect(
          pgFound.map((r) => r.rowid),
          `${table}: ${tsquery}`,
        ).toEqual(found);
      }
      const [hit] = await pgRows<{ rowid: number; score: number; snippet: string }>(
        `SELECT rowid, -ts_rank('{0, 0, 0.1, 1.0}', document, q) AS score,
                ts_headline('graph_search', body, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=4') AS snippet
         FROM search_index, to_tsquery('graph_search', 'bergstrom') AS q
         WHERE document @@ q AND kind = 'ARTICLE' ORDER BY score, rowid LIMIT 1`,
      );
      expect(hit?.snippet).toContain('[Bergström]');

      // 3. Edits: an event gets its date (claim, participant and subject days follow), a rename, a claim
      // changes speaker, a merge moves mentions, participants and subjects to the kept entity and event.
      await both(`
        UPDATE events SET date = '2024-03-01' WHERE id = 1;
        UPDATE entities SET name = 'David W. D. Cameron' WHERE id = 3;
        UPDATE events SET description = 'Talks on the alliance' WHERE id = 1;
        UPDATE articles SET title = 'Report from Stockholm and Geneva' WHERE id = 2;
        UPDATE events SET part_of_id = 1 WHERE id = 2;
        UPDATE claims SET speaker_id = 4 WHERE id = 2;
        UPDATE claims SET event_id = 2 WHERE id = 2;
        UPDATE mentions SET confidence = 0.95 WHERE id = 1;
        UPDATE mentions SET entity_id = 6 WHERE entity_id = 7;
        UPDATE event_participants SET entity_id = 6 WHERE entity_id = 7;
        UPDATE claim_subjects SET entity_id = 6 WHERE entity_id = 7;
        INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (6, 'UN', 'un');
        UPDATE event_participants SET event_id = 1 WHERE event_id = 2 AND entity_id = 6;
        UPDATE claim_subjects SET claim_id = 1 WHERE claim_id = 2 AND entity_id = 6;
        DELETE FROM entities WHERE id = 7;
        ${recordArticle(1)}
        ${recordArticle(2)}`);
      await expectSameGraph('edits and a merge');
      expect(
        await pgRows('SELECT mention_count, article_count, event_count FROM entities WHERE id = 6'),
      ).toEqual([{ mention_count: 2, article_count: 1, event_count: 1 }]);

      // 4. Deleting an article cascades to its evidence, mentions, claims, links and neighbour rows.
      await both('DELETE FROM articles WHERE id = 1;');
      await expectSameGraph('first article deleted');

      // 5. Deleting entities and an event: cascades, and SET NULL on the claims they made or were part of and
      // on the people of a country.
      await both(
        'DELETE FROM entities WHERE id = 4; DELETE FROM entities WHERE id = 1; DELETE FROM events WHERE id = 2;',
      );
      await expectSameGraph('entities deleted');

      // 6. Another article, then every article in one statement: all counters back to zero.
      await both(`
        ${article(
          3,
          { slug: 'geneva-again', title: 'Geneva again', publishedAt: '2024-04-02', hash: 'h3' },
          ['Cameron returned to Geneva.'],
          [[0, 'Cameron'], [0, 'Geneva'], [0]],
        )}
        INSERT INTO mentions (entity_id, article_id, evidence_id) VALUES (3, 3, 19), (5, 3, 20);
        INSERT INTO event_evidence (event_id, evidence_id) VALUES (1, 21);
        ${recordArticle(3)}`);
      await expectSameGraph('third article');
      await both('DELETE FROM articles;');
      await expectSameGraph('every article deleted');
      expect(
        await pgRows(
          `SELECT name, n FROM graph_counts WHERE name IN ('articles', 'mentions', 'claims') ORDER BY name`,
        ),
      ).toEqual([
        { name: 'articles', n: 0 },
        { name: 'claims', n: 0 },
        { name: 'mentions', n: 0 },
      ]);
      expect(await pgRows('SELECT COUNT(*) AS n FROM entity_neighbors')).toEqual([{ n: 0 }]);
    });
  },
);
