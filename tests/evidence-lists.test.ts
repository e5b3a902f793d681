import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { corpusStore, countingApp, tempDir } from './corpus-db.ts';

// A relation stated in many articles has many spans of evidence; `evidence(first:)` cuts the list inside
// the store, earliest article first, whatever its length.

const temp = tempDir();
const { path, store } = await corpusStore(temp.dir, 120, 5);
const app = await countingApp(path, { responseCache: false });
afterAll(async () => {
  await app.close();
  await store.close();
  temp.remove();
});

const RELATIONS = `
  query Relations($first: Int) {
    relations(first: 20) {
      edges { node { evidence(first: $first) { article { slug } start } } }
    }
  }`;

interface Span {
  article: { slug: string };
  start: number;
}
const spansOf = (body: { data: { relations: { edges: { node: { evidence: Span[] } }[] } } }) =>
  body.data.relations.edges.map((edge) => edge.node.evidence);

describe('the evidence of a fact', () => {
  it('is cut to `first` spans, the first of the whole list, in as many statements', async () => {
    const whole = await app.post(RELATIONS, {});
    expect(whole.body.errors).toBeUndefined();
    const all = spansOf(whole.body);
    expect(Math.max(...all.map((spans) => spans.length))).toBeGreaterThan(2);
    const cut = await app.post(RELATIONS, { first: 2 });
    expect(cut.body.errors).toBeUndefined();
    expect(spansOf(cut.body)).toEqual(all.map((spans) => spans.slice(0, 2)));
    expect(cut.statements).toBeLessThanOrEqual(whole.statements);
  });

  it('reads at most `first` evidence rows per fact', async () => {
    const ids = sqliteDatabaseOf(store)
      .prepare('SELECT id FROM relations ORDER BY id LIMIT 20')
      .pluck()
      .all() as number[];
    const rows = await store.evidence.byRelationIds(ids, 2);
    expect(Math.max(...rows.map((spans) => spans.length))).toBeLessThanOrEqual(2);
    const total = (await store.evidence.byRelationIds(ids, null)).reduce(
      (sum, spans) => sum + spans.length,
      0,
    );
    expect(rows.reduce((sum, spans) => sum + spans.length, 0)).toBeLessThan(total);
  });

  it('refuses a `first` outside 0 to 100 with BAD_USER_INPUT', async () => {
    for (const first of [-1, 101]) {
      const { body } = await app.post(RELATIONS, { first });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
