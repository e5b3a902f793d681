/**
 * What a copy of a graph carries from one database to another, on either engine: the base rows only.
 * Everything the migrations' triggers compute (search entries, counters, neighbour totals, timeline
 * days) is left out and rebuilt by the destination's own triggers as the base rows arrive, so a copy
 * can never carry a derived value that disagrees with its rows, and the two engines' different
 * spellings of those tables (FTS5 on SQLite, tsvector tables on PostgreSQL) never meet.
 *
 * This file is the one list of it. A copy first compares the list with the tables and columns both
 * databases really have (see `uncoveredByPlan`) and refuses when a migration added one that is named
 * nowhere here, rather than leave it behind.
 */

/** One base table as a copy carries it. */
export interface CopiedTable {
  readonly name: string;
  /**
   * The unique key batches are read in order of and continue after. `rowid` for the tables whose lists
   * are read in the order their rows were added (SQLite's implicit rowid, PostgreSQL's identity column of
   * that name): rows are written in that order, so the destination numbers them in the same order.
   */
  readonly key: readonly string[];
  /** The columns copied as they are, ids included: references between the rows stay valid. */
  readonly columns: readonly string[];
  /**
   * Columns referring to a row of the same table: a row may refer to one with a higher id, not yet
   * copied when it is written. Such a reference is written once every row of the table is there.
   */
  readonly selfReferences?: readonly string[];
  /** Columns the destination computes (its triggers, a generated column, the engine's row numbers). */
  readonly derived?: readonly string[];
  /**
   * A cap on rows per batch, for tables whose rows are large or cost the destination's triggers much:
   * a batch is written without a pause, and Ctrl-C is answered between batches.
   */
  readonly maxBatchRows?: number;
}

/** Timeline columns (db/0011): the day a row sorts on and its generated, never-null twin. */
const TIMELINE_DAYS = ['day', 'timeline_day'];

/**
 * The base tables in an order that writes every referenced row before the rows referring to it. Events
 * get their evidence before their participants, whose day follows the event's earliest article.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'articles',
    key: ['id'],
    // Each body is indexed for search as it arrives.
    maxBatchRows: 200,
    columns: [
      'id',
      'slug',
      'title',
      'body',
      'published_at',
      'source',
      'url',
      'content_hash',
      'annotation_hash',
      'created_at',
      'language',
      'facts_extracted',
      'author',
      'canonical_url',
    ],
    // db/0015: whether the engine's character offsets are the body's UTF-16 offsets.
    derived: ['body_bmp'],
  },
  {
    name: 'evidence',
    key: ['id'],
    columns: ['id', 'article_id', 'start_offset', 'end_offset', 'sentence_start', 'sentence_end'],
  },
  {
    name: 'entities',
    key: ['id'],
    columns: ['id', 'slug', 'kind', 'name', 'description', 'wikidata_id', 'code', 'country_id'],
    selfReferences: ['country_id'],
    derived: ['mention_count', 'article_count', 'claims_made_count', 'claims_about_count', 'event_count'],
  },
  // Each alias rebuilds its entity's search entries.
  {
    name: 'entity_aliases',
    key: ['rowid'],
    columns: ['entity_id', 'alias', 'norm'],
    derived: ['rowid'],
    maxBatchRows: 200,
  },
  {
    name: 'mentions',
    key: ['id'],
    columns: ['id', 'entity_id', 'article_id', 'evidence_id', 'confidence', 'method', 'form'],
  },
  { name: 'offices', key: ['id'], columns: ['id', 'person_id', 'title', 'country_id', 'organization_id'] },
  { name: 'office_evidence', key: ['office_id', 'evidence_id'], columns: ['office_id', 'evidence_id'] },
  {
    name: 'events',
    key: ['id'],
    columns: [
      'id',
      'slug',
      'name',
      'kind',
      'description',
      'date',
      'end_date',
      'date_text',
      'place_id',
      'country_id',
      'part_of_id',
      'confidence',
    ],
    selfReferences: ['part_of_id'],
    derived: ['article_day', 'participant_count'],
  },
  { name: 'event_evidence', key: ['event_id', 'evidence_id'], columns: ['event_id', 'evidence_id'] },
  {
    name: 'event_participants',
    key: ['rowid'],
    columns: ['event_id', 'entity_id', 'role'],
    derived: [...TIMELINE_DAYS, 'rowid'],
  },
  {
    name: 'claims',
    key: ['id'],
    columns: [
      'id',
      'article_id',
      'evidence_id',
      'speaker_id',
      'event_id',
      'text',
      'quote',
      'verb',
      'kind',
      'confidence',
      'sieve',
    ],
    derived: TIMELINE_DAYS,
  },
  {
    name: 'claim_subjects',
    key: ['rowid'],
    columns: ['claim_id', 'entity_id'],
    derived: [...TIMELINE_DAYS, 'rowid'],
  },
  { name: 'relations', key: ['id'], columns: ['id', 'type', 'from_id', 'to_id'] },
  {
    name: 'relation_evidence',
    key: ['relation_id', 'evidence_id'],
    columns: ['relation_id', 'evidence_id'],
  },
  // What each article contributes to a pair of entities is computed by the writer when the article is
  // written, not by a trigger: it is base data here, and entity_neighbors is rebuilt from it.
  {
    name: 'entity_neighbor_articles',
    key: ['entity_id', 'other_id', 'article_id'],
    columns: ['entity_id', 'other_id', 'article_id', 'sentence_count', 'fact_count', 'kinds'],
  },
  {
    name: 'article_urls',
    key: ['article_id', 'url'],
    columns: ['article_id', 'url', 'source', 'matched_by', 'seen_at'],
  },
  {
    name: 'article_bands',
    key: ['band', 'band_key', 'article_id'],
    columns: ['band', 'band_key', 'article_id'],
  },
  { name: 'article_pages', key: ['article_id'], columns: ['article_id', 'html'], maxBatchRows: 50 },
  {
    name: 'feeds',
    key: ['url'],
    columns: ['url', 'etag', 'last_modified', 'checked_at', 'failures', 'next_check_at'],
  },
  {
    name: 'feed_items',
    key: ['feed_url', 'item_key'],
    columns: ['feed_url', 'item_key', 'article_id', 'seen_at'],
  },
];

/** Tables the destination's triggers fill from the base rows, and where they are kept. */
export const DERIVED_TABLES: Readonly<Record<string, string>> = {
  search_index: 'db/0002: the search entry of every article, entity (with its aliases), event and claim',
  entity_search: 'db/0010: the entity type-ahead, a mirror of the ENTITY entries of search_index',
  graph_counts: 'db/0005: node totals',
  entity_neighbors: 'db/0009: the totals per pair of entities of entity_neighbor_articles',
};

/** The engine's bookkeeping rather than the graph: a new database keeps its own. */
export const BOOKKEEPING_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: 'the migrations applied, by the destination itself when it was opened',
  change_log: 'what each write touched, for response caches; a copy is logged as changing everything',
  change_log_pending: "PostgreSQL's collector of the nodes an open transaction touched",
};

/**
 * What the plan leaves unaccounted for in a database's tables and columns (name → its columns; engine
 * internals such as FTS5's shadow tables are not listed): a table or column named neither copied nor
 * derived nor bookkeeping, or one the plan copies that is not there. Empty when the plan covers it.
 */
export function uncoveredByPlan(schema: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const copied = new Map(COPIED_TABLES.map((table) => [table.name, table]));
  for (const [name, columns] of schema) {
    const table = copied.get(name);
    if (!table) {
      if (!(name in DERIVED_TABLES) && !(name in BOOKKEEPING_TABLES)) problems.push(`table ${name}`);
      continue;
    }
    const known = new Set([...table.columns, ...(table.derived ?? [])]);
    for (const column of columns) if (!known.has(column)) problems.push(`column ${name}.${column}`);
    for (const column of table.columns)
      if (!columns.includes(column)) problems.push(`missing column ${name}.${column}`);
  }
  for (const { name } of COPIED_TABLES) if (!schema.has(name)) problems.push(`missing table ${name}`);
  return problems;
}
