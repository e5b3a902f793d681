import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ArticleInputError, decodeArticleFile, type RawArticle } from './article-input.ts';

const sidecarSchema = z.object({
  url: z.string().nullish(),
  publishedAt: z.string().nullish(),
  source: z.string().nullish(),
});

export type ArticleMeta = Pick<RawArticle, 'url' | 'publishedAt' | 'source'>;

const ARTICLE_FILE = /\.(?:txt|html?)$/i;

/**
 * The article files named on the command line: files as given, folders as their `*.txt` and `*.html`
 * files, sorted.
 */
export function listArticleFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new ArticleInputError(`${path}: no such file or folder`);
    if (statSync(path).isDirectory()) {
      files.push(
        ...readdirSync(path)
          .filter((name) => ARTICLE_FILE.test(name))
          .sort()
          .map((name) => join(path, name)),
      );
    } else {
      files.push(path);
    }
  }
  return files;
}

/** `<name>.meta.json` beside `<name>.txt` (or `.html`), when there is one. */
export function readSidecar(file: string): ArticleMeta {
  const sidecar = `${file.replace(ARTICLE_FILE, '')}.meta.json`;
  if (sidecar === file || !existsSync(sidecar)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(sidecar, 'utf8'));
  } catch (error) {
    throw new ArticleInputError(`${sidecar} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success)
    throw new ArticleInputError(`${sidecar}: expected {"url","publishedAt","source"} strings`);
  return parsed.data;
}

/** Reads one article file with its metadata: options given on the command line win over the sidecar. */
export function readArticleFile(file: string, overrides: ArticleMeta = {}): RawArticle {
  const { title, body } = decodeArticleFile(readFileSync(file));
  const meta = {
    ...readSidecar(file),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v)),
  };
  return { title, body, ...meta };
}
