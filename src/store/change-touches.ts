/**
 * For each table, the nodes a row change touches: the row's own node and every node whose lists or figures
 * include it (a mention touches its entity and its article). `$` stands for the row (NEW or OLD). Both
 * engines' change-log collectors are generated from these (change-log.ts, postgres-change-log.ts).
 */
export const TOUCHES: Record<string, string[]> = {
  articles: ["'article', $.id"],
  evidence: ["'article', $.article_id"],
  entities: ["'entity', $.id", "'entity', $.country_id"],
  entity_aliases: ["'entity', $.entity_id"],
  mentions: ["'entity', $.entity_id", "'article', $.article_id"],
  offices: ["'entity', $.person_id", "'entity', $.country_id", "'entity', $.organization_id"],
  events: ["'event', $.id", "'event', $.part_of_id", "'entity', $.place_id", "'entity', $.country_id"],
  event_participants: ["'event', $.event_id", "'entity', $.entity_id"],
  event_evidence: ["'event', $.event_id"],
  claims: ["'claim', $.id", "'article', $.article_id", "'entity', $.speaker_id", "'event', $.event_id"],
  claim_subjects: ["'claim', $.claim_id", "'entity', $.entity_id"],
  relations: ["'entity', $.from_id", "'entity', $.to_id"],
};

/**
 * Link tables whose own columns do not name the touched nodes: a lookup finds them. The lookups name
 * SQLite's `main` schema; PostgreSQL's collector reads them without it.
 */
export const TOUCHES_BY_LOOKUP: Record<string, string[]> = {
  office_evidence: [
    "SELECT 'entity', person_id FROM main.offices WHERE id = $.office_id",
    "SELECT 'entity', country_id FROM main.offices WHERE id = $.office_id",
  ],
  relation_evidence: [
    "SELECT 'entity', from_id FROM main.relations WHERE id = $.relation_id",
    "SELECT 'entity', to_id FROM main.relations WHERE id = $.relation_id",
  ],
};
