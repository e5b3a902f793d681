import { afterEach, describe, expect, it } from 'vitest';
import { namesArticle } from '../bench/hostile-articles.ts';
import { ExtractionPool } from '../src/ingest/extraction-pool.ts';
import { extractResolved } from '../src/ingest/ingest-article.ts';

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

  it('refuses articles past the queue with OVERLOADED, and stops one past its time with TIMEOUT', async () => {
    pool = new ExtractionPool({ workers: 1, queueLimit: 0, timeoutMs: 2_000 });
    await pool.extract(SHORT);
    const long = pool.extract(namesArticle(600_000));
    await expect(pool.extract(SHORT)).rejects.toMatchObject({ extensions: { code: 'OVERLOADED' } });
    await expect(long).rejects.toMatchObject({ extensions: { code: 'TIMEOUT' } });
    // The stopped worker was replaced: the pool goes on.
    expect((await pool.extract(SHORT)).entities.length).toBeGreaterThan(0);
  });
});
