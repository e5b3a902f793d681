import { type ResolvedAnnotation, resolveAnnotation } from '../annotation/resolve-annotation.ts';
import { type ArticleInput, extractArticle } from '../extract/index.ts';
import type { UrlMatch } from '../store/article-urls.ts';
import { retryWhileBusy } from '../store/busy.ts';
import { unchangedSummary, type WriteSummary, writeArticleGraph } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';
import { contentHash } from '../text/content-hash.ts';
import { bandKeys, NEAR_DUPLICATE_SIMILARITY, shingleSimilarity, shingles } from '../text/minhash.ts';
import { ArticleInputError, type CheckedArticle, checkArticle, type RawArticle } from './article-input.ts';
import { detectLanguage } from './detect-language.ts';
import type { Extractor } from './ingest-article.ts';

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
 * What ingesting a document takes, decided before anything is written: either an answer with a small
 * write or none (the same text, a copy), or a new article (or version) to extract and write.
 */
type Plan =
  | { decided: () => Promise<IngestReport>; writes: boolean }
  | { decided?: undefined; document: NewDocument };

/** A new article (or version) the checks have let through: plain data, so that a thread can write it. */
export interface NewDocument {
  doc: SourceDocument;
  article: CheckedArticle;
  hash: string;
  language: string;
  factsExtracted: boolean;
  canonicalUrl: string | null;
  fingerprint: number[];
  previous: ArticleRow | undefined;
}

/**
 * Ingests one document: same text → unchanged; the same address with new text → a new version that
 * replaces the old one's facts whole; the same story elsewhere (canonical URL, then a near-duplicate
 * fingerprint confirmed by shingle overlap) → the address is added to the article it copies; otherwise a
 * new article, extracted when it is English and stored without facts (or refused) when it is not.
 * Extraction runs before the write transaction; each write is one transaction.
 * Throws ArticleInputError for bad input, before anything is written.
 */
export async function ingestDocument(
  store: Store,
  doc: SourceDocument,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const plan = await planDocument(store, doc, options);
  if (plan.decided) return plan.decided();
  const { document } = plan;
  return writeDocument(store, document, document.factsExtracted ? extract(document.article) : EMPTY, options);
}

export interface ConcurrentIngestOptions extends IngestOptions {
  extract: Extractor;
  /** How long to keep retrying while another process holds the write lock; then DATABASE_BUSY. */
  busyRetryMs: number;
  /** Runs just before the first write: throwing here (a spent time budget) leaves the graph as it was. */
  beforeWrite?: () => void;
  /**
   * Writes a new article elsewhere than on this thread (the extraction pool's threads, each with its
   * own connection): a large article's transaction then never holds the event loop.
   */
  writeElsewhere?: (write: DocumentWrite) => Promise<IngestReport>;
}

/** What writing a new document takes, as a thread receives it. */
export interface DocumentWrite {
  document: NewDocument;
  resolved: ResolvedAnnotation;
  options: IngestOptions;
  busyRetryMs: number;
}

/**
 * `ingestDocument` for a process that serves others meanwhile (the ingestArticle mutation): the same
 * checks and decisions, with extraction outside any transaction (in a worker when `extract` is the
 * pool's), then one short write transaction retried while another process holds the write lock.
 * Throws ArticleInputError for bad input and DatabaseBusyError when the lock never came free; in both
 * cases nothing was written.
 */
export async function ingestDocumentConcurrently(
  store: Store,
  doc: SourceDocument,
  { extract: extractor, busyRetryMs, beforeWrite, writeElsewhere, ...options }: ConcurrentIngestOptions,
): Promise<IngestReport> {
  const plan = await planDocument(store, doc, options);
  if (plan.decided) {
    if (plan.writes) beforeWrite?.();
    return retryWhileBusy(plan.decided, busyRetryMs);
  }
  const { document } = plan;
  const resolved = document.factsExtracted ? await extractor(inputOf(document.article)) : EMPTY;
  beforeWrite?.();
  if (writeElsewhere) return writeElsewhere({ document, resolved, options, busyRetryMs });
  return retryWhileBusy(() => writeDocument(store, document, resolved, options), busyRetryMs);
}

/** The reads and checks before a write: which of the cases above the document is. */
async function planDocument(store: Store, doc: SourceDocument, options: IngestOptions): Promise<Plan> {
  const article = checkArticle(doc);
  const canonicalUrl = doc.canonicalUrl ? checkArticle({ ...doc, url: doc.canonicalUrl }).url : null;
  const hash = contentHash(article.title, article.body);
  const language = detectLanguage(`${article.title}\n${article.body}`).code;
  const factsExtracted = EXTRACTED_LANGUAGES.has(language);
  const known = await store.articles.byContentHash(hash);
  if (known) {
    return {
      decided: () => sameText(store, known, article, language),
      writes: Boolean(article.url && article.url !== known.url),
    };
  }
  if (!factsExtracted && options.otherLanguages === 'refuse') {
    throw new ArticleInputError(
      `the article is in "${language}" and facts are extracted from English only (set OTHER_LANGUAGES=store to keep it without facts)`,
    );
  }
  const fingerprint = bandKeys(article.body);
  const previous = await previousVersion(store, article);
  const copyOf = previous ? undefined : await copied(store, article, canonicalUrl, fingerprint);
  if (copyOf) return { decided: () => recordCopy(store, article, copyOf, language), writes: true };
  return {
    document: { doc, article, hash, language, factsExtracted, canonicalUrl, fingerprint, previous },
  };
}

type Copy = NonNullable<Awaited<ReturnType<typeof copied>>>;

/** The story is already in the graph: this document's address joins that article. */
async function recordCopy(
  store: Store,
  article: CheckedArticle,
  copyOf: Copy,
  language: string,
): Promise<IngestReport> {
  await store.transaction(async (tx) => {
    if (article.url)
      await tx.articleUrls.add(copyOf.article.id, article.url, article.source, copyOf.matchedBy);
  });
  return {
    summary: unchangedSummary(copyOf.article),
    language: copyOf.article.language ?? language,
    factsExtracted: copyOf.article.facts_extracted === 1,
    duplicateOf: { slug: copyOf.article.slug, matchedBy: copyOf.matchedBy, similarity: copyOf.similarity },
  };
}

/** Writes a new article (or a new version, replacing the old one's facts whole) in one transaction. */
export async function writeDocument(
  store: Store,
  document: NewDocument,
  annotation: ResolvedAnnotation,
  options: IngestOptions,
): Promise<IngestReport> {
  const { doc, article, hash, language, factsExtracted, canonicalUrl, fingerprint } = document;
  const summary = await store.transaction(async (tx) => {
    // Read again inside the transaction: another process may have removed the old version meanwhile.
    const previous = document.previous && (await tx.articles.byIds([document.previous.id]))[0];
    const urls = previous ? ((await tx.articleUrls.byArticleIds([previous.id]))[0] ?? []) : [];
    if (previous) {
      await tx.articles.delete(previous.id);
      await tx.prune.pruneOrphans();
    }
    const written = await writeArticleGraph(
      tx,
      { ...article, slug: previous?.slug, contentHash: hash, annotationHash: null },
      annotation,
    );
    if (written.unchanged) return written;
    for (const url of urls) await tx.articleUrls.add(written.articleId, url.url, url.source, url.matched_by);
    await tx.articles.setDetails(written.articleId, {
      language,
      factsExtracted,
      author: doc.author?.trim() || null,
      canonicalUrl,
    });
    await tx.fingerprints.set(written.articleId, fingerprint);
    if (options.keepHtml && doc.html) await tx.articlePages.keep(written.articleId, doc.html);
    return written;
  });
  return {
    summary,
    language,
    factsExtracted,
    ...(document.previous ? { replaced: document.previous.slug } : {}),
  };
}

function inputOf(article: CheckedArticle): ArticleInput {
  return {
    title: article.title,
    body: article.body,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
  };
}

function extract(article: CheckedArticle): ResolvedAnnotation {
  return resolveAnnotation(article.body, extractArticle(inputOf(article)));
}

/** The same text again: nothing changes, except that a new address for it is remembered. */
async function sameText(
  store: Store,
  known: ArticleRow,
  article: CheckedArticle,
  language: string,
): Promise<IngestReport> {
  const report: IngestReport = {
    summary: unchangedSummary(known),
    language: known.language ?? language,
    factsExtracted: known.facts_extracted === 1,
  };
  if (!article.url || article.url === known.url) return report;
  const added = await store.transaction((tx) =>
    tx.articleUrls.add(known.id, article.url as string, article.source, 'same-text'),
  );
  return added
    ? { ...report, duplicateOf: { slug: known.slug, matchedBy: 'same-text', similarity: 1 } }
    : report;
}

/**
 * The article this one is a new version of: the one whose own address (or canonical one) is this
 * document's address. A copy elsewhere that names it as canonical is a copy, not a version.
 */
async function previousVersion(store: Store, article: CheckedArticle) {
  if (!article.url) return undefined;
  const existing = await store.articleUrls.articleByUrl(article.url);
  return existing && (existing.url === article.url || existing.canonical_url === article.url)
    ? existing
    : undefined;
}

/** The article this one copies: named by its canonical address, or found by its fingerprint. */
async function copied(
  store: Store,
  article: CheckedArticle,
  canonicalUrl: string | null,
  fingerprint: number[],
) {
  if (canonicalUrl) {
    const byCanonical = await store.articleUrls.articleByUrl(canonicalUrl);
    if (byCanonical)
      return {
        article: byCanonical,
        matchedBy: 'canonical' as const,
        similarity: shingleSimilarity(byCanonical.body, article.body),
      };
  }
  let best: { article: ArticleRow; similarity: number } | undefined;
  let own: Set<number> | undefined;
  for (const candidate of await store.fingerprints.candidates(fingerprint)) {
    const row = (await store.articles.byIds([candidate.article_id]))[0];
    if (!row) continue;
    own ??= shingles(article.body);
    const similarity = shingleSimilarity(row.body, own);
    if (similarity >= NEAR_DUPLICATE_SIMILARITY && (!best || similarity > best.similarity))
      best = { article: row, similarity };
  }
  return best ? { ...best, matchedBy: 'near-duplicate' as const } : undefined;
}
