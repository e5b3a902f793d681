import { type ResolvedAnnotation, resolveAnnotation } from '../annotation/resolve-annotation.ts';
import { type ArticleInput, extractArticle } from '../extract/index.ts';
import { unchangedSummary, type WriteSummary, writeArticleGraph } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import { contentHash } from '../text/content-hash.ts';
import { type CheckedArticle, checkArticle, type RawArticle } from './article-input.ts';

/** Extraction and span resolution: the expensive, database-free part of an ingest. */
export function extractResolved(input: ArticleInput): ResolvedAnnotation {
  return resolveAnnotation(input.body, extractArticle(input));
}

/** Where an ingest runs extraction: on this thread, or in a worker (see extraction-pool.ts). */
export type Extractor = (input: ArticleInput) => ResolvedAnnotation | Promise<ResolvedAnnotation>;

interface Prepared {
  article: CheckedArticle;
  hash: string;
  input: ArticleInput;
}

function prepare(raw: RawArticle): Prepared {
  const article = checkArticle(raw);
  return {
    article,
    hash: contentHash(article.title, article.body),
    input: {
      title: article.title,
      body: article.body,
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    },
  };
}

function write(
  store: Store,
  { article, hash }: Prepared,
  resolved: ResolvedAnnotation,
): Promise<WriteSummary> {
  return writeArticleGraph(store, { ...article, contentHash: hash, annotationHash: null }, resolved);
}

/**
 * Checks, extracts and writes one article in one transaction, merging its entities with the graph.
 * The same headline and body a second time change nothing (`unchanged` in the summary).
 * Throws ArticleInputError for bad input, before anything is written.
 */
export async function ingestArticle(store: Store, raw: RawArticle): Promise<WriteSummary> {
  const prepared = prepare(raw);
  const known = await store.articles.byContentHash(prepared.hash);
  // Extraction is the expensive part: skip it for text the graph already holds.
  if (known) return unchangedSummary(known);
  return write(store, prepared, extractResolved(prepared.input));
}
