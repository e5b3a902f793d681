import type { EntityKind } from '../annotation/format.ts';
import { publicationDayNumber } from './change-touches.ts';
import { type Dialect, dialectOf } from './dialect.ts';
import type { Sql } from './sql.ts';

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
// The first two bounds follow from the day conditions and are there for the publication-time index: without
// them every article row, body and all, was read.
const articlesInRange = (dialect: Dialect) => `
  SELECT id FROM articles
  WHERE published_at >= COALESCE(@from, '')
    AND published_at < COALESCE(${dialect.dayAfter('@to')}, '~')
    AND (@from IS NULL OR SUBSTR(published_at, 1, 10) >= @from)
    AND (@to IS NULL OR SUBSTR(published_at, 1, 10) <= @to)`;

/** Figures over the whole graph, or over what a range of publication dates gives evidence of. */
export interface StatsStore {
  nodeCounts(): Promise<NodeCounts>;
  /** Node counts of the whole graph, or of what articles published within `range` give evidence of. */
  countsWithin(range: DateRange): Promise<NodeCounts>;
  /** The most-mentioned entities, most mentions first (then most articles, then oldest). */
  topEntities(range: DateRange, kind: EntityKind | null, limit: number): Promise<EntityMentionCount[]>;
  /** Whether the database answers at all. */
  isHealthy(): Promise<boolean>;
  /** The publication days (20151116) of these articles, those that exist and have one. */
  publicationDays(articleIds: readonly number[]): Promise<number[]>;
}

/** All SQL for counts over the whole graph. */
export function createStatsStore(db: Sql): StatsStore {
  const dialect = dialectOf(db);
  // The writer keeps these counters (db/ triggers): the whole graph's figures cost one small read.
  const counts = db.prepare(`
    SELECT
      MAX(CASE name WHEN 'articles' THEN n END) AS articles,
      MAX(CASE name WHEN 'PERSON' THEN n END) AS people,
      MAX(CASE name WHEN 'COUNTRY' THEN n END) AS countries,
      MAX(CASE name WHEN 'ORGANIZATION' THEN n END) AS organizations,
      MAX(CASE name WHEN 'PLACE' THEN n END) AS places,
      MAX(CASE name WHEN 'events' THEN n END) AS events,
      MAX(CASE name WHEN 'claims' THEN n END) AS claims,
      MAX(CASE name WHEN 'relations' THEN n END) AS relations,
      MAX(CASE name WHEN 'mentions' THEN n END) AS mentions
    FROM graph_counts`);
  // Within a range a node counts when an article of the range gives evidence of it.
  const countsInRange = db.prepare(`
    WITH ranged AS (${articlesInRange(dialect)}),
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
  // Without a range the kept counts answer, walking the mention-count index down to the page; ties on
  // the count are sorted in small blocks. Within a range the range's mentions are counted.
  const topEntities = db.prepare(`
    SELECT id AS entity_id, mention_count AS mentions, article_count AS articles FROM entities
    WHERE mention_count > 0
    ORDER BY mention_count DESC, article_count DESC, id
    LIMIT @limit`);
  const topEntitiesOfKind = db.prepare(`
    SELECT id AS entity_id, mention_count AS mentions, article_count AS articles FROM entities
    WHERE kind = @kind AND mention_count > 0
    ORDER BY mention_count DESC, article_count DESC, id
    LIMIT @limit`);
  const topEntitiesInRange = db.prepare(`
    SELECT m.entity_id, COUNT(*) AS mentions, COUNT(DISTINCT m.article_id) AS articles
    FROM mentions m JOIN entities e ON e.id = m.entity_id
    WHERE (@kind IS NULL OR e.kind = @kind)
      AND m.article_id IN (${articlesInRange(dialect)})
    GROUP BY m.entity_id
    ORDER BY mentions DESC, articles DESC, m.entity_id
    LIMIT @limit`);
  const ping = db.pluck('SELECT 1');
  const days = db.pluck(`
    SELECT DISTINCT SUBSTR(published_at, 1, 10) FROM articles
    WHERE id IN (SELECT value FROM json_each(?)) AND published_at IS NOT NULL`);
  return {
    nodeCounts: async () => (await counts.get()) as NodeCounts,
    countsWithin: async (range) =>
      range.from === null && range.to === null
        ? ((await counts.get()) as NodeCounts)
        : ((await countsInRange.get(range)) as NodeCounts),
    async topEntities(range, kind, limit) {
      if (range.from !== null || range.to !== null) {
        return (await topEntitiesInRange.all({ ...range, kind, limit })) as EntityMentionCount[];
      }
      const top =
        kind === null ? await topEntities.all({ limit }) : await topEntitiesOfKind.all({ kind, limit });
      return top as EntityMentionCount[];
    },
    isHealthy: async () => (await ping.get()) === 1,
    async publicationDays(articleIds) {
      if (!articleIds.length) return [];
      const found = (await days.all(JSON.stringify(articleIds))).map(publicationDayNumber);
      return found.filter((day): day is number => day !== null);
    },
  };
}
