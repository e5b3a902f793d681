import type { Db } from './open.ts';
import { keyedList } from './pages.ts';
import type { MentionRow } from './rows.ts';

/** All SQL for the mentions table. */
export function createMentionStore(db: Db) {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO mentions (entity_id, article_id, evidence_id) VALUES (?, ?, ?)',
  );
  return {
    byEntity: keyedList<MentionRow>(db, {
      table: 'mentions',
      pageIds: `SELECT x.id FROM mentions x WHERE x.entity_id = @key AND x.id > @afterId
                ORDER BY x.id LIMIT @limit`,
      count: '(SELECT mention_count FROM entities WHERE id = @key)',
    }),
    byArticle: keyedList<MentionRow>(db, {
      table: 'mentions',
      pageIds: `SELECT x.id FROM mentions x WHERE x.article_id = @key AND x.id > @afterId
                ORDER BY x.id LIMIT @limit`,
      count: '(SELECT COUNT(*) FROM mentions x WHERE x.article_id = @key)',
    }),
    insert: (entityId: number, articleId: number, evidenceId: number) =>
      insert.run(entityId, articleId, evidenceId),
  };
}
