import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import {
  errorCodes,
  type GqlResult,
  ON_POSTGRES,
  post,
  type TestApp,
  tableCountsOf,
  testApp,
} from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';
import { injectFailure } from './inject-failure.ts';

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
  // SQLite only: a PostgreSQL graph has no file of its own that the server could lose under it.
  it.skipIf(ON_POSTGRES)('refuses writes with STORAGE_UNAVAILABLE and reports it in /health', async () => {
    const t = await testApp({ env: { ADMIN_TOKEN } });
    apps.push(t);
    expect(((await (await t.fetch('/health')).json()) as { status: string }).status).toBe('ok');
    const before = await tableCountsOf(t.store);
    rmSync(t.dbPath);

    const result = await ingest(t);
    expect(errorCodes(result)).toEqual(['STORAGE_UNAVAILABLE']);
    expect(result.status).toBe(503);
    expect(result.body.errors?.[0]?.message).toMatch(/database file was deleted/);
    expect(await tableCountsOf(t.store)).toEqual(before);

    const health = await t.fetch('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'error', database: 'file deleted' });
    // Reads still answer from the open file.
    expect((await t.gql('{ articles { totalCount } }')).body.data.articles.totalCount).toBe(1);
  });
});

/**
 * Makes the next write of an article fail because the storage is full, as each engine reports it, and
 * says how many times over the article's text must be repeated for the write to need the space.
 */
async function fillTheDisk(t: TestApp): Promise<number> {
  if (ON_POSTGRES) {
    // The server's own error for a full disk, raised in the middle of the write.
    await injectFailure(t.store, { table: 'articles', when: 'insert', postgresErrorCode: '53100' });
    return 1;
  }
  // SQLite's own limit on the file's size stands in for the disk: the write fails with SQLITE_FULL.
  const db = sqliteDatabaseOf(t.store);
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
  return 100 + (db.pragma('freelist_count', { simple: true }) as number) * 40;
}

describe('a full disk', () => {
  it('answers STORAGE_FULL (507), not an uncoded unexpected error, and writes nothing', async () => {
    const t = await testApp({ env: { ADMIN_TOKEN } });
    apps.push(t);
    const before = await tableCountsOf(t.store);
    const times = await fillTheDisk(t);
    const result = await ingest(t, {
      title: ARTICLE.title,
      body: `${ARTICLE.body} The debate ran late into the night. `.repeat(times),
    });
    expect(errorCodes(result)).toEqual(['STORAGE_FULL']);
    expect(result.status).toBe(507);
    expect(result.body.errors?.[0]?.message).toMatch(/disk .* is full/);
    expect(await tableCountsOf(t.store)).toEqual(before);
  });
});

describe('a server that cannot read or write its files', () => {
  // PostgreSQL only: SQLite's I/O errors come from the file the test cannot make fail on demand.
  it.runIf(ON_POSTGRES)('answers STORAGE_UNAVAILABLE (503) and writes nothing', async () => {
    const t = await testApp({ env: { ADMIN_TOKEN } });
    apps.push(t);
    const before = await tableCountsOf(t.store);
    // The server's own io_error, raised in the middle of the write.
    await injectFailure(t.store, { table: 'evidence', when: 'insert', postgresErrorCode: '58030' });
    const result = await ingest(t);
    expect(errorCodes(result)).toEqual(['STORAGE_UNAVAILABLE']);
    expect(result.status).toBe(503);
    expect(await tableCountsOf(t.store)).toEqual(before);
  });
});
