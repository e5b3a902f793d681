import { afterEach, describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type TestApp, testApp } from './helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

let t: TestApp;
afterEach(() => t.close());

const SURNAMES = ['Berg', 'Lund', 'Holm', 'Dahl', 'Strand', 'Vik', 'Moe', 'Aas', 'Bakke', 'Eide'];
/** An invented person for each number: "Kari Berg", "Kari Lund"… then "Kari Bergb"… */
const personName = (i: number) =>
  `Kari ${SURNAMES[i % 10]}${i >= 10 ? String.fromCharCode(97 + Math.floor(i / 10)) : ''}`;

/** An article in which `people` attend the one summit it reports, each named in a sentence of their own. */
function writeSummit(title: string, people: number[]) {
  const sentences = people.map((i) => `${personName(i)} attended the Harbour summit.`);
  const body = sentences.join(' ');
  // Spans, not quoted text: each name and each "the Harbour summit" is at its own sentence's offset.
  const starts = sentences.map((_, k) => sentences.slice(0, k).reduce((n, s) => n + s.length + 1, 0));
  const span = (k: number, from: number, length: number) => ({
    start: (starts[k] as number) + from,
    end: (starts[k] as number) + from + length,
  });
  const annotation = annotationSchema.parse({
    entities: people.map((i, k) => ({
      key: `p${i}`,
      kind: 'PERSON',
      name: personName(i),
      slug: `person-${i}`,
      mentions: [span(k, 0, personName(i).length)],
    })),
    events: [
      {
        key: 'summit',
        slug: 'harbour-summit',
        name: 'Harbour summit',
        kind: 'SUMMIT',
        participants: people.map((i) => ({ entity: `p${i}` })),
        evidence: people.map((i, k) =>
          span(k, personName(i).length + ' attended '.length, 'the Harbour summit'.length),
        ),
      },
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

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function sharedEventPairs(): Promise<number | undefined> {
  return rawSqlOf(t.store).value<number>('SELECT COUNT(*) FROM entity_neighbors WHERE event_articles > 0');
}

/** The kept neighbour totals and a recount from the links view agree. */
async function expectNeighborsTrue(): Promise<void> {
  const raw = rawSqlOf(t.store);
  const recount = await raw.all(
    `SELECT entity_id, other_id, COUNT(DISTINCT article_id) AS articles,
            COUNT(DISTINCT article_id || ':' || sentence_start) AS sentences
     FROM entity_links GROUP BY entity_id, other_id ORDER BY entity_id, other_id`,
  );
  const kept = await raw.all(
    `SELECT entity_id, other_id, article_count AS articles, sentence_count AS sentences
     FROM entity_neighbors ORDER BY entity_id, other_id`,
  );
  expect(kept).toEqual(recount);
  const counts = await raw.all<{ kept: number; counted: number }>(
    `SELECT e.participant_count AS kept, (SELECT COUNT(*) FROM event_participants p WHERE p.event_id = e.id) AS counted
     FROM events e`,
  );
  for (const c of counts) expect(c.kept).toBe(c.counted);
}

describe('links through a shared event', () => {
  it('pair the participants of a small event', async () => {
    t = await testApp({ seedsDir: null });
    await writeSummit('Small summit', range(0, 5));
    expect(await sharedEventPairs()).toBe(5 * 4);
    await expectNeighborsTrue();
  });

  it('are not formed for an event of more than 30 participants: the rows stay linear in its size', async () => {
    t = await testApp({ seedsDir: null });
    await writeSummit('Large summit', range(0, 120));
    expect(await sharedEventPairs()).toBe(0);
    // Each person is named in a sentence alone: nothing else links them.
    const rows = await rawSqlOf(t.store).value('SELECT COUNT(*) FROM entity_neighbor_articles');
    expect(rows).toBe(0);
    await expectNeighborsTrue();
  });

  it('follow the event as another article adds participants, and as it passes the bound', async () => {
    t = await testApp({ seedsDir: null });
    await writeSummit('First report', range(0, 3));
    await writeSummit('Second report', range(3, 6));
    // The first report's pairs now include the people the second one added.
    expect(await sharedEventPairs()).toBe(6 * 5);
    await expectNeighborsTrue();
    await writeSummit('Third report', range(6, 40));
    expect(await sharedEventPairs()).toBe(0);
    await expectNeighborsTrue();
  });
});
