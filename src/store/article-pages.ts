import type { Db } from './open.ts';

/** The raw page an article was read from, kept on request only. */
export interface ArticlePageStore {
  /** Keeps (or replaces) the page an article was read from. */
  keep(articleId: number, html: string): void;
  htmlOf(articleId: number): string | undefined;
}

/** All SQL for article_pages: the raw page an article was read from, kept on request only. */
export function createArticlePageStore(db: Db): ArticlePageStore {
  const upsert = db.prepare(`
    INSERT INTO article_pages (article_id, html) VALUES (?, ?)
    ON CONFLICT (article_id) DO UPDATE SET html = excluded.html`);
  const select = db.prepare('SELECT html FROM article_pages WHERE article_id = ?').pluck();
  return {
    keep: (articleId, html) => {
      upsert.run(articleId, html);
    },
    htmlOf: (articleId) => select.get(articleId) as string | undefined,
  };
}
