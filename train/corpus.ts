/**
 * Reads an annotated corpus folder in the project's article format: `<name>.txt` (headline, blank line,
 * body), `<name>.meta.json` and `<name>.gold.json`, with gold offsets into the body as ingested.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';

export interface CorpusDocument<Gold> {
  name: string;
  title: string;
  body: string;
  publishedAt?: string;
  gold: Gold;
}

/** Where the annotated corpora live: CORPORA_DIR, or the shared folder beside the project. */
export const CORPORA_DIR = resolve(process.env.CORPORA_DIR ?? join(PROJECT_ROOT, '..', 'shared', 'corpora'));

/** Headline and body exactly as the ingest command splits an article file. */
export function splitArticle(file: string): { title: string; body: string } {
  const text = file.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const nl = text.indexOf('\n');
  const title = text.slice(0, nl).replace(/\s+/g, ' ').trim();
  const body = text
    .slice(nl + 1)
    .replace(/^\s*\n/, '')
    .trimEnd()
    .trim();
  return { title, body };
}

export function readCorpus<Gold>(folder: string): CorpusDocument<Gold>[] {
  const dir = join(CORPORA_DIR, folder);
  if (!existsSync(dir)) throw new Error(`corpus folder not found: ${dir} (set CORPORA_DIR)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.gold\.json$/, '');
      const { title, body } = splitArticle(readFileSync(join(dir, `${name}.txt`), 'utf8'));
      const metaFile = join(dir, `${name}.meta.json`);
      const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
      const gold = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Gold;
      return { name, title, body, ...(meta.publishedAt ? { publishedAt: meta.publishedAt } : {}), gold };
    });
}
