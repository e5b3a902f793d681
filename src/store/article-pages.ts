import type { Sql } from './sql.ts';

/** The raw page an article was read from, kept on request only. */
export interface ArticlePageStore {
  /** Keeps (or replaces) the page an article was read from. */
  keep(articleId: number, html: string): Promise<void>;
  htmlOf(articleId: number): Promise<string | undefined>;
}

/** All SQL for article_pages: the raw page an article was read from, kept on request only. */
export function createArticlePageStore(db: Sql): ArticlePageStore {
  const upsert = db.prepare(`
    INSERT INTO article_pages (article_id, html) VALUES (?, ?)
    ON CONFLICT (article_id) DO UPDATE SET html = excluded.html`);
  const select = db.pluck('SELECT html FROM article_pages WHERE article_id = ?');
  return {
    keep: async (articleId, html) => {
      await upsert.run(articleId, html);
    },
    htmlOf: async (articleId) => (await select.get(articleId)) as string | undefined,
  };
}
