import type { Db } from './open.ts';
import { keyedList } from './pages.ts';
import type { MentionRow } from './rows.ts';

export interface MentionFilters extends Record<string, unknown> {
  minConfidence: number | null;
}

/** All SQL for the mentions table. */
export function createMentionStore(db: Db) {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO mentions (entity_id, article_id, evidence_id, confidence, method) VALUES (?, ?, ?, ?, ?)',
  );
  // Curated mentions (no confidence) count as certain.
  const confident = 'AND (@minConfidence IS NULL OR COALESCE(confidence, 1) >= @minConfidence)';
  return {
    byEntity: keyedList<MentionRow, MentionFilters>(
      db,
      `SELECT entity_id AS key, id AS sort_id, mentions.* FROM mentions
       WHERE entity_id IN (SELECT value FROM json_each(@keys)) ${confident}`,
    ),
    byArticle: keyedList<MentionRow, MentionFilters>(
      db,
      `SELECT article_id AS key, id AS sort_id, mentions.* FROM mentions
       WHERE article_id IN (SELECT value FROM json_each(@keys)) ${confident}`,
    ),
    insert: (
      entityId: number,
      articleId: number,
      evidenceId: number,
      found: { confidence?: number; method?: string } = {},
    ) => insert.run(entityId, articleId, evidenceId, found.confidence ?? null, found.method ?? null),
  };
}
