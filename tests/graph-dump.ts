import type { Database } from 'better-sqlite3';

/**
 * The graph as plain rows that do not depend on row ids or write times: entities by slug with kind,
 * country and aliases; mentions by entity slug, article slug and offsets; claims, events, relations and
 * offices with their evidence spans. Two databases hold the same graph when their dumps are equal.
 */
export function graphDump(db: Database) {
  const all = (sql: string) => db.prepare(sql).all();
  const span = (alias: string) =>
    `(SELECT slug FROM articles WHERE id = ${alias}.article_id) || ':' || ${alias}.start_offset || '-' || ${alias}.end_offset`;
  const spans = (link: string, key: string, id: string) =>
    `(SELECT group_concat(s, ' ') FROM (SELECT ${span('ev')} AS s FROM ${link} x JOIN evidence ev ON ev.id = x.evidence_id
       WHERE x.${key} = ${id} ORDER BY s))`;
  const slugOf = (table: string, column: string) => `(SELECT slug FROM ${table} WHERE id = ${column})`;
  return {
    articles: all(
      'SELECT slug, title, published_at, source, url, content_hash, length(body) AS length FROM articles ORDER BY slug',
    ),
    entities: all(
      `SELECT e.slug, e.kind, e.name, e.code, e.description, e.wikidata_id, ${slugOf('entities', 'e.country_id')} AS country,
         (SELECT group_concat(norm, '|') FROM (SELECT norm FROM entity_aliases WHERE entity_id = e.id ORDER BY norm)) AS aliases
       FROM entities e ORDER BY e.slug`,
    ),
    mentions: all(
      `SELECT ${slugOf('entities', 'm.entity_id')} AS entity, ${span('ev')} AS span, ev.sentence_start, ev.sentence_end
       FROM mentions m JOIN evidence ev ON ev.id = m.evidence_id ORDER BY entity, span`,
    ),
    claims: all(
      `SELECT ${span('ev')} AS span, ${slugOf('entities', 'c.speaker_id')} AS speaker, ${slugOf('events', 'c.event_id')} AS event,
         c.text, c.quote, c.verb, c.kind,
         (SELECT group_concat(s, '|') FROM (SELECT e.slug AS s FROM claim_subjects cs JOIN entities e ON e.id = cs.entity_id
            WHERE cs.claim_id = c.id ORDER BY s)) AS about
       FROM claims c JOIN evidence ev ON ev.id = c.evidence_id ORDER BY span, speaker, c.text`,
    ),
    events: all(
      `SELECT e.slug, e.name, e.kind, e.description, e.date, e.end_date, e.date_text,
         ${slugOf('entities', 'e.place_id')} AS place, ${slugOf('entities', 'e.country_id')} AS country,
         ${slugOf('events', 'e.part_of_id')} AS part_of,
         (SELECT group_concat(s, '|') FROM (SELECT x.slug || ':' || p.role AS s FROM event_participants p
            JOIN entities x ON x.id = p.entity_id WHERE p.event_id = e.id ORDER BY s)) AS participants,
         ${spans('event_evidence', 'event_id', 'e.id')} AS evidence
       FROM events e ORDER BY e.slug`,
    ),
    relations: all(
      `SELECT r.type, ${slugOf('entities', 'r.from_id')} AS "from", ${slugOf('entities', 'r.to_id')} AS "to",
         ${spans('relation_evidence', 'relation_id', 'r.id')} AS evidence
       FROM relations r ORDER BY "from", r.type, "to"`,
    ),
    offices: all(
      `SELECT ${slugOf('entities', 'o.person_id')} AS person, o.title, ${slugOf('entities', 'o.country_id')} AS country,
         ${slugOf('entities', 'o.organization_id')} AS organization,
         ${spans('office_evidence', 'office_id', 'o.id')} AS evidence
       FROM offices o ORDER BY person, o.title`,
    ),
  };
}

export type GraphDump = ReturnType<typeof graphDump>;

/** `PRAGMA integrity_check` and `PRAGMA foreign_key_check` of a database: "ok" and no rows when sound. */
export function soundness(db: Database): { integrity: string; foreignKeyViolations: unknown[] } {
  return {
    integrity: (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; '),
    foreignKeyViolations: db.pragma('foreign_key_check') as unknown[],
  };
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
