import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { requireAdmin } from '../src/schema/access.ts';
import { accessOf } from '../src/server/access.ts';
import { post, type TestApp, testApp } from './hardening-helpers.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('CSRF prevention', () => {
  it('answers a plain GET query, which can change nothing, and refuses a mutation over GET', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql?query=%7B%20articles%20%7B%20totalCount%20%7D%20%7D', {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.articles.totalCount).toBe(1);
    const mutation = await t.fetch(
      `/graphql?query=${encodeURIComponent('mutation { deleteArticle(id: "QXJ0aWNsZTox") { deletedId } }')}`,
      { headers: { accept: 'application/json' } },
    );
    expect(mutation.status).toBe(405);
  });

  it('refuses a form-encoded or text/plain POST, which a browser sends without preflight', async () => {
    t = await testApp();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body:
          contentType === 'text/plain' ? '{"query":"{ articles { totalCount } }"}' : 'query=%7B__typename%7D',
      });
      expect(res.status).toBe(403);
    }
    expect(t.sqlCount()).toBe(0);
  });

  it('answers a GET query that carries the header, and JSON POSTs as GraphiQL sends them', async () => {
    t = await testApp();
    const get = await t.fetch('/graphql?query=%7B%20articles%20%7B%20totalCount%20%7D%20%7D', {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(get.status).toBe(200);
    const postRes = await t.fetch('/graphql', post('{ articles { totalCount } }'));
    expect(postRes.status).toBe(200);
  });
});

describe('CORS', () => {
  it('sends no CORS headers by default, so other origins cannot read responses', async () => {
    t = await testApp();
    const res = await t.fetch(
      '/graphql',
      post('{ __typename }', undefined, { origin: 'https://elsewhere.example' }),
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins in CORS_ORIGINS', async () => {
    t = await testApp({ env: { CORS_ORIGINS: 'https://app.example, https://admin.example/' } });
    const allowed = await t.fetch('/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://admin.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    const other = await t.fetch(
      '/graphql',
      post('{ __typename }', undefined, { origin: 'https://evil.example' }),
    );
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

describe('security headers', () => {
  it('serves GraphiQL with a policy that allows its own inline script by hash and no framing', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('marks JSON responses nosniff too', async () => {
    t = await testApp();
    const res = await t.fetch('/graphql', post('{ __typename }'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('access', () => {
  const TOKEN = 'a-long-enough-admin-token';
  const request = (authorization?: string) =>
    new Request('http://localhost/graphql', authorization ? { headers: { authorization } } : {});

  it('grants admin only to the configured bearer token', () => {
    expect(accessOf(request(`Bearer ${TOKEN}`), TOKEN)).toEqual({
      admin: true,
      writesEnabled: true,
      credentials: 'valid',
    });
    expect(accessOf(request('Bearer wrong-token-of-some-length'), TOKEN).admin).toBe(false);
    expect(accessOf(request(), TOKEN)).toEqual({ admin: false, writesEnabled: true, credentials: 'none' });
  });

  it('grants admin to nobody when no token is configured', () => {
    expect(accessOf(request(`Bearer ${TOKEN}`), undefined).admin).toBe(false);
  });

  it('refuses without a token as UNAUTHENTICATED and with a wrong one as FORBIDDEN', () => {
    expect(() => requireAdmin({ access: accessOf(request(), TOKEN) }, 'ingestArticle')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
    expect(() => requireAdmin({ access: accessOf(request('Bearer nope'), TOKEN) }, 'ingestArticle')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => requireAdmin({ access: accessOf(request(`Bearer ${TOKEN}`), TOKEN) }, 'x')).not.toThrow();
  });

  it('refuses a short ADMIN_TOKEN at start-up', async () => {
    const { loadConfig } = await import('../src/config.ts');
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
  });
});

describe('request ids', () => {
  it('echoes a well-formed x-request-id and stamps it on the request log lines', async () => {
    t = await testApp({ env: { SLOW_QUERY_MS: '0' } });
    const res = await t.fetch(
      '/graphql',
      post('query Count { articles { totalCount } }', undefined, { 'x-request-id': 'abc-123' }),
    );
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const lines = t.logs.filter((line) => line.msg === 'slow operation');
    expect(lines).toEqual([expect.objectContaining({ requestId: 'abc-123', operationName: 'Count' })]);
  });

  it('generates an id when none, or a malformed one, is given', async () => {
    t = await testApp();
    const res = await t.fetch(
      '/graphql',
      post('{ __typename }', undefined, { 'x-request-id': 'bad id\twith spaces' }),
    );
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stamps the id on the log line of an unexpected error', async () => {
    t = await testApp();
    // A failure the server does not expect: the database is gone.
    await t.store.close();
    const res = await t.fetch(
      '/graphql',
      post('{ articles { totalCount } }', undefined, { 'x-request-id': 'req-err' }),
    );
    const body = await res.json();
    expect(body.errors[0].message).toBe('Unexpected error.');
    expect(t.logs.some((line) => line.requestId === 'req-err' && line.level === 50)).toBe(true);
  });
});

describe('slow operation log', () => {
  it('logs operations at or over SLOW_QUERY_MS with their name and duration', async () => {
    const pause = new Int32Array(new SharedArrayBuffer(4));
    t = await testApp({ env: { SLOW_QUERY_MS: '20' }, onStatement: () => Atomics.wait(pause, 0, 0, 25) });
    await t.fetch('/graphql', post('query Slow { articles { totalCount } }'));
    await t.fetch('/graphql', post('query Fast { __typename }'));
    const slow = t.logs.filter((line) => line.msg === 'slow operation');
    expect(slow).toEqual([expect.objectContaining({ operationName: 'Slow', thresholdMs: 20 })]);
    expect(slow[0]?.durationMs).toBeGreaterThanOrEqual(20);
  });
});
