import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { cleanupTempDirs, errorCodes, type GqlResult, post, type TestApp, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(cleanupTempDirs);

describe('ADMIN_TOKEN that could never be presented', () => {
  it.each([
    ['a space inside', 'my admin token is long'],
    ['a trailing newline', 'a-long-enough-admin-token\n'],
    ['a leading space', ' a-long-enough-admin-token'],
    ['a non-ASCII character', 'a-long-enough-admin-tökén'],
  ])('is refused at start: %s', (_, token) => {
    expect(() => loadConfig({ ADMIN_TOKEN: token })).toThrow(
      /^invalid configuration: ADMIN_TOKEN: must be printable ASCII without spaces/,
    );
  });

  it('accepts a token of printable characters', () => {
    expect(loadConfig({ ADMIN_TOKEN: 'Tok3n/with+sym=bols~!' }).adminToken).toBe('Tok3n/with+sym=bols~!');
  });
});

describe('headline and source length', () => {
  const BODY = 'President Maren Sollvik of Valdoria arrived in Brenmark on Monday for talks.';

  async function ingest(title: string, source?: string): Promise<GqlResult> {
    const t = await testApp({ seedsDir: null, env: { ADMIN_TOKEN } });
    apps.push(t);
    const res = await t.app.fetch(
      'http://test/graphql',
      post(INGEST, { input: { title, body: BODY, source } }, AUTH),
    );
    return { status: res.status, body: (await res.json()) as GqlResult['body'] };
  }

  it('refuses a headline over 500 characters with BAD_USER_INPUT', async () => {
    const result = await ingest('Talks '.repeat(200_000));
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/the headline is 1199999 characters; the limit is 500/);
  });

  it('refuses a source over 200 characters', async () => {
    const result = await ingest('Talks', 'Wire '.repeat(100));
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/the source is \d+ characters; the limit is 200/);
  });

  it('accepts a headline of 500 characters', async () => {
    const result = await ingest('x'.repeat(500));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.ingestArticle.article.title).toHaveLength(500);
  });
});
