import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import type { RawArticle } from '../src/ingest/article-input.ts';

/** The development articles next to the project (absent on a plain checkout) and the project's own. */
export const ARTICLE_FOLDERS = [
  join(PROJECT_ROOT, '..', 'shared', 'eval'),
  join(PROJECT_ROOT, 'seeds', 'articles'),
  join(PROJECT_ROOT, 'tests', 'fixtures', 'news'),
];

/** The `.txt` article files of the folders that exist, folder by folder, in name order. */
export function benchArticleFiles(folders: readonly string[] = ARTICLE_FOLDERS): string[] {
  return folders
    .filter((folder) => existsSync(folder))
    .flatMap((folder) =>
      readdirSync(folder)
        .filter((name) => name.endsWith('.txt'))
        .sort()
        .map((name) => join(folder, name)),
    );
}

/** Every article of `folders` read as the ingest command reads it, sidecar metadata included. */
export function benchArticles(folders: readonly string[] = ARTICLE_FOLDERS): RawArticle[] {
  const articles = benchArticleFiles(folders).map((file) => readArticleFile(file));
  if (!articles.length) throw new Error(`no article files in ${folders.join(', ')}`);
  return articles;
}

/**
 * `articles` repeated until there are at least `min`; every repetition after the first gets a numbered
 * headline, so each one is a new text to the graph (a different content hash).
 */
export function repeatArticles(articles: readonly RawArticle[], min: number): RawArticle[] {
  const out: RawArticle[] = [];
  for (let round = 0; out.length < min; round++) {
    for (const article of articles) {
      out.push(round === 0 ? article : { ...article, title: `${article.title} (${round + 1})` });
    }
  }
  return out;
}
