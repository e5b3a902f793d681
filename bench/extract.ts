/**
 * `npm run bench:extract`: articles per second for extraction alone (no store), single process, on the
 * seed and eval articles repeated to at least 1,000 articles. Gazetteer loading is timed apart, since it
 * happens once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticleText } from '../src/annotation/article-text.ts';
import { extractArticle } from '../src/extract/index.ts';

const MIN_ARTICLES = 1000;

function loadArticles(): { title: string; body: string; publishedAt?: string }[] {
  const found: { title: string; body: string; publishedAt?: string }[] = [];
  const folders = [
    join(process.cwd(), '..', 'shared', 'eval'),
    join(process.cwd(), 'seeds', 'articles'),
    join(process.cwd(), 'tests', 'fixtures'),
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
const warmStart = performance.now();
extractArticle(articles[0] as (typeof articles)[number]);
const warmMs = performance.now() - warmStart;

const rounds = Math.ceil(MIN_ARTICLES / articles.length);
let count = 0;
const start = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const article of articles) {
    extractArticle(article);
    count++;
  }
}
const seconds = (performance.now() - start) / 1000;
console.log(`first article (loads gazetteers): ${warmMs.toFixed(0)} ms`);
console.log(
  `${count} articles (${articles.length} distinct) in ${seconds.toFixed(2)} s: ${(count / seconds).toFixed(0)} articles/s`,
);
