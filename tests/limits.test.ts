import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS, post, type TestApp, testApp } from './hardening-helpers.ts';

let t: TestApp;
afterEach(() => t?.close());

const nest = (levels: number): string => {
  let selection = 'text';
  for (let i = 0; i < levels; i += 1) selection = `claims { edges { node { article { ${selection} } } } }`;
  return `{ articles { edges { node { ${selection} } } } }`;
};

/** Queries over each default limit, with the limit that must refuse them. */
const ABUSIVE: { name: string; limit: string; query: string }[] = [
  { name: 'nesting 19 levels deep', limit: 'depth', query: nest(4) },
  {
    name: 'a page of 100 per page of 100',
    limit: 'cost',
    query:
      '{ articles(first: 100) { edges { node { claims(first: 100) { edges { node { text quote about { name } } } } } } } }',
  },
  {
    name: 'a cost hidden in a variable',
    limit: 'cost',
    query:
      'query ($n: Int) { entities(first: $n) { edges { node { claimsBy(first: $n) { edges { node { about { name } } } } } } } }',
  },
  {
    name: '20 aliases of one field',
    limit: 'aliases',
    query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: articles { totalCount }`).join(' ')} }`,
  },
  {
    name: '21 directives',
    limit: 'directives',
    query: `{ ${Array.from({ length: 21 }, (_, i) => `f${i}: __typename @skip(if: false)`)
      .slice(0, 10)
      .join(
        ' ',
      )} articles { totalCount @include(if: true) ${Array.from({ length: 11 }, () => '__typename @include(if: true)').join(' ')} } }`,
  },
  { name: '2,500 tokens', limit: 'tokens', query: `{ articles { ${'totalCount '.repeat(2500)} } }` },
  {
    name: 'introspection nested past the depth limit',
    limit: 'depth',
    query: `{ __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`,
  },
];

describe('query limits', () => {
  it.each(ABUSIVE)(
    'refuses $name with QUERY_TOO_COMPLEX ($limit) before any SQL runs',
    async ({ query, limit }) => {
      t = await testApp();
      const res = await t.fetch('/graphql', post(query, { n: 100 }));
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
      expect(body.errors[0].message).toMatch(/limit/);
      expect(t.sqlCount()).toBe(0);
    },
  );

  it('answers 200 with the refusal to clients that accept only application/json', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', {
      ...post(nest(4)),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('lets the standard introspection query through every default limit', async () => {
    t = await testApp();
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const res = await t.fetch('/graphql', post(query));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });

  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    'lets the example operation %s through',
    async (_name, op) => {
      t = await testApp();
      if (/^subscription /m.test(op.document)) {
        // Over server-sent events: a refusal would be the stream's first event; a pass starts with a ping.
        const stop = new AbortController();
        const init = post(op.document, op.variables, { accept: 'text/event-stream' });
        const res = await t.fetch('/graphql', { ...init, signal: stop.signal });
        expect(res.status).toBe(200);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        stop.abort();
        await reader.cancel().catch(() => undefined);
        expect(first).not.toMatch(/errors/);
        return;
      }
      const res = await t.fetch('/graphql', post(op.document, op.variables));
      expect(res.status).toBe(200);
      expect((await res.json()).errors).toBeUndefined();
    },
  );

  it('takes its limits from the environment', async () => {
    t = await testApp({ env: { MAX_DEPTH: '3' } });
    const res = await t.fetch('/graphql', post('{ articles { edges { node { title } } } }'));
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
      max: 3,
      found: 4,
    });
  });

  it('refuses a page larger than the page size cap with BAD_USER_INPUT', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', post('{ articles(first: 101) { totalCount } }'));
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(t.sqlCount()).toBe(0);
  });
});

describe('request size', () => {
  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    t = await testApp();
    const res = await t.fetch(
      '/graphql',
      post('{ articles { totalCount } }', { padding: 'x'.repeat(1_600_000) }),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(t.sqlCount()).toBe(0);
  });

  it('refuses a streamed body that grows past the limit without declaring its length', async () => {
    t = await testApp({ env: { MAX_BODY_BYTES: '1000' } });
    const chunk = new TextEncoder().encode(
      `{"query":"{ articles { totalCount } }","x":"${'y'.repeat(2000)}"}`,
    );
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('over HTTP: refuses a declared length past the limit, and counts a chunked body as it streams', async () => {
    t = await testApp({ env: { MAX_BODY_BYTES: '1000' } });
    const server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    /** Sends `chunks` (chunked when `length` is absent) and answers the status and error code. */
    const send = (chunks: string[], length?: number) =>
      new Promise<{ status: number; code: unknown }>((resolve, reject) => {
        const headers: Record<string, string | number> = { 'content-type': 'application/json' };
        if (length !== undefined) headers['content-length'] = length;
        const req = httpRequest(
          { port, host: '127.0.0.1', method: 'POST', path: '/graphql', headers },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c: string) => {
              text += c;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, code: JSON.parse(text).errors?.[0]?.extensions?.code }),
            );
          },
        );
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    try {
      const small = JSON.stringify({ query: '{ __typename }' });
      expect(await send([small], Buffer.byteLength(small))).toEqual({ status: 200, code: undefined });
      expect(await send([small])).toEqual({ status: 200, code: undefined });
      const big = JSON.stringify({ query: '{ __typename }', x: 'y'.repeat(2000) });
      expect(await send([big], Buffer.byteLength(big))).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await send([big.slice(0, 900), big.slice(900)])).toEqual({
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('accepts a 1 MB body, the size ingestion sends', async () => {
    t = await testApp();
    const res = await t.fetch(
      '/graphql',
      post('{ articles { totalCount } }', { padding: 'x'.repeat(1_000_000) }),
    );
    expect(res.status).toBe(200);
  });

  it('refuses a document over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', post(`{ articles { totalCount } } #${'x'.repeat(40_000)}`));
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('batching', () => {
  const batch = (n: number) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ articles { totalCount } }' }))),
  });

  it('is off by default: a batch gets 400 BAD_REQUEST', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', batch(2));
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(t.sqlCount()).toBe(0);
  });

  it('is bounded by BATCH_LIMIT when turned on', async () => {
    t = await testApp({ env: { BATCH_LIMIT: '2' } });
    const ok = await t.fetch('/graphql', batch(2));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(2);
    const over = await t.fetch('/graphql', batch(3));
    expect(over.status).toBe(413);
    expect((await over.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('field suggestions', () => {
  it('are hidden outside development', async () => {
    t = await testApp({ env: { NODE_ENV: 'production' } });
    const body = await (await t.fetch('/graphql', post('{ article(slug: "x") { titl } }'))).json();
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('are given in development', async () => {
    t = await testApp({ env: { NODE_ENV: 'development' } });
    const body = await (await t.fetch('/graphql', post('{ article(slug: "x") { titl } }'))).json();
    expect(body.errors[0].message).toMatch(/Did you mean "title"/);
  });
});

describe('time budget', () => {
  it('stops an operation that runs past REQUEST_TIMEOUT_MS with a TIMEOUT error', async () => {
    // Each statement takes 30 ms, as on a loaded disk; the operation needs several rounds of them.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    t = await testApp({
      env: { REQUEST_TIMEOUT_MS: '50' },
      onStatement: () => Atomics.wait(pause, 0, 0, 30),
    });
    const op = OPERATIONS.find((o) => o.name === 'ClaimsByPerson');
    const started = performance.now();
    const res = await t.fetch('/graphql', post(op?.document ?? '', op?.variables));
    const body = await res.json();
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'TIMEOUT', max: 50 }) }),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    const statementsAtTimeout = t.sqlCount();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Aborted: resolvers that had not started do not run afterwards.
    expect(t.sqlCount()).toBeLessThanOrEqual(statementsAtTimeout + 1);
  });
});
