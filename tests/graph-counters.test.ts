import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../src/corpus/generate.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { deleteArticleGraph, mergeEntityGraph } from '../src/store/graph-edits.ts';
import type { Store } from '../src/store/index.ts';
import { cleanupTempDirs, copySeeds, type Json, SEED_SLUG, type TestApp, testApp } from './helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

afterAll(() => cleanupTempDirs());

/** What the writer's counters should say, counted from the rows themselves. */
async function recount(store: Store) {
  const raw = rawSqlOf(store);
  const entities = await raw.all(
    `SELECT e.id,
       (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mention_count,
       (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) AS article_count,
       (SELECT COUNT(*) FROM claims c WHERE c.speaker_id = e.id) AS claims_made_count,
       (SELECT COUNT(*) FROM claim_subjects s WHERE s.entity_id = e.id) AS claims_about_count,
       (SELECT COUNT(DISTINCT p.event_id) FROM event_participants p WHERE p.entity_id = e.id) AS event_count
     FROM entities e ORDER BY e.id`,
  );
  const totals = await raw.get(
    `SELECT
       (SELECT COUNT(*) FROM articles) AS articles,
       (SELECT COUNT(*) FROM entities WHERE kind = 'PERSON') AS people,
       (SELECT COUNT(*) FROM entities WHERE kind = 'COUNTRY') AS countries,
       (SELECT COUNT(*) FROM entities WHERE kind = 'ORGANIZATION') AS organizations,
       (SELECT COUNT(*) FROM entities WHERE kind = 'PLACE') AS places,
       (SELECT COUNT(*) FROM events) AS events,
       (SELECT COUNT(*) FROM claims) AS claims,
       (SELECT COUNT(*) FROM relations) AS relations,
       (SELECT COUNT(*) FROM mentions) AS mentions`,
  );
  const claimDays = await raw.all(
    `SELECT c.id, COALESCE(ev.date, SUBSTR(a.published_at, 1, 10)) AS day
     FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN events ev ON ev.id = c.event_id
     ORDER BY c.id`,
  );
  // Neighbours: every article, sentence and fact (once per article that states it) linking two entities.
  const neighbors = await raw.all(
    `SELECT entity_id, other_id, COUNT(DISTINCT article_id) AS article_count,
       COUNT(DISTINCT article_id || ':' || sentence_start) AS sentence_count,
       COUNT(DISTINCT CASE WHEN kind <> 'CO_MENTION' THEN article_id || ':' || kind || ':' || ref_id END)
         AS fact_count
     FROM entity_links GROUP BY entity_id, other_id ORDER BY entity_id, other_id`,
  );
  // Timeline days: an event's date, else its earliest article's day; a claim subject's, its claim's day.
  const timelineDays = {
    participants: await raw.all(
      `SELECT p.event_id, p.entity_id, p.role, COALESCE(e.date, (
         SELECT MIN(SUBSTR(a.published_at, 1, 10)) FROM event_evidence ee
         JOIN evidence ev ON ev.id = ee.evidence_id JOIN articles a ON a.id = ev.article_id
         WHERE ee.event_id = e.id)) AS day
       FROM event_participants p JOIN events e ON e.id = p.event_id
       ORDER BY p.event_id, p.entity_id, p.role`,
    ),
    subjects: await raw.all(
      `SELECT s.claim_id, s.entity_id, c.day FROM claim_subjects s JOIN claims c ON c.id = s.claim_id
       ORDER BY s.claim_id, s.entity_id`,
    ),
  };
  return { entities, totals, claimDays, neighbors, timelineDays };
}

/** The counters as the writer kept them. */
async function kept(store: Store) {
  const raw = rawSqlOf(store);
  const entities = await raw.all(
    `SELECT id, mention_count, article_count, claims_made_count, claims_about_count, event_count
     FROM entities ORDER BY id`,
  );
  const claimDays = await raw.all('SELECT id, day FROM claims ORDER BY id');
  const neighbors = await raw.all(
    `SELECT entity_id, other_id, article_count, sentence_count, fact_count FROM entity_neighbors
     ORDER BY entity_id, other_id`,
  );
  const timelineDays = {
    participants: await raw.all(
      'SELECT event_id, entity_id, role, day FROM event_participants ORDER BY event_id, entity_id, role',
    ),
    subjects: await raw.all(
      'SELECT claim_id, entity_id, day FROM claim_subjects ORDER BY claim_id, entity_id',
    ),
  };
  return { entities, totals: await store.stats.nodeCounts(), claimDays, neighbors, timelineDays };
}

async function expectCountersTrue(store: Store): Promise<void> {
  expect(await kept(store)).toEqual(await recount(store));
}

describe('the counters the graph writer keeps', () => {
  let t: TestApp;
  let store: Store;
  beforeAll(async () => {
    t = await testApp({ seedsDir: null });
    store = t.store;
    await generateCorpus(store, { articles: 80, seed: 3, batchSize: 100 });
  });
  afterAll(() => t.close());

  it('equal a recount after a bulk ingest', async () => {
    expect((await store.stats.nodeCounts()).articles).toBe(80);
    expect((await store.stats.nodeCounts()).mentions).toBeGreaterThan(0);
    await expectCountersTrue(store);
  });

  it('equal a recount after articles are deleted, with the facts and entities only they supported', async () => {
    const busiest = await rawSqlOf(store).values<number>(
      'SELECT article_id FROM mentions GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT 3',
    );
    for (const id of busiest) expect(await deleteArticleGraph(store, id)).toBe(true);
    expect((await store.stats.nodeCounts()).articles).toBe(77);
    await expectCountersTrue(store);
  });

  it('equal a recount after two entities that share articles, claims and events are merged', async () => {
    // Two people mentioned in one article: the merge folds mentions of one article into one entity.
    const pair = (await rawSqlOf(store).get(
      `SELECT a.entity_id AS keep, b.entity_id AS remove FROM mentions a
       JOIN mentions b ON b.article_id = a.article_id AND b.entity_id > a.entity_id
       JOIN entities ea ON ea.id = a.entity_id AND ea.kind = 'PERSON'
       JOIN entities eb ON eb.id = b.entity_id AND eb.kind = 'PERSON'
       ORDER BY eb.claims_made_count + eb.event_count DESC, a.entity_id, b.entity_id LIMIT 1`,
    )) as { keep: number; remove: number };
    const before = (await kept(store)).totals;
    await mergeEntityGraph(store, pair.keep, pair.remove);
    expect((await store.stats.nodeCounts()).people).toBe(before.people - 1);
    await expectCountersTrue(store);
  });

  it('equal a recount after places are merged into each other', async () => {
    const places = await rawSqlOf(store).values<number>(
      "SELECT id FROM entities WHERE kind = 'PLACE' ORDER BY mention_count DESC, id LIMIT 2",
    );
    await mergeEntityGraph(store, places[0] as number, places[1] as number);
    await expectCountersTrue(store);
  });
});

describe('the counters after re-ingest and extraction', () => {
  it('equal a recount when an edited seed replaces the article it was', async () => {
    const t = await testApp();
    try {
      await expectCountersTrue(t.store);
      const dir = copySeeds();
      const file = join(dir, 'annotations', `${SEED_SLUG}.json`);
      const annotation = JSON.parse(readFileSync(file, 'utf8')) as Json;
      annotation.claims = annotation.claims.slice(0, 3);
      annotation.entities = annotation.entities.filter((entity: Json) => entity.key !== 'middle-east');
      annotation.relations = annotation.relations.filter((relation: Json) => relation.to !== 'middle-east');
      writeFileSync(file, JSON.stringify(annotation, null, 2));
      await loadSeeds(t.store, dir);
      expect((await t.store.stats.nodeCounts()).claims).toBe(3);
      await expectCountersTrue(t.store);
    } finally {
      await t.close();
    }
  });

  it('equal a recount after an extracted article and its deletion', async () => {
    const t = await testApp();
    try {
      const summary = await ingestArticle(t.store, {
        title: 'Leaders meet in Paris',
        body:
          'President Emmanuel Macron of France met Chancellor Angela Merkel of Germany in Paris on Monday. ' +
          '"We will work together," Macron said. Merkel said Germany supports France.',
        publishedAt: '2016-03-01',
      });
      await expectCountersTrue(t.store);
      await deleteArticleGraph(t.store, summary.articleId);
      await expectCountersTrue(t.store);
    } finally {
      await t.close();
    }
  });
});
