/** The SQL function both engines' collectors provide for `publicationDayNumber`. */
export const PUBLICATION_DAY_FUNCTION = 'change_log_day';

/**
 * For each table, the nodes a row change touches. `'entity'` (or article, claim, event) names a node whose
 * own row changed: every answer showing it goes. `'entity:links'` names a node whose lists or figures include
 * the row (a mention is in its entity's and its article's): only answers reading those go, not those that
 * show the node's name alone. `$` stands for the row (NEW or OLD). Both engines' change-log collectors are
 * generated from these (change-log.ts, postgres-change-log.ts).
 */
export const TOUCHES: Record<string, string[]> = {
  // Stats over a range of days count what that range's articles give evidence of: their day is logged.
  articles: ["'article', $.id", `'day', ${publicationDay('$')}`],
  article_urls: ["'article:links', $.article_id"],
  evidence: ["'article:links', $.article_id"],
  entities: ["'entity', $.id", "'entity:links', $.country_id"],
  // Aliases are a field of the entity itself.
  entity_aliases: ["'entity', $.entity_id"],
  mentions: ["'entity:links', $.entity_id", "'article:links', $.article_id"],
  offices: [
    "'entity:links', $.person_id",
    "'entity:links', $.country_id",
    "'entity:links', $.organization_id",
  ],
  events: [
    "'event', $.id",
    "'event:links', $.part_of_id",
    "'entity:links', $.place_id",
    "'entity:links', $.country_id",
  ],
  event_participants: ["'event:links', $.event_id", "'entity:links', $.entity_id"],
  event_evidence: ["'event:links', $.event_id"],
  claims: [
    "'claim', $.id",
    "'article:links', $.article_id",
    "'entity:links', $.speaker_id",
    "'event:links', $.event_id",
  ],
  claim_subjects: ["'claim:links', $.claim_id", "'entity:links', $.entity_id"],
  relations: ["'entity:links', $.from_id", "'entity:links', $.to_id"],
};

/** The publication day of an article row as a number (20151116), or NULL for an undated article. */
function publicationDay(row: string): string {
  return `${PUBLICATION_DAY_FUNCTION}(${row}.published_at)`;
}

/** 20151116 for a `published_at` starting 2015-11-16; null for anything else (no date, another form). */
export function publicationDayNumber(publishedAt: unknown): number | null {
  const day = typeof publishedAt === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt) : null;
  return day ? Number(`${day[1]}${day[2]}${day[3]}`) : null;
}

/** The key of a change that any range's stats may show. */
export const STATS_CHANGED = "'stats', 0";

/** The article of the evidence row `$.evidence_id`, as `a`. */
const EVIDENCE_ARTICLE =
  'main.evidence ev JOIN main.articles a ON a.id = ev.article_id WHERE ev.id = $.evidence_id';

/**
 * Keys an update logs only when a condition on OLD and NEW holds: an entity's kind decides which of the
 * range stats' figures (people, countries...) it counts in, on every day it is mentioned.
 */
export const UPDATE_KEYS: Record<string, { key: string; when: string }[]> = {
  entities: [{ key: STATS_CHANGED, when: 'OLD.kind IS DISTINCT FROM NEW.kind' }],
};

/**
 * Nodes a row change touches that the row's own columns do not name: a lookup finds them. The lookups name
 * SQLite's `main` schema; PostgreSQL's collector reads them without it.
 */
export const TOUCHES_BY_LOOKUP: Record<string, string[]> = {
  // An event's date, place or confidence decides where it falls in its participants' event lists, and its
  // date where its claims fall in their speakers' and subjects' claim lists.
  events: [
    // events(country:) lists the events at a place in the country too.
    "SELECT 'entity:links', country_id FROM main.entities WHERE id = $.place_id",
    "SELECT 'entity:links', entity_id FROM main.event_participants WHERE event_id = $.id",
    "SELECT 'entity:links', speaker_id FROM main.claims WHERE event_id = $.id",
    "SELECT 'entity:links', s.entity_id FROM main.claims c JOIN main.claim_subjects s ON s.claim_id = c.id WHERE c.event_id = $.id",
  ],
  event_evidence: [`SELECT 'day', ${publicationDay('a')} FROM ${EVIDENCE_ARTICLE}`],
  office_evidence: [
    "SELECT 'entity:links', person_id FROM main.offices WHERE id = $.office_id",
    "SELECT 'entity:links', country_id FROM main.offices WHERE id = $.office_id",
  ],
  relation_evidence: [
    `SELECT 'day', ${publicationDay('a')} FROM ${EVIDENCE_ARTICLE}`,
    "SELECT 'entity:links', from_id FROM main.relations WHERE id = $.relation_id",
    "SELECT 'entity:links', to_id FROM main.relations WHERE id = $.relation_id",
  ],
};

/**
 * The columns each table gives the search index (db/0002_search.sql, db/0010_entity_search.sql). Text they
 * gain is read from the index when the change is read; text they lose is gone by then, so a row deleted,
 * or updated away from text it held, logs the words it took (SQLite) or `'search', 0` (PostgreSQL: every
 * search answer may have lost a hit).
 */
export const SEARCH_TEXT: Record<string, string[]> = {
  articles: ['title', 'body'],
  entities: ['name'],
  entity_aliases: ['alias'],
  events: ['name', 'description'],
  claims: ['text', 'quote'],
};

/** The key a loss of indexed text logs when its words are not logged. */
export const SEARCH_TEXT_GONE = "'search', 0";

/** SQL true when an update of `table` took away indexed text (OLD and NEW are the trigger's rows). */
export function searchTextLost(table: string): string | null {
  const columns = SEARCH_TEXT[table];
  if (!columns) return null;
  return columns
    .map((c) => `(OLD.${c} IS DISTINCT FROM NEW.${c} AND COALESCE(OLD.${c}, '') <> '')`)
    .join(' OR ');
}

/** SQL for the indexed text of the trigger's OLD row of `table`. */
export function oldSearchText(table: string): string {
  return (SEARCH_TEXT[table] ?? []).map((c) => `COALESCE(OLD.${c}, '')`).join(" || ' ' || ");
}

/** Every table whose row changes touch a node. */
export const touchedTables = (): string[] => [
  ...new Set([...Object.keys(TOUCHES), ...Object.keys(TOUCHES_BY_LOOKUP)]),
];

/**
 * Columns the graph's own triggers keep as counters (db/0005_graph_counters.sql): the row changes they make
 * are already logged as the links change that caused them (a new mention), so updates that set only these
 * are not logged again as changes to the row itself.
 */
const COUNTER_COLUMNS: Record<string, string[]> = {
  entities: ['mention_count', 'article_count', 'claims_made_count', 'claims_about_count', 'event_count'],
};

/** The trigger event for row updates of `table`, given its columns: `UPDATE OF` every non-counter column. */
export function updateEvent(table: string, columns: readonly string[]): string {
  const counters = COUNTER_COLUMNS[table];
  if (!counters) return 'UPDATE';
  return `UPDATE OF ${columns.filter((column) => !counters.includes(column)).join(', ')}`;
}
