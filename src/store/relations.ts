import type { RelationType } from '../annotation/format.ts';
import type { Db } from './open.ts';
import { idLookup, keyedList, rootList } from './pages.ts';
import type { RelationRow } from './rows.ts';

/** Relations in which `@key` stands on either side (a loop, were there one, once). */
const EITHER_SIDE = '(x.from_id = @key OR (x.to_id = @key AND x.from_id <> x.to_id))';

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
    byEntity: keyedList<RelationRow, { type: RelationType | null }>(db, {
      table: 'relations',
      pageIds: `SELECT x.id FROM relations x
                WHERE ${EITHER_SIDE} AND (@type IS NULL OR x.type = @type) AND x.id > @afterId
                ORDER BY x.id LIMIT @limit`,
      count: `(SELECT COUNT(*) FROM relations x WHERE ${EITHER_SIDE} AND (@type IS NULL OR x.type = @type))`,
    }),
    /** The id of a relation, creating it when new. */
    upsert: (relation: { type: RelationType; fromId: number; toId: number }) =>
      (upsert.get(relation) as { id: number }).id,
  };
}
