import { afterEach, describe, expect, it } from 'vitest';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { extractArticle } from '../src/extract/index.ts';
import { checkArticle } from '../src/ingest/article-input.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../src/store/graph-edits.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { graphDump } from './graph-dump.ts';
import { errorCodes, ON_POSTGRES, post, type TestApp, tableCounts, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, articlesOf, INGEST, NEWS_DIR } from './ingest-helpers.ts';

// The failures are real SQLite errors raised by a trigger in the test database, in the middle of the
// write: the code under test runs unchanged.

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
  it.skipIf(ON_POSTGRES)(
    'leaves nothing of the article when a claim insert fails, and goes through once the failure is gone',
    async () => {
      const t = await graphWithOneArticle();
      const word = wordOfLastClaim(first);
      sqliteDatabaseOf(t.store).exec(
        `CREATE TRIGGER fail BEFORE INSERT ON claims WHEN NEW.text LIKE '%${word}%' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
      );
      const before = tableCounts(t.store);
      const dump = graphDump(sqliteDatabaseOf(t.store));
      await expect(ingestArticle(t.store, first)).rejects.toThrow('injected');
      expect(tableCounts(t.store)).toEqual(before);
      expect(graphDump(sqliteDatabaseOf(t.store))).toEqual(dump);

      sqliteDatabaseOf(t.store).exec('DROP TRIGGER fail');
      const summary = await ingestArticle(t.store, first);
      expect(summary.unchanged).toBe(false);
      expect(summary.added.claims).toBeGreaterThan(1);
      expect(tableCounts(t.store).articles).toBe((before.articles ?? 0) + 1);
    },
  );

  it
    .skipIf(ON_POSTGRES)
    .each([
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
    sqliteDatabaseOf(t.store).exec(
      `CREATE TRIGGER fail BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    const before = tableCounts(t.store);
    await expect(ingestArticle(t.store, first)).rejects.toThrow('injected');
    expect(tableCounts(t.store)).toEqual(before);
  });

  it.skipIf(ON_POSTGRES)('answers a masked error through the mutation and writes nothing', async () => {
    const t = await graphWithOneArticle();
    sqliteDatabaseOf(t.store).exec(
      `CREATE TRIGGER fail BEFORE INSERT ON claims WHEN NEW.text LIKE '%${wordOfLastClaim(first)}%' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    const before = tableCounts(t.store);
    const res = await t.app.fetch('http://test/graphql', post(INGEST, { input: first }, AUTH));
    const body = await res.json();
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toContain('injected');
    expect(errorCodes({ status: res.status, body })).not.toContain('BAD_USER_INPUT');
    expect(tableCounts(t.store)).toEqual(before);
  });

  it.skipIf(ON_POSTGRES)(
    'keeps the article and its facts when pruning fails halfway through deleteArticle',
    async () => {
      const t = await graphWithOneArticle();
      const { articleId } = await ingestArticle(t.store, second);
      sqliteDatabaseOf(t.store).exec(
        "CREATE TRIGGER fail BEFORE DELETE ON entities BEGIN SELECT RAISE(ABORT, 'injected'); END",
      );
      const dump = graphDump(sqliteDatabaseOf(t.store));
      await expect(deleteArticleGraph(t.store, articleId)).rejects.toThrow('injected');
      expect(graphDump(sqliteDatabaseOf(t.store))).toEqual(dump);
      sqliteDatabaseOf(t.store).exec('DROP TRIGGER fail');
      expect(await deleteArticleGraph(t.store, articleId)).toBe(true);
      expect(graphDump(sqliteDatabaseOf(t.store)).articles).toHaveLength(1);
    },
  );

  it.skipIf(ON_POSTGRES)('keeps both entities whole when mergeEntities fails at its last step', async () => {
    const t = await graphWithOneArticle();
    await ingestArticle(t.store, second);
    const [keep, remove] = sqliteDatabaseOf(t.store)
      .prepare("SELECT id FROM entities WHERE kind = 'PERSON' ORDER BY id LIMIT 2")
      .pluck()
      .all() as number[];
    sqliteDatabaseOf(t.store).exec(
      "CREATE TRIGGER fail BEFORE DELETE ON entities BEGIN SELECT RAISE(ABORT, 'injected'); END",
    );
    const dump = graphDump(sqliteDatabaseOf(t.store));
    await expect(mergeEntityGraph(t.store, keep as number, remove as number)).rejects.toThrow('injected');
    expect(graphDump(sqliteDatabaseOf(t.store))).toEqual(dump);
  });
});
