import { afterEach, describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type TestApp, testApp } from './helpers.ts';

let t: TestApp;
afterEach(() => t.close());

/** Writes a one-sentence article that reports talks on `date`. */
function writeTalks(title: string, date: string) {
  const body = `Ministers held talks in Lisbon on ${date}.`;
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
    const events = t.store.db.prepare('SELECT slug, date FROM events ORDER BY id').all();
    expect(events).toEqual([
      { slug: 'lisbon-talks', date: '2016-03-01' },
      { slug: 'lisbon-talks-2', date: '2016-04-01' },
    ]);
  });
});
