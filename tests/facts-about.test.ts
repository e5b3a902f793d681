import { afterEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { articleFeed } from '../src/schema/live-articles.ts';
import { factFeed } from '../src/schema/live-facts.ts';
import { liveStream } from '../src/schema/live-stream.ts';
import { type TestApp, testApp } from './helpers.ts';
import { subscribeSse } from './sse-client.ts';

// factsAbout in-process: what it pushes and to whom, its errors and limits, and that a client that went
// or does not read costs nothing. tests/live-facts.test.ts runs it against a server process.

const FACTS = `subscription ($entity: ID!) {
  factsAbout(entity: $entity) {
    kind roles
    claim { text speaker { slug } }
    event { name participants { entity { slug } } }
    relation { type from { slug } to { slug } }
    evidence { start end text article { slug body } }
    article { slug }
  }
}`;

const FIRST = {
  title: 'Minister and union leader at odds',
  body: 'Foreign Minister Maren Sollvik of Norway said on Monday that the harbour talks would resume. Union leader Tomas Kell said the workers wanted guarantees.',
};
const SECOND = {
  title: 'Ministers meet in Oslo',
  body: 'Foreign Minister Maren Sollvik of Norway met Union leader Tomas Kell in Oslo on Monday. "We will not give in," Kell told reporters. Oslo is part of Norway, Sollvik said.',
};

let t: TestApp | undefined;
const stops: AbortController[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop.abort();
  await t?.close();
  t = undefined;
});

async function setUp() {
  t = await testApp({ seedsDir: null });
  await ingestDocument(t.store, FIRST);
  return t;
}

async function subscribe(a: TestApp, slug: string, query = FACTS) {
  const stop = new AbortController();
  stops.push(stop);
  const entity = (await a.gql('query ($slug: String!) { entity(slug: $slug) { id } }', { slug })).body.data
    ?.entity?.id;
  const stream = await subscribeSse('http://test/graphql', query, { entity }, stop.signal, (url, init) =>
    a.app.fetch(url, init),
  );
  return { stream, stop, entity: entity as string };
}

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('factsAbout', () => {
  it('pushes each new claim, event and relation naming the entity, with its exact span, and nothing else', async () => {
    const a = await setUp();
    const kell = await subscribe(a, 'tomas-kell');
    const norway = await subscribe(a, 'norway');
    expect(kell.stream.status).toBe(200);
    await until(() => factFeed(a.store).listening === 2);
    await ingestDocument(a.store, SECOND);
    await kell.stream.next(1);
    await norway.stream.next(1);
    await new Promise((r) => setTimeout(r, 600));
    const kellFacts = kell.stream.events.map((e) => e.data.data.factsAbout);
    const norwayFacts = norway.stream.events.map((e) => e.data.data.factsAbout);
    for (const fact of [...kellFacts, ...norwayFacts]) {
      expect(fact.article.slug).toBe('ministers-meet-in-oslo');
      const { start, end, text, article } = fact.evidence;
      expect(article.body.slice(start, end)).toBe(text);
      expect(text.length).toBeGreaterThan(0);
    }
    // Kell speaks in the new article and takes part in the meeting: both reach his subscriber.
    const kellClaim = kellFacts.find((f) => f.kind === 'CLAIM');
    expect(kellClaim?.roles).toContain('SPEAKER');
    expect(kellClaim?.claim.speaker.slug).toBe('tomas-kell');
    const meeting = kellFacts.find((f) => f.kind === 'EVENT');
    expect(meeting?.roles).toContain('PARTICIPANT');
    expect(meeting?.event.participants.map((p: { entity: { slug: string } }) => p.entity.slug)).toContain(
      'tomas-kell',
    );
    // Norway is named by the meeting's place and by the relation, not by Kell's quote.
    expect(norwayFacts.some((f) => f.kind === 'RELATION' && f.roles.includes('TO'))).toBe(true);
    expect(norwayFacts.some((f) => f.kind === 'CLAIM' && f.claim.speaker?.slug === 'tomas-kell')).toBe(false);
    // Only facts of articles committed after subscribing: none from the first article.
    expect(kellFacts.every((f) => f.article.slug !== 'minister-and-union-leader-at-odds')).toBe(true);
  });

  it('a copy of an article already held pushes nothing; an article not in English pushes nothing', async () => {
    const a = await setUp();
    const kell = await subscribe(a, 'tomas-kell');
    await until(() => factFeed(a.store).listening === 1);
    await ingestDocument(a.store, { ...FIRST, title: 'Same story elsewhere', url: 'https://two.example/x' });
    await ingestDocument(a.store, {
      title: 'Gewerkschaft und Ministerin streiten',
      body: 'Der Gewerkschaftsführer Tomas Kell sagte am Montag, die Arbeiter wollten Garantien für ihre Löhne und ihre Sicherheit, bevor sie einer Einigung zustimmen.',
    });
    await new Promise((r) => setTimeout(r, 800));
    expect(kell.stream.events).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown entity and BAD_USER_INPUT for an id of another type', async () => {
    const a = await setUp();
    const stop = new AbortController();
    stops.push(stop);
    const fetchApp = (url: string, init: RequestInit) => a.app.fetch(url, init);
    const unknown = await subscribeSse(
      'http://test/graphql',
      FACTS,
      { entity: Buffer.from('Person:999').toString('base64') },
      stop.signal,
      fetchApp,
    );
    await unknown.next(1);
    expect(unknown.events[0]?.data.errors[0].extensions.code).toBe('NOT_FOUND');
    const article = await subscribeSse(
      'http://test/graphql',
      FACTS,
      { entity: Buffer.from('Article:1').toString('base64') },
      stop.signal,
      fetchApp,
    );
    await article.next(1);
    expect(article.events[0]?.data.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(factFeed(a.store).listening).toBe(0);
  });

  it('applies the query limits (depth, aliases) to the subscription before subscribing', async () => {
    const a = await setUp();
    let deep = 'slug';
    for (let i = 0; i < 5; i++)
      deep = `entities(first: 1) { edges { node { articles(first: 1) { edges { node { ${deep} } } } } } }`;
    const tooDeep = await subscribe(
      a,
      'tomas-kell',
      `subscription ($entity: ID!) { factsAbout(entity: $entity) { article { ${deep} } } }`,
    );
    const aliases = await subscribe(
      a,
      'tomas-kell',
      `subscription ($entity: ID!) { factsAbout(entity: $entity) { ${'a: kind '.repeat(20)} } }`,
    );
    await tooDeep.stream.next(1);
    await aliases.stream.next(1);
    expect(JSON.stringify(tooDeep.stream.events[0]?.data)).toMatch(/QUERY_TOO_COMPLEX/);
    expect(JSON.stringify(aliases.stream.events[0]?.data)).toMatch(/QUERY_TOO_COMPLEX|alias/i);
    expect(factFeed(a.store).listening).toBe(0);
  });

  it('forgets a client that disconnects, and stops polling once nobody listens', async () => {
    const a = await setUp();
    const clients = await Promise.all(Array.from({ length: 20 }, () => subscribe(a, 'tomas-kell')));
    await until(() => factFeed(a.store).listening === 20);
    expect(articleFeed(a.store).listening).toBe(1);
    for (const client of clients) client.stop.abort();
    await until(() => factFeed(a.store).listening === 0);
    expect(articleFeed(a.store).listening).toBe(0);
  });
});

describe('a live stream', () => {
  it('keeps at most its limit for a client that does not read, the newest', async () => {
    const stream = liveStream<number>(5, () => {});
    for (let i = 0; i < 1_000; i++) stream.push(i);
    const read: number[] = [];
    for (let i = 0; i < 5; i++) read.push((await stream.iterator.next()).value as number);
    expect(read).toEqual([995, 996, 997, 998, 999]);
  });

  it('ends a pending read when the client goes, and tells its feed once', async () => {
    let ended = 0;
    const stop = new AbortController();
    const stream = liveStream<number>(5, () => ended++, stop.signal);
    const pending = stream.iterator.next();
    stop.abort();
    await stream.iterator.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(ended).toBe(1);
    stream.push(1);
    expect(await stream.iterator.next()).toEqual({ done: true, value: undefined });
  });
});
