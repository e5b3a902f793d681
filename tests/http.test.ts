import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOperations } from '../src/operations.ts';
import { errorCodes, OPERATIONS_DIR, post, type TestApp, testApp } from './helpers.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

let t: TestApp;

beforeEach(async () => {
  t = await testApp();
});

afterEach(async () => {
  await t.close();
});

async function get(
  query: string,
  variables?: Record<string, unknown>,
  accept = GRAPHQL_RESPONSE,
): Promise<Response> {
  const params = new URLSearchParams({ query });
  if (variables) params.set('variables', JSON.stringify(variables));
  return await t.app.fetch(`http://test/graphql?${params}`, { headers: { accept } });
}

describe('GraphQL over HTTP', () => {
  it('answers a document that does not parse with 400 under application/graphql-response+json', async () => {
    const res = await t.app.fetch(
      'http://test/graphql',
      post('{ countries { ', undefined, { accept: GRAPHQL_RESPONSE }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain(GRAPHQL_RESPONSE);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/^Syntax Error/);
  });

  it('answers a document that fails validation with 400 under application/graphql-response+json', async () => {
    const res = await t.app.fetch(
      'http://test/graphql',
      post('{ countries { noSuchField } }', undefined, { accept: GRAPHQL_RESPONSE }),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain('noSuchField');
  });

  it('answers a valid query with invalid variables with 400 under application/graphql-response+json', async () => {
    const res = await t.app.fetch(
      'http://test/graphql',
      post(
        'query($first: Int) { entities(first: $first) { totalCount } }',
        { first: 'many' },
        {
          accept: GRAPHQL_RESPONSE,
        },
      ),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain('$first');
  });

  it('answers a Date variable that is not a date with 400 and BAD_USER_INPUT under application/graphql-response+json', async () => {
    const res = await t.app.fetch(
      'http://test/graphql',
      post(
        'query($from: Date) { events(from: $from) { totalCount } }',
        { from: '2015-02-30' },
        {
          accept: GRAPHQL_RESPONSE,
        },
      ),
    );
    const body = await res.json();
    expect(errorCodes({ status: res.status, body })).toEqual(['BAD_USER_INPUT']);
    expect(res.status).toBe(400);
  });

  it('answers a field error with 200 and partial data', async () => {
    const res = await t.app.fetch(
      'http://test/graphql',
      post('{ country(code: "GB") { name } bad: country(code: "XX") { name } }', undefined, {
        accept: GRAPHQL_RESPONSE,
      }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toEqual({ country: { name: 'United Kingdom' }, bad: null });
    expect(errorCodes({ status: res.status, body })).toEqual(['BAD_USER_INPUT']);
  });

  it('runs a query sent with GET, variables included', async () => {
    const res = await get('query($code: String!) { country(code: $code) { name code } }', { code: 'RU' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { country: { name: 'Russia', code: 'RU' } } });
  });

  it('refuses a mutation sent with GET with 405', async () => {
    const res = await get('mutation { __typename }');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])(
    'refuses %s on /graphql with 405 and names the allowed methods',
    async (method) => {
      const res = await t.app.fetch('http://test/graphql', {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'DELETE' ? undefined : JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST');
    },
  );

  it('answers a path it does not serve with 404', async () => {
    const res = await t.app.fetch('http://test/nowhere');
    expect(res.status).toBe(404);
  });
});

describe('GET /health', () => {
  it('reports the database as ok with the number of nodes of each kind', async () => {
    const res = await t.app.fetch('http://test/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', database: 'ok', counts: { articles: 1 } });
    expect(body.counts).toEqual(await t.store.stats.nodeCounts());
    expect(body.counts.people).toBeGreaterThanOrEqual(4);
    expect(body.counts.claims).toBeGreaterThanOrEqual(8);
  });

  it('reports an empty graph with zero counts', async () => {
    const empty = await testApp({ seedsDir: null });
    try {
      const body = await (await empty.app.fetch('http://test/health')).json();
      expect(body.status).toBe('ok');
      expect(Object.values(body.counts)).toEqual(Object.values(body.counts).map(() => 0));
      expect(body.counts.articles).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('answers 503 when the database is unavailable', async () => {
    await t.store.close();
    const res = await t.app.fetch('http://test/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'error', database: 'unavailable' });
  });
});

describe('GraphiQL', () => {
  it('serves GraphiQL to a browser with every asset inline and the example operations as tabs', async () => {
    const res = await t.app.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/graphiql/i);
    for (const cdn of ['unpkg.com', 'jsdelivr', 'cdnjs', 'esm.sh']) expect(html).not.toContain(cdn);
    expect(html).not.toMatch(/<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    const operations = readOperations(OPERATIONS_DIR);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(html).toContain(operation.name);
    expect(html).toContain('LeadersOfEveryCountry');
  });
});
