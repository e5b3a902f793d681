import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, type TestApp, testApp } from './helpers.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const NESTED =
  'entities(first: 100, orderBy: MENTIONS) { edges { node { articles(first: 100) { edges { node { title } } } } } }';
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${NESTED}`).join(' ')} }`;

describe('the cost estimate', () => {
  it('refuses fourteen aliases of nested pages under popular entities before any SQL runs', async () => {
    t = await testApp({ env: { RESPONSE_CACHE: 'off' } });
    const result = await t.gql(aliased(14));
    expect(errorCodes(result)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', found: 14 * 30_301 });
    expect(t.sqlCount()).toBe(0);
  });

  it('gives the same verdict to a repeated document, remembered per variables', async () => {
    t = await testApp({ env: { RESPONSE_CACHE: 'off' } });
    const query =
      'query ($n: Int) { entities(first: $n) { edges { node { articles(first: $n) { edges { node { title } } } } } } }';
    for (let round = 0; round < 2; round++) {
      expect(errorCodes(await t.gql(query, { n: 100 }))).toEqual([]);
      expect(errorCodes(await t.gql(query, { n: 300 }))).toEqual(['QUERY_TOO_COMPLEX']);
    }
  });
});
