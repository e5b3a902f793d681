import type { Db } from './open.ts';
import { type SortKey, sortedKeyedList } from './sorted-pages.ts';

export const LINK_KINDS = ['RELATION', 'SHARED_EVENT', 'CLAIM', 'CO_MENTION'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** An entity linked to another, and how strongly. */
export interface NeighborRow {
  /** The entity whose neighbourhood this is. */
  key: number;
  /** The neighbour. */
  entity_id: number;
  /** Distinct articles, sentences and facts (relations, events, claims) that link the two. */
  article_count: number;
  sentence_count: number;
  fact_count: number;
  /** Their sum: every article, sentence and fact that links the two counts once. */
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

/** All SQL for the entities linked to an entity, read from the entity_links view. */
export function createNeighborStore(db: Db) {
  return {
    /** Neighbours of many entities, strongest first, in one statement per page. */
    byEntity: sortedKeyedList<NeighborRow, NeighborFilters>(
      db,
      `SELECT n.*, n.article_count + n.sentence_count + n.fact_count AS weight FROM (
         SELECT l.entity_id AS key, l.other_id AS entity_id,
                COUNT(DISTINCT l.article_id) AS article_count,
                COUNT(DISTINCT l.article_id || ':' || l.sentence_start) AS sentence_count,
                COUNT(DISTINCT CASE WHEN l.kind <> 'CO_MENTION' THEN l.kind || ':' || l.ref_id END) AS fact_count,
                GROUP_CONCAT(DISTINCT l.kind) AS kinds
         FROM entity_links l
         WHERE l.entity_id IN (SELECT value FROM json_each(@keys))
           AND (@kinds IS NULL OR l.kind IN (SELECT value FROM json_each(@kinds)))
         GROUP BY l.entity_id, l.other_id
       ) AS n`,
      NEIGHBOR_ORDER,
    ),
  };
}
