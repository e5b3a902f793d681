import type { EventKind } from '../annotation/format.ts';
import { type ConfidenceFilter, keyedWithConfidence, sortedWithConfidence } from './confidence-filter.ts';
import { dialectOf } from './dialect.ts';
import { groupLookup, idLookup, type KeyedList, keyedList } from './pages.ts';
import type { EventRow, ParticipantRow } from './rows.ts';
import { freeSlugLookup } from './slugs.ts';
import { type SortedList, type SortKey, sortedList } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

export interface EventFilters extends Record<string, unknown> {
  kind: EventKind | null;
  participantId: number | null;
  from: string | null;
  to: string | null;
  /** Events in this country, or at a place in it. */
  countryId: number | null;
  placeId: number | null;
  /** Only events extraction is at least this sure of. */
  minConfidence?: number | null;
}

export const EVENT_ORDERS = ['ID', 'DATE', 'DATE_DESC', 'NAME'] as const;
export type EventOrder = (typeof EVENT_ORDERS)[number];

/** Sort keys of each order; undated events come last whichever way dates run. */
export const EVENT_ORDER_KEYS: Record<EventOrder, readonly SortKey[]> = {
  ID: [{ column: 'sort_id' }],
  DATE: [{ column: 'undated' }, { column: 'sort_date' }, { column: 'sort_id' }],
  DATE_DESC: [{ column: 'undated' }, { column: 'sort_date', descending: true }, { column: 'sort_id' }],
  NAME: [{ column: 'sort_name' }, { column: 'sort_id' }],
};

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
  /** 0–1; a curated event is certain. */
  confidence?: number;
}

/** An event described by an article, to find the one the graph already holds. */
export interface EventDescription {
  slug: string;
  kind: EventKind;
  date: string | null;
  placeId: number | null;
  participantIds: number[];
  generic: boolean;
}

/** Events, their participants and the events they are part of. */
export interface EventStore {
  byIds(ids: readonly number[]): Promise<(EventRow | undefined)[]>;
  bySlug(slug: string): Promise<EventRow | undefined>;
  /**
   * The oldest event named like `slug` (or `slug-N`) of `kind` that agrees with the one described: no
   * conflicting date or place, and the same date, the same place or a shared participant. A generic
   * event needs the same date and also a shared place or participant.
   */
  findAgreeing(event: EventDescription): Promise<number | undefined>;
  /** `slug` if no event has it yet, else `slug-N` past the highest number in use. */
  freeSlug(base: string): Promise<string>;
  /** The event list in each order; an event counts as within [from, to] when its span of days overlaps it. */
  lists: Record<EventOrder, SortedList<EventRow, EventFilters>>;
  /** Events each entity took part in. */
  byParticipant: KeyedList<EventRow, ConfidenceFilter>;
  /** Events each article gives evidence of. */
  byArticle: KeyedList<EventRow, ConfidenceFilter>;
  /** The events that are part of each event, in id order. */
  subEventsByIds(eventIds: readonly number[]): Promise<EventRow[][]>;
  /** Each event's participants, in the order they were added. */
  participantsByIds(eventIds: readonly number[]): Promise<ParticipantRow[][]>;
  /** Inserts an event and returns its id; the caller holds the transaction. */
  insert(event: NewEvent): Promise<number>;
  /** Fills fields an event lacks from a later source; never overwrites what it has. */
  fillGaps(id: number, event: Omit<NewEvent, 'slug' | 'name' | 'kind' | 'confidence'>): Promise<void>;
  /** A later report can only make an event more certain. */
  raiseConfidence(id: number, confidence: number): Promise<void>;
  /** Adds a participant in a role; one already there is left as it was. Says whether a row was added. */
  addParticipant(eventId: number, entityId: number, role: ParticipantRow['role']): Promise<boolean>;
}

/** All SQL for the events and event_participants tables. */
export function createEventStore(db: Sql): EventStore {
  const selectBySlug = db.prepare('SELECT * FROM events WHERE slug = ?');
  // Same-named events on other dates were given "-2", "-3"… slugs: the slug and its numbered variants
  // are the candidates (the range keeps the slug index in use). One statement decides, however many
  // same-named events the graph holds.
  const dialect = dialectOf(db);
  const selectAgreeing = db.pluck(
    `SELECT id FROM (
         SELECT e.*,
           CASE WHEN e.date = @date THEN 1 ELSE 0 END AS same_date,
           CASE WHEN e.place_id = @placeId THEN 1 ELSE 0 END AS same_place,
           CASE WHEN EXISTS (SELECT 1 FROM event_participants p
                   WHERE p.event_id = e.id AND p.entity_id IN (SELECT value FROM json_each(@participants)))
             THEN 1 ELSE 0 END AS shared
         FROM events e
         WHERE (e.slug = @slug OR (e.slug > @slug || '-' AND e.slug < @slug || '-:'
                AND ${dialect.onlyDigits('substr(e.slug, length(@slug) + 2)')}))
           AND e.kind = @kind
           AND (@date IS NULL OR e.date IS NULL OR e.date = @date)
           AND (@placeId IS NULL OR e.place_id IS NULL OR e.place_id = @placeId)
       ) AS candidates
       WHERE CASE WHEN @generic = 1 THEN same_date = 1 AND (same_place = 1 OR shared = 1)
                  ELSE same_date = 1 OR same_place = 1 OR shared = 1 END
       ORDER BY id LIMIT 1`,
  );
  const insert = db.pluck(`
    INSERT INTO events (slug, name, kind, description, date, end_date, date_text, place_id, country_id, part_of_id, confidence)
    VALUES (@slug, @name, @kind, @description, @date, @endDate, @dateText, @placeId, @countryId, @partOfId, @confidence)
    RETURNING id`);
  // A later report can only make an event more certain.
  // Both only when they change the row: a row rewritten unchanged would still log a change to the event,
  // and drop every cached answer that shows it.
  const raiseConfidence = db.prepare(
    'UPDATE events SET confidence = @confidence WHERE id = @id AND confidence < @confidence',
  );
  const fillGaps = db.prepare(`
    UPDATE events SET
      description = COALESCE(description, @description),
      date = COALESCE(date, @date),
      end_date = COALESCE(end_date, @endDate),
      date_text = COALESCE(date_text, @dateText),
      place_id = COALESCE(place_id, @placeId),
      country_id = COALESCE(country_id, @countryId),
      part_of_id = COALESCE(part_of_id, @partOfId)
    WHERE id = @id AND (
      (description IS NULL AND @description IS NOT NULL) OR
      (date IS NULL AND @date IS NOT NULL) OR
      (end_date IS NULL AND @endDate IS NOT NULL) OR
      (date_text IS NULL AND @dateText IS NOT NULL) OR
      (place_id IS NULL AND @placeId IS NOT NULL) OR
      (country_id IS NULL AND @countryId IS NOT NULL) OR
      (part_of_id IS NULL AND @partOfId IS NOT NULL))`);
  const insertParticipant = db.prepare(
    'INSERT INTO event_participants (event_id, entity_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    byIds: idLookup<EventRow>(db, 'events'),
    bySlug: async (slug: string) => (await selectBySlug.get(slug)) as EventRow | undefined,
    findAgreeing: async (event) =>
      (await selectAgreeing.get({
        slug: event.slug,
        kind: event.kind,
        date: event.date,
        placeId: event.placeId,
        participants: JSON.stringify(event.participantIds),
        generic: event.generic ? 1 : 0,
      })) as number | undefined,
    freeSlug: freeSlugLookup(db, 'events'),
    // An event counts as within [from, to] when its span of days overlaps the range.
    lists: Object.fromEntries(
      EVENT_ORDERS.map((order) => [
        order,
        sortedWithConfidence(
          sortedList<EventRow, EventFilters>(
            db,
            `SELECT e.*, e.id AS sort_id, CASE WHEN e.date IS NULL THEN 1 ELSE 0 END AS undated,
                  COALESCE(e.date, '') AS sort_date, LOWER(e.name) AS sort_name
           FROM events e
           WHERE (@kind IS NULL OR e.kind = @kind)
             AND (@participantId IS NULL OR EXISTS (
               SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.entity_id = @participantId))
             AND (@from IS NULL OR COALESCE(e.end_date, e.date) >= @from)
             AND (@to IS NULL OR e.date <= @to)
             AND (@placeId IS NULL OR e.place_id = @placeId)
             AND (@countryId IS NULL OR e.country_id = @countryId
                  OR e.place_id IN (SELECT id FROM entities WHERE country_id = @countryId))
             AND (@minConfidence IS NULL OR e.confidence >= @minConfidence)`,
            EVENT_ORDER_KEYS[order],
          ),
        ),
      ]),
    ) as Record<EventOrder, SortedList<EventRow, EventFilters>>,
    byParticipant: keyedWithConfidence(
      keyedList<EventRow, ConfidenceFilter>(db, {
        table: 'events',
        pageIds: `SELECT DISTINCT p.event_id FROM event_participants p WHERE p.entity_id = @key AND p.event_id > @afterId
                  AND (@minConfidence IS NULL OR (SELECT x.confidence FROM events x WHERE x.id = p.event_id) >= @minConfidence)
                  ORDER BY p.event_id LIMIT @limit`,
        count: `CASE WHEN @minConfidence IS NULL THEN (SELECT event_count FROM entities WHERE id = @key)
                ELSE (SELECT COUNT(DISTINCT p.event_id) FROM event_participants p JOIN events x ON x.id = p.event_id
                      WHERE p.entity_id = @key AND x.confidence >= @minConfidence) END`,
      }),
    ),
    byArticle: keyedWithConfidence(
      keyedList<EventRow, ConfidenceFilter>(db, {
        table: 'events',
        pageIds: `SELECT DISTINCT ee.event_id FROM evidence ev JOIN event_evidence ee ON ee.evidence_id = ev.id
                  WHERE ev.article_id = @key AND ee.event_id > @afterId
                  AND (@minConfidence IS NULL OR (SELECT x.confidence FROM events x WHERE x.id = ee.event_id) >= @minConfidence)
                  ORDER BY ee.event_id LIMIT @limit`,
        count: `(SELECT COUNT(DISTINCT ee.event_id) FROM evidence ev JOIN event_evidence ee ON ee.evidence_id = ev.id
                 WHERE ev.article_id = @key
                 AND (@minConfidence IS NULL OR (SELECT x.confidence FROM events x WHERE x.id = ee.event_id) >= @minConfidence))`,
      }),
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
    insert: async (event) => (await insert.get({ confidence: 1, ...event })) as number,
    fillGaps: async (id, event) => {
      await fillGaps.run({ id, ...event });
    },
    raiseConfidence: async (id, confidence) => {
      await raiseConfidence.run({ id, confidence });
    },
    addParticipant: async (eventId, entityId, role) =>
      (await insertParticipant.run(eventId, entityId, role)).changes > 0,
  };
}
