import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKeyCursor } from '../src/schema/key-cursors.ts';
import { errorCodes, type GqlResult, type Json, type TestApp, testApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ env: { ADMIN_TOKEN: 'a-long-enough-admin-token' } });
});
afterAll(() => t.close());

describe('export errors carry extensions.code', () => {
  it.each([
    ['/export/graph.jsonld?entity=nobody-at-all', 404, 'NOT_FOUND'],
    ['/export/graph.graphml', 401, 'UNAUTHENTICATED'],
    [
      `/export/graph.jsonld?${Array.from({ length: 51 }, (_, i) => `entity=e${i}`).join('&')}`,
      400,
      'BAD_USER_INPUT',
    ],
  ])('%s answers %i %s', async (path, status, code) => {
    const res = await t.fetch(path);
    expect(res.status).toBe(status);
    const body = (await res.json()) as Json;
    expect(body.extensions?.code).toBe(code);
    expect(typeof body.error).toBe('string');
  });

  it('a wrong method is BAD_REQUEST', async () => {
    const res = await t.fetch('/export/graph.jsonld?entity=david-cameron', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as Json).extensions.code).toBe('BAD_REQUEST');
  });
});

describe('Content-Type', () => {
  const send = (contentType: string) =>
    t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it.each(['Application/JSON', 'APPLICATION/JSON; charset=UTF-8', 'application/json'])(
    'accepts %s',
    async (type) => {
      const res = await send(type);
      expect(res.status).toBe(200);
      expect(((await res.json()) as Json).data.__typename).toBe('Query');
    },
  );

  it('refuses a type it cannot read with a coded 415 body', async () => {
    const res = await send('application/xml');
    expect(res.status).toBe(415);
    const body = (await res.json()) as GqlResult['body'];
    expect(errorCodes({ status: 415, body })).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    expect(body.errors?.[0]?.message).toMatch(/application\/xml/);
  });
});

describe('a search cursor holding strings', () => {
  it('is BAD_USER_INPUT, not an empty page', async () => {
    const after = encodeKeyCursor('RELEVANCE', ['high', 'abc']);
    const result = await t.gql(
      'query ($after: String) { search(query: "Cameron", after: $after) { totalCount edges { cursor } } }',
      {
        after,
      },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    // A cursor the server gave still works.
    const first = await t.gql('{ search(query: "Cameron", first: 1) { edges { cursor } } }');
    const given = first.body.data.search.edges[0].cursor;
    const next = await t.gql(
      'query ($after: String) { search(query: "Cameron", after: $after) { edges { cursor } } }',
      {
        after: given,
      },
    );
    expect(next.body.errors).toBeUndefined();
  });
});
