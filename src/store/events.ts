import type { EventKind } from '../annotation/format.ts';
import type { Db } from './open.ts';
import { chooseList, groupLookup, idLookup, keyedList, type RootList, rootList } from './pages.ts';
import type { EventRow, ParticipantRow } from './rows.ts';

export interface EventFilters extends Record<string, unknown> {
  kind: EventKind | null;
  participantId: number | null;
  from: string | null;
  to: string | null;
}

export interface NewEvent {
  slug: string;
  name: string;
  kind: EventKind;
  description: string | null;
  date: string | null;
  endDate: string | null;
  dateText: string | null;
  placeId: number | null;
  countryId: number | null;
  partOfId: number | null;
}

// An event counts as within [from, to] when its span of days overlaps the range. The span's last day is
// written as 0003_bench_indexes.sql indexes it (events_last_day): totalCount with a `from` bound reads
// that index range. A page is in id order, so SQLite still walks ids and tests the dates; paging by date
// would need an order by date in the API.
const EVENT_FILTERS = `(@kind IS NULL OR e.kind = @kind)
  AND (@from IS NULL OR COALESCE(e.end_date, e.date) >= @from)
  AND (@to IS NULL OR e.date <= @to)`;

/**
 * A participant's events, walking event_participants_entity (entity_id, event_id) in event order and
 * stopping at the page's end: a much-covered person takes part in thousands of events, and reading them
 * all to sort them cost what this page does many times over. CROSS JOIN keeps SQLite from starting at
 * events; GROUP BY folds the rows of someone with two roles in one event, and follows the index order, so
 * it does not stop the early exit. Written out rather than through rootList, whose outer query would wrap
 * the GROUP BY in a subquery and sort its whole result.
 */
function participantEvents(db: Db): RootList<EventRow, EventFilters> {
  const from = `FROM event_participants p CROSS JOIN events e ON e.id = p.event_id
    WHERE p.entity_id = @participantId AND ${EVENT_FILTERS}`;
  const page = db.prepare(`SELECT e.*, e.id AS sort_id ${from} AND p.event_id > @afterId
    GROUP BY p.event_id ORDER BY p.event_id LIMIT @limit`);
  const count = db.prepare(`SELECT COUNT(DISTINCT p.event_id) ${from}`).pluck();
  return {
    page: (filters, args) =>
      page.all({ ...filters, afterId: args.afterId ?? 0, limit: args.limit }) as EventRow[],
    count: (filters) => count.get(filters) as number,
  };
}

/**
 * Events, filtered: the participant's events drive the query when there is one (event_participants_entity),
 * else the date bounds, else the kind (events_kind), else all events in id order.
 */
function eventList(db: Db): RootList<EventRow, EventFilters> {
  const list = (where: string) =>
    rootList<EventRow, EventFilters>(db, `SELECT e.*, e.id AS sort_id FROM events e WHERE ${where}`);
  const ofParticipant = participantEvents(db);
  const endingFrom = list(`COALESCE(e.end_date, e.date) >= @from AND ${EVENT_FILTERS}`);
  const startingBy = list(`e.date <= @to AND ${EVENT_FILTERS}`);
  const ofKind = list(`e.kind = @kind AND ${EVENT_FILTERS}`);
  const all = list('TRUE');
  return chooseList((filters) => {
    if (filters.participantId !== null) return ofParticipant;
    if (filters.from !== null) return endingFrom;
    if (filters.to !== null) return startingBy;
    if (filters.kind !== null) return ofKind;
    return all;
  });
}

/** All SQL for the events and event_participants tables. */
export function createEventStore(db: Db) {
  const selectBySlug = db.prepare('SELECT * FROM events WHERE slug = ?');
  const slugTaken = db.prepare('SELECT 1 FROM events WHERE slug = ?').pluck();
  const insert = db.prepare(`
    INSERT INTO events (slug, name, kind, description, date, end_date, date_text, place_id, country_id, part_of_id)
    VALUES (@slug, @name, @kind, @description, @date, @endDate, @dateText, @placeId, @countryId, @partOfId)`);
  const fillGaps = db.prepare(`
    UPDATE events SET
      description = COALESCE(description, @description),
      date = COALESCE(date, @date),
      end_date = COALESCE(end_date, @endDate),
      date_text = COALESCE(date_text, @dateText),
      place_id = COALESCE(place_id, @placeId),
      country_id = COALESCE(country_id, @countryId),
      part_of_id = COALESCE(part_of_id, @partOfId)
    WHERE id = @id`);
  const insertParticipant = db.prepare(
    'INSERT OR IGNORE INTO event_participants (event_id, entity_id, role) VALUES (?, ?, ?)',
  );
  return {
    byIds: idLookup<EventRow>(db, 'events'),
    bySlug: (slug: string) => selectBySlug.get(slug) as EventRow | undefined,
    isSlugTaken: (slug: string) => slugTaken.get(slug) !== undefined,
    list: eventList(db),
    byParticipant: keyedList<EventRow>(
      db,
      `SELECT DISTINCT p.entity_id AS key, e.id AS sort_id, e.*
       FROM event_participants p JOIN events e ON e.id = p.event_id
       WHERE p.entity_id IN (SELECT value FROM json_each(@keys))`,
    ),
    byArticle: keyedList<EventRow>(
      db,
      `SELECT DISTINCT ev.article_id AS key, e.id AS sort_id, e.*
       FROM evidence ev
       JOIN event_evidence ee ON ee.evidence_id = ev.id
       JOIN events e ON e.id = ee.event_id
       WHERE ev.article_id IN (SELECT value FROM json_each(@keys))`,
    ),
    subEventsByIds: groupLookup<EventRow>(
      db,
      'SELECT * FROM events WHERE part_of_id IN (SELECT value FROM json_each(?)) ORDER BY part_of_id, id',
      (row) => row.part_of_id ?? 0,
    ),
    participantsByIds: groupLookup<ParticipantRow>(
      db,
      `SELECT * FROM event_participants WHERE event_id IN (SELECT value FROM json_each(?))
       ORDER BY event_id, rowid`,
      (row) => row.event_id,
    ),
    insert: (event: NewEvent) => Number(insert.run(event).lastInsertRowid),
    /** Fills fields an event lacks from a later source; never overwrites what it has. */
    fillGaps: (id: number, event: Omit<NewEvent, 'slug' | 'name' | 'kind'>) => fillGaps.run({ id, ...event }),
    addParticipant: (eventId: number, entityId: number, role: ParticipantRow['role']) =>
      insertParticipant.run(eventId, entityId, role),
  };
}
