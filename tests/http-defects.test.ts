import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, type GqlResult, post, type TestApp, testApp } from './helpers.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('CORS never allows Origin: null', () => {
  it.each([
    ['two origins', 'https://app.example,https://admin.example'],
    ['one origin', 'https://app.example'],
    ['any origin', '*'],
  ])('with %s configured', async (_, origins) => {
    t = await testApp({ env: { CORS_ORIGINS: origins } });
    const preflight = await t.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await t.fetch('/graphql', post('{ __typename }', undefined, { origin: 'null' }));
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    // A listed origin still reads.
    const allowed = await t.fetch(
      '/graphql',
      post('{ __typename }', undefined, { origin: 'https://app.example' }),
    );
    expect(['https://app.example', '*']).toContain(allowed.headers.get('access-control-allow-origin'));
  });

  it('answers an unlisted origin with no CORS headers', async () => {
    t = await testApp({ env: { CORS_ORIGINS: 'https://app.example,https://admin.example' } });
    const res = await t.fetch(
      '/graphql',
      post('{ __typename }', undefined, { origin: 'https://evil.example' }),
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('no "Did you mean" outside development', () => {
  const ATTEMPTS: [string, string, Record<string, unknown>?][] = [
    ['field name', '{ articles { totalCont } }'],
    ['enum value in the document', '{ entities(orderBy: NAM) { totalCount } }'],
    [
      'enum value in a variable',
      'query ($o: EntityOrder) { entities(orderBy: $o) { totalCount } }',
      { o: 'NAM' },
    ],
    [
      'inline fragment type',
      '{ search(query: "Cameron") { edges { node { node { ... on Persn { id } } } } } }',
    ],
    ['fragment type condition', 'fragment F on Persn { id } { search(query: "x") { totalCount } ...F }'],
    [
      'input field in the document',
      'mutation { ingestArticle(input: { titl: "x", body: "y" }) { unchanged } }',
    ],
    [
      'input field in a variable',
      'mutation ($i: IngestArticleInput!) { ingestArticle(input: $i) { unchanged } }',
      { i: { titl: 'x', body: 'y' } },
    ],
    ['argument name', '{ entities(frist: 1) { totalCount } }'],
    ['type of a variable', 'query ($o: EntityOrdr) { entities(orderBy: $o) { totalCount } }'],
  ];

  it.each(ATTEMPTS)('%s: suggested in development only', async (_, query, variables) => {
    const messages = async (env: string) => {
      await t?.close();
      t = await testApp({ env: { NODE_ENV: env } });
      const result: GqlResult = await t.gql(query, variables);
      expect(result.body.errors?.length, JSON.stringify(result.body)).toBeGreaterThan(0);
      return (result.body.errors ?? []).map((error) => error.message).join('\n');
    };
    expect(await messages('development')).toMatch(/Did you mean/);
    const production = await messages('production');
    expect(production).not.toMatch(/Did you mean|Suggestion/);
    expect(production).not.toMatch(/"(totalCount|NAME|Person|title|first|EntityOrder)"\?/);
  });
});

describe('malformed GET parameters', () => {
  it.each([
    ['variables', '%7Bbad'],
    ['extensions', '%7Bbad'],
    ['variables', '%5B1%5D'],
  ])('%s=%s answers 400 BAD_REQUEST and logs no stack', async (name, value) => {
    t = await testApp();
    const res = await t.fetch(`/graphql?query=%7B__typename%7D&${name}=${value}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as GqlResult['body'];
    expect(errorCodes({ status: res.status, body })).toEqual(['BAD_REQUEST']);
    expect(body.errors?.[0]?.message).toContain(name);
    expect(JSON.stringify(t.logs)).not.toMatch(/stack|SyntaxError/);
  });
});
