import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { namesArticle } from '../bench/hostile-articles.ts';
import { EXTRACTION_NICENESS, ExtractionPool, workerExecArgv } from '../src/ingest/extraction-pool.ts';
import { extractResolved } from '../src/ingest/ingest-article.ts';
import { ingestDocument, ingestDocumentConcurrently } from '../src/ingest/ingest-document.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { MIGRATIONS_DIR, tableCounts, tempDir } from './helpers.ts';

const SHORT = {
  title: 'Talks',
  body: 'Prime Minister David Cameron met Chancellor Angela Merkel in Berlin on Tuesday.',
};

describe('the extraction pool', { timeout: 90_000 }, () => {
  let pool: ExtractionPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('extracts in a worker thread exactly what the main thread extracts', async () => {
    pool = new ExtractionPool({ workers: 1, queueLimit: 4, timeoutMs: 60_000 });
    const article = namesArticle(5_000);
    expect(await pool.extract(article)).toEqual(extractResolved(article));
  });

  it('keeps the event loop free while a long article is extracted', async () => {
    pool = new ExtractionPool({ workers: 1, queueLimit: 4, timeoutMs: 60_000 });
    await pool.extract(SHORT);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      await pool.extract(namesArticle(60_000));
    } finally {
      clearInterval(ticker);
    }
    // On this thread the same article would run start to end without a single timer firing.
    expect(ticks).toBeGreaterThan(3);
  });

  describe('writing', () => {
    const stores: Store[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) if (store.isOpen()) await store.close();
    });
    const storeAt = async (name: string) => {
      const path = `${tempDir()}/${name}.db`;
      const store = await openStore(path, MIGRATIONS_DIR);
      stores.push(store);
      return { path, store };
    };
    const poolWriting = (path: string) =>
      new ExtractionPool({
        workers: 1,
        queueLimit: 4,
        timeoutMs: 60_000,
        database: { path, migrationsDir: MIGRATIONS_DIR },
      });

    it('writes a new article in a worker, through its own connection, the event loop free meanwhile', async () => {
      const inWorker = await storeAt('worker');
      const onThread = await storeAt('thread');
      pool = poolWriting(inWorker.path);
      const article = namesArticle(150_000);
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const report = await ingestDocumentConcurrently(inWorker.store, article, {
        extract: pool.extract.bind(pool),
        writeElsewhere: pool.write.bind(pool),
        busyRetryMs: 1_000,
      }).finally(() => clearInterval(ticker));
      expect(ticks).toBeGreaterThan(3);
      // The same graph as the write on this thread, seen at once by this thread's connection.
      expect(report).toEqual(await ingestDocument(onThread.store, article));
      expect(tableCounts(inWorker.store)).toEqual(tableCounts(onThread.store));
    });

    it('answers DATABASE_BUSY, with nothing written, when another writer keeps the lock', async () => {
      const { path, store } = await storeAt('busy');
      pool = poolWriting(path);
      const before = tableCounts(store);
      const holder = await openStore(path, MIGRATIONS_DIR);
      stores.push(holder);
      sqliteDatabaseOf(holder).exec('BEGIN IMMEDIATE');
      const writing = ingestDocumentConcurrently(store, SHORT, {
        extract: pool.extract.bind(pool),
        writeElsewhere: pool.write.bind(pool),
        busyRetryMs: 300,
      });
      await expect(writing).rejects.toMatchObject({ extensions: { code: 'DATABASE_BUSY' } });
      sqliteDatabaseOf(holder).exec('ROLLBACK');
      expect(tableCounts(store)).toEqual(before);
    });
  });

  it('gives a free worker to the shortest waiting article, not to a long one queued before it', async () => {
    pool = new ExtractionPool({ workers: 1, queueLimit: 4, timeoutMs: 60_000 });
    await pool.extract(SHORT);
    const finished: string[] = [];
    const track = (name: string, article: { title: string; body: string }) =>
      (pool as ExtractionPool).extract(article).then(() => finished.push(name));
    // The first occupies the worker; the long one and then the short one wait for it.
    await Promise.all([
      track('first', namesArticle(20_000)),
      track('long', namesArticle(60_000)),
      track('short', SHORT),
    ]);
    expect(finished).toEqual(['first', 'short', 'long']);
  });

  it('refuses articles past the queue with OVERLOADED, and stops one past its time with TIMEOUT', async () => {
    pool = new ExtractionPool({ workers: 1, queueLimit: 0, timeoutMs: 2_000 });
    await pool.extract(SHORT);
    // About three times the budget on an idle 2-core machine (600,000 characters took 2.1 s).
    const long = pool.extract(namesArticle(2_000_000));
    await expect(pool.extract(SHORT)).rejects.toMatchObject({ extensions: { code: 'OVERLOADED' } });
    await expect(long).rejects.toMatchObject({ extensions: { code: 'TIMEOUT' } });
    // The stopped worker was replaced: the pool goes on.
    expect((await pool.extract(SHORT)).entities.length).toBeGreaterThan(0);
  });

  it('fails waiting articles with the reason when workers cannot start, and restarts them slower and slower', async () => {
    pool = new ExtractionPool({
      workers: 1,
      queueLimit: 4,
      timeoutMs: 60_000,
      workerUrl: new URL('./fixtures/broken-worker.mjs', import.meta.url),
    });
    const started = Date.now();
    await expect(pool.extract(SHORT)).rejects.toThrow(/fail to start \(3 in a row\).*cannot load/);
    // Restarts wait 200 ms, then 400 ms: three failures take over half a second, not a busy loop.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('starts workers without the process preloads, which a thread could not load', () => {
    expect(workerExecArgv(['--import', 'tsx', '--import', './probe.ts', '--max-old-space-size=512'])).toEqual(
      ['--max-old-space-size=512'],
    );
    expect(workerExecArgv(['--require=./a.cjs', '--loader', 'x', '--enable-source-maps'])).toEqual([
      '--enable-source-maps',
    ]);
    // A process started with a TypeScript preload, as the benchmark starts the server, still extracts.
    const script = [
      "import { ExtractionPool } from './src/ingest/extraction-pool.ts';",
      'const pool = new ExtractionPool({ workers: 1, queueLimit: 1, timeoutMs: 60000 });',
      "const resolved = await pool.extract({ title: 'Talks', body: 'Angela Merkel met David Cameron in Berlin.' });",
      'console.log(resolved.entities.length > 0 ? "extracted" : "nothing");',
      'await pool.close();',
      'clearInterval(alive);',
    ].join('\n');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/fixtures/ts-preload.ts', '--input-type=module', '-e', script],
      { cwd: new URL('..', import.meta.url), encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stdout.trim()).toBe('extracted');
  });

  it.runIf(existsSync('/proc/thread-self'))(
    'runs its workers at a lower priority than the event loop',
    async () => {
      pool = new ExtractionPool({ workers: 1, queueLimit: 1, timeoutMs: 60_000 });
      await pool.extract(SHORT);
      // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
      const niceOf = (tid: string) =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
      const nice = readdirSync('/proc/self/task').map(niceOf);
      expect(nice).toContain(EXTRACTION_NICENESS);
      expect(niceOf(String(process.pid))).toBe(0);
    },
  );
});
