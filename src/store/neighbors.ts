import { dialectOf } from './dialect.ts';
import { groupByKeys, keyList } from './keys.ts';
import { type KeysetArgs, type SortedKeyedList, type SortKey, sortedKeyedList } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

export const LINK_KINDS = ['RELATION', 'SHARED_EVENT', 'CLAIM', 'CO_MENTION'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** An entity linked to another, and how strongly. */
export interface NeighborRow {
  /** The entity whose neighbourhood this is. */
  key: number;
  /** The neighbour. */
  entity_id: number;
  /** Articles, sentences and facts (relations, events, claims, once per article) that link the two. */
  article_count: number;
  sentence_count: number;
  fact_count: number;
  /** Their sum. */
  weight: number;
  /** The kinds of link, comma-separated. */
  kinds: string;
}

export interface NeighborFilters extends Record<string, unknown> {
  /** JSON list of link kinds, or null for all. */
  kinds: string | null;
}

/** Strongest first; ties go to the older entity so the order is total. */
export const NEIGHBOR_ORDER: readonly SortKey[] = [
  { column: 'weight', descending: true },
  { column: 'entity_id' },
];

/**
 * What one article contributes to each pair of entities it links, from the entity_links view restricted
 * to the article's evidence (every branch of the view reads it through an index on article_id).
 */
const ARTICLE_CONTRIBUTION = `
  INSERT INTO entity_neighbor_articles (entity_id, other_id, article_id, sentence_count, fact_count, kinds)
  SELECT entity_id, other_id, article_id,
         COUNT(DISTINCT sentence_start),
         COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN kind || ':' || ref_id END),
         MAX(CASE WHEN kind = 'RELATION' THEN 1 ELSE 0 END) | MAX(CASE WHEN kind = 'SHARED_EVENT' THEN 2 ELSE 0 END)
           | MAX(CASE WHEN kind = 'CLAIM' THEN 4 ELSE 0 END) | MAX(CASE WHEN kind = 'CO_MENTION' THEN 8 ELSE 0 END)
  FROM entity_links WHERE article_id = @articleId
  GROUP BY entity_id, other_id, article_id`;

/** The kinds of a pair's totals row, as the view's GROUP_CONCAT gave them. */
const KINDS_OF_TOTALS = `rtrim(
  CASE WHEN n.relation_articles > 0 THEN 'RELATION,' ELSE '' END ||
  CASE WHEN n.event_articles > 0 THEN 'SHARED_EVENT,' ELSE '' END ||
  CASE WHEN n.claim_articles > 0 THEN 'CLAIM,' ELSE '' END ||
  CASE WHEN n.mention_articles > 0 THEN 'CO_MENTION,' ELSE '' END, ',')`;

/**
 * Every kind of link: the totals the writer keeps (entity_neighbors), read in weight order from an index
 * that stops at the page's end, for each parent. Counting is an index range.
 */
function strongestNeighbors(db: Sql): SortedKeyedList<NeighborRow, NeighborFilters> {
  const select = (after: string) =>
    db.prepare(`
      SELECT k.value AS key, n.other_id AS entity_id, n.article_count, n.sentence_count, n.fact_count,
             n.weight, ${KINDS_OF_TOTALS} AS kinds
      FROM json_each(@keys) AS k
      ${dialectOf(db).joinRowsOf(
        'entity_neighbors',
        'n',
        'rowid',
        `SELECT rowid FROM entity_neighbors
        WHERE entity_id = k.value ${after}
        ORDER BY weight DESC, other_id LIMIT @limit`,
      )}
      ORDER BY k.value, n.weight DESC, n.other_id`);
  const first = select('');
  const next = select('AND (weight < @k0 OR (weight = @k0 AND other_id > @k1))');
  const count = db.prepare(`
    SELECT k.value AS key, (SELECT COUNT(*) FROM entity_neighbors WHERE entity_id = k.value) AS total
    FROM json_each(@keys) AS k`);
  return {
    keys: NEIGHBOR_ORDER,
    async pages(parents, args: KeysetArgs) {
      const bound = { keys: keyList(parents), limit: args.limit };
      const rows = (await (args.after === null
        ? first.all(bound)
        : next.all({ ...bound, k0: args.after[0], k1: args.after[1] }))) as NeighborRow[];
      return groupByKeys(parents, rows, (row) => row.key);
    },
    async counts(parents) {
      const rows = (await count.all({ keys: keyList(parents) })) as { key: number; total: number }[];
      const totals = new Map(rows.map((row) => [row.key, row.total]));
      return parents.map((parent) => totals.get(parent) ?? 0);
    },
  };
}

/**
 * Links of some kinds only: counted from the per-article contributions of those kinds is not possible
 * (a sentence may link two ways), so these aggregate the view, as rarer, narrower questions.
 */
function neighborsByKinds(db: Sql): SortedKeyedList<NeighborRow, NeighborFilters> {
  return sortedKeyedList<NeighborRow, NeighborFilters>(
    db,
    `SELECT n.*, n.article_count + n.sentence_count + n.fact_count AS weight FROM (
       SELECT l.entity_id AS key, l.other_id AS entity_id,
              COUNT(DISTINCT l.article_id) AS article_count,
              COUNT(DISTINCT l.article_id || ':' || l.sentence_start) AS sentence_count,
              COUNT(DISTINCT CASE WHEN l.kind <> 'CO_MENTION' THEN l.article_id || ':' || l.kind || ':' || l.ref_id END)
                AS fact_count,
              ${dialectOf(db).joinedDistinct('l.kind')} AS kinds
       FROM entity_links l
       WHERE l.entity_id IN (SELECT value FROM json_each(@keys))
         AND l.kind IN (SELECT value FROM ${dialectOf(db).textList('@kinds')})
       GROUP BY l.entity_id, l.other_id
     ) AS n`,
    NEIGHBOR_ORDER,
  );
}

/** The entities linked to an entity, and the per-article figures the writer keeps for them. */
export interface NeighborStore {
  /** Neighbours of many entities, strongest first, in one statement per page. */
  byEntity: SortedKeyedList<NeighborRow, NeighborFilters>;
  /** (Re)computes what one written article contributes to the neighbour totals. */
  recordArticle(articleId: number): Promise<void>;
  /** The articles that link `entityId` to anything: those to record again after it changes. */
  articlesLinking(entityId: number): Promise<number[]>;
  /**
   * Records again the other articles stating an event that has just gained `added` participants: their
   * pairs now include the newcomers (or, past the bound, no longer exist). An event that was over the
   * bound before links no pairs either way, and its articles are left as they are.
   */
  recordEventGrowth(eventId: number, added: number, exceptArticleId: number): Promise<void>;
}

/** As db/0013_shared_event_bound.sql bounds the entity_links view: larger events link no pairs. */
const SHARED_EVENT_MAX_PARTICIPANTS = 30;

/** All SQL for the entities linked to an entity. */
export function createNeighborStore(db: Sql): NeighborStore {
  const strongest = strongestNeighbors(db);
  const byKinds = neighborsByKinds(db);
  const forget = db.prepare('DELETE FROM entity_neighbor_articles WHERE article_id = ?');
  const contribute = db.prepare(ARTICLE_CONTRIBUTION);
  const articlesLinking = db.pluck(
    'SELECT DISTINCT article_id FROM entity_neighbor_articles WHERE entity_id = ?',
  );
  const recordArticle = async (articleId: number) => {
    await forget.run(articleId);
    await contribute.run({ articleId });
  };
  const participantCount = db.pluck('SELECT participant_count FROM events WHERE id = ?');
  const articlesOfEvent = db.pluck(
    `SELECT DISTINCT ev.article_id FROM event_evidence ee JOIN evidence ev ON ev.id = ee.evidence_id
       WHERE ee.event_id = ? AND ev.article_id <> ?`,
  );
  const pick = (filters: NeighborFilters) => (filters.kinds === null ? strongest : byKinds);
  return {
    byEntity: {
      keys: NEIGHBOR_ORDER,
      pages: (parents, args, filters) => pick(filters).pages(parents, args, filters),
      counts: (parents, filters) => pick(filters).counts(parents, filters),
    } satisfies SortedKeyedList<NeighborRow, NeighborFilters>,
    recordArticle,
    articlesLinking: async (entityId) => (await articlesLinking.all(entityId)) as number[],
    async recordEventGrowth(eventId, added, exceptArticleId) {
      const now = ((await participantCount.get(eventId)) as number | undefined) ?? 0;
      if (now - added > SHARED_EVENT_MAX_PARTICIPANTS) return;
      for (const articleId of (await articlesOfEvent.all(eventId, exceptArticleId)) as number[])
        await recordArticle(articleId);
    },
  };
}
