import { Kind, parse } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { readOperations } from '../src/operations.ts';
import { type Json, OPERATIONS_DIR, SEED_SLUG, type TestApp, testApp } from './helpers.ts';
import { subscribeSse } from './sse-client.ts';

/** What each example operation must answer on the seed graph, by operation name. */
const CHECKS: Record<string, (data: Json, t: TestApp) => void | Promise<void>> = {
  LeadersOfEveryCountry(data) {
    const countries = data.countries.edges.map((edge: Json) => edge.node);
    expect(data.countries.totalCount).toBe(countries.length);
    const uk = countries.find((country: Json) => country.code === 'GB');
    expect(uk?.name).toBe('United Kingdom');
    const cameron = uk.leaders.find((leader: Json) => leader.name === 'David Cameron');
    expect(cameron?.offices).toContainEqual({
      title: 'Prime Minister of the United Kingdom',
      country: { code: 'GB' },
    });
    const russia = countries.find((country: Json) => country.code === 'RU');
    expect(russia.leaders.map((leader: Json) => leader.name)).toEqual(['Vladimir Putin']);
    for (const country of countries) {
      for (const leader of country.leaders) {
        expect(leader.offices.map((office: Json) => office.country?.code)).toContain(country.code);
      }
    }
  },

  async ClaimsByPerson(data, t) {
    expect(data.person.name).toBe('David Cameron');
    expect(data.person.offices).toEqual([{ title: 'Prime Minister of the United Kingdom' }]);
    const claims = data.person.claimsBy.edges.map((edge: Json) => edge.node);
    expect(claims.length).toBeGreaterThanOrEqual(8);
    expect(data.person.claimsBy.totalCount).toBe(claims.length);
    const title = (await t.store.articles.bySlug(SEED_SLUG))?.title;
    for (const claim of claims) {
      expect(claim.evidence.text.length).toBeGreaterThan(0);
      expect(claim.evidence.sentence).toContain(claim.evidence.text);
      expect(claim.evidence.article.title).toBe(title);
      expect(claim.text.length).toBeGreaterThan(0);
    }
    const appeal = claims.find((claim: Json) => claim.kind === 'APPEAL');
    expect(appeal).toMatchObject({
      verb: 'urged',
      event: { name: 'Cameron–Putin talks at the 2015 G20 summit' },
    });
    expect(appeal.about.map((entity: Json) => entity.name)).toEqual(
      expect.arrayContaining(['Vladimir Putin', 'Russia', 'Islamic State']),
    );
  },

  SummitWithParticipants(data) {
    const summit = data.event;
    expect(summit).toMatchObject({
      name: '2015 G20 Antalya summit',
      kind: 'SUMMIT',
      date: '2015-11-15',
      endDate: '2015-11-16',
      place: { name: 'Antalya' },
      country: { name: 'Turkey', code: 'TR' },
    });
    expect(summit.participants).toContainEqual({ role: 'HOST', entity: { name: 'Turkey', kind: 'COUNTRY' } });
    expect(summit.participants).toContainEqual({
      role: 'ATTENDEE',
      entity: { name: 'David Cameron', kind: 'PERSON' },
    });
    const kinds = summit.subEvents.map((event: Json) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['MEETING', 'PRESS_CONFERENCE']));
    const pressConference = summit.subEvents.find((event: Json) => event.kind === 'PRESS_CONFERENCE');
    expect(pressConference.date).toBe('2015-11-16');
    expect(pressConference.claims.length).toBeGreaterThan(0);
    for (const claim of pressConference.claims) expect(claim.speaker?.name).toBe('David Cameron');
    expect(summit.evidence.length).toBeGreaterThan(0);
    for (const evidence of summit.evidence) expect(evidence.sentence.length).toBeGreaterThan(0);
  },

  ClaimsAboutInRange(data) {
    const claims = data.claims.edges.map((edge: Json) => edge.node);
    expect(claims.length).toBe(data.claims.totalCount);
    expect(claims.length).toBeGreaterThanOrEqual(3);
    const dates = claims.map(
      (claim: Json) => claim.event?.date ?? claim.evidence.article.publishedAt.slice(0, 10),
    );
    expect(dates).toEqual([...dates].sort().reverse());
    for (const date of dates) expect(date >= '2015-11-01' && date <= '2015-12-31').toBe(true);
    for (const claim of claims) expect(claim.evidence.sentence.length).toBeGreaterThan(claim.text.length / 2);
  },

  EntityNeighborhood(data) {
    expect(data.entity.name).toBe('Vladimir Putin');
    const neighbors = data.entity.neighbors.edges.map((edge: Json) => edge.node);
    expect(neighbors[0]).toMatchObject({
      entity: { name: 'David Cameron' },
      kinds: expect.arrayContaining(['CLAIM']),
    });
    const weights = neighbors.map((n: Json) => n.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    for (const n of neighbors) expect(n.weight).toBe(n.articleCount + n.sentenceCount + n.factCount);
  },

  EntityTimeline(data) {
    expect(data.entity.name).toBe('David Cameron');
    const items = data.entity.timeline.edges.map((edge: Json) => edge.node);
    expect(items.length).toBe(data.entity.timeline.totalCount);
    const dates = items.map((item: Json) => item.date);
    expect(dates).toEqual([...dates].sort());
    expect(items.some((item: Json) => item.event?.kind === 'SUMMIT')).toBe(true);
    expect(items.some((item: Json) => item.claim?.speaker?.name === 'David Cameron')).toBe(true);
    // An event the article does not date takes the article's date, and says so.
    expect(items.some((item: Json) => item.dateSource === 'ARTICLE' && item.date === '2015-11-16')).toBe(
      true,
    );
  },

  EventsInCountry(data) {
    const events = data.events.edges.map((edge: Json) => edge.node);
    expect(events.length).toBe(data.events.totalCount);
    expect(events.map((event: Json) => event.name)).toContain('2015 G20 Antalya summit');
    for (const event of events) expect(event.place?.name).toBe('Antalya');
  },

  async GraphStats(data, t) {
    const counts = await t.store.stats.nodeCounts();
    expect(data.stats).toMatchObject({
      articles: counts.articles,
      people: counts.people,
      claims: counts.claims,
    });
    expect(data.stats.topEntities[0]).toMatchObject({ entity: { name: 'David Cameron' } });
    const mentions = data.stats.topEntities.map((top: Json) => top.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  },

  PathBetween(data) {
    const names = data.path.entities.map((entity: Json) => entity.name);
    expect(names[0]).toBe('David Cameron');
    expect(names.at(-1)).toBe('Bashar al-Assad');
    expect(data.path.steps).toHaveLength(data.path.length);
    for (const step of data.path.steps) {
      expect(step.evidence.length).toBeGreaterThan(0);
      for (const evidence of step.evidence) expect(evidence.sentence).toContain(evidence.text);
    }
    expect(data.path.steps.at(-1).relation).toMatchObject({ type: 'ALLY_OF' });
  },

  SearchEverything(data) {
    const hits = data.search.edges.map((edge: Json) => edge.node);
    expect(hits.length).toBe(data.search.totalCount);
    expect(hits.map((hit: Json) => hit.kind)).toEqual(expect.arrayContaining(['CLAIM', 'EVENT', 'ARTICLE']));
    for (const hit of hits) expect(hit.snippet).toMatch(/<mark>(air|strikes)<\/mark>/i);
    const scores = hits.map((hit: Json) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  },

  TypeAhead(data) {
    const names = data.search.edges.map((edge: Json) => edge.node.node.name);
    expect(names).toContain('David Cameron');
  },

  async ExplorerHome(data, t) {
    expect(data.stats.articles).toBe((await t.store.stats.nodeCounts()).articles);
    expect(data.articles.pageInfo.hasNextPage).toBe(false);
    expect(data.stats.topEntities[0].entity).toMatchObject({ slug: 'david-cameron', kind: 'PERSON' });
    expect(data.articles.edges.map((edge: Json) => edge.node.slug)).toContain(SEED_SLUG);
  },

  async ExplorerArticles(data, t) {
    const slugs = data.articles.edges.map((edge: Json) => edge.node.slug);
    expect(data.articles.totalCount).toBe((await t.store.stats.nodeCounts()).articles);
    expect(slugs[0]).toBe((await t.store.articles.byIds([await t.store.articles.newestId()]))[0]?.slug);
  },

  // Subscriptions: `data` is the first event, pushed after LIVE_ARTICLE (which names David Cameron) commits.
  ExplorerLiveArticles(data) {
    expect(data.articleIngested.slug).toBe('cameron-speaks-on-the-harbour');
    expect(data.articleIngested.claims.edges[0].node.speaker.slug).toBe('david-cameron');
  },

  ExplorerLiveFacts(data) {
    const fact = data.factsAbout;
    expect(fact.evidence.article.slug).toBe('cameron-speaks-on-the-harbour');
    expect(fact.evidence.sentence).toContain(fact.evidence.text);
    expect(fact.roles.length).toBeGreaterThan(0);
  },

  ExplorerTypeAhead(data) {
    const hits = data.search.edges.map((edge: Json) => edge.node.node);
    expect(hits).toContainEqual({ slug: 'david-cameron', name: 'David Cameron', kind: 'PERSON' });
  },

  ExplorerSearch(data) {
    const hits = data.search.edges.map((edge: Json) => edge.node);
    expect(hits.length).toBe(data.search.totalCount);
    expect(hits[0].node).toMatchObject({ __typename: 'Person', slug: 'vladimir-putin' });
    // The snippet marks matches with the control characters the explorer splits on, so no HTML is parsed.
    for (const hit of hits) {
      expect(hit.snippet.indexOf('\u0002')).toBeGreaterThan(hit.snippet.indexOf('\u0001') + 1);
    }
    for (const hit of hits.filter((h: Json) => h.kind === 'CLAIM'))
      expect(hit.node.article.slug).toBe(SEED_SLUG);
  },

  ExplorerEntity(data) {
    const entity = data.entity;
    expect(entity).toMatchObject({
      __typename: 'Person',
      name: 'David Cameron',
      country: { slug: 'united-kingdom' },
    });
    expect(entity.offices[0].title).toBe('Prime Minister of the United Kingdom');
    expect(entity.claimsBy.totalCount).toBeGreaterThan(0);
    expect(entity.mentions.totalCount).toBeGreaterThan(0);
    const neighbours = entity.neighbors.edges.map((edge: Json) => edge.node);
    expect(neighbours.length).toBeGreaterThan(3);
    // The second ring links neighbours to each other, so the graph is more than a star.
    const shown = new Set(neighbours.map((n: Json) => n.entity.slug));
    const between = neighbours.flatMap((n: Json) =>
      n.entity.neighbors.edges.filter((edge: Json) => shown.has(edge.node.entity.slug)),
    );
    expect(between.length).toBeGreaterThan(0);
  },

  async ExplorerTimeline(data, t) {
    const body = (await t.store.articles.bySlug(SEED_SLUG))?.body ?? '';
    const claims = data.entity.timeline.edges.map((edge: Json) => edge.node.claim).filter(Boolean);
    expect(claims.length).toBeGreaterThan(0);
    for (const { evidence } of claims) {
      expect(body.slice(evidence.start, evidence.end)).toBe(evidence.text);
      expect(body.slice(evidence.sentenceStart, evidence.sentenceStart + evidence.sentence.length)).toBe(
        evidence.sentence,
      );
    }
  },

  ExplorerArticle(data) {
    const article = data.article;
    const mentions = article.mentions.edges.map((edge: Json) => edge.node);
    expect(mentions.length).toBe(article.mentions.totalCount);
    for (const mention of mentions) {
      expect(mention.evidence.end).toBeGreaterThan(mention.evidence.start);
      expect(mention.entity.slug.length).toBeGreaterThan(0);
    }
    for (const { node: claim } of article.claims.edges) {
      expect(article.body.slice(claim.evidence.start, claim.evidence.end)).toBe(claim.evidence.text);
    }
  },

  ExplorerPathEnds(data) {
    expect(data.from).toMatchObject({ slug: 'david-cameron', kind: 'PERSON' });
    expect(data.to).toMatchObject({ slug: 'bashar-al-assad', kind: 'PERSON' });
  },

  ExplorerPath(data) {
    const steps = data.path.steps;
    expect(steps).toHaveLength(data.path.length);
    expect(steps[0].from.slug).toBe('david-cameron');
    expect(steps.at(-1).to.slug).toBe('bashar-al-assad');
    for (const step of steps) expect(['RELATION', 'SHARED_EVENT', 'CLAIM']).toContain(step.kind);
    for (const step of steps) {
      for (const evidence of step.evidence) {
        expect(
          evidence.sentence.slice(
            evidence.start - evidence.sentenceStart,
            evidence.end - evidence.sentenceStart,
          ),
        ).toBe(evidence.text);
      }
    }
  },

  Alliances(data) {
    const relations = data.relations.edges.map((edge: Json) => edge.node);
    expect(data.relations.totalCount).toBe(relations.length);
    for (const relation of relations) expect(relation.type).toBe('ALLY_OF');
    const assad = relations.find(
      (relation: Json) => relation.from.name === 'Bashar al-Assad' && relation.to.name === 'Russia',
    );
    expect(assad).toMatchObject({ from: { kind: 'PERSON' }, to: { kind: 'COUNTRY' } });
    expect(assad.evidence.map((evidence: Json) => evidence.text)).toContain('a close Moscow ally');
    for (const evidence of assad.evidence) expect(evidence.sentence).toContain(evidence.text);
  },
};

const operations = readOperations(OPERATIONS_DIR);

const LIVE_ARTICLE = {
  title: 'Cameron speaks on the harbour',
  body: 'Prime Minister David Cameron said on Tuesday that the harbour would reopen next year.',
};

function isSubscription(document: string): boolean {
  return parse(document).definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription',
  );
}

/** A subscription over server-sent events: its first event once LIVE_ARTICLE has been ingested. */
async function firstEvent(t: TestApp, document: string, variables: Record<string, unknown>) {
  const stop = new AbortController();
  try {
    const stream = await subscribeSse('http://test/graphql', document, variables, stop.signal, (url, init) =>
      t.app.fetch(url, init),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ingestDocument(t.store, LIVE_ARTICLE);
    const [event] = await stream.next(1, 10_000);
    return { status: stream.status, body: event?.data };
  } finally {
    stop.abort();
  }
}

describe('the example operations in schema/operations', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('has an expectation for every operation file, and a file for every expectation', () => {
    const names = operations.map((operation) => operation.name).sort();
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((name) => !(name in CHECKS));
    expect(missing, `add a check to CHECKS in tests/operations.test.ts for: ${missing.join(', ')}`).toEqual(
      [],
    );
    expect(Object.keys(CHECKS).sort()).toEqual(names);
  });

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    'holds one operation named after its file: %s',
    (name, operation) => {
      const definitions = parse(operation.document).definitions;
      expect(definitions).toHaveLength(1);
      const [definition] = definitions;
      expect(definition?.kind).toBe(Kind.OPERATION_DEFINITION);
      expect(definition?.kind === Kind.OPERATION_DEFINITION && definition.name?.value).toBe(name);
    },
  );

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    'runs %s with its example variables and answers what it promises',
    async (name, operation) => {
      const result = isSubscription(operation.document)
        ? await firstEvent(t, operation.document, operation.variables)
        : await t.gql(operation.document, operation.variables);
      expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
      expect(result.status).toBe(200);
      const check = CHECKS[name];
      if (!check) throw new Error(`no check for ${name}: add one to CHECKS in tests/operations.test.ts`);
      await check(result.body.data, t);
    },
  );
});
