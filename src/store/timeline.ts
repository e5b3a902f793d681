import type { KeysetArgs, SortedKeyedList, SortKey } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

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

/** `timeline_day` of an undated row (db/0011_timeline_days.sql): it sorts after every date. */
const UNDATED = '~';

/**
 * The rows of one leg (an entity's events, claims it made, claims about it) within the date range and
 * after the cursor (@day, @rank, @id), in timeline order. `rank` is the leg's kind rank; `day` and `id`
 * its columns. Every leg is read through an index on (entity, timeline_day, id).
 */
function legConditions(day: string, rank: number, id: string): string {
  return `(@from IS NULL OR (${day} >= @from AND ${day} <> '${UNDATED}'))
      AND (@to IS NULL OR ${day} <= @to)
      AND (${day} > @day OR (${day} = @day AND (@rank < ${rank} OR (@rank = ${rank} AND ${id} > @id))))`;
}

const LEGS = `
  SELECT * FROM (
    SELECT DISTINCT 'EVENT' AS item_kind, p.event_id AS ref_id, p.timeline_day AS day, 0 AS kind_rank
    FROM event_participants p
    WHERE p.entity_id = @key AND ${legConditions('p.timeline_day', 0, 'p.event_id')}
    ORDER BY p.timeline_day, p.event_id LIMIT @limit) AS event_leg
  UNION
  SELECT * FROM (
    SELECT 'CLAIM', c.id, c.timeline_day, 1 FROM claims c
    WHERE c.speaker_id = @key AND ${legConditions('c.timeline_day', 1, 'c.id')}
    ORDER BY c.timeline_day, c.id LIMIT @limit) AS speaker_leg
  UNION
  SELECT * FROM (
    SELECT 'CLAIM', s.claim_id, s.timeline_day, 1 FROM claim_subjects s
    WHERE s.entity_id = @key AND ${legConditions('s.timeline_day', 1, 's.claim_id')}
    ORDER BY s.timeline_day, s.claim_id LIMIT @limit) AS subject_leg`;

/** What happened to an entity, in date order: the events it took part in and the claims by or about it. */
export interface TimelineStore {
  byEntity: SortedKeyedList<TimelineRow, TimelineFilters>;
}

/** All SQL for entity timelines. Article dates are cut to the day: offsets are ignored. */
export function createTimelineStore(db: Sql): TimelineStore {
  // Each leg stops at the page's end; the page is the first rows of their union. Dates and where they
  // come from are read for the page's rows only.
  const page = db.prepare(`
    WITH legs AS (${LEGS}),
    top AS (SELECT * FROM legs ORDER BY day, kind_rank, ref_id LIMIT @limit)
    SELECT CAST(@key AS INTEGER) AS key, top.item_kind, top.ref_id,
           CASE top.day WHEN '${UNDATED}' THEN NULL ELSE top.day END AS date,
           CASE
             WHEN top.day = '${UNDATED}' THEN NULL
             WHEN top.item_kind = 'EVENT' THEN CASE WHEN e.date IS NOT NULL THEN 'EVENT' ELSE 'ARTICLE' END
             WHEN ce.date IS NOT NULL THEN 'EVENT' ELSE 'ARTICLE'
           END AS date_source,
           CASE WHEN top.day = '${UNDATED}' THEN 1 ELSE 0 END AS undated,
           CASE top.day WHEN '${UNDATED}' THEN '' ELSE top.day END AS sort_date,
           top.kind_rank
    FROM top
    LEFT JOIN events e ON top.item_kind = 'EVENT' AND e.id = top.ref_id
    LEFT JOIN claims c ON top.item_kind = 'CLAIM' AND c.id = top.ref_id
    LEFT JOIN events ce ON ce.id = c.event_id
    ORDER BY top.day, top.kind_rank, top.ref_id`);
  const count = db.pluck(`
      SELECT COUNT(*) FROM (
        SELECT 'EVENT', p.event_id FROM event_participants p
        WHERE p.entity_id = @key AND ${legConditions('p.timeline_day', 0, 'p.event_id')}
        UNION
        SELECT 'CLAIM', c.id FROM claims c
        WHERE c.speaker_id = @key AND ${legConditions('c.timeline_day', 1, 'c.id')}
        UNION
        SELECT 'CLAIM', s.claim_id FROM claim_subjects s
        WHERE s.entity_id = @key AND ${legConditions('s.timeline_day', 1, 's.claim_id')}) AS items`);
  // Before the first row: every day sorts after ''.
  const start = { day: '', rank: -1, id: 0 };
  const byEntity: SortedKeyedList<TimelineRow, TimelineFilters> = {
    keys: TIMELINE_ORDER,
    /** One statement per entity: a timeline is asked for one entity at a time, and each reads one page. */
    pages(parents: readonly number[], args: KeysetArgs, filters: TimelineFilters): Promise<TimelineRow[][]> {
      const cursor = args.after ? cursorOf(args.after) : start;
      return Promise.all(
        parents.map(
          async (key) => (await page.all({ ...filters, ...cursor, key, limit: args.limit })) as TimelineRow[],
        ),
      );
    },
    counts(parents: readonly number[], filters: TimelineFilters): Promise<number[]> {
      return Promise.all(
        parents.map(async (key) => (await count.get({ ...filters, ...start, key })) as number),
      );
    },
  };
  return { byEntity };
}

/** The leg bounds of a cursor's sort values (undated, sort_date, kind_rank, ref_id). */
function cursorOf(after: readonly (string | number)[]): { day: string; rank: number; id: number } {
  const [undated, sortDate, rank, id] = after;
  if (after.length !== TIMELINE_ORDER.length) {
    throw new Error(`a timeline cursor has ${TIMELINE_ORDER.length} sort values, not ${after.length}`);
  }
  return { day: Number(undated) ? UNDATED : String(sortDate), rank: Number(rank), id: Number(id) };
}
