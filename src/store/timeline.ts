import type { Db } from './open.ts';
import { type SortKey, sortedKeyedList } from './sorted-pages.ts';

/** One event an entity took part in, or one claim it made or is the subject of, with its date. */
export interface TimelineRow {
  key: number;
  item_kind: 'EVENT' | 'CLAIM';
  ref_id: number;
  /** The event's own date (a claim's: its event's), else the publication date of its earliest article. */
  date: string | null;
  date_source: 'EVENT' | 'ARTICLE' | null;
  undated: number;
  sort_date: string;
  kind_rank: number;
}

export interface TimelineFilters extends Record<string, unknown> {
  from: string | null;
  to: string | null;
}

/** Oldest first, undated entries last; on one day events come before the claims made at them. */
export const TIMELINE_ORDER: readonly SortKey[] = [
  { column: 'undated' },
  { column: 'sort_date' },
  { column: 'kind_rank' },
  { column: 'ref_id' },
];

/** All SQL for entity timelines. Article dates are cut to the day: offsets are ignored. */
export function createTimelineStore(db: Db) {
  return {
    byEntity: sortedKeyedList<TimelineRow, TimelineFilters>(
      db,
      `SELECT t.key, t.item_kind, t.ref_id, COALESCE(t.own_date, t.article_date) AS date,
              CASE WHEN t.own_date IS NOT NULL THEN 'EVENT' WHEN t.article_date IS NOT NULL THEN 'ARTICLE' END
                AS date_source,
              CASE WHEN COALESCE(t.own_date, t.article_date) IS NULL THEN 1 ELSE 0 END AS undated,
              COALESCE(t.own_date, t.article_date, '') AS sort_date,
              CASE t.item_kind WHEN 'EVENT' THEN 0 ELSE 1 END AS kind_rank
       FROM (
         SELECT p.entity_id AS key, 'EVENT' AS item_kind, e.id AS ref_id, e.date AS own_date,
                (SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
                 JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
                 WHERE ee.event_id = e.id) AS article_date
         FROM event_participants p JOIN events e ON e.id = p.event_id
         WHERE p.entity_id IN (SELECT value FROM json_each(@keys))
         UNION
         SELECT c.speaker_id, 'CLAIM', c.id, ce.date, SUBSTR(a.published_at, 1, 10)
         FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN events ce ON ce.id = c.event_id
         WHERE c.speaker_id IN (SELECT value FROM json_each(@keys))
         UNION
         SELECT s.entity_id, 'CLAIM', c.id, ce.date, SUBSTR(a.published_at, 1, 10)
         FROM claim_subjects s JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id
         LEFT JOIN events ce ON ce.id = c.event_id
         WHERE s.entity_id IN (SELECT value FROM json_each(@keys))
       ) AS t
       WHERE (@from IS NULL OR COALESCE(t.own_date, t.article_date) >= @from)
         AND (@to IS NULL OR COALESCE(t.own_date, t.article_date) <= @to)`,
      TIMELINE_ORDER,
    ),
  };
}
