import { afterEach, describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type TestApp, testApp } from './helpers.ts';

let t: TestApp;
afterEach(() => t.close());

/** Writes a one-sentence article that reports talks on `date`. */
function writeTalks(title: string, date: string) {
  const body = `Ministers held talks in Lisbon on ${date}.`;
  return writeOne(title, body, date);
}

function writeOne(title: string, body: string, date: string) {
  const annotation = annotationSchema.parse({
    events: [
      { key: 'talks', name: 'Lisbon talks', kind: 'MEETING', date, evidence: ['held talks in Lisbon'] },
    ],
  });
  return writeArticleGraph(
    t.store,
    {
      title,
      body,
      publishedAt: null,
      source: null,
      url: null,
      contentHash: contentHash(title, body),
      annotationHash: null,
    },
    resolveAnnotation(body, annotation),
  );
}

describe('events of the same name', () => {
  it('are one event per date, however many articles report each', () => {
    t = testApp({ seedsDir: null });
    writeTalks('First report', '2016-03-01');
    writeTalks('Second report', '2016-04-01');
    const third = writeTalks('Third report', '2016-04-01');
    expect(third.merged.events).toBe(1);
    const events = sqliteDatabaseOf(t.store).prepare('SELECT slug, date FROM events ORDER BY id').all();
    expect(events).toEqual([
      { slug: 'lisbon-talks', date: '2016-03-01' },
      { slug: 'lisbon-talks-2', date: '2016-04-01' },
    ]);
  });
});

/** `2016-01-01` plus `day` days, as YYYY-MM-DD. */
const isoDay = (day: number) => new Date(Date.UTC(2016, 0, 1 + day)).toISOString().slice(0, 10);

describe('a graph with many events of one name', () => {
  it('names and matches the next one with as many statements as the second, however many there are', () => {
    t = testApp({ seedsDir: null });
    const statementsFor = (day: number) => {
      t.resetSqlCount();
      writeTalks(`Report ${day}`, isoDay(day));
      return t.sqlCount();
    };
    const early = [1, 2, 3].map(statementsFor);
    // Every hundredth commit also trims the change log: the days measured avoid it.
    for (let day = 4; day < 301; day++) writeTalks(`Report ${day}`, isoDay(day));
    const late = [301, 302, 303].map(statementsFor);
    expect(late).toEqual([early[1], early[1], early[1]]);
    const slugs = sqliteDatabaseOf(t.store)
      .prepare("SELECT slug FROM events WHERE slug LIKE 'lisbon-talks%'")
      .pluck()
      .all();
    expect(slugs).toHaveLength(303);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(t.store.events.freeSlug('lisbon-talks')).toBe('lisbon-talks-304');
    // A slug that only starts like a numbered variant is not one.
    expect(t.store.events.freeSlug('lisbon')).toBe('lisbon');
  });
});
