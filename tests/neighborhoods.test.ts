import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GqlBody, type QueryTestApp, queryTestApp } from './query-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: responses are read field by field
type Json = any;
const nodes = (connection: Json): Json[] => connection.edges.map((edge: Json) => edge.node);
const ok = (body: GqlBody) => {
  expect(body.errors).toBeUndefined();
  return body.data;
};

describe('Entity.neighbors', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  it('lists the entities most strongly linked to one, strongest first, with weights and kinds of link', async () => {
    const { body } = await t.gql(`{
      person(slug: "vladimir-putin") {
        neighbors(first: 50) {
          totalCount
          edges { node { weight articleCount sentenceCount factCount kinds entity { slug } } }
        }
      }
    }`);
    const neighbors = nodes(ok(body).person.neighbors);
    expect(neighbors).toHaveLength(ok(body).person.neighbors.totalCount);
    expect(neighbors[0]).toEqual({
      weight: 10,
      articleCount: 1,
      // The two caption lines that name both are two sentences.
      sentenceCount: 5,
      factCount: 4,
      kinds: ['SHARED_EVENT', 'CLAIM', 'CO_MENTION'],
      entity: { slug: 'david-cameron' },
    });
    const weights = neighbors.map((n: Json) => n.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    for (const n of neighbors) expect(n.weight).toBe(n.articleCount + n.sentenceCount + n.factCount);
    expect(neighbors.map((n: Json) => n.entity.slug)).not.toContain('vladimir-putin');
  });

  it('counts only links of the kinds asked for', async () => {
    const { body } = await t.gql(`{
      person(slug: "tomas-berg") { neighbors(kinds: [RELATION]) { edges { node { kinds entity { name } } } } }
    }`);
    expect(nodes(ok(body).person.neighbors)).toEqual([
      { kinds: ['RELATION'], entity: { name: 'Nordlys Energy' } },
    ]);
  });

  it('links entities across articles: the same person in two articles is one neighbour', async () => {
    const { body } = await t.gql(`{
      person(slug: "ingrid-dahl") { neighbors(first: 100) { edges { node { articleCount entity { slug } } } } }
    }`);
    const berg = nodes(ok(body).person.neighbors).find((n: Json) => n.entity.slug === 'tomas-berg');
    expect(berg.articleCount).toBe(2);
  });

  it('pages with cursors in weight order', async () => {
    const all = nodes(
      ok(
        (
          await t.gql(
            '{ person(slug: "david-cameron") { neighbors(first: 100) { edges { node { entity { slug } } } } } }',
          )
        ).body,
      ).person.neighbors,
    ).map((n: Json) => n.entity.slug);
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res: Json = await t.gql(
        `query($after: String) { person(slug: "david-cameron") {
          neighbors(first: 4, after: $after) { pageInfo { hasNextPage endCursor } edges { node { entity { slug } } } }
        } }`,
        { after },
      );
      const connection = ok(res.body).person.neighbors;
      paged.push(...nodes(connection).map((n: Json) => n.entity.slug));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
  });

  it('loads the neighbourhoods of a whole page of entities in the same few statements, whatever the sizes', async () => {
    const query = (entities: number, neighbors: number) => `{
      entities(first: ${entities}) {
        edges { node { name neighbors(first: ${neighbors}) { totalCount edges { node { weight entity { name } } } } } }
      }
    }`;
    const small = await t.gql(query(2, 2));
    const large = await t.gql(query(30, 20));
    ok(small.body);
    expect(nodes(ok(large.body).entities).length).toBe(30);
    // Entities page, neighbours page, neighbour counts, neighbour entities.
    expect(small.statements).toBeLessThanOrEqual(4);
    expect(large.statements).toBe(small.statements);
  });
});

describe('Entity.timeline', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  const TIMELINE = `query($slug: String!, $from: Date, $to: Date, $first: Int, $after: String) {
    entity(slug: $slug) {
      timeline(from: $from, to: $to, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { date dateSource event { slug } claim { text } } }
      }
    }
  }`;

  it('puts events and claims in date order, with the article date where an event has none', async () => {
    const { body } = await t.gql(TIMELINE, { slug: 'ingrid-dahl' });
    expect(nodes(ok(body).entity.timeline)).toEqual([
      { date: '2015-11-30', dateSource: 'EVENT', event: { slug: 'oslo-energy-forum-2015' }, claim: null },
      {
        date: '2015-11-30',
        dateSource: 'EVENT',
        event: null,
        claim: { text: 'The war in Syria has pushed up energy prices across Europe.' },
      },
      {
        date: '2016-02-05',
        dateSource: 'ARTICLE',
        event: null,
        claim: { text: 'Ingrid Dahl promised Norwegian support for the plan.' },
      },
      {
        date: '2016-03-10',
        dateSource: 'ARTICLE',
        event: { slug: 'dahl-berg-talks-in-lisbon' },
        claim: null,
      },
    ]);
  });

  it('keeps to the dates asked for, inclusive', async () => {
    const { body } = await t.gql(TIMELINE, { slug: 'ingrid-dahl', from: '2016-02-05', to: '2016-03-09' });
    const entries = nodes(ok(body).entity.timeline);
    expect(entries.map((e: Json) => e.date)).toEqual(['2016-02-05']);
    expect(ok(body).entity.timeline.totalCount).toBe(1);
  });

  it('pages one entry at a time to the same list', async () => {
    const all = nodes(
      ok((await t.gql(TIMELINE, { slug: 'david-cameron', first: 100 })).body).entity.timeline,
    );
    expect(all.length).toBeGreaterThan(10);
    const paged: Json[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res: Json = await t.gql(TIMELINE, { slug: 'david-cameron', first: 3, after });
      const connection = ok(res.body).entity.timeline;
      paged.push(...nodes(connection));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    const dates = all.map((e: Json) => e.date);
    expect(dates).toEqual([...dates].sort());
  });
});
