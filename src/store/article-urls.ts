import { groupByKeys } from './keys.ts';
import type { ArticleRow, ArticleUrlRow } from './rows.ts';
import type { Sql } from './sql.ts';

export type UrlMatch = 'canonical' | 'near-duplicate' | 'same-text';

/** The other addresses an article's story was published at. */
export interface ArticleUrlStore {
  /** Records another address of an article; false when it was already recorded (left as it was). */
  add(articleId: number, url: string, source: string | null, matchedBy: UrlMatch): Promise<boolean>;
  /** The article published at `url`: its own url, its canonical url, or one of its other addresses. */
  articleByUrl(url: string): Promise<ArticleRow | undefined>;
  /** Each article's other addresses, oldest first, in the order of `articleIds`. */
  byArticleIds(articleIds: readonly number[]): Promise<ArticleUrlRow[][]>;
}

/** All SQL for article_urls: the other addresses an article's story was published at. */
export function createArticleUrlStore(db: Sql): ArticleUrlStore {
  const insert = db.prepare(`
    INSERT INTO article_urls (article_id, url, source, matched_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (article_id, url) DO NOTHING`);
  const selectArticleByUrl = db.prepare(`
    SELECT a.* FROM articles a WHERE a.url = @url OR a.canonical_url = @url
    UNION SELECT a.* FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = @url
    LIMIT 1`);
  const selectByArticles = db.prepare(`
    SELECT * FROM article_urls WHERE article_id IN (SELECT value FROM json_each(?))
    ORDER BY article_id, seen_at, url`);
  return {
    add: async (articleId, url, source, matchedBy) =>
      (await insert.run(articleId, url, source, matchedBy)).changes > 0,
    articleByUrl: async (url) => (await selectArticleByUrl.get({ url })) as ArticleRow | undefined,
    byArticleIds: async (articleIds) =>
      groupByKeys(
        articleIds,
        (await selectByArticles.all(JSON.stringify(articleIds))) as ArticleUrlRow[],
        (row) => row.article_id,
      ),
  };
}
