import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticleText } from '../src/annotation/article-text.ts';
import { type Annotation, annotationSchema, type EvidenceRef } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { loadSeeds, readSeeds, SeedError } from '../src/seeds/load-seeds.ts';
import {
  cleanupTempDirs,
  copySeeds,
  type Json,
  SEED_SLUG,
  SEEDS_DIR,
  type TestApp,
  tableCountsOf,
  testApp,
} from './helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

const ANNOTATION_FILE = `annotations/${SEED_SLUG}.json`;

function readAnnotationJson(dir: string): Json {
  return JSON.parse(readFileSync(join(dir, ANNOTATION_FILE), 'utf8'));
}

function writeAnnotationJson(dir: string, annotation: Json): void {
  writeFileSync(join(dir, ANNOTATION_FILE), JSON.stringify(annotation, null, 2));
}

/** A copy of the seeds whose annotation `edit` has changed. */
function seedsWith(edit: (annotation: Json) => void): string {
  const dir = copySeeds();
  const annotation = readAnnotationJson(dir);
  edit(annotation);
  writeAnnotationJson(dir, annotation);
  return dir;
}

/** The error `work` throws or rejects with; fails the test when it throws nothing. */
async function thrownBy(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

let t: TestApp;

beforeEach(async () => {
  t = await testApp();
});

afterEach(async () => {
  await t.close();
});

afterAll(() => {
  cleanupTempDirs();
});

describe('loading the seeds', () => {
  it('changes nothing when the same seeds are loaded again', async () => {
    const before = await tableCountsOf(t.store);
    const nodes = await t.store.stats.nodeCounts();
    const summaries = await loadSeeds(t.store, SEEDS_DIR);
    expect(summaries.map((summary) => [summary.slug, summary.unchanged])).toEqual([[SEED_SLUG, true]]);
    expect(await tableCountsOf(t.store)).toEqual(before);
    expect(await t.store.stats.nodeCounts()).toEqual(nodes);
    expect(nodes.articles).toBe(1);
  });

  it('reports what a first load added', async () => {
    const empty = await testApp({ seedsDir: null });
    try {
      expect((await empty.store.stats.nodeCounts()).articles).toBe(0);
      const [summary] = await loadSeeds(empty.store, SEEDS_DIR);
      expect(summary?.unchanged).toBe(false);
      expect(summary?.slug).toBe(SEED_SLUG);
      const counts = await empty.store.stats.nodeCounts();
      expect(summary?.added.claims).toBe(counts.claims);
      expect(summary?.added.relations).toBe(counts.relations);
      expect(summary?.added.mentions).toBe(counts.mentions);
      expect(summary?.added.entities).toBe(
        counts.people + counts.countries + counts.organizations + counts.places,
      );
    } finally {
      await empty.close();
    }
  });

  it('replaces a seed whole when its annotation changes, leaving no orphan facts', async () => {
    const dir = seedsWith((annotation) => {
      annotation.claims = annotation.claims.slice(0, 5);
      annotation.relations = annotation.relations.filter(
        (relation: Json) => relation.type !== 'ALLY_OF' && relation.to !== 'middle-east',
      );
      annotation.entities = annotation.entities.filter((entity: Json) => entity.key !== 'middle-east');
      annotation.events = annotation.events.filter((event: Json) => event.key !== 'syrian-refugee-crisis');
    });
    const [summary] = await loadSeeds(t.store, dir);
    expect(summary?.unchanged).toBe(false);

    const fresh = await testApp({ seedsDir: dir });
    try {
      expect(await tableCountsOf(t.store)).toEqual(await tableCountsOf(fresh.store));
    } finally {
      await fresh.close();
    }
    const counts = await t.store.stats.nodeCounts();
    expect(counts.articles).toBe(1);
    expect(counts.claims).toBe(5);
    expect(await t.store.entities.bySlug('middle-east')).toBeUndefined();
    expect(await t.store.events.bySlug('syrian-refugee-crisis')).toBeUndefined();
    expect(await rawSqlOf(t.store).value("SELECT COUNT(*) FROM relations WHERE type = 'ALLY_OF'")).toBe(0);
  });

  it('serves the replaced annotation through the API', async () => {
    const dir = seedsWith((annotation) => {
      annotation.relations = annotation.relations.filter((relation: Json) => relation.type !== 'ALLY_OF');
    });
    await loadSeeds(t.store, dir);
    const result = await t.gql('{ relations(type: ALLY_OF) { totalCount } all: relations { totalCount } }');
    expect(result.body.data.relations.totalCount).toBe(0);
    expect(result.body.data.all.totalCount).toBe(readAnnotationJson(dir).relations.length);
  });
});

describe('a broken seed', () => {
  const broken: [string, () => string, RegExp][] = [
    [
      'a claim whose evidence is not in the article',
      () =>
        seedsWith((annotation) => {
          annotation.claims[0].evidence = 'words the article never uses';
        }),
      /claims\[0\]\.evidence: "words the article never uses" is not in the article/,
    ],
    [
      'a claim whose evidence occurs several times without an occurrence number',
      () =>
        seedsWith((annotation) => {
          annotation.claims[0].evidence = 'Cameron';
        }),
      /claims\[0\]\.evidence: "Cameron" occurs \d+ times: add "occurrence"/,
    ],
    [
      'an occurrence number beyond the occurrences of the text',
      () =>
        seedsWith((annotation) => {
          annotation.claims[1].evidence = { text: 'Cameron', occurrence: 99 };
        }),
      /claims\[1\]\.evidence: "Cameron" occurs \d+ times, not 99/,
    ],
    [
      'an office whose evidence is not in the article',
      () =>
        seedsWith((annotation) => {
          annotation.entities[0].offices[0].evidence = ['Chancellor of the Exchequer'];
        }),
      /entity "david-cameron" offices\[0\]\.evidence\[0\]: "Chancellor of the Exchequer" is not in the article/,
    ],
    [
      'a reference to an entity key the annotation does not define',
      () =>
        seedsWith((annotation) => {
          annotation.claims[2].speaker = 'nobody-at-all';
        }),
      /claims\[2\]\.speaker: no entity with key "nobody-at-all"/,
    ],
    [
      'a reference to an event key the annotation does not define',
      () =>
        seedsWith((annotation) => {
          annotation.claims[0].event = 'no-such-event';
        }),
      /claims\[0\]\.event: no event with key "no-such-event"/,
    ],
    [
      'a claim kind the format does not know',
      () =>
        seedsWith((annotation) => {
          annotation.claims[0].kind = 'GOSSIP';
        }),
      /claims(\.0|\[0\])\.kind/,
    ],
    [
      'an annotation that is not valid JSON',
      () => {
        const dir = copySeeds();
        writeFileSync(join(dir, ANNOTATION_FILE), '{ "entities": [');
        return dir;
      },
      /not valid JSON/,
    ],
  ];

  it.each(broken)(
    'with %s fails with a SeedError naming the file and the entry, writing nothing',
    async (_case, makeSeeds, entry) => {
      const dir = makeSeeds();
      const before = await tableCountsOf(t.store);
      const error = await thrownBy(() => loadSeeds(t.store, dir));
      expect(error).toBeInstanceOf(SeedError);
      const message = (error as Error).message;
      expect(message).toContain(ANNOTATION_FILE);
      expect(message).toMatch(entry);
      expect(message).not.toContain('\n');
      expect(await tableCountsOf(t.store)).toEqual(before);
    },
  );

  it.each(broken)('with %s leaves an empty database empty', async (_case, makeSeeds) => {
    const empty = await testApp({ seedsDir: null });
    try {
      const before = await tableCountsOf(empty.store);
      await expect(loadSeeds(empty.store, makeSeeds())).rejects.toThrow(SeedError);
      expect(await tableCountsOf(empty.store)).toEqual(before);
      expect(Object.values(await empty.store.stats.nodeCounts()).every((count) => count === 0)).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('stops the load before any seed is written, even seeds that are fine', async () => {
    const dir = seedsWith((annotation) => {
      annotation.claims[0].evidence = 'words the article never uses';
    });
    // A good seed that sorts before the broken one.
    const text = readFileSync(join(SEEDS_DIR, 'articles', `${SEED_SLUG}.txt`), 'utf8');
    writeFileSync(
      join(dir, 'articles', 'aaa-first.txt'),
      `A different headline\n\n${text.split('\n\n').slice(1).join('\n\n')}`,
    );
    writeFileSync(
      join(dir, 'annotations', 'aaa-first.json'),
      readFileSync(join(SEEDS_DIR, ANNOTATION_FILE), 'utf8'),
    );
    const empty = await testApp({ seedsDir: null });
    try {
      expect(() => readSeeds(join(dir))).toThrow(SeedError);
      await expect(loadSeeds(empty.store, dir)).rejects.toThrow(ANNOTATION_FILE);
      expect((await empty.store.stats.nodeCounts()).articles).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('without its annotation file fails with a SeedError naming the missing file', async () => {
    const dir = copySeeds();
    writeFileSync(join(dir, 'articles', 'unannotated.txt'), 'A headline\n\nA body of one sentence.');
    const before = await tableCountsOf(t.store);
    await expect(loadSeeds(t.store, dir)).rejects.toThrow(/annotations\/unannotated\.json: missing/);
    expect(await tableCountsOf(t.store)).toEqual(before);
  });
});

describe('the seed annotation', () => {
  it('resolves every mention, office, event, claim and relation evidence to the text it quotes', () => {
    const body = parseArticleText(readFileSync(join(SEEDS_DIR, 'articles', `${SEED_SLUG}.txt`), 'utf8')).body;
    const annotation: Annotation = annotationSchema.parse(readAnnotationJson(SEEDS_DIR));
    const resolved = resolveAnnotation(body, annotation);
    const pairs: [EvidenceRef, { start: number; end: number }][] = [];
    annotation.entities.forEach((entity, e) => {
      const resolvedEntity = resolved.entities[e];
      entity.mentions.forEach((ref, i) => {
        pairs.push([ref, resolvedEntity?.mentions[i] as { start: number; end: number }]);
      });
      entity.offices.forEach((office, o) => {
        office.evidence.forEach((ref, i) => {
          pairs.push([ref, resolvedEntity?.offices[o]?.evidence[i] as { start: number; end: number }]);
        });
      });
    });
    annotation.events.forEach((event, e) => {
      event.evidence.forEach((ref, i) => {
        pairs.push([ref, resolved.events[e]?.evidence[i] as { start: number; end: number }]);
      });
    });
    annotation.claims.forEach((claim, c) => {
      pairs.push([claim.evidence, resolved.claims[c]?.evidence as { start: number; end: number }]);
    });
    annotation.relations.forEach((relation, r) => {
      relation.evidence.forEach((ref, i) => {
        pairs.push([ref, resolved.relations[r]?.evidence[i] as { start: number; end: number }]);
      });
    });
    expect(pairs.length).toBeGreaterThan(100);
    for (const [ref, span] of pairs) {
      const text = typeof ref === 'string' ? ref : 'text' in ref ? ref.text : body.slice(ref.start, ref.end);
      expect(body.slice(span.start, span.end)).toBe(text);
    }
  });

  it('stores every evidence span inside its sentence and inside the article body', async () => {
    const rows = await rawSqlOf(t.store).all<{
      start_offset: number;
      end_offset: number;
      sentence_start: number;
      sentence_end: number;
      body: string;
    }>(
      `SELECT e.start_offset, e.end_offset, e.sentence_start, e.sentence_end, a.body
       FROM evidence e JOIN articles a ON a.id = e.article_id`,
    );
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect(row.sentence_start).toBeLessThanOrEqual(row.start_offset);
      expect(row.start_offset).toBeLessThan(row.end_offset);
      expect(row.end_offset).toBeLessThanOrEqual(row.sentence_end);
      expect(row.sentence_end).toBeLessThanOrEqual(row.body.length);
    }
  });
});
