import { afterEach, describe, expect, it } from 'vitest';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { responseCacheCounters } from '../src/server/response-cache.ts';
import { deleteArticleGraph } from '../src/store/graph-edits.ts';
import { ON_POSTGRES, type TestApp, testApp } from './helpers.ts';

const COUNT = 'query Count($query: String!) { search(query: $query, first: 0) { totalCount } }';

const FERRIES = {
  title: 'Ferry operators meet on the waterfront',
  body: 'Zanzibar ferry operators met on Monday to agree a timetable for the coming season.',
  publishedAt: '2024-03-04T09:00:00Z',
};
const PERMITS = {
  title: 'Council reviews permits',
  body: 'Quarrying permits were reviewed by the regional council, which asked for new noise limits.',
  publishedAt: '2024-03-05T09:00:00Z',
};

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The total of a search, and whether the cache answered it. */
async function count(t: TestApp, query: string): Promise<{ total: number; cached: boolean }> {
  const hits = responseCacheCounters.hits;
  const answer = await t.gql(COUNT, { query });
  expect(answer.body.errors).toBeUndefined();
  return { total: answer.body.data.search.totalCount, cached: responseCacheCounters.hits > hits };
}

describe('cached searches and writes', () => {
  it('keeps a search a write’s text does not reach and recomputes the ones it does', async () => {
    const t = await testApp({ env: { RESPONSE_CACHE: 'on' } });
    app = t;
    const ferries = await ingestArticle(t.store, FERRIES);
    // The article and the meeting it reports hold the word.
    const before = await count(t, 'timetable');
    expect(before.total).toBeGreaterThan(0);
    expect(await count(t, 'quarry')).toEqual({ total: 0, cached: false });
    await ingestArticle(t.store, PERMITS);
    expect(await count(t, 'timetable')).toEqual({ total: before.total, cached: true });
    // "quarry" is a prefix of the new article's "Quarrying".
    const quarry = await count(t, 'quarry');
    expect(quarry.total).toBeGreaterThan(0);
    expect(quarry.cached).toBe(false);
    // Deleting the first article takes its words away: its search goes; the other stays where the
    // change log names the words (SQLite), while PostgreSQL drops every search.
    await deleteArticleGraph(t.store, ferries.articleId);
    const after = await count(t, 'timetable');
    expect(after.total).toBeLessThan(before.total);
    expect(after.cached).toBe(false);
    expect(await count(t, 'quarry')).toEqual({ total: quarry.total, cached: !ON_POSTGRES });
  });
});
