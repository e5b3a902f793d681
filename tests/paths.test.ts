import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import type { Store } from '../src/store/index.ts';
import { MAX_PATH_REACHED, MAX_PATH_ROWS } from '../src/store/paths.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type GqlBody, globalId, type QueryTestApp, queryTestApp } from './query-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: responses are read field by field
type Json = any;
const ok = (body: GqlBody) => {
  expect(body.errors).toBeUndefined();
  return body.data;
};

const PATH = `query($from: ID!, $to: ID!, $maxHops: Int, $via: [LinkKind!]) {
  path(from: $from, to: $to, maxHops: $maxHops, via: $via) {
    length
    from { slug }
    to { slug }
    entities { slug }
    steps {
      kind
      from { slug }
      to { slug }
      relation { type from { slug } to { slug } }
      event { slug }
      claim { text speaker { slug } about { slug } }
      evidence { text sentence article { slug } }
    }
  }
}`;

async function idOf(t: QueryTestApp, slug: string): Promise<string> {
  return ok((await t.gql('query($slug: String!) { entity(slug: $slug) { id } }', { slug })).body).entity.id;
}

/** Checks that the steps chain from one end to the other and that each carries its evidence. */
function expectChain(path: Json, from: string, to: string) {
  expect(path.from.slug).toBe(from);
  expect(path.to.slug).toBe(to);
  expect(path.steps).toHaveLength(path.length);
  expect(path.entities.map((e: Json) => e.slug)).toEqual([from, ...path.steps.map((s: Json) => s.to.slug)]);
  path.steps.forEach((step: Json, i: number) => {
    expect(step.from.slug).toBe(path.entities[i].slug);
    expect(step.evidence.length).toBeGreaterThan(0);
    for (const evidence of step.evidence) expect(evidence.sentence).toContain(evidence.text);
  });
}

describe('path', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  it('connects Cameron and Assad in one step: a sentence names both', async () => {
    const vars = { from: await idOf(t, 'david-cameron'), to: await idOf(t, 'bashar-al-assad') };
    const path = ok((await t.gql(PATH, vars)).body).path;
    expectChain(path, 'david-cameron', 'bashar-al-assad');
    expect(path.length).toBe(1);
    expect(path.steps[0].kind).toBe('CO_MENTION');
    expect(path.steps[0].evidence[0].sentence).toContain('Bashar Assad');
  });

  it('uses only the kinds of link asked for, and says which fact each step is', async () => {
    const vars = {
      from: await idOf(t, 'david-cameron'),
      to: await idOf(t, 'bashar-al-assad'),
      via: ['RELATION', 'CLAIM', 'SHARED_EVENT'],
    };
    const path = ok((await t.gql(PATH, vars)).body).path;
    expectChain(path, 'david-cameron', 'bashar-al-assad');
    expect(path.steps.map((s: Json) => s.kind)).toEqual(['CLAIM', 'RELATION']);
    expect(path.steps[0].claim.speaker.slug).toBe('david-cameron');
    expect(path.steps[1].relation).toEqual({
      type: 'ALLY_OF',
      from: { slug: 'bashar-al-assad' },
      to: { slug: 'russia' },
    });
    expect(path.steps[1].evidence[0].text).toBe('a close Moscow ally');
  });

  it('crosses articles: from an invented executive to Cameron through a shared event and two claims', async () => {
    const vars = { from: await idOf(t, 'tomas-berg'), to: await idOf(t, 'david-cameron') };
    const path = ok((await t.gql(PATH, vars)).body).path;
    expectChain(path, 'tomas-berg', 'david-cameron');
    expect(path.steps.map((s: Json) => s.kind)).toEqual(['SHARED_EVENT', 'CLAIM', 'CLAIM']);
    expect(new Set(path.steps.flatMap((s: Json) => s.evidence.map((e: Json) => e.article.slug))).size).toBe(
      3,
    );
  });

  it('is null when no chain is short enough or none uses the kinds allowed', async () => {
    const from = await idOf(t, 'tomas-berg');
    const to = await idOf(t, 'david-cameron');
    expect(ok((await t.gql(PATH, { from, to, maxHops: 2 })).body).path).toBeNull();
    expect(ok((await t.gql(PATH, { from, to, via: ['RELATION'] })).body).path).toBeNull();
  });

  it('is an empty path from an entity to itself', async () => {
    const id = await idOf(t, 'syria');
    const path = ok((await t.gql(PATH, { from: id, to: id })).body).path;
    expect(path).toMatchObject({ length: 0, steps: [], entities: [{ slug: 'syria' }] });
  });

  it('refuses bad hops and ids with typed errors', async () => {
    const id = await idOf(t, 'syria');
    const cases: [Record<string, unknown>, string][] = [
      [{ from: id, to: id, maxHops: 7 }, 'QUERY_TOO_COMPLEX'],
      [{ from: id, to: id, maxHops: 0 }, 'BAD_USER_INPUT'],
      [{ from: 'nonsense', to: id }, 'BAD_USER_INPUT'],
      [{ from: globalId('Event', 1), to: id }, 'BAD_USER_INPUT'],
      [{ from: globalId('Person', 99999), to: id }, 'NOT_FOUND'],
    ];
    for (const [vars, code] of cases) {
      const { status, body } = await t.gql(PATH, vars);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('runs one statement per hop plus a few batched loads, however large the graph', async () => {
    const seedOnly = await queryTestApp({ fixtures: [] });
    try {
      const query = async (app: QueryTestApp) =>
        app.gql(PATH, {
          from: await idOf(app, 'david-cameron'),
          to: await idOf(app, 'bashar-al-assad'),
          via: ['RELATION', 'CLAIM'],
        });
      const small = await query(seedOnly);
      const large = await query(t);
      expect(ok(large.body).path.length).toBe(2);
      expect(large.statements).toBe(small.statements);
      // Two entity lookups, at most two hops, the fact of each of the two steps, then entities, relation,
      // claim, their evidence, its text and its articles.
      expect(large.statements).toBeLessThanOrEqual(15);
    } finally {
      await seedOnly.close();
    }
  });
});

/** An article of one sentence per list of names, each naming its people: "A, B, C met." */
async function writeMeetings(store: Store, title: string, meetings: string[][]) {
  const entities = new Map<string, Json>();
  let body = '';
  for (const names of meetings) {
    if (body) body += ' ';
    names.forEach((name, i) => {
      if (i) body += ', ';
      const key = name.toLowerCase().replaceAll(' ', '-');
      if (!entities.has(key)) entities.set(key, { key, kind: 'PERSON', name, mentions: [] });
      entities.get(key).mentions.push({ start: body.length, end: body.length + name.length });
      body += name;
    });
    body += ' met.';
  }
  const annotation = annotationSchema.parse({ entities: [...entities.values()] });
  await writeArticleGraph(
    store,
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

/** A name part from a number: 1 → "Ab", 2 → "Ac"… */
function lettersOf(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor(k / 26)) letters += String.fromCharCode(97 + (k % 26));
  return `A${letters}`;
}

/** An article in which one hub entity is named in a sentence with each of `spokes` other entities. */
async function writeHub(store: Store, spokes: number) {
  await writeMeetings(
    store,
    'Hub',
    Array.from({ length: spokes }, (_, i) => ['Hub Person', `Spoke Number ${i + 1}`]),
  );
}

describe('path through a crowd that shares its links', () => {
  let t: QueryTestApp;
  // A start linked to a first crowd, all of whom are linked to each of a second crowd: the hop from the
  // first crowd reads one link per pair, far more links than entities. The end has a crowd of its own,
  // larger, so that the search expands from the first crowd.
  const crowd = Math.ceil(Math.sqrt(MAX_PATH_ROWS)) + 10;
  beforeAll(async () => {
    t = await queryTestApp({ fixtures: [] });
    const first = Array.from({ length: crowd }, (_, i) => `Delegate Number ${i + 1}`);
    const second = Array.from({ length: crowd }, (_, i) => `Observer Number ${i + 1}`);
    await writeMeetings(t.store, 'Crowds', [
      ['Lone Starter', ...first],
      [...first, ...second],
    ]);
    // Names of other words: a second article of "X Number N" lists would be a near copy of the first.
    const onlookers = Array.from({ length: crowd + 50 }, (_, i) => [
      'Far Ender',
      `Onlooker ${lettersOf(i + 1)}`,
    ]);
    await writeMeetings(t.store, 'Onlookers', onlookers);
  });
  afterAll(() => t.close());

  it('stops at the bound on links read, with QUERY_TOO_COMPLEX', async () => {
    const vars = { from: await idOf(t, 'lone-starter'), to: await idOf(t, 'far-ender'), maxHops: 4 };
    const { status, body } = await t.gql(PATH, vars);
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toContain('links');
  });
});

describe('path on a graph with a hub', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp({ fixtures: [] });
    await writeHub(t.store, MAX_PATH_REACHED + 100);
    // One article naming five thousand people: on PostgreSQL each of its statements is a round trip.
  }, 120_000);
  afterAll(() => t.close());

  it('still finds a short path through the hub in a bounded number of statements', async () => {
    const vars = { from: await idOf(t, 'spoke-number-1'), to: await idOf(t, 'spoke-number-2') };
    const { body, statements } = await t.gql(PATH, vars);
    expect(ok(body).path.entities.map((e: Json) => e.slug)).toEqual([
      'spoke-number-1',
      'hub-person',
      'spoke-number-2',
    ]);
    expect(statements).toBeLessThanOrEqual(12);
  });

  it('cuts off a search that would reach too many entities with QUERY_TOO_COMPLEX', async () => {
    const vars = { from: await idOf(t, 'spoke-number-1'), to: await idOf(t, 'david-cameron'), maxHops: 6 };
    const started = Date.now();
    const { status, body } = await t.gql(PATH, vars);
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toContain('lower maxHops');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
