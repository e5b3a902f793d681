import { idLookup, type KeyedList, keyedList, type RootList, rootList } from './pages.ts';
import type { ArticleRow } from './rows.ts';
import { freeSlugLookup } from './slugs.ts';
import { type SortedList, type SortKey, sortedList } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

/** Orders of the article list besides the plain one (oldest added first, the `list` below). */
export const ARTICLE_ORDERS = ['NEWEST'] as const;
export type ArticleOrder = (typeof ARTICLE_ORDERS)[number];

/** Newest added first: the rowid walked backwards, stopping at the page. */
const ARTICLE_ORDER_KEYS: Record<ArticleOrder, readonly SortKey[]> = {
  NEWEST: [{ column: 'sort_id', descending: true }],
};

export interface NewArticle {
  slug: string;
  title: string;
  body: string;
  publishedAt: string | null;
  source: string | null;
  url: string | null;
  contentHash: string;
  annotationHash: string | null;
}

/** What ingestion learnt about an article beyond its text. */
export interface ArticleDetails {
  language: string | null;
  factsExtracted: boolean;
  author: string | null;
  canonicalUrl: string | null;
}

/** The articles of the graph: lookups, lists and the writes ingestion and graph edits make. */
export interface ArticleStore {
  byIds(ids: readonly number[]): Promise<(ArticleRow | undefined)[]>;
  bySlug(slug: string): Promise<ArticleRow | undefined>;
  byContentHash(hash: string): Promise<ArticleRow | undefined>;
  /** `slug` if no article has it yet, else `slug-N` past the highest number in use. */
  freeSlug(base: string): Promise<string>;
  isEmpty(): Promise<boolean>;
  /** The highest article id so far (0 for none): where a watcher of new articles starts. */
  newestId(): Promise<number>;
  /** Articles written after `afterId`, oldest first, at most `limit`. */
  since(afterId: number, limit: number): Promise<ArticleRow[]>;
  /** Oldest added first. */
  list: RootList<ArticleRow, Record<string, never>>;
  /** The article list in another order, paged by its sort values; counted by the writer's counter. */
  sortedLists: Record<ArticleOrder, SortedList<ArticleRow, Record<string, never>>>;
  /** Articles that mention each entity. */
  byEntity: KeyedList<ArticleRow>;
  /** Articles that give evidence of each event. */
  byEvent: KeyedList<ArticleRow>;
  /** Inserts an article and returns its id; the caller holds the transaction. */
  insert(article: NewArticle): Promise<number>;
  /** Records what ingestion learnt about an article beyond its text; the caller holds the transaction. */
  setDetails(id: number, details: ArticleDetails): Promise<void>;
  /** Deletes an article (its evidence, mentions and claims go with it); false when there was none. */
  delete(id: number): Promise<boolean>;
}

/** All SQL for the articles table. */
export function createArticleStore(db: Sql): ArticleStore {
  const selectBySlug = db.prepare('SELECT * FROM articles WHERE slug = ?');
  const selectByHash = db.prepare('SELECT * FROM articles WHERE content_hash = ?');
  const anyArticle = db.pluck('SELECT 1 FROM articles LIMIT 1');
  const newest = db.pluck('SELECT COALESCE(MAX(id), 0) FROM articles');
  const counted = db.pluck("SELECT n FROM graph_counts WHERE name = 'articles'");
  const since = db.prepare('SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?');
  const insert = db.pluck(`
    INSERT INTO articles (slug, title, body, published_at, source, url, content_hash, annotation_hash)
    VALUES (@slug, @title, @body, @publishedAt, @source, @url, @contentHash, @annotationHash)
    RETURNING id`);
  const remove = db.prepare('DELETE FROM articles WHERE id = ?');
  const details = db.prepare(`
    UPDATE articles SET language = @language, facts_extracted = @factsExtracted, author = @author,
      canonical_url = @canonicalUrl WHERE id = @id`);
  const sortedArticles = (order: ArticleOrder): SortedList<ArticleRow, Record<string, never>> => {
    const list = sortedList<ArticleRow, Record<string, never>>(
      db,
      'SELECT articles.*, id AS sort_id FROM articles',
      ARTICLE_ORDER_KEYS[order],
    );
    return {
      keys: list.keys,
      page: (filters, args) => list.page(filters, args),
      count: async () => (await counted.get()) as number,
    };
  };
  return {
    byIds: idLookup<ArticleRow>(db, 'articles'),
    bySlug: async (slug: string) => (await selectBySlug.get(slug)) as ArticleRow | undefined,
    byContentHash: async (hash: string) => (await selectByHash.get(hash)) as ArticleRow | undefined,
    freeSlug: freeSlugLookup(db, 'articles'),
    isEmpty: async () => (await anyArticle.get()) === undefined,
    newestId: async () => (await newest.get()) as number,
    since: async (afterId: number, limit: number) => (await since.all(afterId, limit)) as ArticleRow[],
    list: rootList<ArticleRow, Record<string, never>>(
      db,
      'SELECT articles.*, id AS sort_id FROM articles',
      "SELECT n AS total FROM graph_counts WHERE name = 'articles'",
    ),
    sortedLists: Object.fromEntries(ARTICLE_ORDERS.map((order) => [order, sortedArticles(order)])) as Record<
      ArticleOrder,
      SortedList<ArticleRow, Record<string, never>>
    >,
    byEntity: keyedList<ArticleRow>(db, {
      table: 'articles',
      pageIds: `SELECT DISTINCT m.article_id FROM mentions m WHERE m.entity_id = @key AND m.article_id > @afterId
                ORDER BY m.article_id LIMIT @limit`,
      count: '(SELECT article_count FROM entities WHERE id = @key)',
    }),
    /** Articles that give evidence of each event; an event's evidence is sorted to page it. */
    byEvent: keyedList<ArticleRow>(db, {
      table: 'articles',
      pageIds: `SELECT DISTINCT ev.article_id FROM event_evidence ee JOIN evidence ev ON ev.id = ee.evidence_id
                WHERE ee.event_id = @key AND ev.article_id > @afterId ORDER BY ev.article_id LIMIT @limit`,
      count: `(SELECT COUNT(DISTINCT ev.article_id) FROM event_evidence ee JOIN evidence ev ON ev.id = ee.evidence_id
               WHERE ee.event_id = @key)`,
    }),
    insert: async (article: NewArticle) => (await insert.get(article)) as number,
    setDetails: async (id, d) => {
      await details.run({ id, ...d, factsExtracted: d.factsExtracted ? 1 : 0 });
    },
    // Evidence, mentions and claims go with it: the foreign keys cascade.
    delete: async (id: number) => (await remove.run(id)).changes > 0,
  };
}
