import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../src/corpus/generate.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { responseCacheCounters } from '../src/server/response-cache.ts';
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
 * Two article files and two entities of the first: one the second article's write touches (it is mentioned
 * again, or gains an office or a relation) and one it leaves alone, as the change log records them.
 */
async function articlesAndEntities(): Promise<{
  first: string;
  second: string;
  shared: string;
  untouched: string;
}> {
  const [first, second] = NEWS as [string, string];
  const path = await databaseWith([first]);
  const store = await openStore(path, MIGRATIONS_DIR);
  try {
    const before = sqliteDatabaseOf(store).prepare('SELECT id, slug FROM entities ORDER BY id').all() as {
      id: number;
      slug: string;
    }[];
    await ingestArticle(store, readArticleFile(second));
    const logged = sqliteDatabaseOf(store)
      .prepare('SELECT keys FROM change_log ORDER BY seq DESC LIMIT 1')
      .pluck()
      .get();
    const touched = new Set(
      (JSON.parse(logged as string) as [string, number][])
        .filter(([kind]) => kind === 'entity')
        .map(([, id]) => id),
    );
    const shared = before.find((e) => touched.has(e.id))?.slug;
    const untouched = before.find((e) => !touched.has(e.id))?.slug;
    if (!shared || !untouched)
      throw new Error('the second fixture article touches none or all of the first’s entities');
    return { first, second, shared, untouched };
  } finally {
    await store.close();
  }
}

describe('the response cache drops only what a write touched', () => {
  let pair: Awaited<ReturnType<typeof articlesAndEntities>>;
  beforeAll(async () => {
    pair = await articlesAndEntities();
  });

  async function cachedAnswers(client: Awaited<ReturnType<typeof countingApp>>) {
    const answers = {
      untouched: await client.post(ENTITY, { slug: pair.untouched }),
      shared: await client.post(ENTITY, { slug: pair.shared }),
      articles: await client.post(ARTICLES),
    };
    for (const answer of Object.values(answers)) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    // Each is now cached: a repeat runs only the graph-version probe.
    expect((await client.post(ENTITY, { slug: pair.untouched })).statements).toBe(1);
    expect((await client.post(ENTITY, { slug: pair.shared })).statements).toBe(1);
    expect((await client.post(ARTICLES)).statements).toBe(1);
    return answers;
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
    const shared = await client.post(ENTITY, { slug: pair.shared });
    expect(shared.statements).toBeGreaterThan(1);
    expect(shared.body.data.entity.name).toBe(before.shared.body.data.entity.name);
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
