import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseArticleText } from '../src/annotation/article-text.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import { checkArticle } from '../src/ingest/article-input.ts';
import { cleanupTempDirs, type Json, post, scratchDir, type TestApp, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(cleanupTempDirs);

// A lone high surrogate, a lone low surrogate and a well-formed pair (an emoji), before the names.
const BODY =
  'Talks \uD800 opened on Monday. \uDC00 Prime Minister David Cameron met President Vladimir Putin 😀 in Antalya.\n\nCameron said the gap remained.';

describe('malformed UTF-16 (lone surrogates) is normalised before offsets are computed', () => {
  it('mutation: the stored body is well-formed and every evidence span is exactly its text', async () => {
    const t = await testApp({ seedsDir: null, env: { ADMIN_TOKEN } });
    apps.push(t);
    const res = await t.app.fetch(
      'http://test/graphql',
      post(INGEST, { input: { title: 'Talks \uDBFF open', body: BODY, publishedAt: '2015-11-16' } }, AUTH),
    );
    const { data, errors } = (await res.json()) as { data: Json; errors?: unknown };
    expect(errors).toBeUndefined();
    const article = data.ingestArticle.article;
    expect(article.body).toBe(BODY.replace(/\uD800|\uDC00/g, '\uFFFD'));
    expect(article.title).toBe('Talks \uFFFD open');
    expect(article.body.length).toBe(BODY.length);
    const mentions = article.mentions.edges.map((edge: Json) => edge.node.evidence);
    expect(mentions.length).toBeGreaterThan(2);
    for (const { start, end, text } of mentions) expect(article.body.slice(start, end)).toBe(text);
    expect(mentions.map((m: Json) => m.text)).toContain('David Cameron');
    // The database holds the same text the offsets were computed on.
    const stored = await rawSqlOf(t.store).value('SELECT body FROM articles');
    expect(stored).toBe(article.body);
  });

  it('the same normalisation on every door: checked input, article files and seed text', () => {
    const expected = BODY.replace(/\uD800|\uDC00/g, '\uFFFD');
    expect(checkArticle({ title: 'T', body: BODY }).body).toBe(expected);
    expect(parseArticleText(`T\n\n${BODY}`).body).toBe(expected);
    const file = join(scratchDir(), 'story.txt');
    // Surrogates encoded as UTF-8 bytes (CESU-8) are not UTF-8: the file is refused, not garbled.
    writeFileSync(file, Buffer.concat([Buffer.from('T\n\nbody '), Buffer.from([0xed, 0xa0, 0x80])]));
    expect(() => readArticleFile(file)).toThrow(/not UTF-8/);
  });
});
