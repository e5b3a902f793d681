import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GqlBody, globalId, type QueryTestApp, queryTestApp } from './query-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: responses are read field by field
type Json = any;
const nodes = (connection: Json): Json[] => connection.edges.map((edge: Json) => edge.node);
const ok = (body: GqlBody) => {
  expect(body.errors).toBeUndefined();
  return body.data;
};

/** Every node of a list, fetched `size` at a time through cursors. */
async function pageAll(t: QueryTestApp, field: string, args: string, selection: string, size: number) {
  const seen: Json[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const res: Json = await t.gql(
      `query($after: String) { list: ${field}(${args}, first: ${size}, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
      { after },
    );
    const connection = ok(res.body).list;
    seen.push(...nodes(connection));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('filters and orders of the top-level lists', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  it('finds events by country, including those at a place in it, and by place', async () => {
    const norway = ok((await t.gql('{ events(country: "no") { edges { node { slug } } } }')).body);
    expect(nodes(norway.events)).toEqual([{ slug: 'oslo-energy-forum-2015' }]);
    const lisbon = ok((await t.gql('{ entity(slug: "lisbon") { id } }')).body).entity.id;
    const atLisbon = ok(
      (
        await t.gql('query($place: ID) { events(place: $place) { edges { node { slug } } } }', {
          place: lisbon,
        })
      ).body,
    );
    expect(nodes(atLisbon.events)).toEqual([{ slug: 'dahl-berg-talks-in-lisbon' }]);
  });

  it('orders events by date either way with undated ones last, and by name', async () => {
    const ascending = await pageAll(t, 'events', 'orderBy: DATE', 'date', 4);
    const descending = await pageAll(t, 'events', 'orderBy: DATE_DESC', 'date', 4);
    const dated = (list: Json[]) => list.map((e) => e.date).filter(Boolean);
    expect(dated(ascending)).toEqual([...dated(ascending)].sort());
    expect(dated(descending)).toEqual([...dated(ascending)].reverse());
    for (const list of [ascending, descending]) {
      const firstUndated = list.findIndex((e) => e.date === null);
      expect(list.slice(firstUndated).every((e) => e.date === null)).toBe(true);
    }
    const byName = (await pageAll(t, 'events', 'orderBy: NAME', 'name', 5)).map((e) => e.name.toLowerCase());
    expect(byName).toEqual([...byName].sort());
    expect(byName).toHaveLength(15);
  });

  it('finds claims by event, by date range and by words in their text', async () => {
    const event = globalId('Event', 1);
    const atSummit = ok(
      (
        await t.gql(
          'query($event: ID) { claims(event: $event) { totalCount edges { node { event { slug } } } } }',
          { event },
        )
      ).body,
    );
    expect(atSummit.claims.totalCount).toBe(4);
    for (const claim of nodes(atSummit.claims)) expect(claim.event.slug).toBe('g20-antalya-summit-2015');

    const in2016 = ok(
      (
        await t.gql(
          '{ claims(from: "2016-01-01", to: "2016-02-28", orderBy: DATE) { edges { node { text } } } }',
        )
      ).body,
    );
    expect(nodes(in2016.claims).map((c: Json) => c.text)).toEqual([
      'New pledges will pay for schools for children who fled Syria.',
      'Ingrid Dahl promised Norwegian support for the plan.',
    ]);

    const syria = ok((await t.gql('{ country(code: "SY") { id } }')).body).country.id;
    const aboutSyria = ok(
      (
        await t.gql(
          `query($about: ID) { claims(about: $about, text: "Syria", from: "2015-11-01", to: "2015-12-31") {
        totalCount } }`,
          { about: syria },
        )
      ).body,
    );
    expect(aboutSyria.claims.totalCount).toBeGreaterThanOrEqual(2);

    const bad = await t.gql('{ claims(text: "?!") { totalCount } }');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('orders claims by date and pages through them without repeats', async () => {
    const claims = await pageAll(
      t,
      'claims',
      'orderBy: DATE_DESC',
      'id evidence { article { publishedAt } }',
      3,
    );
    expect(claims).toHaveLength(16);
    expect(new Set(claims.map((c) => c.id)).size).toBe(16);
  });

  it('finds entities by country and minimum mention count, most mentioned first', async () => {
    const swedish = ok(
      (await t.gql('{ entities(country: "SE", orderBy: NAME) { edges { node { name } } } }')).body,
    );
    expect(nodes(swedish.entities)).toEqual([{ name: 'Nordlys Energy' }, { name: 'Tomas Berg' }]);
    const frequent = ok(
      (
        await t.gql(`{ entities(minMentions: 5, orderBy: MENTIONS) { totalCount
        edges { node { name mentions(first: 0) { totalCount } } } } }`)
      ).body,
    );
    const counts = nodes(frequent.entities).map((e: Json) => e.mentions.totalCount);
    expect(counts[0]).toBe(11);
    expect(counts.every((count: number) => count >= 5)).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const all = await pageAll(t, 'entities', 'orderBy: MENTIONS', 'slug', 7);
    expect(new Set(all.map((e) => e.slug)).size).toBe(32);
  });

  it('refuses a cursor made for another order, a bad country code and an id of the wrong type', async () => {
    const first = ok((await t.gql('{ events(orderBy: NAME, first: 1) { pageInfo { endCursor } } }')).body);
    const mixed = await t.gql(
      'query($after: String) { events(orderBy: DATE, after: $after) { totalCount } }',
      {
        after: first.events.pageInfo.endCursor,
      },
    );
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(mixed.body.errors?.[0]?.message).toContain('made for NAME');
    const code = await t.gql('{ entities(country: "Narnia") { totalCount } }');
    expect(code.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const place = await t.gql('query($p: ID) { events(place: $p) { totalCount } }', {
      p: globalId('Person', 1),
    });
    expect(place.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('stats', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp();
  });
  afterAll(() => t.close());

  it('counts every node by kind and names the most-mentioned entities', async () => {
    const { body } =
      await t.gql(`{ stats { articles people countries organizations places events claims relations mentions
      topEntities(first: 2) { entity { name } mentions articles } } }`);
    const { topEntities, ...counts } = ok(body).stats;
    expect(counts).toEqual(await t.store.stats.nodeCounts());
    expect(topEntities).toEqual([
      { entity: { name: 'David Cameron' }, mentions: 11, articles: 1 },
      { entity: { name: 'Syria' }, mentions: 7, articles: 3 },
    ]);
  });

  it('counts within a date range what the articles of the range give evidence of', async () => {
    const { body } =
      await t.gql(`{ stats(from: "2016-01-01", to: "2016-12-31") { from to articles people events claims
      topEntities(kind: COUNTRY) { entity { name } mentions } } }`);
    expect(ok(body).stats).toEqual({
      from: '2016-01-01',
      to: '2016-12-31',
      articles: 2,
      people: 3,
      events: 2,
      claims: 3,
      topEntities: [
        // Ties go to the entity the graph learnt of first.
        { entity: { name: 'Syria' }, mentions: 1 },
        { entity: { name: 'Sweden' }, mentions: 1 },
        { entity: { name: 'Portugal' }, mentions: 1 },
        { entity: { name: 'Norway' }, mentions: 1 },
      ],
    });
  });

  it('refuses a range that ends before it starts', async () => {
    const { body } = await t.gql('{ stats(from: "2016-01-01", to: "2015-01-01") { articles } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
