import { afterAll, describe, expect, it } from 'vitest';
import type { ClaimFilters } from '../src/store/claims.ts';
import type { EventFilters } from '../src/store/events.ts';
import type { ClaimRow, EntityRow, EventRow, ParticipantRow } from '../src/store/rows.ts';
import { type SortedList, sortValuesOf } from '../src/store/sorted-pages.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { corpusStore, tempDir } from './corpus-db.ts';

const temp = tempDir();
const { store } = await corpusStore(temp.dir, 150, 4);
afterAll(async () => {
  await store.close();
  temp.remove();
});

const all = <T>(sql: string) => sqliteDatabaseOf(store).prepare(sql).all() as T[];
const events = all<EventRow>('SELECT * FROM events ORDER BY id');
const participants = all<ParticipantRow>('SELECT * FROM event_participants');
const claims = all<ClaimRow>('SELECT * FROM claims ORDER BY id');
const subjects = all<{ claim_id: number; entity_id: number }>('SELECT * FROM claim_subjects');
const entities = all<EntityRow>('SELECT * FROM entities ORDER BY id');

/** Every row of a list, read three at a time through its cursors. */
async function readAll<Row extends { id: number }, F extends Record<string, unknown>>(
  list: SortedList<Row, F>,
  filters: F,
): Promise<number[]> {
  const ids: number[] = [];
  let after: ReturnType<typeof sortValuesOf> | null = null;
  for (;;) {
    const page = await list.page(filters, { after, limit: 3 });
    ids.push(...page.map((row) => row.id));
    const last = page.at(-1);
    if (page.length < 3 || !last) return ids;
    after = sortValuesOf(list.keys, last);
  }
}

const busiest = (ids: number[]) => {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
};

const NO_CLAIM_FILTERS: ClaimFilters = {
  speakerId: null,
  aboutId: null,
  kind: null,
  eventId: null,
  from: null,
  to: null,
  claimText: null,
};

describe('filtered root lists', () => {
  const person = busiest(participants.map((p) => p.entity_id));
  const cases: [string, EventFilters][] = [
    [
      'a participant',
      { kind: null, participantId: person, from: null, to: null, placeId: null, countryId: null },
    ],
    [
      'a participant within dates',
      {
        kind: null,
        participantId: person,
        from: '2015-06-01',
        to: '2017-06-30',
        placeId: null,
        countryId: null,
      },
    ],
    [
      'dates from',
      { kind: null, participantId: null, from: '2017-06-01', to: null, placeId: null, countryId: null },
    ],
    [
      'dates to',
      { kind: null, participantId: null, from: null, to: '2015-06-30', placeId: null, countryId: null },
    ],
    ['a kind', { kind: 'SUMMIT', participantId: null, from: null, to: null, placeId: null, countryId: null }],
    ['nothing', { kind: null, participantId: null, from: null, to: null, placeId: null, countryId: null }],
  ];

  it.each(cases)(
    'list events filtered by %s, page after page, as the filters define',
    async (_name, filters) => {
      const expected = events
        .filter(
          (e) =>
            (filters.kind === null || e.kind === filters.kind) &&
            (filters.participantId === null ||
              participants.some((p) => p.event_id === e.id && p.entity_id === filters.participantId)) &&
            (filters.from === null || (e.end_date ?? e.date ?? '') >= filters.from) &&
            (filters.to === null || (e.date !== null && e.date <= filters.to)),
        )
        .map((e) => e.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await readAll(store.events.lists.ID, filters)).toEqual(expected);
      expect(await store.events.lists.ID.count(filters)).toBe(expected.length);
    },
  );

  it('lists claims by speaker, by subject and by kind as the filters define', async () => {
    const speakerId = busiest(claims.map((c) => c.speaker_id ?? 0));
    const aboutId = busiest(subjects.map((s) => s.entity_id));
    const cases = [
      { ...NO_CLAIM_FILTERS, speakerId },
      { ...NO_CLAIM_FILTERS, aboutId },
      { ...NO_CLAIM_FILTERS, speakerId, aboutId },
      { ...NO_CLAIM_FILTERS, kind: 'DENIAL' as const },
    ];
    for (const filters of cases) {
      const expected = claims
        .filter(
          (c) =>
            (filters.speakerId === null || c.speaker_id === filters.speakerId) &&
            (filters.kind === null || c.kind === filters.kind) &&
            (filters.aboutId === null ||
              subjects.some((s) => s.claim_id === c.id && s.entity_id === filters.aboutId)),
        )
        .map((c) => c.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await readAll(store.claims.lists.ID, filters)).toEqual(expected);
      expect(await store.claims.lists.ID.count(filters)).toBe(expected.length);
    }
  });

  it('lists entities of one kind in id order', async () => {
    const filters = { kind: 'COUNTRY' as const, namePattern: null, countryId: null, minMentions: null };
    const expected = entities.filter((e) => e.kind === 'COUNTRY').map((e) => e.id);
    expect(await readAll(store.entities.lists.ID, filters)).toEqual(expected);
    expect(await store.entities.lists.ID.count(filters)).toBe(expected.length);
  });

  it('pages a participant’s events once each when they hold two roles in one event', async () => {
    const event = events[0] as EventRow;
    const entityId = participants.find((p) => p.event_id === event.id)?.entity_id as number;
    await store.events.addParticipant(event.id, entityId, 'ORGANIZER');
    const filters = {
      kind: null,
      participantId: entityId,
      from: null,
      to: null,
      placeId: null,
      countryId: null,
    };
    const ids = await readAll(store.events.lists.ID, filters);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(event.id);
    expect(await store.events.lists.ID.count(filters)).toBe(ids.length);
  });
});
