import type { Database } from 'better-sqlite3';
import type { Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { type RawSql, rawSqlOf } from './raw-sql.ts';

/** The tables of a graph dump, and what each row of them holds. */
type GraphDumpTable = 'articles' | 'entities' | 'mentions' | 'claims' | 'events' | 'relations' | 'offices';
export type GraphDump = Record<GraphDumpTable, Record<string, unknown>[]>;

/**
 * The statements of a graph dump in `engine`'s dialect: the same SQL on both but for the aggregate that
 * joins a list into one text (group_concat on SQLite, string_agg on PostgreSQL).
 */
function graphDumpSql(engine: RawSql['engine']): Record<GraphDumpTable, string> {
  /** `expr` of every row of `rest` (FROM … WHERE …), sorted and joined by `separator`. */
  const joined = (expr: string, rest: string, separator: string) =>
    engine === 'sqlite'
      ? `(SELECT group_concat(s, '${separator}') FROM (SELECT ${expr} AS s ${rest} ORDER BY s))`
      : `(SELECT string_agg(s, '${separator}' ORDER BY s) FROM (SELECT ${expr} AS s ${rest}) AS listed)`;
  const span = (alias: string) =>
    `(SELECT slug FROM articles WHERE id = ${alias}.article_id) || ':' || ${alias}.start_offset || '-' || ${alias}.end_offset`;
  const spans = (link: string, key: string, id: string) =>
    joined(
      span('ev'),
      `FROM ${link} x JOIN evidence ev ON ev.id = x.evidence_id WHERE x.${key} = ${id}`,
      ' ',
    );
  const slugOf = (table: string, column: string) => `(SELECT slug FROM ${table} WHERE id = ${column})`;
  return {
    articles:
      'SELECT slug, title, published_at, source, url, content_hash, length(body) AS length FROM articles ORDER BY slug',
    entities: `SELECT e.slug, e.kind, e.name, e.code, e.description, e.wikidata_id, ${slugOf('entities', 'e.country_id')} AS country,
         ${joined('norm', 'FROM entity_aliases WHERE entity_id = e.id', '|')} AS aliases
       FROM entities e ORDER BY e.slug`,
    mentions: `SELECT ${slugOf('entities', 'm.entity_id')} AS entity, ${span('ev')} AS span, ev.sentence_start, ev.sentence_end
       FROM mentions m JOIN evidence ev ON ev.id = m.evidence_id ORDER BY entity, span`,
    claims: `SELECT ${span('ev')} AS span, ${slugOf('entities', 'c.speaker_id')} AS speaker, ${slugOf('events', 'c.event_id')} AS event,
         c.text, c.quote, c.verb, c.kind,
         ${joined('e.slug', 'FROM claim_subjects cs JOIN entities e ON e.id = cs.entity_id WHERE cs.claim_id = c.id', '|')} AS about
       FROM claims c JOIN evidence ev ON ev.id = c.evidence_id ORDER BY span, speaker NULLS FIRST, c.text`,
    events: `SELECT e.slug, e.name, e.kind, e.description, e.date, e.end_date, e.date_text,
         ${slugOf('entities', 'e.place_id')} AS place, ${slugOf('entities', 'e.country_id')} AS country,
         ${slugOf('events', 'e.part_of_id')} AS part_of,
         ${joined(
           "x.slug || ':' || p.role",
           'FROM event_participants p JOIN entities x ON x.id = p.entity_id WHERE p.event_id = e.id',
           '|',
         )} AS participants,
         ${spans('event_evidence', 'event_id', 'e.id')} AS evidence
       FROM events e ORDER BY e.slug`,
    relations: `SELECT r.type, ${slugOf('entities', 'r.from_id')} AS "from", ${slugOf('entities', 'r.to_id')} AS "to",
         ${spans('relation_evidence', 'relation_id', 'r.id')} AS evidence
       FROM relations r ORDER BY "from", r.type, "to"`,
    offices: `SELECT ${slugOf('entities', 'o.person_id')} AS person, o.title, ${slugOf('entities', 'o.country_id')} AS country,
         ${slugOf('entities', 'o.organization_id')} AS organization,
         ${spans('office_evidence', 'office_id', 'o.id')} AS evidence
       FROM offices o ORDER BY person, o.title`,
  };
}

/**
 * The graph as plain rows that do not depend on row ids or write times: entities by slug with kind,
 * country and aliases; mentions by entity slug, article slug and offsets; claims, events, relations and
 * offices with their evidence spans. Two databases hold the same graph when their dumps are equal,
 * whichever engine each is on.
 */
export async function graphDumpOf(store: Store): Promise<GraphDump> {
  const raw = rawSqlOf(store);
  const dump: Partial<GraphDump> = {};
  for (const [table, sql] of Object.entries(graphDumpSql(raw.engine))) {
    dump[table as GraphDumpTable] = await raw.all(sql);
  }
  return dump as GraphDump;
}

/** `graphDumpOf` over a SQLite connection, answered at once: for a SQLite file no store is open on. */
export function graphDump(db: Database): GraphDump {
  return Object.fromEntries(
    Object.entries(graphDumpSql('sqlite')).map(([table, sql]) => [table, db.prepare(sql).all()]),
  ) as GraphDump;
}

/** `PRAGMA integrity_check` and `PRAGMA foreign_key_check` of a database: "ok" and no rows when sound. */
export function soundness(db: Database): { integrity: string; foreignKeyViolations: unknown[] } {
  return {
    integrity: (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; '),
    foreignKeyViolations: db.pragma('foreign_key_check') as unknown[],
  };
}

/**
 * `soundness` on either engine. PostgreSQL has no integrity_check and enforces foreign keys at every
 * write (none is deferred): what it can be asked is that no foreign key was added unchecked (NOT VALID),
 * since rows written before such a key never were checked.
 */
export async function soundnessOf(
  store: Store,
): Promise<{ integrity: string; foreignKeyViolations: unknown[] }> {
  const raw = rawSqlOf(store);
  if (raw.engine === 'sqlite') return soundness(sqliteDatabaseOf(store));
  const unchecked = await raw.values(
    `SELECT conrelid::regclass || ': ' || conname FROM pg_constraint
     WHERE contype = 'f' AND NOT convalidated AND connamespace = current_schema()::regnamespace`,
  );
  return { integrity: 'ok', foreignKeyViolations: unchecked };
}

/** Per article (by content hash): how many mentions, claims and evidence spans it has. */
export function factsPerArticle(
  db: Database,
): Map<string, { mentions: number; claims: number; evidence: number }> {
  const rows = db
    .prepare(
      `SELECT a.content_hash AS hash,
         (SELECT COUNT(*) FROM mentions WHERE article_id = a.id) AS mentions,
         (SELECT COUNT(*) FROM claims WHERE article_id = a.id) AS claims,
         (SELECT COUNT(*) FROM evidence WHERE article_id = a.id) AS evidence
       FROM articles a`,
    )
    .all() as { hash: string; mentions: number; claims: number; evidence: number }[];
  return new Map(rows.map(({ hash, ...counts }) => [hash, counts]));
}
