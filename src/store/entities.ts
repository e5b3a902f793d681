import type { EntityKind } from '../annotation/format.ts';
import { groupLookup, idLookup, type KeyedList, keyedList, type RootList, rootList } from './pages.ts';
import type { AliasRow, EntityRow } from './rows.ts';
import { freeSlugLookup } from './slugs.ts';
import { type SortedList, type SortKey, sortedList } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

export interface EntityFilters extends Record<string, unknown> {
  kind: EntityKind | null;
  /** A normalised name fragment, already escaped for LIKE. */
  namePattern: string | null;
  /** Entities that belong to this country (people, organisations, places). */
  countryId: number | null;
  minMentions: number | null;
}

export const ENTITY_ORDERS = ['ID', 'NAME', 'MENTIONS'] as const;
export type EntityOrder = (typeof ENTITY_ORDERS)[number];

export const ENTITY_ORDER_KEYS: Record<EntityOrder, readonly SortKey[]> = {
  ID: [{ column: 'sort_id' }],
  NAME: [{ column: 'sort_name' }, { column: 'sort_id' }],
  MENTIONS: [{ column: 'mention_count', descending: true }, { column: 'sort_id' }],
};

export interface NewEntity {
  slug: string;
  kind: EntityKind;
  name: string;
  description: string | null;
  wikidataId: string | null;
  code: string | null;
  countryId: number | null;
}

/** People, countries, organisations and places, with the names they are known by. */
export interface EntityStore {
  byIds(ids: readonly number[]): Promise<(EntityRow | undefined)[]>;
  bySlug(slug: string): Promise<EntityRow | undefined>;
  byCode(code: string): Promise<EntityRow | undefined>;
  /** Entities of one kind known by a normalised name, oldest first. */
  byAlias(norm: string, kind: EntityKind): Promise<EntityRow[]>;
  /** `slug` if no entity has it yet, else `slug-N` past the highest number in use. */
  freeSlug(base: string): Promise<string>;
  /** Each entity's names, in the order they were added. */
  aliasesByEntityIds(entityIds: readonly number[]): Promise<AliasRow[][]>;
  /** The entity list in each order, paged by sort values; deep pages cost no more than the first. */
  lists: Record<EntityOrder, SortedList<EntityRow, EntityFilters>>;
  /** Entities mentioned in each article, optionally of one kind. */
  byArticle: KeyedList<EntityRow, { kind: EntityKind | null }>;
  /** People holding an office of a country, optionally one country by ISO code. */
  leaders: RootList<EntityRow, { code: string | null }>;
  /** People holding an office of each country, in id order. */
  leadersByCountryIds(countryIds: readonly number[]): Promise<(EntityRow & { key: number })[][]>;
  /** Inserts an entity and returns its id; the caller holds the transaction. */
  insert(entity: NewEntity): Promise<number>;
  /** Fills fields an entity lacks from a later source; never overwrites what it has. */
  fillGaps(id: number, entity: Pick<NewEntity, 'description' | 'wikidataId' | 'countryId'>): Promise<void>;
  /** Adds a name the entity is known by; one it already has is left as it was. */
  addAlias(entityId: number, alias: string, norm: string): Promise<void>;
}

/** All SQL for the entities and entity_aliases tables. */
/** The id of the country @code names (-1 when none does); 1, the lowest id, when @code is null. */
const COUNTRY_ID_OF_CODE = `CASE WHEN @code IS NULL THEN 1
  ELSE COALESCE((SELECT id FROM entities WHERE code = @code), -1) END`;

export function createEntityStore(db: Sql): EntityStore {
  const selectBySlug = db.prepare('SELECT * FROM entities WHERE slug = ?');
  const selectByCode = db.prepare('SELECT * FROM entities WHERE code = ?');
  // CROSS JOIN keeps the name index first: left to choose, SQLite walked every entity of the kind in id
  // order (to skip sorting) and probed its aliases, so each write of a name cost a scan of all people.
  const selectByAlias = db.prepare(`
    SELECT e.* FROM entity_aliases a CROSS JOIN entities e ON e.id = a.entity_id
    WHERE a.norm = ? AND e.kind = ? ORDER BY e.id`);
  const insert = db.pluck(`
    INSERT INTO entities (slug, kind, name, description, wikidata_id, code, country_id)
    VALUES (@slug, @kind, @name, @description, @wikidataId, @code, @countryId)
    RETURNING id`);
  // Only when a gap is filled: a row rewritten unchanged would still log a change to the entity, and drop
  // every cached answer that shows it.
  const fillGaps = db.prepare(`
    UPDATE entities SET
      description = COALESCE(description, @description),
      wikidata_id = COALESCE(wikidata_id, @wikidataId),
      country_id = COALESCE(country_id, @countryId)
    WHERE id = @id AND (
      (description IS NULL AND @description IS NOT NULL) OR
      (wikidata_id IS NULL AND @wikidataId IS NOT NULL) OR
      (country_id IS NULL AND @countryId IS NOT NULL))`);
  const insertAlias = db.prepare(
    'INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    byIds: idLookup<EntityRow>(db, 'entities'),
    bySlug: async (slug: string) => (await selectBySlug.get(slug)) as EntityRow | undefined,
    byCode: async (code: string) => (await selectByCode.get(code)) as EntityRow | undefined,
    byAlias: async (norm: string, kind: EntityKind) => (await selectByAlias.all(norm, kind)) as EntityRow[],
    freeSlug: freeSlugLookup(db, 'entities'),
    aliasesByEntityIds: groupLookup<AliasRow>(
      db,
      `SELECT * FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(?))
       ORDER BY entity_id, rowid`,
      (row) => row.entity_id,
    ),
    // Sorting by name sorts every matching entity before the page is cut: the price of a computed key.
    // The MENTIONS order walks an index of the mention counts the writer keeps, and stops at the page.
    // The cursor seeks either way, so deep pages cost no more than the first.
    lists: Object.fromEntries(
      ENTITY_ORDERS.map((order) => [
        order,
        sortedList<EntityRow, EntityFilters>(
          db,
          `SELECT e.*, e.id AS sort_id, LOWER(e.name) AS sort_name
           FROM entities e
           WHERE (@kind IS NULL OR e.kind = @kind)
             AND (@countryId IS NULL OR e.country_id = @countryId)
             AND (@namePattern IS NULL OR EXISTS (
               SELECT 1 FROM entity_aliases a WHERE a.entity_id = e.id AND a.norm LIKE @namePattern ESCAPE '\\'))
             AND (@minMentions IS NULL OR e.mention_count >= @minMentions)`,
          ENTITY_ORDER_KEYS[order],
        ),
      ]),
    ) as Record<EntityOrder, SortedList<EntityRow, EntityFilters>>,
    byArticle: keyedList<EntityRow, { kind: EntityKind | null }>(db, {
      table: 'entities',
      pageIds: `SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id
                WHERE m.article_id = @key AND (@kind IS NULL OR e.kind = @kind) AND m.entity_id > @afterId
                ORDER BY m.entity_id LIMIT @limit`,
      count: `(SELECT COUNT(DISTINCT m.entity_id) FROM mentions m JOIN entities e ON e.id = m.entity_id
               WHERE m.article_id = @key AND (@kind IS NULL OR e.kind = @kind))`,
    }),
    leaders: rootList<EntityRow, { code: string | null }>(
      db,
      // From the offices of the country (or of any country) through their index: few people hold an
      // office, and testing every person for one read the whole people list for a small country. The `+`
      // keeps SQLite from walking the kind index instead.
      `SELECT e.*, e.id AS sort_id FROM entities e
       WHERE +e.kind = 'PERSON' AND e.id IN (
         SELECT o.person_id FROM offices o
         WHERE o.country_id BETWEEN ${COUNTRY_ID_OF_CODE} AND
           CASE WHEN @code IS NULL THEN 9223372036854775807 ELSE ${COUNTRY_ID_OF_CODE} END)`,
    ),
    leadersByCountryIds: groupLookup<EntityRow & { key: number }>(
      db,
      `SELECT DISTINCT o.country_id AS key, e.* FROM offices o JOIN entities e ON e.id = o.person_id
       WHERE o.country_id IN (SELECT value FROM json_each(?)) ORDER BY key, e.id`,
      (row) => row.key,
    ),
    insert: async (entity: NewEntity) => (await insert.get(entity)) as number,
    fillGaps: async (id, entity) => {
      await fillGaps.run({ id, ...entity });
    },
    addAlias: async (entityId, alias, norm) => {
      await insertAlias.run(entityId, alias, norm);
    },
  };
}
