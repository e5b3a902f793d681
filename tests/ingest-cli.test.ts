import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, runCli, scratchDir, tableCounts } from './helpers.ts';
import { EVAL_DIR, HAS_EVAL, NEWS_DIR } from './ingest-helpers.ts';

afterAll(cleanupTempDirs);

const CLI_TIMEOUT = 60_000;

function ingest(args: string[], dbPath: string) {
  return runCli(['ingest', ...args], { DATABASE_URL: dbPath }, CLI_TIMEOUT);
}

function articleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name));
}

/** The numbers of a "total added:" or "total merged:" line, by kind. */
function totals(stdout: string, which: 'added' | 'merged'): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(`total ${which}:`)) ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

async function counts(dbPath: string): Promise<Record<string, number>> {
  const store = await openStore(dbPath, MIGRATIONS_DIR);
  try {
    return tableCounts(store);
  } finally {
    await store.close();
  }
}

function expectIngestedEveryFile(stdout: string, files: string[]): void {
  for (const file of files) {
    const at = stdout.indexOf(`ingested ${file} as "`);
    expect(at, `no summary line for ${file}`).toBeGreaterThanOrEqual(0);
    const block = stdout.slice(at).split('\n').slice(1, 3);
    expect(block[0]).toMatch(
      /^ {2}added: {2}entities \d+, mentions \d+, offices \d+, events \d+, claims \d+/,
    );
    expect(block[1]).toMatch(/^ {2}merged: entities \d+, mentions \d+/);
  }
}

// Each test starts its own process on its own database, so they run side by side; the second run over the
// news folder waits for the first, so a test may take two runs of the command: it gets their time.
describe.concurrent('npm run ingest', { timeout: 2 * CLI_TIMEOUT }, () => {
  const newsDb = join(scratchDir(), 'graph.db');
  const newsFiles = articleFiles(NEWS_DIR);
  let firstRun: ReturnType<typeof ingest> | undefined;
  const ingestNews = () => {
    firstRun ??= ingest([NEWS_DIR], newsDb);
    return firstRun;
  };

  it('ingests a folder of articles, one summary per article with added and merged counts, and the totals', async () => {
    const run = await ingestNews();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectIngestedEveryFile(run.stdout, newsFiles);
    expect(run.stdout).toContain(`\n${newsFiles.length} ingested, 0 unchanged, 0 failed\n`);
    // Into an empty graph every added fact is one row; the totals must say what landed.
    const rows = await counts(newsDb);
    const added = totals(run.stdout, 'added');
    expect(rows.articles).toBe(newsFiles.length);
    expect(added.entities).toBe(rows.entities);
    expect(added.mentions).toBe(rows.mentions);
    expect(added.claims).toBe(rows.claims);
    expect(added.events).toBe(rows.events);
    expect(added.mentions).toBeGreaterThan(100);
  });

  it('says "unchanged" for every article on a second run and changes nothing', async () => {
    expect((await ingestNews()).code).toBe(0);
    const before = await counts(newsDb);
    const run = await ingest([NEWS_DIR], newsDb);
    expect(run.code).toBe(0);
    for (const file of newsFiles) expect(run.stdout).toMatch(`unchanged ${file}: already in the graph as "`);
    expect(run.stdout).not.toContain('ingested tests');
    expect(run.stdout).toContain(`\n0 ingested, ${newsFiles.length} unchanged, 0 failed\n`);
    expect(totals(run.stdout, 'added')).toEqual({
      entities: 0,
      mentions: 0,
      offices: 0,
      events: 0,
      claims: 0,
      relations: 0,
    });
    expect(await counts(newsDb)).toEqual(before);
  });

  it.skipIf(!HAS_EVAL)(
    HAS_EVAL
      ? 'ingests the eval articles with their sidecar metadata'
      : 'ingests the eval articles (skipped: there is no ../shared/eval folder beside the project)',
    async () => {
      const db = join(scratchDir(), 'graph.db');
      const files = articleFiles(EVAL_DIR);
      const run = await ingest([EVAL_DIR], db);
      expect(run.code).toBe(0);
      expectIngestedEveryFile(run.stdout, files);
      expect(run.stdout).toContain(`\n${files.length} ingested, 0 unchanged, 0 failed\n`);
      const sqlite = new Database(db, { readonly: true });
      const articles = sqlite.prepare('SELECT published_at, source, url FROM articles').all() as {
        published_at: string;
        url: string;
      }[];
      sqlite.close();
      expect(articles).toHaveLength(files.length);
      for (const article of articles) {
        expect(article.published_at).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
        expect(article.url).toMatch(/^https?:\/\//);
      }
    },
  );

  it('exits 1 naming each broken file and its reason, and still ingests the good files', async () => {
    const dir = scratchDir();
    const good = newsFiles.slice(0, 2);
    for (const file of good) {
      copyFileSync(file, join(dir, basename(file)));
      copyFileSync(file.replace(/\.txt$/, '.meta.json'), join(dir, `${basename(file, '.txt')}.meta.json`));
    }
    writeFileSync(join(dir, 'b1-empty-body.txt'), 'A headline with nothing under it\n\n   \n\n');
    writeFileSync(
      join(dir, 'b2-latin1.txt'),
      Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' talks\n\nThe body.\n')]),
    );
    writeFileSync(
      join(dir, 'b3-no-headline.txt'),
      '\nThe body starts on the first line after an empty one.\n',
    );
    writeFileSync(join(dir, 'b4-bad-date.txt'), 'Talks resume\n\nDelegates met again on Monday.\n');
    writeFileSync(join(dir, 'b4-bad-date.meta.json'), JSON.stringify({ publishedAt: '2015-02-30' }));
    writeFileSync(
      join(dir, 'b5-oversized.txt'),
      `Very long\n\n${'All quiet on the border. '.repeat(42_000)}\n`,
    );
    const db = join(scratchDir(), 'graph.db');
    const run = await ingest([dir], db);
    expect(run.code).toBe(1);
    const failed = (name: string) =>
      run.stdout.split('\n').find((l) => l.startsWith(`FAILED ${join(dir, name)}: `));
    expect(failed('b1-empty-body.txt')).toMatch(/body .*empty/);
    expect(failed('b2-latin1.txt')).toMatch(/not UTF-8/);
    expect(failed('b3-no-headline.txt')).toMatch(/headline\) is empty/);
    expect(failed('b4-bad-date.txt')).toMatch(/publishedAt "2015-02-30" is not a date/);
    expect(failed('b5-oversized.txt')).toMatch(/the body is \d+ bytes; the limit is 1000000/);
    expect(run.stdout).toContain('\n2 ingested, 0 unchanged, 5 failed\n');
    expectIngestedEveryFile(
      run.stdout,
      good.map((file) => join(dir, basename(file))),
    );
    const rows = await counts(db);
    expect(rows.articles).toBe(2);
    expect(rows.mentions).toBeGreaterThan(0);
  });

  it('takes --published-at, --url and --source for one file, over its sidecar', async () => {
    const db = join(scratchDir(), 'graph.db');
    const file = newsFiles[0] as string;
    const run = await ingest(
      [file, '--published-at', '2016-01-02', '--url', 'https://example.org/a?b=1', '--source', 'Test Wire'],
      db,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 ingested, 0 unchanged, 0 failed');
    const sqlite = new Database(db, { readonly: true });
    const row = sqlite.prepare('SELECT published_at, url, source FROM articles').get();
    sqlite.close();
    expect(row).toEqual({
      published_at: '2016-01-02T00:00:00.000Z',
      url: 'https://example.org/a?b=1',
      source: 'Test Wire',
    });
  });

  it('refuses --published-at, --url and --source with several files, before opening the database', async () => {
    const db = join(scratchDir(), 'graph.db');
    const run = await ingest([NEWS_DIR, '--source', 'Test Wire'], db);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url, --published-at and --source describe one article');
    expect(existsSync(db)).toBe(false);
  });
});
