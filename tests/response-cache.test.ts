import { afterAll, describe, expect, it } from 'vitest';
import { generateArticle } from '../src/corpus/article.ts';
import { createWorld } from '../src/corpus/world.ts';
import { responseCacheCounters } from '../src/server/response-cache.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { corpusStore, countingApp, tempDir } from './corpus-db.ts';
import { testApp } from './helpers.ts';

const temp = tempDir();
const corpus = await corpusStore(temp.dir, 30, 2);
afterAll(async () => {
  await corpus.store.close();
  temp.remove();
});

const COUNT = '{ articles(first: 1) { totalCount edges { node { title } } } }';

describe('the response cache', () => {
  it('answers a repeated read without running its SQL', async () => {
    const client = await countingApp(corpus.path, { responseCache: true });
    const first = await client.post(COUNT);
    const second = await client.post(COUNT);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.statements).toBeGreaterThan(1);
    // Only the graph-version probe runs.
    expect(second.statements).toBe(1);
    await client.close();
  });

  it('counts each request once, as a hit or a miss, for the hit rate the bench reports', async () => {
    const client = await countingApp(corpus.path, { responseCache: true });
    const before = { ...responseCacheCounters };
    await client.post(COUNT);
    await client.post(COUNT);
    await client.post(COUNT);
    expect(responseCacheCounters.misses - before.misses).toBe(1);
    expect(responseCacheCounters.hits - before.hits).toBe(2);
    await client.close();
  });

  it('answers a request over 64 kB without the cache: its key would cost a hash of every byte', async () => {
    const t = await testApp();
    try {
      const send = async (padding: string) => {
        const body = JSON.stringify({ query: COUNT, variables: { padding } });
        t.resetSqlCount();
        const res = await t.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
          body,
        });
        expect(res.status).toBe(200);
        return t.sqlCount();
      };
      await send('small');
      expect(await send('small')).toBe(0);
      const large = 'x'.repeat(70_000);
      await send(large);
      expect(await send(large)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('serves fresh data after a write through the server’s own store', async () => {
    const client = await countingApp(corpus.path, { responseCache: true });
    const before = await client.post(COUNT);
    expect(before.body.data.articles.totalCount).toBe(30);
    const { article, annotation } = generateArticle(createWorld(31, 2), 2, 30, 31);
    await writeArticleGraph(client.store, article, annotation);
    const after = await client.post(COUNT);
    expect(after.body.data.articles.totalCount).toBe(31);
    expect(after.statements).toBeGreaterThan(1);
    await client.close();
  });

  it('serves fresh data after another process writes to the database file', async () => {
    const client = await countingApp(corpus.path, { responseCache: true });
    const before = (await client.post(COUNT)).body.data.articles.totalCount;
    expect((await client.post(COUNT)).statements).toBe(1);
    // corpus.store is a separate connection, as a `seed` or `gen` run would be.
    const { article, annotation } = generateArticle(createWorld(40, 9), 9, 0, 40);
    await writeArticleGraph(corpus.store, article, annotation);
    const after = await client.post(COUNT);
    expect(after.body.data.articles.totalCount).toBe(before + 1);
    await client.close();
  });
});
