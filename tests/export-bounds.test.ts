import { afterEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { type TestApp, testApp } from './helpers.ts';

const TOKEN = 'an-admin-token-long-enough';
const NEIGHBOURHOOD = '/export/graph.jsonld?entity=vladimir-putin';

async function errorOf(
  res: Response,
): Promise<{ status: number; code: unknown; body: Record<string, unknown> }> {
  const body = (await res.json()) as { extensions?: { code?: unknown } };
  return { status: res.status, code: body.extensions?.code, body };
}

describe('anonymous neighbourhood exports are bounded', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('refuses a neighbourhood of more entities than EXPORT_MAX_ENTITIES with a coded error', async () => {
    t = await testApp({ env: { EXPORT_MAX_ENTITIES: '2' } });
    const refused = await errorOf(await t.fetch(NEIGHBOURHOOD));
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.body.extensions).toMatchObject({ limit: 'export entities', max: 2 });
  });

  it('refuses a neighbourhood of more facts than EXPORT_MAX_FACTS with a coded error', async () => {
    t = await testApp({ env: { EXPORT_MAX_FACTS: '3' } });
    const refused = await errorOf(await t.fetch(NEIGHBOURHOOD));
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.body.extensions).toMatchObject({ limit: 'export facts', max: 3 });
  });

  it('reads a scope from the neighbour pairs, at most the bound per entity, not from every link', async () => {
    const statements: string[] = [];
    t = await testApp({ env: { EXPORT_MAX_ENTITIES: '2' }, onStatement: (sql) => statements.push(sql) });
    expect((await errorOf(await t.fetch(NEIGHBOURHOOD))).code).toBe('QUERY_TOO_COMPLEX');
    // entity_links is a view of every sentence and fact linking two entities: hundreds of thousands of
    // rows behind a well-known one, read in one synchronous step before the refusal.
    expect(statements.filter((sql) => /entity_links/.test(sql))).toEqual([]);
    const scope = statements.filter((sql) => /FROM entity_neighbors/.test(sql));
    expect(scope.length).toBeGreaterThan(0);
    for (const sql of scope) expect(sql).toMatch(/LIMIT/);
  });

  it('remembers a refusal while articles are written, so asking again costs no counting', async () => {
    t = await testApp({ env: { EXPORT_MAX_FACTS: '3' } });
    expect((await errorOf(await t.fetch(NEIGHBOURHOOD))).code).toBe('QUERY_TOO_COMPLEX');
    await ingestDocument(t.store, {
      title: 'More talks',
      body: 'Vladimir Putin met Angela Merkel in Minsk.',
    });
    t.resetSqlCount();
    for (let i = 0; i < 5; i++) {
      expect((await errorOf(await t.fetch(NEIGHBOURHOOD))).code).toBe('QUERY_TOO_COMPLEX');
    }
    // Neither the entity nor its neighbourhood is read again.
    expect(t.sqlCount()).toBe(0);
  });

  it('leaves article bodies out for anyone, and keeps them for the admin', async () => {
    t = await testApp({ env: { ADMIN_TOKEN: TOKEN } });
    const anonymous = await (await t.fetch(NEIGHBOURHOOD)).text();
    expect(anonymous).toContain('"NewsArticle"');
    expect(anonymous).not.toContain('"articleBody"');
    const admin = await (
      await t.fetch(NEIGHBOURHOOD, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(admin).toContain('"articleBody"');
  });

  it('cuts a download at EXPORT_MAX_BYTES instead of streaming on', async () => {
    t = await testApp({ env: { EXPORT_MAX_BYTES: '1024' } });
    const res = await t.fetch(NEIGHBOURHOOD);
    expect(res.status).toBe(200);
    const text = await res.text();
    // Cut after the batch that went past the bound: an unclosed document, not the whole neighbourhood.
    expect(text.length).toBeLessThan(20_000);
    expect(() => JSON.parse(text)).toThrow();
    const unbounded = await testApp();
    try {
      const whole = await (await unbounded.fetch(NEIGHBOURHOOD)).text();
      expect(whole.length).toBeGreaterThan(text.length);
    } finally {
      await unbounded.close();
    }
  });

  it('answers 503 OVERLOADED with Retry-After past EXPORT_CONCURRENCY streams', async () => {
    t = await testApp({ env: { EXPORT_CONCURRENCY: '1' } });
    const first = await t.fetch(NEIGHBOURHOOD);
    expect(first.status).toBe(200);
    const second = await t.fetch(NEIGHBOURHOOD);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(await errorOf(second)).toMatchObject({ status: 503, code: 'OVERLOADED' });
    // Once the first download is over, exports are taken again.
    await first.text();
    const third = await t.fetch(NEIGHBOURHOOD);
    expect(third.status).toBe(200);
    await third.body?.cancel();
    expect((await t.fetch(NEIGHBOURHOOD)).status).toBe(200);
  });
});
