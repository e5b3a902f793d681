/**
 * `npm run bench:ingest`: articles per second for extraction alone and for extraction plus store (a fresh
 * temporary database, one transaction per article as the ingest command does), on the eval, seed and news
 * fixture articles repeated to at least 1,000 articles. Each repetition gets its own headline, so that
 * content hashes differ and nothing is skipped as unchanged. Single process, one core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { extractArticle } from '../src/extract/index.ts';
import { checkArticle } from '../src/ingest/article-input.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { openStore } from '../src/store/index.ts';
import { benchArticles, repeatArticles } from './articles.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' } } });
const minArticles = Math.min(Math.max(Number(values.articles) || 1000, 1), 20_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function report(label: string, times: number[], totalMs: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const perSecond = (times.length / totalMs) * 1000;
  console.log(
    `${label.padEnd(22)} ${perSecond.toFixed(0).padStart(5)} articles/s   p50 ${percentile(sorted, 50).toFixed(2)} ms   p99 ${percentile(sorted, 99).toFixed(2)} ms`,
  );
}

const distinct = benchArticles();
const articles = repeatArticles(distinct, minArticles);
console.log(`${articles.length} articles (${distinct.length} distinct texts, headlines varied)`);

const warmStart = performance.now();
const first = checkArticle(distinct[0] as (typeof distinct)[number]);
extractArticle({ title: first.title, body: first.body });
console.log(`first extraction (loads gazetteers): ${(performance.now() - warmStart).toFixed(0)} ms`);

const extractTimes: number[] = [];
let start = performance.now();
for (const raw of articles) {
  const t = performance.now();
  const article = checkArticle(raw);
  resolveAnnotation(
    article.body,
    extractArticle({
      title: article.title,
      body: article.body,
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    }),
  );
  extractTimes.push(performance.now() - t);
}
report('extraction', extractTimes, performance.now() - start);

const dir = mkdtempSync(join(tmpdir(), 'nkg-bench-ingest-'));
try {
  const store = await openStore(join(dir, 'graph.db'), join(PROJECT_ROOT, 'db'));
  const ingestTimes: number[] = [];
  let unchanged = 0;
  start = performance.now();
  for (const raw of articles) {
    const t = performance.now();
    if ((await ingestArticle(store, raw)).unchanged) unchanged++;
    ingestTimes.push(performance.now() - t);
  }
  report('extraction + store', ingestTimes, performance.now() - start);
  // A store write that slows as the graph grows shows here before it shows in the mean.
  const tenth = Math.max(1, Math.floor(ingestTimes.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `mean per article: first ${tenth} ${mean(ingestTimes.slice(0, tenth)).toFixed(2)} ms, last ${tenth} ${mean(ingestTimes.slice(-tenth)).toFixed(2)} ms`,
  );
  console.log('graph after the run:', JSON.stringify(await store.stats.nodeCounts()));
  if (unchanged) console.log(`${unchanged} articles were skipped as unchanged: the headlines did not vary`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
