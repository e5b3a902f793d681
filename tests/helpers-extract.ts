import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticleText } from '../src/annotation/article-text.ts';

/** Reads an article file (headline, blank line, body) from tests/fixtures or ../shared/eval. */
export function article(path: string): { title: string; body: string; publishedAt?: string } {
  const text = readFileSync(path, 'utf8');
  const metaPath = path.replace(/\.txt$/, '.meta.json');
  let publishedAt: string | undefined;
  try {
    publishedAt = JSON.parse(readFileSync(metaPath, 'utf8')).publishedAt;
  } catch {
    publishedAt = undefined;
  }
  return { ...parseArticleText(text), ...(publishedAt ? { publishedAt } : {}) };
}

export const fixture = (name: string) => article(join(import.meta.dirname, 'fixtures', name));
export const evalArticle = (name: string) =>
  article(join(import.meta.dirname, '..', '..', 'shared', 'eval', name));

/** The bodies of the seed articles and the fixture news articles: varied text for equality checks. */
export function seedAndNewsBodies(): string[] {
  const folders = [
    join(import.meta.dirname, '..', 'seeds', 'articles'),
    join(import.meta.dirname, 'fixtures', 'news'),
  ];
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => parseArticleText(readFileSync(join(folder, file), 'utf8')).body),
  );
}
