import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyCommand } from '../src/cli/copy.ts';
import { generateCorpus } from '../src/corpus/generate.ts';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { INCOMPLETE } from '../src/store/copy-destination.ts';
import { CopyError } from '../src/store/copy-errors.ts';
import { copyGraph } from '../src/store/copy-graph.ts';
import { COPIED_TABLES, type CopiedTable, uncoveredByPlan } from '../src/store/graph-copy.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { graphDump } from './graph-dump.ts';
import {
  cleanupTempDirs,
  MIGRATIONS_DIR,
  ON_POSTGRES,
  SEEDS_DIR,
  scratchDir,
  tableCounts,
  testApp,
} from './helpers.ts';
import { postgresAvailable, postgresUnavailableReason, startPostgres } from './helpers-postgres.ts';
import { articlesOf, EVAL_DIR, HAS_EVAL, NEWS_DIR } from './ingest-helpers.ts';

/** Small batches, so that every table of the source takes several and a batch ends mid-key. */
const BATCH = { batchSize: 97 };
const FEED = 'https://wire.example/feed.xml';

/**
 * A source graph with a row in every base table: the seeds, the fixture news (and the annotated
 * development articles where they are beside the project), a synthetic corpus, a watched feed, a kept
 * page, a second address, and self-references to rows written after their own.
 */
async function buildSource(path: string): Promise<void> {
  const store = await openStore(path, MIGRATIONS_DIR);
  try {
    await loadSeeds(store, SEEDS_DIR);
    for (const { article } of articlesOf([NEWS_DIR, ...(HAS_EVAL ? [EVAL_DIR] : [])])) {
      await ingestDocument(store, article);
    }
    await generateCorpus(store, { articles: 60, seed: 7, batchSize: 30 });
    await store.transaction(async (tx) => {
      const newest = await tx.articles.newestId();
      await tx.feeds.get(FEED);
      await tx.feeds.recordCheck(FEED, '"v1"', null, '2015-11-16T10:00:00Z', '2015-11-16T11:00:00Z');
      await tx.feeds.addItem(FEED, 'item-1', newest);
      await tx.articlePages.keep(newest, '<html><body><p>The page it was read from.</p></body></html>');
      await tx.articleUrls.add(newest, 'https://mirror.example/story', 'Mirror', 'canonical');
    });
    // Ingestion makes the entities and events it refers to first; an edited graph need not.
    const db = sqliteDatabaseOf(store);
    db.exec(`
      UPDATE entities SET country_id = (SELECT MAX(id) FROM entities WHERE kind = 'COUNTRY')
      WHERE id = (SELECT MIN(id) FROM entities WHERE kind = 'PERSON');
      UPDATE events SET part_of_id = (SELECT MAX(id) FROM events)
      WHERE id = (SELECT MIN(id) FROM events);`);
  } finally {
    await store.close();
  }
}

/** Every row of every table, derived columns included, and the order rows were added where lists read it. */
function everyRow(db: Database): Record<string, unknown[]> {
  const tables = db
    .prepare(
      `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')
       AND name NOT LIKE 'sqlite%' AND name NOT IN ('change_log', 'schema_migrations') ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    // FTS5 lists hidden columns named after the table and `rank`.
    const columns = (db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all(table) as string[])
      .filter((column) => column !== table && column !== 'rank')
      .map((column) => `"${column}"`);
    out[table] = db
      .prepare(
        `SELECT ${columns.join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`,
      )
      .all();
  }
  for (const [table, key] of [
    ['entity_aliases', 'entity_id, norm'],
    ['event_participants', 'event_id, entity_id, role'],
    ['claim_subjects', 'claim_id, entity_id'],
  ]) {
    out[`${table} as added`] = db.prepare(`SELECT ${key} FROM ${table} ORDER BY rowid`).all();
  }
  return out;
}

async function withSqlite<T>(path: string, look: (db: Database, store: Store) => T | Promise<T>): Promise<T> {
  const store = await openStore(path, MIGRATIONS_DIR);
  try {
    return await look(sqliteDatabaseOf(store), store);
  } finally {
    await store.close();
  }
}

/** A file that is no database. */
function notAGraph(): string {
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'not a database\n');
  return path;
}

/** The files of a folder whose names start with `prefix`. */
const filesLike = (dir: string, prefix: string) => readdirSync(dir).filter((name) => name.startsWith(prefix));

let dir: string;
let source: string;
let original: {
  dump: ReturnType<typeof graphDump>;
  counts: Record<string, number>;
  rows: Record<string, unknown[]>;
};

beforeAll(async () => {
  dir = scratchDir();
  source = join(dir, 'source.db');
  await buildSource(source);
  original = await withSqlite(source, (db, store) => ({
    dump: graphDump(db),
    counts: tableCounts(store),
    rows: everyRow(db),
  }));
}, 60_000);

afterAll(() => cleanupTempDirs());

describe('the source the copies are checked on', () => {
  it('has rows in every table a copy carries, and references to later rows', async () => {
    const empty = COPIED_TABLES.filter(({ name }) => !original.counts[name]).map(({ name }) => name);
    expect(empty).toEqual([]);
    await withSqlite(source, async (_db, store) => {
      for (const name of ['entities', 'events']) {
        const table = COPIED_TABLES.find((t) => t.name === name);
        expect(await store.tables.countForwardLinks(table as CopiedTable), name).toBeGreaterThan(0);
      }
    });
  });

  it('is covered by the plan: every table and column is copied, derived or bookkeeping', async () => {
    await withSqlite(source, async (_db, store) =>
      expect(uncoveredByPlan(await store.tables.schema())).toEqual([]),
    );
  });
});

describe('a copy between SQLite files', () => {
  it('holds every row of the source, derived ones rebuilt alike', async () => {
    const copy = join(dir, 'same-engine.db');
    const summary = await copyGraph(source, copy, MIGRATIONS_DIR, BATCH);
    expect(summary.tables.find((t) => t.name === 'articles')?.rows).toBe(original.counts.articles);
    expect(filesLike(dir, 'same-engine.db')).toEqual(['same-engine.db']);
    await withSqlite(copy, (db, store) => {
      expect(graphDump(db)).toEqual(original.dump);
      expect(tableCounts(store)).toEqual(original.counts);
      expect(everyRow(db)).toEqual(original.rows);
    });
  });

  it('refuses a table or column it does not know, rather than leave it behind', async () => {
    const odd = join(dir, 'odd.db');
    copyFileSync(source, odd);
    await withSqlite(odd, (db) => db.exec('ALTER TABLE articles ADD COLUMN summary TEXT'));
    const to = join(dir, 'odd-copy.db');
    await expect(copyGraph(odd, to, MIGRATIONS_DIR, BATCH)).rejects.toMatchObject({
      code: 'COPY_SCHEMA_UNCOVERED',
      message: expect.stringMatching(/column articles\.summary/),
    });
    expect(existsSync(to)).toBe(false);
  });

  it('leaves neither the file nor its partial one when interrupted', async () => {
    const stop = new AbortController();
    let batches = 0;
    const to = join(dir, 'interrupted.db');
    const copying = copyGraph(source, to, MIGRATIONS_DIR, {
      ...BATCH,
      signal: stop.signal,
      onBatch: () => {
        if (++batches === 5) stop.abort();
      },
    });
    await expect(copying).rejects.toMatchObject({
      code: 'COPY_INTERRUPTED',
      message: `COPY_INTERRUPTED: copy interrupted: no file was made at ${to}`,
    });
    expect(filesLike(dir, 'interrupted.db')).toEqual([]);
  });
});

describe('the copy command refuses, in one coded line and with exit code 2', () => {
  async function refusal(args: string[]): Promise<{ code: number; lines: string[] }> {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await copyCommand(args);
      return { code, lines: errors.mock.calls.map((call) => call.join(' ')) };
    } finally {
      errors.mockRestore();
    }
  }

  it.each([
    ['without --to', () => ['--from', source], /^COPY_USAGE: both --from and --to are needed/],
    [
      'a source that is not there',
      () => ['--from', join(dir, 'none.db'), '--to', join(dir, 'x.db')],
      /^COPY_SOURCE_MISSING: /,
    ],
    [
      'a source without a graph',
      () => ['--from', notAGraph(), '--to', join(dir, 'x.db')],
      /^COPY_SOURCE_NOT_A_GRAPH: /,
    ],
    [
      'one file named twice',
      () => ['--from', source, '--to', join(dir, '.', 'source.db')],
      /^COPY_SAME_DATABASE: /,
    ],
    [
      'a destination file holding a graph',
      () => ['--from', join(dir, 'same-engine.db'), '--to', source],
      /^COPY_DESTINATION_NOT_EMPTY: .* holds a graph \(\d+ articles\)$/,
    ],
  ])('%s', async (_name, args, line) => {
    const { code, lines } = await refusal(args());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});

describe.skipIf(ON_POSTGRES || !postgresAvailable())('a copy SQLite → PostgreSQL → SQLite', () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  let admin: pg.Client;
  const urlOf = (name: string) => {
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    return url.toString();
  };

  beforeAll(async () => {
    cluster = await startPostgres();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    for (const name of ['copied', 'interrupted']) await admin.query(`CREATE DATABASE ${name}`);
  }, 60_000);

  afterAll(async () => {
    await admin?.end().catch(() => {});
    await cluster?.stop();
  });

  it('comes back with every row, derived ones included, and counts the same in PostgreSQL', async () => {
    await copyGraph(source, urlOf('copied'), MIGRATIONS_DIR, BATCH);
    const back = join(dir, 'back.db');
    await copyGraph(urlOf('copied'), back, MIGRATIONS_DIR, BATCH);
    await withSqlite(back, (db, store) => {
      expect(graphDump(db)).toEqual(original.dump);
      expect(tableCounts(store)).toEqual(original.counts);
      expect(everyRow(db)).toEqual(original.rows);
    });
    const client = new pg.Client({ connectionString: urlOf('copied') });
    await client.connect();
    try {
      const marker = await client.query(
        "SELECT obj_description('articles'::regclass, 'pg_class') AS comment",
      );
      expect(marker.rows[0].comment).toBeNull();
      for (const [table, rows] of Object.entries(original.counts)) {
        if (table === 'schema_migrations') continue;
        const found = await client.query(`SELECT COUNT(*)::int AS n FROM ${table}`);
        expect(found.rows[0].n, table).toBe(rows);
      }
    } finally {
      await client.end();
    }
  });

  it('gives a PostgreSQL copy that searches and takes new articles after the copied ids', async () => {
    const t = await testApp({ databaseUrl: urlOf('copied'), seedsDir: null });
    try {
      const found = await t.gql(
        '{ search(query: "Cameron", first: 5) { totalCount edges { node { kind } } } }',
      );
      expect(found.body.errors).toBeUndefined();
      expect(found.body.data.search.totalCount).toBeGreaterThan(0);
      const before = await t.store.articles.newestId();
      const report = await ingestDocument(t.store, {
        title: 'Ministers meet in Vienna after the copy',
        body:
          'British Prime Minister David Cameron met German Chancellor Angela Merkel in Vienna on Monday to ' +
          'discuss the migration crisis and the future of the European Union. The two leaders spoke for more ' +
          'than an hour at the Austrian chancellery. Merkel said the talks had been useful and that both ' +
          'governments wanted a common answer before the winter. Cameron told reporters that Britain would ' +
          'keep pressing for reform of the union before the referendum.',
        publishedAt: '2015-11-20',
        source: 'Wire',
      });
      // New rows in the tables whose ids the copy wrote: evidence, mentions, claims, events, relations.
      expect(report.summary.added).toMatchObject({ mentions: 10, claims: 2, events: 1, relations: 1 });
      expect(await t.store.articles.newestId()).toBeGreaterThan(before);
    } finally {
      await t.close();
    }
    const client = new pg.Client({ connectionString: urlOf('copied') });
    await client.connect();
    try {
      for (const { name, key } of COPIED_TABLES) {
        if (key[0] !== 'id') continue;
        const next = await client.query(
          `SELECT nextval(pg_get_serial_sequence('${name}', 'id')) > COALESCE(MAX(id), 0) AS past FROM ${name}`,
        );
        expect(next.rows[0].past, name).toBe(true);
      }
    } finally {
      await client.end();
    }
  });

  it('refuses a PostgreSQL destination that holds a graph, or what a killed copy left', async () => {
    await expect(copyGraph(source, urlOf('copied'), MIGRATIONS_DIR, BATCH)).rejects.toMatchObject({
      code: 'COPY_DESTINATION_NOT_EMPTY',
      message: expect.stringMatching(/holds a graph \(\d+ articles\): copy into an empty database$/),
    });
    // What a copy writes on the database while it runs, as a killed one leaves it.
    const client = new pg.Client({ connectionString: urlOf('copied') });
    await client.connect();
    try {
      await client.query(`COMMENT ON TABLE articles IS '${INCOMPLETE}'`);
      await expect(copyGraph(source, urlOf('copied'), MIGRATIONS_DIR, BATCH)).rejects.toMatchObject({
        code: 'COPY_DESTINATION_NOT_EMPTY',
        message: expect.stringMatching(
          /part of a copy that did not finish: drop and create the database again/,
        ),
      });
    } finally {
      await client.query('COMMENT ON TABLE articles IS NULL');
      await client.end();
    }
  });

  it('leaves a PostgreSQL destination without graph rows when interrupted', async () => {
    const stop = new AbortController();
    let batches = 0;
    const copying = copyGraph(source, urlOf('interrupted'), MIGRATIONS_DIR, {
      ...BATCH,
      signal: stop.signal,
      onBatch: () => {
        if (++batches === 20) stop.abort();
      },
    });
    await expect(copying).rejects.toBeInstanceOf(CopyError);
    await expect(copying).rejects.toMatchObject({ code: 'COPY_INTERRUPTED' });
    await expect(copying).rejects.toMatchObject({
      message: `COPY_INTERRUPTED: copy interrupted: ${urlOf('interrupted')} holds no graph rows again`,
    });
    const store = await openStore(urlOf('interrupted'), MIGRATIONS_DIR);
    try {
      for (const name of [
        ...COPIED_TABLES.map((t) => t.name),
        'search_index',
        'entity_search',
        'entity_neighbors',
      ]) {
        expect(await store.tables.count(name), name).toBe(0);
      }
      expect(Object.values(await store.stats.nodeCounts()).every((n) => n === 0)).toBe(true);
    } finally {
      await store.close();
    }
    // Nothing there, so the copy can simply be run again.
    await copyGraph(source, urlOf('interrupted'), MIGRATIONS_DIR, BATCH);
  });
});

if (!postgresAvailable()) console.warn(`graph copy to PostgreSQL skipped: ${postgresUnavailableReason()}`);
