import type { RawArticle } from '../ingest/article-input.ts';
import { ingestArticle } from '../ingest/ingest-article.ts';
import { createLoaders, type Loaders } from '../loaders/index.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../store/graph-edits.ts';
import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';
import { type Access, ANONYMOUS } from './access.ts';
import { articleFeed } from './live-articles.ts';

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
  /** Live streams for subscriptions; each ends when the client goes or `signal` aborts. */
  live: { articles(signal?: AbortSignal): AsyncIterable<ArticleRow> };
}

export function createContext(store: Store, access: Access = ANONYMOUS): Context {
  return {
    loaders: createLoaders(store),
    writes: {
      ingestArticle: (article) => ingestArticle(store, article),
      deleteArticle: (articleId) => deleteArticleGraph(store, articleId),
      mergeEntities: (keepId, removeId) => mergeEntityGraph(store, keepId, removeId),
    },
    access,
    live: { articles: (signal) => articleFeed(store).subscribe(signal) },
  };
}
