import type { RawArticle } from '../ingest/article-input.ts';
import { ingestArticle } from '../ingest/ingest-article.ts';
import { createLoaders, type Loaders } from '../loaders/index.ts';
import { TimeBudget } from '../request-context.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../store/graph-edits.ts';
import type { Store } from '../store/index.ts';
import { type Access, ANONYMOUS } from './access.ts';

/** The writes a mutation may make; each runs in its own transaction in the store. */
export interface Writes {
  ingestArticle(article: RawArticle): ReturnType<typeof ingestArticle>;
  deleteArticle(articleId: number): boolean;
  mergeEntities(keepId: number, removeId: number): ReturnType<typeof mergeEntityGraph>;
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
}

export function createContext(store: Store, access: Access = ANONYMOUS, requestId?: string): Context {
  const budget = new TimeBudget(requestId);
  return {
    loaders: createLoaders(store, budget),
    // Each write starts only within the budget and, once started, commits and answers: never TIMEOUT
    // about a write that was committed.
    writes: {
      ingestArticle: (article) => ingestArticle(store, article, { beforeWrite: () => budget.commit() }),
      deleteArticle: (articleId) => {
        budget.commit();
        return deleteArticleGraph(store, articleId);
      },
      mergeEntities: (keepId, removeId) => {
        budget.commit();
        return mergeEntityGraph(store, keepId, removeId);
      },
    },
    access,
    requestId,
    budget,
  };
}
