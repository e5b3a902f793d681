import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, type TestApp, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

// Evidence text and sentences are cut inside the database, which counts characters where the graph's
// offsets count UTF-16 code units: the two differ once a character lies outside the Basic Multilingual
// Plane (an emoji, a historic script), which takes two code units.

const BODIES = [
  'Prime Minister Maren Sollvik of Norland met President Tomas Kell in Vaskar on Monday.\n\n' +
    '"We share a border and we share a future," Sollvik said after the talks.\n\n' +
    'Kell said the two countries would sign a trade agreement next year.',
  'Foreign Minister Idris Halloway 🤝 of Castamor arrived in Peleni on Thursday for 𝒜 summit.\n\n' +
    '"Our ports 🚢 stay open to every neighbour," Halloway told reporters at the harbour.\n\n' +
    'Governor Ruth Abernay said the province would widen the road to the border.',
];

const SPANS = `query Spans($slug: String!) {
  article(slug: $slug) {
    body
    mentions(first: 100) { edges { node { evidence { start end text sentence sentenceStart } } } }
    claims(first: 100) { edges { node { evidence { start end text sentence sentenceStart } } } }
  }
}`;

interface Span {
  start: number;
  end: number;
  text: string;
  sentence: string;
  sentenceStart: number;
}

let t: TestApp;
const statements: string[] = [];
const slugs: string[] = [];
beforeAll(async () => {
  t = await testApp({
    seedsDir: null,
    env: { ADMIN_TOKEN, RESPONSE_CACHE: 'off' },
    onStatement: (sql) => statements.push(sql),
  });
  for (const [n, text] of BODIES.entries()) {
    const input = { title: `Article ${n}`, body: text };
    const body = await (await t.fetch('/graphql', post(INGEST, { input }, AUTH))).json();
    expect(body.errors).toBeUndefined();
    slugs.push(body.data.ingestArticle.article.slug);
  }
});
afterAll(() => t?.close());

async function spansOf(slug: string): Promise<{ body: string; spans: Span[] }> {
  const { body } = await t.gql(SPANS, { slug });
  expect(body.errors).toBeUndefined();
  const article = body.data.article;
  const spans = [...article.mentions.edges, ...article.claims.edges].map(
    (edge: { node: { evidence: Span } }) => edge.node.evidence,
  );
  return { body: article.body, spans };
}

describe('the text of a span of evidence', () => {
  for (const [n, kind] of ['a plain body', 'a body with astral characters'].entries()) {
    it(`is the body's slice at its UTF-16 offsets, and so is its sentence (${kind})`, async () => {
      const { body, spans } = await spansOf(slugs[n] as string);
      expect(spans.length).toBeGreaterThan(4);
      for (const span of spans) {
        expect(span.text).toBe(body.slice(span.start, span.end));
        expect(span.sentence.length).toBeGreaterThan(0);
        expect(span.sentence).toBe(body.slice(span.sentenceStart, span.sentenceStart + span.sentence.length));
        expect(span.sentence).toContain(span.text);
      }
      // The second article's claim lies after its astral characters, where the two counts differ.
      if (n === 1) {
        expect(body.indexOf('𝒜')).toBeGreaterThan(0);
        expect(spans.some((span) => span.start > body.indexOf('𝒜'))).toBe(true);
      }
    });
  }

  it('does not read whole articles for a plain body', async () => {
    statements.length = 0;
    const { body } = await t.gql(
      'query Claims($slug: String!) { article(slug: $slug) { claims(first: 10) { edges { node { evidence { text sentence } } } } } }',
      { slug: slugs[0] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.article.claims.edges.length).toBeGreaterThan(0);
    // The article itself is looked up by its slug; its spans come without a second read of it.
    const articleReads = statements.filter(
      (sql) => /FROM articles\b/i.test(sql) && !/JOIN articles/i.test(sql),
    );
    expect(articleReads.length).toBe(1);
  });
});
