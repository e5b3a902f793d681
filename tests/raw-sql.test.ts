import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphDumpOf, soundnessOf } from './graph-dump.ts';
import { type TestApp, tableCountsOf, testApp } from './helpers.ts';
import { INJECTED, injectFailure } from './inject-failure.ts';
import { rawSqlOf } from './raw-sql.ts';

// The helpers that look under the Store interface answer alike on both engines, so that a test written
// with them checks the same thing on each pass.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the raw handle of a test app', () => {
  it('binds parameters by position and by name, and answers counts as numbers', async () => {
    const raw = rawSqlOf(t.store);
    expect(await raw.value('SELECT COUNT(*) FROM entities WHERE kind = ?', ['COUNTRY'])).toBeTypeOf('number');
    expect(
      await raw.get('SELECT slug, length(slug) AS length FROM entities WHERE slug = @slug', {
        slug: 'russia',
      }),
    ).toEqual({ slug: 'russia', length: 6 });
    expect(
      await raw.values("SELECT slug FROM entities WHERE slug IN ('syria', 'russia') ORDER BY slug"),
    ).toEqual(['russia', 'syria']);
  });

  it('counts the same tables on both engines, what belongs to an engine left out', async () => {
    const counts = await tableCountsOf(t.store);
    // The same list on both engines is checked by tests/engines.test.ts, with one graph on each.
    expect(Object.keys(counts)).toEqual(
      expect.arrayContaining(['articles', 'claims', 'entities', 'evidence', 'search_index', 'entity_search']),
    );
    for (const engineTable of [
      'change_log',
      'change_log_pending',
      'search_index_data',
      'entity_search_idx',
    ]) {
      expect(Object.keys(counts)).not.toContain(engineTable);
    }
    expect(counts.articles).toBe(1);
    expect(Object.values(counts).every(Number.isInteger)).toBe(true);
  });

  it('dumps the seeded graph with every kind of row, and finds it sound', async () => {
    const dump = await graphDumpOf(t.store);
    for (const rows of Object.values(dump)) expect(rows.length).toBeGreaterThan(0);
    expect(dump.entities.find((entity) => entity.slug === 'russia')).toMatchObject({
      kind: 'COUNTRY',
      aliases: expect.stringContaining('russia'),
    });
    expect(await soundnessOf(t.store)).toEqual({ integrity: 'ok', foreignKeyViolations: [] });
  });
});

describe('an injected failure', () => {
  it('fails the writes it names only, with a database error, until it is removed', async () => {
    const raw = rawSqlOf(t.store);
    const failure = await injectFailure(t.store, {
      table: 'feeds',
      when: 'insert',
      where: "NEW.url LIKE '%failing%'",
    });
    await expect(t.store.feeds.get('https://failing.example/feed')).rejects.toThrow(INJECTED);
    await t.store.feeds.get('https://working.example/feed');
    await failure.remove();
    await t.store.feeds.get('https://failing.example/feed');
    expect(await raw.values('SELECT url FROM feeds ORDER BY url')).toEqual([
      'https://failing.example/feed',
      'https://working.example/feed',
    ]);
  });
});
