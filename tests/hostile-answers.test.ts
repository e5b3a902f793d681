import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, type TestApp, testApp } from './helpers.ts';

/** Snippets of a word every seed article holds, with the markers the caller gives. */
const MARKED = `query Marked($open: String!, $close: String!) {
  search(query: "minister", first: 20) { edges { node { snippet(open: $open, close: $close) } } }
}`;

const BODIES = '{ articles(first: 20) { edges { node { title body } } } }';

describe('answers a client cannot blow up', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('refuses snippet markers longer than a tag with BAD_USER_INPUT', async () => {
    t = await testApp();
    const fine = await t.gql(MARKED, { open: '<em class=hit>', close: '</em>' });
    expect(fine.body.errors).toBeUndefined();
    expect(JSON.stringify(fine.body.data)).toContain('<em class=hit>');
    const huge = await t.gql(MARKED, { open: 'x'.repeat(10_000), close: '</b>' });
    expect(errorCodes(huge)[0]).toBe('BAD_USER_INPUT');
    expect(huge.body.errors?.[0]?.message).toMatch(/limit is 32/);
    // Nothing of the marker comes back: the answer stays small.
    expect(JSON.stringify(huge.body).length).toBeLessThan(5_000);
  });

  it('refuses long markers before searching, through fragments too: the refusal costs no search', async () => {
    t = await testApp({ env: { RESPONSE_CACHE: 'off' } });
    const viaFragments = `query Marked($open: String!) {
      search(query: "minister", first: 20) { ...Hits }
    }
    fragment Hits on SearchHitConnection { edges { ... on SearchHitEdge { node { snippet(open: $open) } } } }`;
    for (const [query, variables] of [
      [MARKED, { open: 'x'.repeat(10_000), close: '</b>' }],
      [viaFragments, { open: 'x'.repeat(10_000) }],
    ] as const) {
      t.resetSqlCount();
      const refused = await t.gql(query, variables);
      expect(errorCodes(refused)[0]).toBe('BAD_USER_INPUT');
      expect(t.sqlCount()).toBe(0);
    }
  });

  it('answers RESPONSE_TOO_LARGE instead of an answer over MAX_RESPONSE_BYTES', async () => {
    t = await testApp({ env: { MAX_RESPONSE_BYTES: '1024' } });
    const big = await t.gql(BODIES);
    expect(errorCodes(big)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ max: 1024 });
    expect(big.body.data ?? null).toBeNull();
    const small = await t.gql('{ articles(first: 1) { edges { node { title } } } }');
    expect(small.body.errors).toBeUndefined();
  });

  it('does not cache answers above RESPONSE_CACHE_MAX_ENTRY_BYTES', async () => {
    t = await testApp({ env: { RESPONSE_CACHE_MAX_ENTRY_BYTES: '1024' } });
    const app = t;
    const statementsFor = async (query: string) => {
      app.resetSqlCount();
      const result = await app.gql(query);
      expect(result.body.errors).toBeUndefined();
      return app.sqlCount();
    };
    await statementsFor(BODIES);
    expect(await statementsFor(BODIES)).toBeGreaterThan(0);
    const small = '{ articles(first: 1) { edges { node { title } } } }';
    await statementsFor(small);
    expect(await statementsFor(small)).toBe(0);
  });

  it('sheds load with 503 OVERLOADED and Retry-After while the heap is over its share', async () => {
    t = await testApp({ env: { SHED_HEAP_FRACTION: '0.000001' } });
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await res.json()).errors[0].extensions.code).toBe('OVERLOADED');
    // Health checks still answer, so operators see the state of the server.
    expect((await t.fetch('/health')).status).toBe(200);
  });
});
