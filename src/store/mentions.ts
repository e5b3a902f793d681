import type { Db } from './open.ts';
import { keyedList } from './pages.ts';
import type { MentionRow } from './rows.ts';

/** All SQL for the mentions table. */
export function createMentionStore(db: Db) {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO mentions (entity_id, article_id, evidence_id) VALUES (?, ?, ?)',
  );
  return {
    byEntity: keyedList<MentionRow>(
      db,
      `SELECT entity_id AS key, id AS sort_id, mentions.* FROM mentions
       WHERE entity_id IN (SELECT value FROM json_each(@keys))`,
    ),
    byArticle: keyedList<MentionRow>(
      db,
      `SELECT article_id AS key, id AS sort_id, mentions.* FROM mentions
       WHERE article_id IN (SELECT value FROM json_each(@keys))`,
    ),
    insert: (entityId: number, articleId: number, evidenceId: number) =>
      insert.run(entityId, articleId, evidenceId),
  };
}
