import type { RelationType } from '../annotation/format.ts';
import { idLookup, type KeyedList, keyedList, type RootList, rootList } from './pages.ts';
import type { RelationRow } from './rows.ts';
import type { Sql } from './sql.ts';

/** Relations in which `@key` stands on either side (a loop, were there one, once). */
const EITHER_SIDE = '(x.from_id = @key OR (x.to_id = @key AND x.from_id <> x.to_id))';

/** A relation between two entities, as the store writes it. */
export interface NewRelation {
  type: RelationType;
  fromId: number;
  toId: number;
}

/** Typed links between two entities (ally of, member of, …). */
export interface RelationStore {
  byIds(ids: readonly number[]): Promise<(RelationRow | undefined)[]>;
  /** Every relation, optionally of one type, in id order. */
  list: RootList<RelationRow, { type: RelationType | null }>;
  /** Relations in which each entity stands on either side, optionally of one type. */
  byEntity: KeyedList<RelationRow, { type: RelationType | null }>;
  /** The id of a relation, creating it when new. */
  upsert(relation: NewRelation): Promise<number>;
}

/** All SQL for the relations table. */
export function createRelationStore(db: Sql): RelationStore {
  // Look up, else insert (not an upsert): a conflicting insert would still draw an id from PostgreSQL's
  // sequence, and the same input would then number rows differently per engine.
  const find = db.pluck(
    'SELECT id FROM relations WHERE from_id = @fromId AND type = @type AND to_id = @toId',
  );
  const insert = db.pluck(
    'INSERT INTO relations (type, from_id, to_id) VALUES (@type, @fromId, @toId) RETURNING id',
  );
  return {
    byIds: idLookup<RelationRow>(db, 'relations'),
    list: rootList<RelationRow, { type: RelationType | null }>(
      db,
      'SELECT relations.*, id AS sort_id FROM relations WHERE (@type IS NULL OR type = @type)',
    ),
    byEntity: keyedList<RelationRow, { type: RelationType | null }>(db, {
      table: 'relations',
      pageIds: `SELECT x.id FROM relations x
                WHERE ${EITHER_SIDE} AND (@type IS NULL OR x.type = @type) AND x.id > @afterId
                ORDER BY x.id LIMIT @limit`,
      count: `(SELECT COUNT(*) FROM relations x WHERE ${EITHER_SIDE} AND (@type IS NULL OR x.type = @type))`,
    }),
    upsert: async (relation) => ((await find.get(relation)) ?? (await insert.get(relation))) as number,
  };
}
