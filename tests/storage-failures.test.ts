import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import {
  errorCodes,
  type GqlResult,
  ON_POSTGRES,
  post,
  type TestApp,
  tableCounts,
  testApp,
} from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const ARTICLE = {
  title: 'Valdoria budget passes',
  body: "Valdoria's parliament approved the budget on Thursday. President Maren Sollvik welcomed the vote.",
};

async function ingest(t: TestApp, input: typeof ARTICLE = ARTICLE): Promise<GqlResult> {
  const res = await t.app.fetch('http://test/graphql', post(INGEST, { input }, AUTH));
  return { status: res.status, body: (await res.json()) as GqlResult['body'] };
}

describe('the database file deleted while the server runs', () => {
  it.skipIf(ON_POSTGRES)('refuses writes with STORAGE_UNAVAILABLE and reports it in /health', async () => {
    const t = await testApp({ env: { ADMIN_TOKEN } });
    apps.push(t);
    expect(((await (await t.fetch('/health')).json()) as { status: string }).status).toBe('ok');
    const before = tableCounts(t.store);
    rmSync(t.dbPath);

    const result = await ingest(t);
    expect(errorCodes(result)).toEqual(['STORAGE_UNAVAILABLE']);
    expect(result.status).toBe(503);
    expect(result.body.errors?.[0]?.message).toMatch(/database file was deleted/);
    expect(tableCounts(t.store)).toEqual(before);

    const health = await t.fetch('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'error', database: 'file deleted' });
    // Reads still answer from the open file.
    expect((await t.gql('{ articles { totalCount } }')).body.data.articles.totalCount).toBe(1);
  });
});

describe('a full disk', () => {
  it.skipIf(ON_POSTGRES)(
    'answers STORAGE_FULL (507), not an uncoded unexpected error, and writes nothing',
    async () => {
      const t = await testApp({ env: { ADMIN_TOKEN } });
      apps.push(t);
      const before = tableCounts(t.store);
      // SQLite's own limit on the file's size stands in for the disk: the write fails with SQLITE_FULL.
      const pages = sqliteDatabaseOf(t.store).pragma('page_count', { simple: true }) as number;
      sqliteDatabaseOf(t.store).pragma(`max_page_count = ${pages}`);
      const freePages = sqliteDatabaseOf(t.store).pragma('freelist_count', { simple: true }) as number;
      const result = await ingest(t, {
        title: ARTICLE.title,
        body: `${ARTICLE.body} The debate ran late into the night. `.repeat(100 + freePages * 40),
      });
      expect(errorCodes(result)).toEqual(['STORAGE_FULL']);
      expect(result.status).toBe(507);
      expect(result.body.errors?.[0]?.message).toMatch(/disk .* is full/);
      expect(tableCounts(t.store)).toEqual(before);
    },
  );
});
