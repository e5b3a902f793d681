import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../src/ingest/extraction-pool.ts';
import { errorCodes, type Json, post, type TestApp, tableCountsOf, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH } from './ingest-helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

// The ingestArticle mutation takes the ingest command's path: language detected and stored, articles
// not in English kept without facts (or refused), copies recognised, new versions replacing facts whole.

const INGEST = `mutation ($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    unchanged language factsExtracted replacedVersion note
    duplicateOf { matchedBy similarity }
    added { claims entities }
    article { slug language factsExtracted alsoPublishedAt { url matchedBy } claims(first: 50) { totalCount edges { node { text } } } }
  }
}`;

const GERMAN = {
  title: 'Regierung plant neue Straßen im Norden',
  body: 'Der Minister Karl Brenner sagte am Montag in Berlin, dass die Regierung im Norden des Landes neue Straßen bauen werde. Die Opposition kritisierte den Plan und sprach von einer Verschwendung öffentlicher Gelder, die niemandem nütze.',
};

const STORY = [
  'Foreign Minister Maren Sollvik said on Monday that the talks with the harbour authority would resume next week.',
  'The dispute over the northern quay has lasted three months, and shipping companies have complained about delays.',
  '"We will not give in to pressure," Sollvik told reporters in the capital after a meeting with union leaders.',
  'Union leader Tomas Kell said the workers wanted guarantees about pay and safety before any agreement was signed.',
].join('\n\n');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function app(env: Record<string, string> = {}): Promise<TestApp> {
  t = await testApp({ seedsDir: null, env: { ADMIN_TOKEN, ...env } });
  return t;
}

async function ingest(a: TestApp, input: Record<string, unknown>) {
  const res = await a.fetch('/graphql', post(INGEST, { input }, AUTH));
  return (await res.json()) as { data?: { ingestArticle: Json }; errors?: Json[] };
}

describe('ingestArticle: languages', () => {
  it('stores an article not in English with its language and no facts, and says so', async () => {
    const a = await app();
    const { data } = await ingest(a, GERMAN);
    const result = data?.ingestArticle;
    expect(result?.language).toBe('de');
    expect(result?.factsExtracted).toBe(false);
    expect(result?.note).toMatch(/facts were not extracted.*"de"/);
    expect(result?.article.language).toBe('de');
    expect(result?.article.factsExtracted).toBe(false);
    const counts = await tableCountsOf(a.store);
    expect(counts.articles).toBe(1);
    expect(counts.mentions).toBe(0);
    expect(counts.claims).toBe(0);
  });

  it('refuses it with a coded error and writes nothing when OTHER_LANGUAGES=refuse', async () => {
    const a = await app({ OTHER_LANGUAGES: 'refuse' });
    const answer = await ingest(a, GERMAN);
    expect(errorCodes({ status: 200, body: answer as never })).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors?.[0].message).toMatch(/in "de".*English only/);
    expect((await tableCountsOf(a.store)).articles).toBe(0);
  });

  it('extracts an English article and reports its language', async () => {
    const a = await app();
    const { data } = await ingest(a, { title: 'Talks on the harbour resume', body: STORY });
    expect(data?.ingestArticle.language).toBe('en');
    expect(data?.ingestArticle.factsExtracted).toBe(true);
    expect(data?.ingestArticle.note).toBeNull();
    expect(data?.ingestArticle.added.claims).toBeGreaterThan(0);
  });
});

describe('ingestArticle: copies and versions', () => {
  it('keeps a near-duplicate at another address as one article with alsoPublishedAt', async () => {
    const a = await app();
    const first = await ingest(a, {
      title: 'Talks on the harbour resume',
      body: STORY,
      url: 'https://one.example/harbour',
    });
    const claims = (await tableCountsOf(a.store)).claims;
    expect(claims).toBeGreaterThan(0);
    // A syndicated copy: one paragraph split, a sentence dropped, another headline.
    const copy = await ingest(a, {
      title: 'Harbour talks to resume, minister says',
      body: `${STORY.replace('next week.', 'next week.\n\n')}\n\nCopyright the agency.`,
      url: 'https://two.example/world/harbour-talks',
      source: 'Two',
    });
    const result = copy.data?.ingestArticle;
    expect(result?.duplicateOf.matchedBy).toBe('NEAR_DUPLICATE');
    expect(result?.duplicateOf.similarity).toBeGreaterThan(0.8);
    expect(result?.unchanged).toBe(true);
    expect(result?.note).toMatch(/already held as "talks-on-the-harbour-resume"/);
    expect(result?.article.slug).toBe(first.data?.ingestArticle.article.slug);
    expect(result?.article.alsoPublishedAt).toEqual([
      { url: 'https://two.example/world/harbour-talks', matchedBy: 'NEAR_DUPLICATE' },
    ]);
    const counts = await tableCountsOf(a.store);
    expect(counts.articles).toBe(1);
    expect(counts.claims).toBe(claims);
  });

  it('recognises a copy that names the article as canonical', async () => {
    const a = await app();
    await ingest(a, {
      title: 'Talks on the harbour resume',
      body: STORY,
      url: 'https://one.example/harbour',
    });
    const copy = await ingest(a, {
      title: 'A shorter version',
      body: 'Foreign Minister Maren Sollvik said on Monday that the talks would resume next week.',
      url: 'https://three.example/short',
      canonicalUrl: 'https://one.example/harbour',
    });
    expect(copy.data?.ingestArticle.duplicateOf.matchedBy).toBe('CANONICAL');
    expect((await tableCountsOf(a.store)).articles).toBe(1);
  });

  it('the same text again changes nothing', async () => {
    const a = await app();
    await ingest(a, { title: 'Talks on the harbour resume', body: STORY });
    const again = await ingest(a, { title: 'Talks on the harbour resume', body: STORY });
    expect(again.data?.ingestArticle.unchanged).toBe(true);
    expect(again.data?.ingestArticle.note).toMatch(/already held this exact text/);
    expect((await tableCountsOf(a.store)).articles).toBe(1);
  });

  it('replaces the facts of an edited version at the same address whole', async () => {
    const a = await app();
    const url = 'https://one.example/harbour';
    await ingest(a, { title: 'Talks on the harbour resume', body: STORY, url });
    const edited = await ingest(a, {
      title: 'Talks on the harbour collapse',
      body: 'Union leader Tomas Kell said on Tuesday that the talks had collapsed after the minister left the room.',
      url,
    });
    const result = edited.data?.ingestArticle;
    expect(result?.replacedVersion).toBe(true);
    expect(result?.note).toMatch(/a new version of "talks-on-the-harbour-resume"/);
    expect(result?.article.slug).toBe('talks-on-the-harbour-resume');
    expect((await tableCountsOf(a.store)).articles).toBe(1);
    const texts = result?.article.claims.edges.map((e: { node: { text: string } }) => e.node.text);
    expect(texts.join(' ')).not.toMatch(/give in/);
    expect(await rawSqlOf(a.store).value("SELECT count(*) FROM claims WHERE text LIKE '%give in%'")).toBe(0);
  });
});

describe('ingestArticle while every extraction worker is busy', () => {
  it('refuses with OVERLOADED before it reads, hashes or fingerprints the article', async () => {
    const pool = new ExtractionPool({
      workers: 1,
      queueLimit: 0,
      timeoutMs: 60_000,
      workerUrl: new URL('./fixtures/busy-worker.mjs', import.meta.url),
    });
    const a = await testApp({ seedsDir: null, env: { ADMIN_TOKEN }, extractionPool: pool });
    try {
      // The first article holds the only worker (which never finishes it); the next finds no room.
      void a.app.fetch('http://test/graphql', post(INGEST, { input: { title: 'First', body: STORY } }, AUTH));
      await new Promise((resolve) => setTimeout(resolve, 500));
      a.resetSqlCount();
      const res = await a.app.fetch(
        'http://test/graphql',
        post(INGEST, { input: { title: 'Harbour talks', body: STORY } }, AUTH),
      );
      const body = (await res.json()) as Json;
      expect(body.errors?.[0]?.extensions?.code).toBe('OVERLOADED');
      expect(a.sqlCount()).toBe(0);
    } finally {
      await a.close();
      await pool.close();
    }
  });
});
