import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readHtmlArticle } from '../src/ingest/html-article.ts';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { openStore } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import {
  cleanupTempDirs,
  MIGRATIONS_DIR,
  runCli,
  scratchDir,
  startServerProcess,
  type TestApp,
  testApp,
} from './helpers.ts';
import { bodyOf, LoopbackSite, newsPage, STORIES, type Story } from './web-fixtures.ts';

afterAll(cleanupTempDirs);

const story = STORIES[3] as Story;
const GERMAN = {
  title: 'Neue Brücke über den Fluss eröffnet',
  body: 'Der Bürgermeister eröffnete am Montag die neue Brücke über den Fluss. Die Bauarbeiten hatten drei Jahre gedauert, sagte er vor zahlreichen Gästen.',
};

describe('articles from the web in the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ seedsDir: null });
    const page = readHtmlArticle(
      newsPage(story, 'https://news.example'),
      `https://news.example/news/${story.slug}`,
    );
    await ingestDocument(t.store, {
      ...page,
      url: `https://news.example/news/${story.slug}`,
      source: page.siteName,
    });
    const copy = { ...page, body: `(Wire) ${page.body}`, url: 'https://wire.example/summit', source: 'Wire' };
    await ingestDocument(t.store, copy);
    await ingestDocument(t.store, GERMAN);
  });
  afterAll(() => t.close());

  it('lists the other addresses of a story, its language and whether facts were extracted', async () => {
    const { body } = await t.gql(`{ articles(first: 10) { edges { node {
      title language factsExtracted note author alsoPublishedAt { url source matchedBy seenAt }
      claims { totalCount } } } } }`);
    expect(body.errors).toBeUndefined();
    const [english, german] = body.data.articles.edges.map((e: { node: unknown }) => e.node);
    expect(body.data.articles.edges).toHaveLength(2);
    expect(english).toMatchObject({
      title: story.title,
      language: 'en',
      factsExtracted: true,
      note: null,
      author: story.author,
      alsoPublishedAt: [{ url: 'https://wire.example/summit', source: 'Wire', matchedBy: 'CANONICAL' }],
    });
    expect(english.claims.totalCount).toBeGreaterThan(0);
    expect(german).toMatchObject({ language: 'de', factsExtracted: false, alsoPublishedAt: [] });
    expect(german.note).toMatch(/not extracted/);
    expect(german.claims.totalCount).toBe(0);
  });

  it('finds an article stored without facts by its words', async () => {
    const { body } = await t.gql(
      '{ search(query: "Brücke", kinds: [ARTICLE]) { edges { node { node { ... on Article { title language } } } } } }',
    );
    expect(body.data.search.edges.map((e: { node: { node: unknown } }) => e.node.node)).toEqual([
      { title: GERMAN.title, language: 'de' },
    ]);
  });
});

describe('npm run watch', () => {
  const site = new LoopbackSite();
  let failing = true;
  beforeAll(async () => {
    await site.start();
    for (const s of STORIES.slice(0, 2)) site.page(`/news/${s.slug}`, newsPage(s, site.origin));
    const feed = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Daily Example',
      items: STORIES.slice(0, 2).map((s) => ({ id: s.slug, url: `/news/${s.slug}`, title: s.title })),
    });
    site.routes.set('/feed.json', (req, res) => {
      if (req.headers['if-none-match'] === '"j1"') return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/feed+json', etag: '"j1"' }).end(feed);
    });
    site.routes.set('/flaky.xml', (_req, res) => {
      if (failing) return res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel></channel></rss>');
    });
  });
  afterAll(() => site.stop());
  afterEach(() => {
    failing = true;
  });

  it('polls feeds, ingests new items once, backs off a failing feed, and resumes after a restart', async () => {
    const db = join(scratchDir(), 'graph.db');
    const feeds = [`${site.origin}/feed.json`, `${site.origin}/flaky.xml`];
    const env = { DATABASE_URL: db };
    const first = await runCli(['watch', ...feeds, '--interval', '1', '--polls', '2'], env, 120_000);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`feed ${site.origin}/feed.json: 2 new, 0 already seen, 0 failed`);
    expect(first.stdout).toMatch(/feed .*\/flaky\.xml: failed \(.*503\); trying again in \d+ s/);
    const restarted = await runCli(
      ['watch', feeds[0] as string, '--interval', '1', '--polls', '1'],
      env,
      120_000,
    );
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(/feed .*\/feed\.json: (not modified|0 new, 2 already seen)/);
    const store = await openStore(db, MIGRATIONS_DIR);
    try {
      expect(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM articles').pluck().get()).toBe(2);
      expect(
        sqliteDatabaseOf(store).prepare('SELECT failures FROM feeds WHERE url = ?').pluck().get(feeds[1]),
      ).toBeGreaterThan(0);
      expect(sqliteDatabaseOf(store).prepare('SELECT body FROM articles ORDER BY id').pluck().get()).toBe(
        bodyOf(STORIES[0] as Story),
      );
    } finally {
      await store.close();
    }
  }, 400_000);
});

describe('npm start and the seeds', () => {
  it('loads the seeds into a new database and says so, and leaves a database with articles alone', async () => {
    const db = join(scratchDir(), 'graph.db');
    const store = await openStore(db, MIGRATIONS_DIR);
    await ingestDocument(store, {
      title: 'A local story',
      body: 'The council met on Monday and agreed to repair the bridge.',
    });
    await store.close();
    const server = await startServerProcess({ DATABASE_URL: db }, 90_000);
    expect(await server.stop('SIGTERM', 20_000)).toBe(0);
    const stdout = server.stdout();
    expect(stdout).toContain('Seeds not loaded: the database already holds articles');
    const after = await openStore(db, MIGRATIONS_DIR);
    try {
      expect(sqliteDatabaseOf(after).prepare('SELECT count(*) FROM articles').pluck().get()).toBe(1);
    } finally {
      await after.close();
    }
  }, 300_000);
});
