import type { EntityKind } from '../annotation/format.ts';
import type { Db } from './open.ts';

export interface NodeCounts {
  articles: number;
  people: number;
  countries: number;
  organizations: number;
  places: number;
  events: number;
  claims: number;
  relations: number;
  mentions: number;
}

/** A day range on articles' publication dates; null ends are open. */
export interface DateRange extends Record<string, unknown> {
  from: string | null;
  to: string | null;
}

export interface EntityMentionCount {
  entity_id: number;
  mentions: number;
  articles: number;
}

// Articles published in the range, by day (offsets ignored); articles without a date fall outside any range.
const ARTICLES_IN_RANGE = `
  SELECT id FROM articles
  WHERE published_at IS NOT NULL
    AND (@from IS NULL OR SUBSTR(published_at, 1, 10) >= @from)
    AND (@to IS NULL OR SUBSTR(published_at, 1, 10) <= @to)`;

/** All SQL for counts over the whole graph. */
export function createStatsStore(db: Db) {
  const counts = db.prepare(`
    SELECT
      (SELECT COUNT(*) FROM articles) AS articles,
      (SELECT COUNT(*) FROM entities WHERE kind = 'PERSON') AS people,
      (SELECT COUNT(*) FROM entities WHERE kind = 'COUNTRY') AS countries,
      (SELECT COUNT(*) FROM entities WHERE kind = 'ORGANIZATION') AS organizations,
      (SELECT COUNT(*) FROM entities WHERE kind = 'PLACE') AS places,
      (SELECT COUNT(*) FROM events) AS events,
      (SELECT COUNT(*) FROM claims) AS claims,
      (SELECT COUNT(*) FROM relations) AS relations,
      (SELECT COUNT(*) FROM mentions) AS mentions`);
  // Within a range a node counts when an article of the range gives evidence of it.
  const countsInRange = db.prepare(`
    WITH ranged AS (${ARTICLES_IN_RANGE}),
    ranged_entities AS (
      SELECT DISTINCT e.id, e.kind FROM mentions m JOIN entities e ON e.id = m.entity_id
      WHERE m.article_id IN (SELECT id FROM ranged))
    SELECT
      (SELECT COUNT(*) FROM ranged) AS articles,
      (SELECT COUNT(*) FROM ranged_entities WHERE kind = 'PERSON') AS people,
      (SELECT COUNT(*) FROM ranged_entities WHERE kind = 'COUNTRY') AS countries,
      (SELECT COUNT(*) FROM ranged_entities WHERE kind = 'ORGANIZATION') AS organizations,
      (SELECT COUNT(*) FROM ranged_entities WHERE kind = 'PLACE') AS places,
      (SELECT COUNT(DISTINCT ee.event_id) FROM event_evidence ee JOIN evidence ev ON ev.id = ee.evidence_id
       WHERE ev.article_id IN (SELECT id FROM ranged)) AS events,
      (SELECT COUNT(*) FROM claims WHERE article_id IN (SELECT id FROM ranged)) AS claims,
      (SELECT COUNT(DISTINCT re.relation_id) FROM relation_evidence re JOIN evidence ev ON ev.id = re.evidence_id
       WHERE ev.article_id IN (SELECT id FROM ranged)) AS relations,
      (SELECT COUNT(*) FROM mentions WHERE article_id IN (SELECT id FROM ranged)) AS mentions`);
  const topEntities = db.prepare(`
    SELECT m.entity_id, COUNT(*) AS mentions, COUNT(DISTINCT m.article_id) AS articles
    FROM mentions m JOIN entities e ON e.id = m.entity_id
    WHERE (@kind IS NULL OR e.kind = @kind)
      AND (@ranged = 0 OR m.article_id IN (${ARTICLES_IN_RANGE}))
    GROUP BY m.entity_id
    ORDER BY mentions DESC, articles DESC, m.entity_id
    LIMIT @limit`);
  const ping = db.prepare('SELECT 1').pluck();
  return {
    nodeCounts: () => counts.get() as NodeCounts,
    /** Node counts of the whole graph, or of what articles published within `range` give evidence of. */
    countsWithin: (range: DateRange): NodeCounts =>
      range.from === null && range.to === null
        ? (counts.get() as NodeCounts)
        : (countsInRange.get(range) as NodeCounts),
    /** The most-mentioned entities, most mentions first (then most articles, then oldest). */
    topEntities: (range: DateRange, kind: EntityKind | null, limit: number) =>
      topEntities.all({
        ...range,
        kind,
        limit,
        ranged: range.from === null && range.to === null ? 0 : 1,
      }) as EntityMentionCount[],
    isHealthy: () => ping.get() === 1,
  };
}
