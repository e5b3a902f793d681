import { afterEach, describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type TestApp, testApp } from './helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

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
  it('are one event per date, however many articles report each', async () => {
    t = await testApp({ seedsDir: null });
    await writeTalks('First report', '2016-03-01');
    await writeTalks('Second report', '2016-04-01');
    const third = await writeTalks('Third report', '2016-04-01');
    expect(third.merged.events).toBe(1);
    const events = await rawSqlOf(t.store).all('SELECT slug, date FROM events ORDER BY id');
    expect(events).toEqual([
      { slug: 'lisbon-talks', date: '2016-03-01' },
      { slug: 'lisbon-talks-2', date: '2016-04-01' },
    ]);
  });
});

/** `2016-01-01` plus `day` days, as YYYY-MM-DD. */
const isoDay = (day: number) => new Date(Date.UTC(2016, 0, 1 + day)).toISOString().slice(0, 10);

describe('a graph with many events of one name', () => {
  it('names and matches the next one with as many statements as the second, however many there are', async () => {
    t = await testApp({ seedsDir: null });
    const statementsFor = async (day: number) => {
      t.resetSqlCount();
      await writeTalks(`Report ${day}`, isoDay(day));
      return t.sqlCount();
    };
    const early: number[] = [];
    for (const day of [1, 2, 3]) early.push(await statementsFor(day));
    // Every hundredth commit also trims the change log: the days measured avoid it.
    for (let day = 4; day < 301; day++) await writeTalks(`Report ${day}`, isoDay(day));
    const late: number[] = [];
    for (const day of [301, 302, 303]) late.push(await statementsFor(day));
    expect(late).toEqual([early[1], early[1], early[1]]);
    const slugs = await rawSqlOf(t.store).values("SELECT slug FROM events WHERE slug LIKE 'lisbon-talks%'");
    expect(slugs).toHaveLength(303);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(await t.store.events.freeSlug('lisbon-talks')).toBe('lisbon-talks-304');
    // A slug that only starts like a numbered variant is not one.
    expect(await t.store.events.freeSlug('lisbon')).toBe('lisbon');
  });
});
