import { resolveAnnotation } from '../annotation/resolve-annotation.ts';
import { extractArticle } from '../extract/index.ts';
import { unchangedSummary, type WriteSummary, writeArticleGraph } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import { contentHash } from '../text/content-hash.ts';
import { checkArticle, type RawArticle } from './article-input.ts';

/**
 * Checks, extracts and writes one article in one transaction, merging its entities with the graph.
 * The same headline and body a second time change nothing (`unchanged` in the summary).
 * Throws ArticleInputError for bad input, before anything is written.
 */
export interface IngestOptions {
  /**
   * Runs after extraction, just before the write: throwing here (a spent time budget) leaves the graph
   * as it was.
   */
  beforeWrite?: () => void;
}

export function ingestArticle(store: Store, raw: RawArticle, options: IngestOptions = {}): WriteSummary {
  const article = checkArticle(raw);
  const hash = contentHash(article.title, article.body);
  const known = store.articles.byContentHash(hash);
  // Extraction is the expensive part: skip it for text the graph already holds.
  if (known) return unchangedSummary(known);
  const annotation = extractArticle({
    title: article.title,
    body: article.body,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
  });
  const resolved = resolveAnnotation(article.body, annotation);
  options.beforeWrite?.();
  return writeArticleGraph(store, { ...article, contentHash: hash, annotationHash: null }, resolved);
}
