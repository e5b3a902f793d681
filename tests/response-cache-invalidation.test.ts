import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../src/corpus/generate.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { responseCacheCounters } from '../src/server/response-cache.ts';
import { deleteArticleGraph } from '../src/store/graph-edits.ts';
import { openStore } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { countingApp } from './corpus-db.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, runCli, scratchDir } from './helpers.ts';
import { NEWS_DIR } from './ingest-helpers.ts';

afterAll(cleanupTempDirs);

const CLI_TIMEOUT = 120_000;
const NEWS = readdirSync(NEWS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => join(NEWS_DIR, name));

const ENTITY = 'query Entity($slug: String!) { entity(slug: $slug) { name } }';
const FIGURES =
  'query Figures($slug: String!) { entity(slug: $slug) { name mentions(first: 0) { totalCount } } }';
const CLAIMS_ABOUT = `query ClaimsAbout($about: ID!) {
  claims(about: $about, first: 3) { totalCount edges { node { text } } }
}`;
const ARTICLES = '{ articles(first: 5) { totalCount edges { node { title } } } }';

/** Slugs of the entities a database holds, by kind. */
function entitySlugs(path: string): Map<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT slug, kind FROM entities').all() as { slug: string; kind: string }[];
    return new Map(rows.map((r) => [r.slug, r.kind]));
  } finally {
    db.close();
  }
}

/** A database holding the given article files, written in-process; returns its path. */
async function databaseWith(files: string[]): Promise<string> {
  const path = join(scratchDir(), 'graph.db');
  const store = await openStore(path, MIGRATIONS_DIR);
  try {
    for (const file of files) await ingestArticle(store, readArticleFile(file));
  } finally {
    await store.close();
  }
  return path;
}

/**
 * Two article files and entities of the first, as the change log records the second article's write:
 * `shared` gains links (it is mentioned again, or gains an office or a relation) while its own row stays,
 * `untouched` is left alone; `spokenOf` and `unspokenOf` are the ids of entities the second article does
 * and does not add claims about.
 */
async function articlesAndEntities(): Promise<{
  first: string;
  second: string;
  shared: string;
  untouched: string;
  spokenOf: string;
  unspokenOf: string;
}> {
  const [first, ...others] = NEWS as [string, ...string[]];
  for (const second of others) {
    const found = await entitiesOfPair(first, second);
    if (found) return { first, second, ...found };
  }
  throw new Error('no fixture article touches some but not all of the first’s entities');
}

async function entitiesOfPair(first: string, second: string) {
  const path = await databaseWith([first]);
  const store = await openStore(path, MIGRATIONS_DIR);
  try {
    const db = sqliteDatabaseOf(store);
    const before = db.prepare('SELECT id, slug, kind FROM entities ORDER BY id').all() as {
      id: number;
      slug: string;
      kind: string;
    }[];
    const lastClaim = db.prepare('SELECT COALESCE(MAX(id), 0) FROM claims').pluck().get();
    await ingestArticle(store, readArticleFile(second));
    const logged = db.prepare('SELECT keys FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get();
    const keys = JSON.parse(logged as string) as [string, number][];
    const touched = (kind: string) => new Set(keys.filter(([k]) => k === kind).map(([, id]) => id));
    const rows = touched('entity');
    const links = touched('entity:links');
    const subjects = new Set(
      db
        .prepare('SELECT s.entity_id FROM claim_subjects s JOIN claims c ON c.id = s.claim_id WHERE c.id > ?')
        .pluck()
        .all(lastClaim) as number[],
    );
    const shared = before.find((e) => links.has(e.id) && !rows.has(e.id));
    const untouched = before.find((e) => !links.has(e.id) && !rows.has(e.id));
    const spokenOf = before.find((e) => subjects.has(e.id));
    if (!shared || !untouched || !spokenOf) return null;
    const idOf = (entity: { id: number; kind: string }) =>
      Buffer.from(`${KIND_TYPES[entity.kind]}:${entity.id}`).toString('base64');
    return {
      shared: shared.slug,
      untouched: untouched.slug,
      spokenOf: idOf(spokenOf),
      unspokenOf: idOf(untouched),
    };
  } finally {
    await store.close();
  }
}

const KIND_TYPES: Record<string, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
};

describe('the response cache drops only what a write touched', () => {
  let pair: Awaited<ReturnType<typeof articlesAndEntities>>;
  beforeAll(async () => {
    pair = await articlesAndEntities();
  });

  async function cachedAnswers(client: Awaited<ReturnType<typeof countingApp>>) {
    const requests = {
      untouched: [ENTITY, { slug: pair.untouched }],
      shared: [ENTITY, { slug: pair.shared }],
      sharedFigures: [FIGURES, { slug: pair.shared }],
      articles: [ARTICLES, {}],
      spokenOf: [CLAIMS_ABOUT, { about: pair.spokenOf }],
      unspokenOf: [CLAIMS_ABOUT, { about: pair.unspokenOf }],
    } as const;
    const answers: Record<string, Awaited<ReturnType<typeof client.post>>> = {};
    for (const [name, [query, variables]] of Object.entries(requests)) {
      answers[name] = await client.post(query, variables);
      expect(answers[name]?.status).toBe(200);
      expect(answers[name]?.body.errors).toBeUndefined();
    }
    // Each is now cached: a repeat runs only the graph-version probe.
    for (const [query, variables] of Object.values(requests)) {
      expect((await client.post(query, variables)).statements).toBe(1);
    }
    return answers as Record<keyof typeof requests, (typeof answers)[string]>;
  }

  async function expectOnlyTouchedRecomputed(
    client: Awaited<ReturnType<typeof countingApp>>,
    before: Awaited<ReturnType<typeof cachedAnswers>>,
  ) {
    // The first request after a write reads the change log; any request does, this one reads no data.
    expect((await client.post('{ __typename }')).statements).toBeGreaterThan(1);
    const untouched = await client.post(ENTITY, { slug: pair.untouched });
    expect(untouched.statements).toBe(1);
    expect(untouched.body).toEqual(before.untouched.body);
    // The shared entity gained mentions, not a new name: the answer with its name alone stays...
    const shared = await client.post(ENTITY, { slug: pair.shared });
    expect(shared.statements).toBe(1);
    expect(shared.body).toEqual(before.shared.body);
    // ...the one with its figures goes.
    const figures = await client.post(FIGURES, { slug: pair.shared });
    expect(figures.statements).toBeGreaterThan(1);
    expect(figures.body.data.entity.mentions.totalCount).toBeGreaterThan(
      before.sharedFigures.body.data.entity.mentions.totalCount,
    );
    // A list one entity owns goes only when a claim about that entity is written.
    const unspokenOf = await client.post(CLAIMS_ABOUT, { about: pair.unspokenOf });
    expect(unspokenOf.statements).toBe(1);
    expect(unspokenOf.body).toEqual(before.unspokenOf.body);
    const spokenOf = await client.post(CLAIMS_ABOUT, { about: pair.spokenOf });
    expect(spokenOf.statements).toBeGreaterThan(1);
    expect(spokenOf.body.data.claims.totalCount).toBeGreaterThan(before.spokenOf.body.data.claims.totalCount);
    const articles = await client.post(ARTICLES);
    expect(articles.statements).toBeGreaterThan(1);
    expect(articles.body.data.articles.totalCount).toBe(before.articles.body.data.articles.totalCount + 1);
  }

  it('after a write through the server’s own store', async () => {
    const client = await countingApp(await databaseWith([pair.first]), { responseCache: true });
    try {
      const before = await cachedAnswers(client);
      await ingestArticle(client.store, readArticleFile(pair.second));
      await expectOnlyTouchedRecomputed(client, before);
    } finally {
      await client.close();
    }
  });

  it('after the CLI writes to the same file from another process', { timeout: CLI_TIMEOUT }, async () => {
    const path = await databaseWith([pair.first]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const before = await cachedAnswers(client);
      const run = await runCli(['ingest', pair.second], { DATABASE_URL: path }, CLI_TIMEOUT);
      expect(run.code, run.stderr).toBe(0);
      await expectOnlyTouchedRecomputed(client, before);
    } finally {
      await client.close();
    }
  });

  it('drops everything after a write by a connection that keeps no change log', async () => {
    const path = await databaseWith([pair.first]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const before = await cachedAnswers(client);
      const raw = new Database(path);
      raw.prepare("UPDATE articles SET source = COALESCE(source, '') || ' '").run();
      raw.close();
      const untouched = await client.post(ENTITY, { slug: pair.untouched });
      expect(untouched.statements).toBeGreaterThan(1);
      expect(untouched.body).toEqual(before.untouched.body);
    } finally {
      await client.close();
    }
  });

  it('does not mistake a logged write that committed while the log was read for one that kept no log', async () => {
    const path = await databaseWith([pair.first]);
    let commitDuringRead: (() => void) | null = null;
    const store = await openStore(path, MIGRATIONS_DIR, {
      onStatement: (sql) => {
        if (!commitDuringRead || !/FROM change_log WHERE seq >/.test(sql)) return;
        const commit = commitDuringRead;
        commitDuringRead = null;
        commit();
      },
    });
    // Another process's writer, logging as every store does: its rows land in the log as it commits.
    const other = new Database(path);
    const logOne = () =>
      other.prepare(`INSERT INTO change_log (keys) VALUES ('[["article:links",1]]')`).run();
    try {
      const poll = await store.watchChanges();
      logOne();
      commitDuringRead = logOne;
      const first = await poll();
      expect(first.changes?.everything).toBe(false);
      // The second commit's row was read with the first: nothing is left to read, and nothing was unlogged.
      const second = await poll();
      expect(second.changes?.everything ?? false).toBe(false);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('waits for the commit of a writer whose transaction moved the version before it committed', async () => {
    const path = await databaseWith([pair.first]);
    const store = await openStore(path, MIGRATIONS_DIR);
    const other = new Database(path);
    try {
      const poll = await store.watchChanges();
      // A writer restarting the WAL moves the version at the start of its transaction; here a move with
      // nothing logged stands for it, and the logged commit follows a little later.
      other.prepare("UPDATE articles SET source = COALESCE(source, '') || ' '").run();
      setTimeout(
        () => other.prepare(`INSERT INTO change_log (keys) VALUES ('[["article:links",1]]')`).run(),
        50,
      );
      const { changes } = await poll();
      expect(changes?.everything).toBe(false);
      expect(changes && !changes.everything && changes.nodes).toEqual([
        { kind: 'article', id: 1, scope: 'links' },
      ]);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('drops everything after a bulk load from another connection', async () => {
    const path = await databaseWith([pair.first]);
    const client = await countingApp(path, { responseCache: true });
    const other = await openStore(path, MIGRATIONS_DIR);
    try {
      const before = await cachedAnswers(client);
      await generateCorpus(other, { articles: 3, seed: 4 });
      expect((await client.post('{ __typename }')).statements).toBeGreaterThan(1);
      const untouched = await client.post(ENTITY, { slug: pair.untouched });
      expect(untouched.statements).toBeGreaterThan(1);
      expect(untouched.body).toEqual(before.untouched.body);
    } finally {
      await other.close();
      await client.close();
    }
  });

  it('keeps most repeated reads cached while another process ingests', { timeout: CLI_TIMEOUT }, async () => {
    const path = await databaseWith(NEWS.slice(0, 3));
    const client = await countingApp(path, { responseCache: true });
    try {
      const slugs = [...entitySlugs(path).keys()].slice(0, 20);
      const reads = [
        ...slugs.map((slug) => () => client.post(ENTITY, { slug })),
        () => client.post(ARTICLES),
      ];
      const writer = runCli(['ingest', ...NEWS.slice(3)], { DATABASE_URL: path }, CLI_TIMEOUT);
      let writing = true;
      void writer.finally(() => {
        writing = false;
      });
      const hitsBefore = responseCacheCounters.hits;
      const missesBefore = responseCacheCounters.misses;
      const versions = new Set<string>();
      while (writing) {
        for (const read of reads) {
          const answer = await read();
          expect(answer.body.errors).toBeUndefined();
        }
        versions.add(await client.store.graphVersion());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const run = await writer;
      expect(run.code, run.stderr).toBe(0);
      const hits = responseCacheCounters.hits - hitsBefore;
      const misses = responseCacheCounters.misses - missesBefore;
      // The writer committed several times while the reads ran, and most reads were still answered cached.
      const seen = JSON.stringify({ hits, misses, versions: versions.size });
      expect(versions.size, seen).toBeGreaterThan(2);
      expect(hits / (hits + misses), seen).toBeGreaterThan(0.5);
      const after = await client.post(ARTICLES);
      expect(after.body.data.articles.totalCount).toBe(NEWS.length);
    } finally {
      await client.close();
    }
  });
});

const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 5) { totalCount edges { node { kind snippet node { __typename } } } }
}`;

// Counts alone: the hits are not shown, so only the words of the text can tell the cache they changed.
const SEARCH_COUNT = 'query SearchCount($query: String!) { search(query: $query, first: 0) { totalCount } }';

/** Lower-case words of letters only, of an article file's title and body. */
function wordsOf(file: string): Set<string> {
  const { title, body } = readArticleFile(file);
  return new Set(`${title} ${body}`.toLowerCase().match(/\p{L}+/gu) ?? []);
}

/**
 * A word of `file` that no word of `other` starts like (its first three letters): a search for it is
 * untouched by `other`'s text, even read as a prefix.
 */
function wordOnlyIn(file: string, other: string): string {
  const others = [...wordsOf(other)].map((word) => word.slice(0, 3));
  const word = [...wordsOf(file)].find((w) => w.length >= 6 && !others.includes(w.slice(0, 3)));
  if (!word) throw new Error(`no word of ${file} is unlike every word of ${other}`);
  return word;
}

describe('the response cache keeps searches a write’s text does not reach', () => {
  const [first, second] = NEWS as [string, string];

  it('recomputes a search when new text holds its word, and keeps the others', async () => {
    const path = await databaseWith([first]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const inFirst = wordOnlyIn(first, second);
      const inSecond = wordOnlyIn(second, first);
      const kept = await client.post(SEARCH, { query: inFirst });
      expect(kept.body.data.search.totalCount).toBeGreaterThan(0);
      const missing = await client.post(SEARCH, { query: inSecond });
      expect(missing.body.data.search.totalCount).toBe(0);
      await ingestArticle(client.store, readArticleFile(second));
      await client.post('{ __typename }');
      const keptAfter = await client.post(SEARCH, { query: inFirst });
      expect(keptAfter.statements).toBe(1);
      expect(keptAfter.body).toEqual(kept.body);
      const found = await client.post(SEARCH, { query: inSecond });
      expect(found.statements).toBeGreaterThan(1);
      expect(found.body.data.search.totalCount).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('recomputes a search when a deleted article held its word, and keeps the others', async () => {
    const path = await databaseWith([first, second]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const inFirst = wordOnlyIn(first, second);
      const inSecond = wordOnlyIn(second, first);
      const kept = await client.post(SEARCH_COUNT, { query: inFirst });
      const gone = await client.post(SEARCH_COUNT, { query: inSecond });
      expect(gone.body.data.search.totalCount).toBeGreaterThan(0);
      const secondId = sqliteDatabaseOf(client.store)
        .prepare('SELECT id FROM articles WHERE title = ?')
        .pluck()
        .get(readArticleFile(second).title) as number | undefined;
      expect(secondId).toBeDefined();
      await deleteArticleGraph(client.store, secondId as number);
      await client.post('{ __typename }');
      const keptAfter = await client.post(SEARCH_COUNT, { query: inFirst });
      expect(keptAfter.statements).toBe(1);
      expect(keptAfter.body).toEqual(kept.body);
      const goneAfter = await client.post(SEARCH_COUNT, { query: inSecond });
      expect(goneAfter.statements).toBeGreaterThan(1);
      expect(goneAfter.body.data.search.totalCount).toBe(0);
    } finally {
      await client.close();
    }
  });
});

const EVENTS_IN = `query EventsIn($country: String!) {
  events(country: $country, orderBy: DATE_DESC, first: 5) {
    totalCount edges { node { name date place { name } participants { role entity { name } } } }
  }
}`;

const STATS_IN = `query StatsIn($from: Date, $to: Date) {
  stats(from: $from, to: $to) {
    articles people countries organizations places events claims relations mentions
    topEntities(first: 5) { mentions articles entity { name kind } }
  }
}`;

/** The day `n` days after 1 January 2015, as YYYY-MM-DD. */
const dayOf2015 = (n: number) => new Date(Date.UTC(2015, 0, 1 + n)).toISOString().slice(0, 10);

describe('the response cache never answers what a write made stale', () => {
  it('drops the events of a country when an event comes to a place in it', async () => {
    const path = await databaseWith([]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const db = sqliteDatabaseOf(client.store);
      await client.store.transaction(async () => {
        db.exec(`INSERT INTO entities (id, slug, kind, name, code) VALUES (900, 'ruritania', 'COUNTRY', 'Ruritania', 'RU');
          INSERT INTO entities (id, slug, kind, name, country_id) VALUES (901, 'strelsau', 'PLACE', 'Strelsau', 900);`);
      });
      const before = await client.post(EVENTS_IN, { country: 'RU' });
      expect(before.body.data.events.totalCount).toBe(0);
      await client.store.transaction(async () => {
        db.exec(
          "INSERT INTO events (id, slug, name, kind, place_id) VALUES (900, 'coronation', 'Coronation', 'OTHER', 901)",
        );
      });
      const after = await client.post(EVENTS_IN, { country: 'RU' });
      expect(after.body.data.events.totalCount).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('drops the stats of an article’s days when the article row goes, with all that hangs on it', async () => {
    const [first] = NEWS as [string];
    const path = await databaseWith([first]);
    const client = await countingApp(path, { responseCache: true });
    try {
      const { publishedAt } = JSON.parse(readFileSync(first.replace(/\.txt$/, '.meta.json'), 'utf8'));
      const day = { from: publishedAt.slice(0, 10), to: publishedAt.slice(0, 10) };
      const before = await client.post(STATS_IN, day);
      expect(before.body.data.stats.articles).toBe(1);
      const id = sqliteDatabaseOf(client.store).prepare('SELECT id FROM articles').pluck().get() as number;
      await client.store.transaction(async (tx) => {
        await tx.articles.delete(id);
      });
      const after = await client.post(STATS_IN, day);
      expect(after.body.data.stats.articles).toBe(0);
      expect(after.body.data.stats.mentions).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('answers as an uncached server would after a write, keeping what the write did not reach', async () => {
    const [first, second, third] = NEWS as [string, string, string];
    const path = await databaseWith([first, second]);
    const cached = await countingApp(path, { responseCache: true });
    const fresh = await countingApp(path, { responseCache: false });
    try {
      const db = sqliteDatabaseOf(cached.store);
      const codes = db
        .prepare("SELECT code FROM entities WHERE kind = 'COUNTRY' AND code IS NOT NULL")
        .pluck()
        .all();
      const words = [...wordsOf(first), ...wordsOf(third)].filter((w) => w.length >= 5).slice(0, 40);
      const requests: [string, Record<string, unknown>][] = [
        ...codes.map((code): [string, Record<string, unknown>] => [EVENTS_IN, { country: code }]),
        ...words.map((word): [string, Record<string, unknown>] => [SEARCH_COUNT, { query: word }]),
        // Prefixes of the new article's words, as type-ahead asks.
        ...words.map((word): [string, Record<string, unknown>] => [
          SEARCH_COUNT,
          { query: word.slice(0, 4) },
        ]),
        // Stats of each month and of each week of the year of the articles.
        ...Array.from({ length: 12 }, (_, m): [string, Record<string, unknown>] => {
          const month = `2015-${String(m + 1).padStart(2, '0')}`;
          return [STATS_IN, { from: `${month}-01`, to: `${month}-28` }];
        }),
        ...Array.from({ length: 52 }, (_, w): [string, Record<string, unknown>] => [
          STATS_IN,
          { from: dayOf2015(w * 7), to: dayOf2015(w * 7 + 6) },
        ]),
      ];
      const firstId = db
        .prepare('SELECT id FROM articles WHERE title = ?')
        .pluck()
        .get(readArticleFile(first).title);
      const writes = [
        () => ingestArticle(cached.store, readArticleFile(third)),
        () => deleteArticleGraph(cached.store, firstId as number),
      ];
      for (const write of writes) {
        for (const [query, variables] of requests) await cached.post(query, variables);
        await write();
        await cached.post('{ __typename }');
        let kept = 0;
        for (const [query, variables] of requests) {
          const answer = await cached.post(query, variables);
          if (answer.statements === 1) kept++;
          expect(answer.body, JSON.stringify(variables)).toEqual((await fresh.post(query, variables)).body);
        }
        expect(kept).toBeGreaterThan(0);
        expect(kept).toBeLessThan(requests.length);
      }
    } finally {
      await cached.close();
      await fresh.close();
    }
  });
});
