import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { parseArticleText } from '../annotation/article-text.ts';
import { annotationSchema } from '../annotation/format.ts';
import { type ResolvedAnnotation, resolveAnnotation } from '../annotation/resolve-annotation.ts';
import { type ArticleInput, type WriteSummary, writeArticleGraph } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import { contentHash, hashOf } from '../text/content-hash.ts';

export class SeedError extends Error {}

interface Seed {
  article: ArticleInput;
  annotation: ResolvedAnnotation;
}

/**
 * Reads and checks every seed in `dir` (`articles/<slug>.txt` with `annotations/<slug>.json`) before
 * writing any, so one broken file stops the load with nothing written. Throws SeedError naming the file
 * and the entry.
 */
export function readSeeds(dir: string): Seed[] {
  const articlesDir = join(dir, 'articles');
  if (!existsSync(articlesDir)) return [];
  return readdirSync(articlesDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readSeed(dir, basename(name, '.txt')));
}

function readSeed(dir: string, slug: string): Seed {
  const textFile = join('articles', `${slug}.txt`);
  const annotationFile = join('annotations', `${slug}.json`);
  const fail = (file: string, message: string): never => {
    throw new SeedError(`seeds/${file}: ${message}`);
  };
  let text: ReturnType<typeof parseArticleText> | undefined;
  try {
    text = parseArticleText(readFileSync(join(dir, textFile), 'utf8'));
  } catch (error) {
    fail(textFile, (error as Error).message);
  }
  if (!text) throw new SeedError(`seeds/${textFile}: unreadable`);
  if (!existsSync(join(dir, annotationFile)))
    fail(annotationFile, 'missing: every seed article needs its annotation');
  const raw = readFileSync(join(dir, annotationFile), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    fail(annotationFile, `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = annotationSchema.safeParse(json);
  if (!parsed.success) fail(annotationFile, describeIssues(parsed.error));
  const annotation = parsed.data as z.infer<typeof annotationSchema>;
  let resolved: ResolvedAnnotation | undefined;
  try {
    resolved = resolveAnnotation(text.body, annotation);
  } catch (error) {
    fail(annotationFile, (error as Error).message);
  }
  return {
    article: {
      slug,
      title: text.title,
      body: text.body,
      publishedAt: annotation.article.publishedAt ?? null,
      source: annotation.article.source ?? null,
      url: annotation.article.url ?? null,
      contentHash: contentHash(text.title, text.body),
      annotationHash: hashOf(raw),
    },
    annotation: resolved as ResolvedAnnotation,
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Loads every seed, each in its own transaction. A seed already loaded from the same text and annotation
 * is left alone; one whose annotation changed is replaced whole, and facts only it supported go.
 */
export async function loadSeeds(store: Store, dir: string): Promise<WriteSummary[]> {
  const summaries: WriteSummary[] = [];
  for (const { article, annotation } of readSeeds(dir)) {
    summaries.push(
      await store.transaction(async (tx) => {
        const loaded = await tx.articles.bySlug(article.slug as string);
        if (
          loaded &&
          loaded.content_hash === article.contentHash &&
          loaded.annotation_hash === article.annotationHash
        ) {
          return writeArticleGraph(tx, article, annotation);
        }
        if (loaded) {
          await tx.articles.delete(loaded.id);
          await tx.prune.pruneOrphans();
        }
        return writeArticleGraph(tx, article, annotation);
      }),
    );
  }
  return summaries;
}
