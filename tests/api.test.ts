import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOperations } from '../src/operations.ts';
import { createApp } from '../src/server.ts';
import {
  errorCodes,
  type GqlResult,
  globalId,
  type Json,
  OPERATIONS_DIR,
  SEED_SLUG,
  type TestApp,
  testApp,
} from './helpers.ts';

let t: TestApp;

beforeEach(async () => {
  t = await testApp();
});

afterEach(async () => {
  await t.close();
});

/** The data of an answer that must have succeeded. */
function dataOf(result: GqlResult): Json {
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  expect(result.status).toBe(200);
  return result.body.data;
}

async function query(source: string, variables?: Record<string, unknown>): Promise<Json> {
  return dataOf(await t.gql(source, variables));
}

/** Checks an Evidence object against the body of its article: the span, the sentence and their offsets. */
function expectEvidenceInBody(evidence: Json, body: string): void {
  expect(body.slice(evidence.start, evidence.end)).toBe(evidence.text);
  expect(evidence.text.length).toBeGreaterThan(0);
  expect(evidence.sentence).toContain(evidence.text);
  // Headlines and captions stand on lines of their own: a sentence never runs across a line break.
  expect(evidence.sentence).not.toContain('\n');
  if (evidence.sentenceStart !== undefined) {
    expect(body.slice(evidence.sentenceStart, evidence.sentenceStart + evidence.sentence.length)).toBe(
      evidence.sentence,
    );
    expect(evidence.sentenceStart).toBeLessThanOrEqual(evidence.start);
  }
}

async function idOf(source: string): Promise<string> {
  const data = await query(`{ x: ${source} { id } }`);
  expect(typeof data.x?.id).toBe('string');
  return data.x.id;
}

describe('the seed graph', () => {
  it('lists every seeded country with its ISO code', async () => {
    const data = await query('{ countries(first: 50) { totalCount edges { node { code name } } } }');
    const codes = data.countries.edges.map((edge: Json) => edge.node.code);
    expect(codes).toEqual(expect.arrayContaining(['GB', 'RU', 'SY', 'TR', 'US']));
    expect(data.countries.totalCount).toBe(codes.length);
    expect(data.countries.totalCount).toBe((await t.store.stats.nodeCounts()).countries);
  });

  it('lists the leaders with the offices they hold and the country of each office', async () => {
    const data = await query(
      '{ leaders(first: 50) { edges { node { name offices { title country { code } } } } } }',
    );
    const offices = new Map<string, string[]>(
      data.leaders.edges.map((edge: Json) => [
        edge.node.name,
        edge.node.offices.map((office: Json) => `${office.title} (${office.country?.code})`),
      ]),
    );
    expect(offices.get('David Cameron')).toEqual(['Prime Minister of the United Kingdom (GB)']);
    expect(offices.get('Vladimir Putin')).toEqual(['President of Russia (RU)']);
    expect(offices.get('Barack Obama')).toEqual(['President of the United States (US)']);
    expect(offices.get('Bashar al-Assad')).toEqual(['President of Syria (SY)']);
  });

  it('filters leaders by the ISO code of the country of their office, in any case', async () => {
    const data = await query(
      '{ gb: leaders(country: "GB") { edges { node { name } } } ru: leaders(country: "ru") { edges { node { name } } } }',
    );
    expect(data.gb.edges.map((edge: Json) => edge.node.name)).toEqual(['David Cameron']);
    expect(data.ru.edges.map((edge: Json) => edge.node.name)).toEqual(['Vladimir Putin']);
  });

  it("gives a person's claims with evidence that is an exact span of the article body", async () => {
    const data = await query(`{
      person(slug: "david-cameron") {
        name
        claimsBy(first: 50) {
          totalCount
          edges { node { text speaker { slug } evidence { text start end sentence sentenceStart article { body } } } }
        }
      }
    }`);
    const claims = data.person.claimsBy.edges.map((edge: Json) => edge.node);
    expect(claims.length).toBeGreaterThanOrEqual(8);
    expect(data.person.claimsBy.totalCount).toBe(claims.length);
    for (const claim of claims) {
      expect(claim.speaker.slug).toBe('david-cameron');
      expectEvidenceInBody(claim.evidence, claim.evidence.article.body);
    }
  });

  it('keeps every evidence span anywhere in the graph equal to its slice of the article body', async () => {
    const data = await query(`
      fragment E on Evidence { text start end sentence sentenceStart article { slug } }
      {
        article(slug: "${SEED_SLUG}") {
          body
          mentions(first: 100) { totalCount edges { node { entity { slug } evidence { ...E } } } }
        }
        claims(first: 100) { totalCount edges { node { evidence { ...E } } } }
        relations(first: 100) { totalCount edges { node { evidence { ...E } } } }
        events(first: 100) { totalCount edges { node { evidence { ...E } } } }
        leaders(first: 100) { edges { node { offices { evidence { ...E } } } } }
      }`);
    const body: string = data.article.body;
    const mentions = data.article.mentions.edges.map((edge: Json) => edge.node.evidence);
    expect(mentions.length).toBe(data.article.mentions.totalCount);
    expect(mentions.length).toBe((await t.store.stats.nodeCounts()).mentions);
    const all: Json[] = [
      ...mentions,
      ...data.claims.edges.map((edge: Json) => edge.node.evidence),
      ...data.relations.edges.flatMap((edge: Json) => edge.node.evidence),
      ...data.events.edges.flatMap((edge: Json) => edge.node.evidence),
      ...data.leaders.edges.flatMap((edge: Json) =>
        edge.node.offices.flatMap((office: Json) => office.evidence),
      ),
    ];
    expect(data.claims.edges).toHaveLength(data.claims.totalCount);
    expect(data.relations.edges).toHaveLength(data.relations.totalCount);
    expect(data.events.edges).toHaveLength(data.events.totalCount);
    expect(all.length).toBeGreaterThan(100);
    for (const evidence of all) {
      expect(evidence.article.slug).toBe(SEED_SLUG);
      expectEvidenceInBody(evidence, body);
    }
  });

  it('gives the mentions of an article in order of appearance', async () => {
    const data = await query(
      `{ article(slug: "${SEED_SLUG}") { mentions(first: 100) { edges { node { evidence { start } } } } } }`,
    );
    const starts: number[] = data.article.mentions.edges.map((edge: Json) => edge.node.evidence.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('global ids', () => {
  const nodesOfEachType: [string, string][] = [
    ['Article', `article(slug: "${SEED_SLUG}")`],
    ['Person', 'person(slug: "david-cameron")'],
    ['Country', 'country(code: "GB")'],
    ['Organization', 'entity(slug: "g20")'],
    ['Place', 'entity(slug: "antalya")'],
    ['Event', 'event(slug: "g20-antalya-summit-2015")'],
  ];

  it.each(nodesOfEachType)('round-trips the global id of %s nodes through node', async (typename, lookup) => {
    const id = await idOf(lookup);
    const data = await query('query($id: ID!) { node(id: $id) { __typename id } }', { id });
    expect(data.node).toEqual({ __typename: typename, id });
  });

  it('round-trips the global id of Claim nodes through node', async () => {
    const data = await query('{ claims(first: 1) { edges { node { id text } } } }');
    const claim = data.claims.edges[0].node;
    const found = await query('query($id: ID!) { node(id: $id) { __typename id ... on Claim { text } } }', {
      id: claim.id,
    });
    expect(found.node).toEqual({ __typename: 'Claim', id: claim.id, text: claim.text });
  });

  it('returns nodes in the order of the ids asked for, with null for an id that matches nothing', async () => {
    const ids = await Promise.all(nodesOfEachType.map(([, lookup]) => idOf(lookup)));
    const missing = globalId('Person', 999_999);
    const asked = [...ids].reverse();
    asked.splice(2, 0, missing);
    const data = await query('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: asked });
    expect(data.nodes.map((node: Json) => node?.id ?? null)).toEqual(
      asked.map((id) => (id === missing ? null : id)),
    );
    expect(data.nodes[0].__typename).toBe('Event');
  });

  it('answers null for a well-formed id of a node that does not exist', async () => {
    const data = await query('query($id: ID!) { node(id: $id) { id } }', { id: globalId('Person', 999_999) });
    expect(data.node).toBeNull();
  });

  it('answers null for the id of a country asked for as a person', async () => {
    const countryId = await idOf('country(code: "RU")');
    const rowId = Buffer.from(countryId, 'base64').toString('utf8').split(':')[1];
    expect(rowId).toMatch(/^\d+$/);
    const data = await query('query($id: ID!) { node(id: $id) { id } }', {
      id: globalId('Person', rowId as string),
    });
    expect(data.node).toBeNull();
  });

  it.each([
    ['text that is not base64 of anything', 'not an id'],
    ['an empty string', ''],
    ['a type without a number', globalId('Person', 'abc')],
  ])('refuses %s as an id with BAD_USER_INPUT', async (_case, id) => {
    const result = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id });
    expect(result.status).toBe(200);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('not a valid id');
    expect(result.body.data?.node).toBeNull();
  });

  it.each([
    ['a type the API does not have', 'Widget'],
    ['a type that has no global id', 'Evidence'],
  ])('answers an id naming %s with null or BAD_USER_INPUT, never an uncoded error', async (_case, type) => {
    const result = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: globalId(type, 1) });
    expect(result.status).toBe(200);
    expect(result.body.data?.node).toBeNull();
    for (const code of errorCodes(result)) expect(code).toBe('BAD_USER_INPUT');
  });

  it('names the field a resolver error came from in its path', async () => {
    const result = await t.gql('{ node(id: "not an id") { id } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.path).toEqual(['node']);
  });

  it('refuses the id of a claim where the id of an entity is expected', async () => {
    const data = await query('{ claims(first: 1) { edges { node { id } } } }');
    const result = await t.gql('query($id: ID) { claims(speaker: $id) { totalCount } }', {
      id: data.claims.edges[0].node.id,
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('speaker');
  });
});

describe('pagination arguments', () => {
  it.each([-1, 101, 1000])('refuses first: %i with BAD_USER_INPUT', async (first) => {
    const result = await t.gql('query($first: Int) { entities(first: $first) { totalCount } }', { first });
    expect(result.status).toBe(200);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain(`"first" must be between 0 and 100, got ${first}`);
  });

  it('refuses a page size out of range on a nested connection too', async () => {
    const result = await t.gql('{ person(slug: "david-cameron") { claimsBy(first: 1000) { totalCount } } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts first: 0 and first: 100', async () => {
    const data = await query(
      '{ none: entities(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } all: entities(first: 100) { edges { cursor } } }',
    );
    expect(data.none.edges).toEqual([]);
    expect(data.none.pageInfo.hasNextPage).toBe(true);
    expect(data.all.edges).toHaveLength(data.none.totalCount);
  });

  it.each([
    ['text that is not base64 of a cursor', 'zzz'],
    ['a global id', globalId('Person', 1)],
    ['a negative position', Buffer.from('cursor:-5').toString('base64')],
  ])('refuses %s as an after cursor with BAD_USER_INPUT', async (_case, after) => {
    const result = await t.gql('query($after: String) { entities(after: $after) { totalCount } }', { after });
    expect(result.status).toBe(200);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('is not a cursor');
  });

  it('visits every entity exactly once when paging with endCursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let page = 0; page < 50; page++) {
      const data: Json = await query(
        `query($after: String) {
          entities(first: 5, after: $after) {
            totalCount
            edges { cursor node { id } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }`,
        { after },
      );
      const { edges, pageInfo } = data.entities;
      totalCount = data.entities.totalCount;
      expect(edges.length).toBeLessThanOrEqual(5);
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      seen.push(...edges.map((edge: Json) => edge.node.id));
      if (!pageInfo.hasNextPage) break;
      expect(edges).toHaveLength(5);
      after = pageInfo.endCursor;
    }
    const counts = await t.store.stats.nodeCounts();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(totalCount);
    expect(totalCount).toBe(counts.people + counts.countries + counts.organizations + counts.places);
  });
});

describe('lookups by code and slug', () => {
  it('refuses a country code that is not ISO 3166-1 alpha-2 with BAD_USER_INPUT', async () => {
    const result = await t.gql('{ country(code: "XX") { name } }');
    expect(result.status).toBe(200);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('"XX"');
  });

  it('refuses leaders of a country code that is not ISO 3166-1 alpha-2 with BAD_USER_INPUT', async () => {
    const result = await t.gql('{ leaders(country: "ZZ") { totalCount } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('"ZZ"');
  });

  it('answers null for a valid country code the graph does not hold', async () => {
    const data = await query('{ country(code: "JP") { name } }');
    expect(data.country).toBeNull();
  });

  it('finds a country by its code in any case, and by the common code UK', async () => {
    const data = await query('{ a: country(code: "gb") { name code } b: country(code: "UK") { name code } }');
    expect(data.a).toEqual({ name: 'United Kingdom', code: 'GB' });
    expect(data.b).toEqual({ name: 'United Kingdom', code: 'GB' });
  });

  it('answers null for slugs that match nothing', async () => {
    const data = await query(`{
      person(slug: "nobody") { id }
      entity(slug: "nothing") { id }
      event(slug: "never-happened") { id }
      article(slug: "unwritten") { id }
    }`);
    expect(data).toEqual({ person: null, entity: null, event: null, article: null });
  });

  it('answers null when a person is asked for by the slug of another kind of entity', async () => {
    const data = await query('{ person(slug: "russia") { id } entity(slug: "russia") { __typename } }');
    expect(data.person).toBeNull();
    expect(data.entity).toEqual({ __typename: 'Country' });
  });
});

describe('filters', () => {
  it('finds David Cameron by part of his name in any case', async () => {
    const data = await query(
      '{ lower: entities(name: "cameron") { edges { node { name } } } upper: entities(name: "CAMERON") { edges { node { name } } } }',
    );
    expect(data.lower.edges.map((edge: Json) => edge.node.name)).toEqual(['David Cameron']);
    expect(data.upper).toEqual(data.lower);
  });

  it('matches entities by alias as well as by name', async () => {
    const data = await query('{ entities(name: "britain") { edges { node { name } } } }');
    expect(data.entities.edges.map((edge: Json) => edge.node.name)).toEqual(['United Kingdom']);
  });

  it('gives only places when asked for entities of kind PLACE', async () => {
    const data = await query(
      '{ entities(kind: PLACE, first: 100) { totalCount edges { node { __typename kind name } } } }',
    );
    const nodes = data.entities.edges.map((edge: Json) => edge.node);
    expect(nodes.length).toBe((await t.store.stats.nodeCounts()).places);
    expect(data.entities.totalCount).toBe(nodes.length);
    for (const node of nodes) expect(node).toMatchObject({ __typename: 'Place', kind: 'PLACE' });
    expect(nodes.map((node: Json) => node.name)).toEqual(
      expect.arrayContaining(['Antalya', 'Paris', 'London']),
    );
  });

  it('gives only summits when asked for events of kind SUMMIT', async () => {
    const data = await query('{ events(kind: SUMMIT) { totalCount edges { node { kind slug } } } }');
    expect(data.events.edges.map((edge: Json) => edge.node)).toEqual([
      { kind: 'SUMMIT', slug: 'g20-antalya-summit-2015' },
    ]);
    expect(data.events.totalCount).toBe(1);
  });

  it('gives the events whose days overlap an inclusive date range', async () => {
    const data = await query(
      '{ events(from: "2015-11-16", to: "2015-11-16") { edges { node { slug kind date endDate } } } }',
    );
    const nodes = data.events.edges.map((edge: Json) => edge.node);
    expect(nodes.map((node: Json) => node.kind).sort()).toEqual(['PRESS_CONFERENCE', 'SUMMIT']);
    for (const node of nodes) {
      expect(node.date <= '2015-11-16').toBe(true);
      expect((node.endDate ?? node.date) >= '2015-11-16').toBe(true);
    }
    const earlier = await query(
      '{ events(from: "2015-11-13", to: "2015-11-13") { edges { node { slug } } } }',
    );
    expect(earlier.events.edges.map((edge: Json) => edge.node.slug)).toEqual(['november-2015-paris-attacks']);
  });

  it('gives the events in which an entity took part', async () => {
    const russia = await idOf('country(code: "RU")');
    const data = await query(
      'query($id: ID) { events(participant: $id) { edges { node { slug participants { entity { id } } } } } }',
      { id: russia },
    );
    expect(data.events.edges.length).toBeGreaterThan(0);
    for (const { node } of data.events.edges) {
      expect(node.participants.map((p: Json) => p.entity.id)).toContain(russia);
    }
  });

  it('gives only the claims of one speaker when asked by speaker id', async () => {
    const cameron = await idOf('person(slug: "david-cameron")');
    const data = await query(
      'query($id: ID) { claims(speaker: $id, first: 100) { totalCount edges { node { speaker { id } } } } }',
      { id: cameron },
    );
    const speakers = data.claims.edges.map((edge: Json) => edge.node.speaker.id);
    expect(speakers.length).toBeGreaterThanOrEqual(8);
    expect(new Set(speakers)).toEqual(new Set([cameron]));
    expect(data.claims.totalCount).toBe(speakers.length);
  });

  it('gives only the claims about one entity when asked by about id', async () => {
    const russia = await idOf('country(code: "RU")');
    const data = await query(
      'query($id: ID) { claims(about: $id, first: 100) { totalCount edges { node { text about { id } } } } }',
      { id: russia },
    );
    const claims = data.claims.edges.map((edge: Json) => edge.node);
    expect(claims.length).toBeGreaterThanOrEqual(3);
    expect(data.claims.totalCount).toBe(claims.length);
    for (const claim of claims) expect(claim.about.map((entity: Json) => entity.id)).toContain(russia);
  });

  it('gives only claims of one kind when asked by kind', async () => {
    const data = await query('{ claims(kind: APPEAL) { edges { node { kind verb } } } }');
    expect(data.claims.edges.map((edge: Json) => edge.node)).toEqual([{ kind: 'APPEAL', verb: 'urged' }]);
  });

  it('refuses a Date argument written in the query that is not a calendar date with BAD_USER_INPUT', async () => {
    const result = await t.gql('{ events(from: "2015-13-01") { totalCount } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toContain('2015-13-01');
  });

  it.each(['2015-02-30', 'yesterday', '15/11/2015'])(
    'refuses the Date variable %s with BAD_USER_INPUT and a message naming it',
    async (value) => {
      const result = await t.gql('query($from: Date) { events(from: $from) { totalCount } }', {
        from: value,
      });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.body.errors?.[0]?.message).toContain(value);
    },
  );
});

describe('errors', () => {
  function collectingApp(): { lines: Json[]; fetch: (query: string) => Promise<GqlResult> } {
    const lines: Json[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = createApp({
      store: t.store,
      logger: pino({ level: 'info', base: undefined }, stream),
      operations: readOperations(OPERATIONS_DIR),
    });
    return {
      lines,
      async fetch(source) {
        const res = await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: source }),
        });
        return { status: res.status, body: await res.json() };
      },
    };
  }

  it('masks an unexpected failure as "Unexpected error." without its cause and logs it', async () => {
    const logged = collectingApp();
    await t.store.close();
    const result = await logged.fetch('{ countries { totalCount } }');
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(errorCodes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(result.body)).not.toMatch(/database|sqlite|SELECT|\.ts\b|at \w+ \(/i);
    const errors = logged.lines.filter((line) => line.level >= 50);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).toContain('database connection is not open');
  });

  it('does not log expected failures as errors', async () => {
    const logged = collectingApp();
    const result = await logged.fetch(`{
      node(id: "not an id") { id }
    }`);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(logged.lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});
