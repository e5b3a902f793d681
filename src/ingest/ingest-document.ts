import { type ResolvedAnnotation, resolveAnnotation } from '../annotation/resolve-annotation.ts';
import { extractArticle } from '../extract/index.ts';
import type { UrlMatch } from '../store/article-urls.ts';
import { unchangedSummary, type WriteSummary, writeArticleGraph } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';
import { contentHash } from '../text/content-hash.ts';
import { bandKeys, NEAR_DUPLICATE_SIMILARITY, shingleSimilarity } from '../text/minhash.ts';
import { ArticleInputError, type CheckedArticle, checkArticle, type RawArticle } from './article-input.ts';
import { detectLanguage } from './detect-language.ts';

/** An article with what its page said about it beyond the text. */
export interface SourceDocument extends RawArticle {
  author?: string | null;
  /** The address the page names as the story's own (og:url, rel=canonical). */
  canonicalUrl?: string | null;
  /** The raw page, stored only when asked (`keepHtml`). */
  html?: string | null;
}

export interface IngestOptions {
  keepHtml?: boolean;
  /** What to do with an article extraction does not cover: store it without facts, or refuse it. */
  otherLanguages?: 'store' | 'refuse';
}

/** What ingesting one document did. */
export interface IngestReport {
  summary: WriteSummary;
  /** ISO 639-1, or `und` when the text was too short to tell. */
  language: string;
  factsExtracted: boolean;
  /** The story was already in the graph: this document's address was added to that article. */
  duplicateOf?: { slug: string; matchedBy: UrlMatch; similarity: number };
  /** The document was a new version of an article at the same address: its facts replaced the old ones. */
  replaced?: string;
}

/** Languages the extractors are written for; `und` (too short to tell) is treated as English. */
const EXTRACTED_LANGUAGES = new Set(['en', 'und']);
const EMPTY: ResolvedAnnotation = { article: {}, entities: [], events: [], claims: [], relations: [] };

/**
 * Ingests one document: same text → unchanged; the same address with new text → a new version that
 * replaces the old one's facts whole; the same story elsewhere (canonical URL, then a near-duplicate
 * fingerprint confirmed by shingle overlap) → the address is added to the article it copies; otherwise a
 * new article, extracted when it is English and stored without facts (or refused) when it is not.
 * Extraction runs before the write transaction; each write is one transaction.
 * Throws ArticleInputError for bad input, before anything is written.
 */
export function ingestDocument(store: Store, doc: SourceDocument, options: IngestOptions = {}): IngestReport {
  const article = checkArticle(doc);
  const canonicalUrl = doc.canonicalUrl ? checkArticle({ ...doc, url: doc.canonicalUrl }).url : null;
  const hash = contentHash(article.title, article.body);
  const language = detectLanguage(`${article.title}\n${article.body}`).code;
  const factsExtracted = EXTRACTED_LANGUAGES.has(language);
  const known = store.articles.byContentHash(hash);
  if (known) return sameText(store, known, article, language);
  if (!factsExtracted && options.otherLanguages === 'refuse') {
    throw new ArticleInputError(
      `the article is in "${language}" and facts are extracted from English only (set OTHER_LANGUAGES=store to keep it without facts)`,
    );
  }
  const fingerprint = bandKeys(article.body);
  const previous = previousVersion(store, article);
  const copyOf = previous ? undefined : copied(store, article, canonicalUrl, fingerprint);
  if (copyOf) {
    store.transaction(() => {
      if (article.url)
        store.articleUrls.add(copyOf.article.id, article.url, article.source, copyOf.matchedBy);
    });
    return {
      summary: unchangedSummary(copyOf.article),
      language: copyOf.article.language ?? language,
      factsExtracted: copyOf.article.facts_extracted === 1,
      duplicateOf: { slug: copyOf.article.slug, matchedBy: copyOf.matchedBy, similarity: copyOf.similarity },
    };
  }
  const annotation = factsExtracted ? extract(article) : EMPTY;
  const summary = store.transaction(() => {
    const urls = previous ? (store.articleUrls.byArticleIds([previous.id])[0] ?? []) : [];
    if (previous) {
      store.articles.delete(previous.id);
      store.prune.pruneOrphans();
    }
    const written = writeArticleGraph(
      store,
      { ...article, slug: previous?.slug, contentHash: hash, annotationHash: null },
      annotation,
    );
    if (written.unchanged) return written;
    for (const url of urls) store.articleUrls.add(written.articleId, url.url, url.source, url.matched_by);
    store.articles.setDetails(written.articleId, {
      language,
      factsExtracted,
      author: doc.author?.trim() || null,
      canonicalUrl,
    });
    store.fingerprints.set(written.articleId, fingerprint);
    if (options.keepHtml && doc.html) store.articlePages.keep(written.articleId, doc.html);
    return written;
  });
  return { summary, language, factsExtracted, ...(previous ? { replaced: previous.slug } : {}) };
}

function extract(article: CheckedArticle): ResolvedAnnotation {
  const annotation = extractArticle({
    title: article.title,
    body: article.body,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
  });
  return resolveAnnotation(article.body, annotation);
}

/** The same text again: nothing changes, except that a new address for it is remembered. */
function sameText(store: Store, known: ArticleRow, article: CheckedArticle, language: string): IngestReport {
  const report: IngestReport = {
    summary: unchangedSummary(known),
    language: known.language ?? language,
    factsExtracted: known.facts_extracted === 1,
  };
  if (!article.url || article.url === known.url) return report;
  const added = store.transaction(() =>
    store.articleUrls.add(known.id, article.url as string, article.source, 'same-text'),
  );
  return added
    ? { ...report, duplicateOf: { slug: known.slug, matchedBy: 'same-text', similarity: 1 } }
    : report;
}

/**
 * The article this one is a new version of: the one whose own address (or canonical one) is this
 * document's address. A copy elsewhere that names it as canonical is a copy, not a version.
 */
function previousVersion(store: Store, article: CheckedArticle) {
  if (!article.url) return undefined;
  const existing = store.articleUrls.articleByUrl(article.url);
  return existing && (existing.url === article.url || existing.canonical_url === article.url)
    ? existing
    : undefined;
}

/** The article this one copies: named by its canonical address, or found by its fingerprint. */
function copied(store: Store, article: CheckedArticle, canonicalUrl: string | null, fingerprint: number[]) {
  if (canonicalUrl) {
    const byCanonical = store.articleUrls.articleByUrl(canonicalUrl);
    if (byCanonical)
      return {
        article: byCanonical,
        matchedBy: 'canonical' as const,
        similarity: shingleSimilarity(byCanonical.body, article.body),
      };
  }
  let best: { article: ArticleRow; similarity: number } | undefined;
  for (const candidate of store.fingerprints.candidates(fingerprint)) {
    const row = store.articles.byIds([candidate.article_id])[0];
    if (!row) continue;
    const similarity = shingleSimilarity(row.body, article.body);
    if (similarity >= NEAR_DUPLICATE_SIMILARITY && (!best || similarity > best.similarity))
      best = { article: row, similarity };
  }
  return best ? { ...best, matchedBy: 'near-duplicate' as const } : undefined;
}
