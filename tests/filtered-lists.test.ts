import { afterAll, describe, expect, it } from 'vitest';
import type { EventFilters } from '../src/store/events.ts';
import type { RootList } from '../src/store/pages.ts';
import type { ClaimRow, EntityRow, EventRow, ParticipantRow } from '../src/store/rows.ts';
import { corpusStore, tempDir } from './corpus-db.ts';

const temp = tempDir();
const { store } = corpusStore(temp.dir, 150, 4);
afterAll(() => {
  store.db.close();
  temp.remove();
});

const all = <T>(sql: string) => store.db.prepare(sql).all() as T[];
const events = all<EventRow>('SELECT * FROM events ORDER BY id');
const participants = all<ParticipantRow>('SELECT * FROM event_participants');
const claims = all<ClaimRow>('SELECT * FROM claims ORDER BY id');
const subjects = all<{ claim_id: number; entity_id: number }>('SELECT * FROM claim_subjects');
const entities = all<EntityRow>('SELECT * FROM entities ORDER BY id');

/** Every row of a list, read three at a time through its cursors. */
function readAll<Row extends { id: number }, F extends Record<string, unknown>>(
  list: RootList<Row, F>,
  filters: F,
): number[] {
  const ids: number[] = [];
  let afterId: number | null = null;
  for (;;) {
    const page = list.page(filters, { afterId, limit: 3 });
    ids.push(...page.map((row) => row.id));
    if (page.length < 3) return ids;
    afterId = page.at(-1)?.id ?? null;
  }
}

const busiest = (ids: number[]) => {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
};

describe('filtered root lists', () => {
  const person = busiest(participants.map((p) => p.entity_id));
  const cases: [string, EventFilters][] = [
    ['a participant', { kind: null, participantId: person, from: null, to: null }],
    [
      'a participant within dates',
      { kind: null, participantId: person, from: '2015-06-01', to: '2017-06-30' },
    ],
    ['dates from', { kind: null, participantId: null, from: '2017-06-01', to: null }],
    ['dates to', { kind: null, participantId: null, from: null, to: '2015-06-30' }],
    ['a kind', { kind: 'SUMMIT', participantId: null, from: null, to: null }],
    ['nothing', { kind: null, participantId: null, from: null, to: null }],
  ];

  it.each(cases)('list events filtered by %s, page after page, as the filters define', (_name, filters) => {
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
    expect(readAll(store.events.list, filters)).toEqual(expected);
    expect(store.events.list.count(filters)).toBe(expected.length);
  });

  it('lists claims by speaker, by subject and by kind as the filters define', () => {
    const speakerId = busiest(claims.map((c) => c.speaker_id ?? 0));
    const aboutId = busiest(subjects.map((s) => s.entity_id));
    const cases = [
      { speakerId, aboutId: null, kind: null },
      { speakerId: null, aboutId, kind: null },
      { speakerId, aboutId, kind: null },
      { speakerId: null, aboutId: null, kind: 'DENIAL' as const },
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
      expect(readAll(store.claims.list, filters)).toEqual(expected);
      expect(store.claims.list.count(filters)).toBe(expected.length);
    }
  });

  it('lists entities of one kind in id order', () => {
    const filters = { kind: 'COUNTRY' as const, namePattern: null };
    const expected = entities.filter((e) => e.kind === 'COUNTRY').map((e) => e.id);
    expect(readAll(store.entities.list, filters)).toEqual(expected);
    expect(store.entities.list.count(filters)).toBe(expected.length);
  });

  it('pages a participant’s events once each when they hold two roles in one event', () => {
    const event = events[0] as EventRow;
    const entityId = participants.find((p) => p.event_id === event.id)?.entity_id as number;
    store.events.addParticipant(event.id, entityId, 'ORGANIZER');
    const filters = { kind: null, participantId: entityId, from: null, to: null };
    const ids = readAll(store.events.list, filters);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(event.id);
    expect(store.events.list.count(filters)).toBe(ids.length);
  });
});
