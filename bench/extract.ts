/**
 * `npm run bench:extract`: articles per second for extraction alone (no store), single process, on the
 * seed and eval articles repeated to at least 1,000 articles. Gazetteer loading is timed apart, since it
 * happens once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticleText } from '../src/annotation/article-text.ts';
import { extractArticle } from '../src/extract/index.ts';
import { nerModel } from '../src/extract/ner/model.ts';

const MIN_ARTICLES = 1000;

function loadArticles(): { title: string; body: string; publishedAt?: string }[] {
  const found: { title: string; body: string; publishedAt?: string }[] = [];
  const folders = [
    join(process.cwd(), '..', 'shared', 'eval'),
    join(process.cwd(), 'seeds', 'articles'),
    join(process.cwd(), 'tests', 'fixtures'),
    join(process.cwd(), 'tests', 'fixtures', 'news'),
  ];
  for (const folder of folders.filter((f) => existsSync(f))) {
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt'))) {
      const meta = join(folder, file.replace(/\.txt$/, '.meta.json'));
      const publishedAt = existsSync(meta) ? JSON.parse(readFileSync(meta, 'utf8')).publishedAt : undefined;
      found.push({
        ...parseArticleText(readFileSync(join(folder, file), 'utf8')),
        ...(publishedAt ? { publishedAt } : {}),
      });
    }
  }
  return found;
}

const articles = loadArticles();
if (!articles.length)
  throw new Error('no articles found in ../shared/eval, seeds/articles or tests/fixtures');
// The tagger model alone: what a server or CLI pays once, on the first article it extracts.
const heapBefore = process.memoryUsage();
const modelStart = performance.now();
nerModel();
const modelMs = performance.now() - modelStart;
const heapAfter = process.memoryUsage();
// Every distinct article once: the gazetteers and lexicons load when an article first needs them (the
// small-towns index only after a locative preposition), once per process, so they are timed apart.
const warmStart = performance.now();
for (const article of articles) extractArticle(article);
const warmMs = performance.now() - warmStart;

const rounds = Math.ceil(MIN_ARTICLES / articles.length);
let count = 0;
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let round = 0; round < rounds; round++) {
  for (const article of articles) {
    extractArticle(article);
    count++;
  }
}
const seconds = (performance.now() - start) / 1000;
const cpuSeconds = (process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / 1e6;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const words = articles.reduce((sum, a) => sum + a.body.split(/\s+/).length, 0) / articles.length;
console.log(
  `tagger model load: ${modelMs.toFixed(0)} ms, +${mb(heapAfter.rss - heapBefore.rss)} MB resident, +${mb(heapAfter.heapUsed + heapAfter.arrayBuffers - heapBefore.heapUsed - heapBefore.arrayBuffers)} MB heap and buffers`,
);
console.log(`first pass over the ${articles.length} articles (loads gazetteers): ${warmMs.toFixed(0)} ms`);
console.log(`articles average ${words.toFixed(0)} words`);
console.log(
  `${count} articles (${articles.length} distinct) in ${seconds.toFixed(2)} s: ${(count / seconds).toFixed(0)} articles/s (${(count / cpuSeconds).toFixed(0)} per CPU-second)`,
);
// The speed target is stated for 600-word articles; extraction is near-linear in length.
const wordsPerCpuSecond = (count * words) / cpuSeconds;
console.log(
  `${Math.round(wordsPerCpuSecond)} words per CPU-second: ${(wordsPerCpuSecond / 600).toFixed(0)} articles of 600 words per CPU-second`,
);
