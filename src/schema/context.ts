import { type Extractor, extractResolved } from '../ingest/ingest-article.ts';
import {
  type DocumentWrite,
  type IngestReport,
  ingestDocumentConcurrently,
  type SourceDocument,
} from '../ingest/ingest-document.ts';
import { createLoaders, type Loaders } from '../loaders/index.ts';
import { TimeBudget } from '../request-context.ts';
import { retryWhileBusy } from '../store/busy.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../store/graph-edits.ts';
import type { Store } from '../store/index.ts';
import type { ArticleRow, EntityRow } from '../store/rows.ts';
import { type Access, ANONYMOUS } from './access.ts';
import { articleFeed } from './live-articles.ts';
import { factFeed, type LiveFact } from './live-facts.ts';

/**
 * The writes a mutation may make; each runs in its own transaction in the store, retried while another
 * process holds the write lock (DATABASE_BUSY once that lasts too long).
 */
export interface Writes {
  /** The ingest command's path: language, copies and versions are recognised as it does. */
  ingestArticle(article: SourceDocument): Promise<IngestReport>;
  deleteArticle(articleId: number): Promise<boolean>;
  mergeEntities(keepId: number, removeId: number): Promise<EntityRow>;
}

export interface WriteOptions {
  /** Where ingested articles are extracted; on the event loop when absent. */
  extract?: Extractor;
  /**
   * Throws OVERLOADED when `extract` could take no more articles now: checked before an article's text is
   * hashed, fingerprinted and compared, so a refusal costs the event loop nothing.
   */
  admit?: () => void;
  /** Where a new article is written when not on the event loop (the pool's threads); see ingestDocumentConcurrently. */
  writeElsewhere?: (write: DocumentWrite) => Promise<IngestReport>;
  /** How long a write keeps retrying while another process writes. */
  busyRetryMs: number;
  /** Articles not in English: stored without facts, or refused (OTHER_LANGUAGES). */
  otherLanguages?: 'store' | 'refuse';
  /** The time budget of one operation (REQUEST_TIMEOUT_MS), given afresh to each event a subscription pushes. */
  eventBudgetMs?: number;
}

export interface Context {
  loaders: Loaders;
  writes: Writes;
  /** What the request's credentials allow: check with `requireAdmin` from ./access.ts. */
  access: Access;
  /** The id the server gave the request (x-request-id), for log lines. */
  requestId: string | undefined;
  /** The operation's time budget, by which loaders pace their batches and stop. */
  budget: TimeBudget;
  /** Live streams for subscriptions; each ends when the client goes or `signal` aborts. */
  live: {
    articles(signal?: AbortSignal): Promise<AsyncIterableIterator<ArticleRow>>;
    /** New claims, events and relations naming the entity, each with how it names it. */
    facts(entityId: number, signal?: AbortSignal): Promise<AsyncIterableIterator<LiveFact>>;
    /**
     * Called before each event a subscription pushes: fresh loaders, so that their caches hold one
     * event's reads, not everything read since the client subscribed, and the budget of one operation.
     */
    renewLoaders(): void;
  };
}

const DEFAULT_WRITES: WriteOptions = { busyRetryMs: 10_000 };

export function createContext(
  store: Store,
  access: Access = ANONYMOUS,
  requestId?: string,
  {
    extract = extractResolved,
    admit,
    writeElsewhere,
    busyRetryMs,
    otherLanguages = 'store',
    eventBudgetMs,
  }: WriteOptions = DEFAULT_WRITES,
): Context {
  const budget = new TimeBudget(requestId);
  const context: Context = {
    loaders: createLoaders(store, budget),
    // Each write starts only within the budget and, once started, commits and answers: never TIMEOUT
    // about a write that was committed.
    writes: {
      ingestArticle: async (article) => {
        admit?.();
        return ingestDocumentConcurrently(store, article, {
          extract,
          ...(writeElsewhere ? { writeElsewhere } : {}),
          busyRetryMs,
          otherLanguages,
          beforeWrite: () => budget.commit(),
        });
      },
      deleteArticle: (articleId) => {
        budget.commit();
        return retryWhileBusy(() => deleteArticleGraph(store, articleId), busyRetryMs);
      },
      mergeEntities: (keepId, removeId) => {
        budget.commit();
        return retryWhileBusy(() => mergeEntityGraph(store, keepId, removeId), busyRetryMs);
      },
    },
    access,
    requestId,
    budget,
    live: {
      // A subscription starts once the feed knows where the graph stands: an article committed after
      // the client subscribed is announced, whatever the engine's round trips.
      articles: async (signal) => {
        const stream = articleFeed(store).subscribe(signal);
        await articleFeed(store).ready();
        return stream;
      },
      facts: async (entityId, signal) => {
        const stream = factFeed(store).subscribe(entityId, signal);
        await articleFeed(store).ready();
        return stream;
      },
      renewLoaders: () => {
        context.loaders = createLoaders(store, budget);
        if (eventBudgetMs !== undefined) budget.arm(eventBudgetMs);
      },
    },
  };
  return context;
}
