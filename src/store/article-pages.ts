import type { Db } from './open.ts';

/** All SQL for article_pages: the raw page an article was read from, kept on request only. */
export function createArticlePageStore(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO article_pages (article_id, html) VALUES (?, ?)
    ON CONFLICT (article_id) DO UPDATE SET html = excluded.html`);
  const select = db.prepare('SELECT html FROM article_pages WHERE article_id = ?').pluck();
  return {
    keep: (articleId: number, html: string) => upsert.run(articleId, html),
    htmlOf: (articleId: number) => select.get(articleId) as string | undefined,
  };
}
