import type { RelationType } from '../annotation/format.ts';
import type { Db } from './open.ts';
import { idLookup, keyedList, rootList } from './pages.ts';
import type { RelationRow } from './rows.ts';

/** All SQL for the relations table. */
export function createRelationStore(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO relations (type, from_id, to_id) VALUES (@type, @fromId, @toId)
    ON CONFLICT (from_id, type, to_id) DO UPDATE SET type = excluded.type
    RETURNING id`);
  return {
    byIds: idLookup<RelationRow>(db, 'relations'),
    list: rootList<RelationRow, { type: RelationType | null }>(
      db,
      'SELECT relations.*, id AS sort_id FROM relations WHERE (@type IS NULL OR type = @type)',
    ),
    /** Relations in which each entity stands on either side, optionally of one type. */
    byEntity: keyedList<RelationRow, { type: RelationType | null }>(
      db,
      `SELECT from_id AS key, id AS sort_id, relations.* FROM relations
       WHERE from_id IN (SELECT value FROM json_each(@keys)) AND (@type IS NULL OR type = @type)
       UNION ALL
       SELECT to_id AS key, id AS sort_id, relations.* FROM relations
       WHERE to_id IN (SELECT value FROM json_each(@keys)) AND (@type IS NULL OR type = @type)
         AND from_id <> to_id`,
    ),
    /** The id of a relation, creating it when new. */
    upsert: (relation: { type: RelationType; fromId: number; toId: number }) =>
      (upsert.get(relation) as { id: number }).id,
  };
}
