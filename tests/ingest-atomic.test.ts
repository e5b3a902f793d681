import { afterEach, describe, expect, it } from 'vitest';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { extractArticle } from '../src/extract/index.ts';
import { checkArticle } from '../src/ingest/article-input.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../src/store/graph-edits.ts';
import { graphDumpOf } from './graph-dump.ts';
import { errorCodes, post, type TestApp, tableCountsOf, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, articlesOf, INGEST, NEWS_DIR } from './ingest-helpers.ts';
import { INJECTED, injectFailure } from './inject-failure.ts';
import { rawSqlOf } from './raw-sql.ts';

// The failures are real database errors, SQLite's or PostgreSQL's, raised by a trigger in the test
// database in the middle of the write: the code under test runs unchanged.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const [first, second, third] = articlesOf([NEWS_DIR]).map(({ article }) => article) as [
  ReturnType<typeof articlesOf>[number]['article'],
  ReturnType<typeof articlesOf>[number]['article'],
  ReturnType<typeof articlesOf>[number]['article'],
];

/** A graph that already holds one article, so that a failed write has something to leave alone. */
async function graphWithOneArticle(): Promise<TestApp> {
  const t = await testApp({ seedsDir: null, env: { ADMIN_TOKEN } });
  apps.push(t);
  await ingestArticle(t.store, third);
  return t;
}

/** A word of the last claim extracted from `article`: failing on it fails after the other claims went in. */
function wordOfLastClaim(article: typeof first): string {
  const checked = checkArticle(article);
  const claims = resolveAnnotation(
    checked.body,
    extractArticle({ title: checked.title, body: checked.body }),
  ).claims;
  expect(claims.length).toBeGreaterThan(1);
  const words = (claims.at(-1)?.text ?? '').split(/\W+/).sort((a, b) => b.length - a.length);
  return words[0] as string;
}

describe('a write that fails midway', () => {
  it('leaves nothing of the article when a claim insert fails, and goes through once the failure is gone', async () => {
    const t = await graphWithOneArticle();
    const failure = await injectFailure(t.store, {
      table: 'claims',
      when: 'insert',
      where: `NEW.text LIKE '%${wordOfLastClaim(first)}%'`,
    });
    const before = await tableCountsOf(t.store);
    const dump = await graphDumpOf(t.store);
    await expect(ingestArticle(t.store, first)).rejects.toThrow(INJECTED);
    expect(await tableCountsOf(t.store)).toEqual(before);
    expect(await graphDumpOf(t.store)).toEqual(dump);

    await failure.remove();
    const summary = await ingestArticle(t.store, first);
    expect(summary.unchanged).toBe(false);
    expect(summary.added.claims).toBeGreaterThan(1);
    expect((await tableCountsOf(t.store)).articles).toBe((before.articles ?? 0) + 1);
  });

  it.each([
    'entities',
    'entity_aliases',
    'evidence',
    'mentions',
    'offices',
    'events',
    'event_evidence',
    'relations',
  ])('leaves nothing of the article when an insert into %s fails', async (table) => {
    const t = await graphWithOneArticle();
    await injectFailure(t.store, { table, when: 'insert' });
    const before = await tableCountsOf(t.store);
    await expect(ingestArticle(t.store, first)).rejects.toThrow(INJECTED);
    expect(await tableCountsOf(t.store)).toEqual(before);
  });

  it('answers a masked error through the mutation and writes nothing', async () => {
    const t = await graphWithOneArticle();
    await injectFailure(t.store, {
      table: 'claims',
      when: 'insert',
      where: `NEW.text LIKE '%${wordOfLastClaim(first)}%'`,
    });
    const before = await tableCountsOf(t.store);
    const res = await t.app.fetch('http://test/graphql', post(INGEST, { input: first }, AUTH));
    const body = await res.json();
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toContain(INJECTED);
    expect(errorCodes({ status: res.status, body })).not.toContain('BAD_USER_INPUT');
    expect(await tableCountsOf(t.store)).toEqual(before);
  });

  it('keeps the article and its facts when pruning fails halfway through deleteArticle', async () => {
    const t = await graphWithOneArticle();
    const { articleId } = await ingestArticle(t.store, second);
    const failure = await injectFailure(t.store, { table: 'entities', when: 'delete' });
    const dump = await graphDumpOf(t.store);
    await expect(deleteArticleGraph(t.store, articleId)).rejects.toThrow(INJECTED);
    expect(await graphDumpOf(t.store)).toEqual(dump);
    await failure.remove();
    expect(await deleteArticleGraph(t.store, articleId)).toBe(true);
    expect((await graphDumpOf(t.store)).articles).toHaveLength(1);
  });

  it('keeps both entities whole when mergeEntities fails at its last step', async () => {
    const t = await graphWithOneArticle();
    await ingestArticle(t.store, second);
    const [keep, remove] = await rawSqlOf(t.store).values<number>(
      "SELECT id FROM entities WHERE kind = 'PERSON' ORDER BY id LIMIT 2",
    );
    await injectFailure(t.store, { table: 'entities', when: 'delete' });
    const dump = await graphDumpOf(t.store);
    await expect(mergeEntityGraph(t.store, keep as number, remove as number)).rejects.toThrow(INJECTED);
    expect(await graphDumpOf(t.store)).toEqual(dump);
  });
});
