import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLE_FOLDERS, benchArticleFiles } from '../bench/articles.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import type { RawArticle } from '../src/ingest/article-input.ts';
import { PROJECT_ROOT } from './helpers.ts';

/** The development articles with their sidecars; a plain checkout of the project does not have them. */
export const EVAL_DIR = ARTICLE_FOLDERS[0] as string;
export const HAS_EVAL = existsSync(EVAL_DIR);
/** Invented wire-style articles with sidecars, always present. */
export const NEWS_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'news');

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The article files of `folders` (those that exist), folder by folder in name order, as the CLI reads them. */
export function articlesOf(folders: readonly string[]): { file: string; article: RawArticle }[] {
  return benchArticleFiles(folders).map((file) => ({ file, article: readArticleFile(file) }));
}

export const INGEST = `mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    unchanged
    added { entities mentions offices events claims relations }
    merged { entities mentions offices events claims relations }
    warnings
    article {
      id slug title body publishedAt url source
      entities(first: 100) { totalCount edges { node { slug kind name } } }
      mentions(first: 100) { totalCount edges { node { entity { slug } evidence { start end text } } } }
      claims(first: 100) { totalCount edges { node { text speaker { slug } evidence { start end text sentence } } } }
      events(first: 100) { totalCount edges { node { slug name kind evidence { start end text article { id } } } } }
    }
  }
}`;
