import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArticleInputError, type RawArticle } from '../src/ingest/article-input.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { soundnessOf } from './graph-dump.ts';
import { post, type TestApp, tableCountsOf, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

// Random articles, from noise to news-like sentences built from pools of names, titles and verbs, must
// either be refused cleanly with nothing written or be written with every evidence span inside the body.
// Each property runs a fixed number of cases, not as many as fit in some seconds: a busy machine then
// takes longer but checks as much, instead of checking fewer and failing a floor.

const NAMES = [
  'Maren Sollvik',
  'Tomas Kell',
  'Ilse Varga',
  'Anders Moll',
  'Sollvik',
  'Kell',
  'Mr Moll',
  'Dr. Varga',
];
const TITLES = ['President', 'Prime Minister', 'Foreign Minister', 'the minister', 'Secretary-General', ''];
const PLACES = ['Russia', 'France', 'Germany', 'Vienna', 'Paris', 'the United Nations', 'NATO', 'Brussels'];
const VERBS = ['said', 'told reporters', 'warned', 'denied', 'announced', 'insisted', 'said on Monday'];
const CLAUSES = ['talks would resume', 'the deal was dead', 'we will not give in', 'nobody was hurt', ''];
const QUOTES = ['"', '\u201c', '\u201d', "'", '\u2018', '\u00ab', '\u00bb', ''];
const SEPARATORS = [' ', '\n', '\n\n', '\r\n', '\r\n\r\n', '\t', '  ', '. ', ''];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const noise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: pick(['\ud800', '\udc00', '\u0000', '\u200b', '\ufeff', '\u0301', 'e', ' ', '\n']),
    maxLength: 12,
  }),
);

const sentence = fc.oneof(
  fc
    .tuple(pick(TITLES), pick(NAMES), pick(PLACES), pick(VERBS), pick(CLAUSES), pick(QUOTES), pick(QUOTES))
    .chain(([title, name, place, verb, clause, open, close]) =>
      fc.constantFrom(
        `${title} ${name} of ${place} ${verb} ${open}${clause}${close}.`,
        `${open}${clause},${close} ${name} ${verb}.`,
        `${name}, the ${title} of ${place}, ${verb} that ${clause}.`,
        `In ${place}, ${name} ${verb}: ${open}${clause}`,
        `${open}${clause}${close} ${verb} ${title} ${name} in ${place} on 12 March 2015.`,
      ),
    ),
  noise,
);

const body = fc.array(fc.tuple(sentence, pick(SEPARATORS)), { maxLength: 25 }).chain((parts) =>
  fc.integer({ min: 1, max: 40 }).map((times) => {
    const text = parts.map(([s, sep]) => s + sep).join('');
    // Now and then a long article (up to some 60 kB): the same text many times over.
    return times > 37 ? text.repeat(Math.min(times * 10, Math.ceil(60_000 / (text.length + 1)))) : text;
  }),
);

/** Mostly `valid`, sometimes `invalid`, sometimes absent: most articles should get as far as a write. */
const mostly = (valid: string[], invalid: string[]) =>
  fc.oneof(
    { arbitrary: pick(valid), weight: 6 },
    { arbitrary: pick(invalid), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 3 },
  );

const article: fc.Arbitrary<RawArticle> = fc.record({
  title: fc.oneof({ arbitrary: sentence, weight: 4 }, noise, pick(['', '   ', 'Talks'])),
  body,
  publishedAt: mostly(['2015-11-16', '2016-02-29', '2015-11-16T10:00:00+01:00'], ['2015-02-30', 'soon']),
  url: mostly(['https://example.org/a', 'http://example.org/b?c=d#e'], ['ftp://example.org', 'not a url']),
});

const STORE_RUNS = 40;
const MUTATION_RUNS = 15;

interface Span {
  start: number;
  end: number;
  text?: string;
}

/** Every span lies within the body, is not empty, and its text (when given) is its slice of the body. */
function expectSpansInside(bodyText: string, spans: Span[]): void {
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(bodyText.length);
    if (span.text !== undefined) expect(span.text).toBe(bodyText.slice(span.start, span.end));
  }
}

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('ingesting random articles', () => {
  it('through the store: refused with nothing written, or written with every evidence span inside the body', async () => {
    const t = await testApp({ seedsDir: null });
    apps.push(t);
    const sql = rawSqlOf(t.store);
    // The first extraction loads the gazetteers: not part of the time the property gets.
    await ingestArticle(t.store, { title: 'Warm-up', body: 'President Maren Sollvik of Russia said so.' });
    let cases = 0;
    let written = 0;
    await fc.assert(
      fc.asyncProperty(article, async (raw) => {
        cases++;
        const before = await tableCountsOf(t.store);
        let summary: Awaited<ReturnType<typeof ingestArticle>>;
        try {
          summary = await ingestArticle(t.store, raw);
        } catch (error) {
          expect(error).toBeInstanceOf(ArticleInputError);
          expect(await tableCountsOf(t.store)).toEqual(before);
          return;
        }
        if (summary.unchanged) return expect(await tableCountsOf(t.store)).toEqual(before);
        written++;
        const stored = (await sql.value<string>('SELECT body FROM articles WHERE id = ?', [
          summary.articleId,
        ])) as string;
        const spans = await sql.all<Span & { sentence_start: number; sentence_end: number }>(
          `SELECT start_offset AS start, end_offset AS "end", sentence_start, sentence_end FROM evidence
             WHERE article_id = ?`,
          [summary.articleId],
        );
        expectSpansInside(stored, spans);
        expectSpansInside(
          stored,
          spans.map((s) => ({ start: s.sentence_start, end: s.sentence_end })),
        );
      }),
      { numRuns: STORE_RUNS },
    );
    expect(cases).toBe(STORE_RUNS);
    expect(written).toBeGreaterThan(0);
    expect(await soundnessOf(t.store)).toEqual({ integrity: 'ok', foreignKeyViolations: [] });
  }, 120_000);

  it('through the mutation: never a 5xx or a masked error; BAD_USER_INPUT or TIMEOUT with nothing written, or the facts with their evidence', async () => {
    const t = await testApp({ seedsDir: null, env: { ADMIN_TOKEN } });
    apps.push(t);
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(article, async (raw) => {
        cases++;
        const before = await tableCountsOf(t.store);
        const res = await t.app.fetch('http://test/graphql', post(INGEST, { input: raw }, AUTH));
        expect(res.status).toBeLessThan(500);
        const answer = await res.json();
        if (answer.errors) {
          // Refused input, or a long article whose extraction outlasted the request's budget: either way
          // one coded error and nothing written.
          const codes = answer.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code);
          expect(codes.length).toBe(1);
          expect(['BAD_USER_INPUT', 'TIMEOUT']).toContain(codes[0]);
          expect(await tableCountsOf(t.store)).toEqual(before);
          return;
        }
        const written = answer.data.ingestArticle.article;
        const spans: Span[] = [
          ...written.mentions.edges.map((e: { node: { evidence: Span } }) => e.node.evidence),
          ...written.claims.edges.map((e: { node: { evidence: Span } }) => e.node.evidence),
          // An event merged with one of another article lists that article's evidence too.
          ...written.events.edges
            .flatMap((e: { node: { evidence: (Span & { article: { id: string } })[] } }) => e.node.evidence)
            .filter((span: { article: { id: string } }) => span.article.id === written.id),
        ];
        expectSpansInside(written.body, spans);
      }),
      { numRuns: MUTATION_RUNS },
    );
    expect(cases).toBe(MUTATION_RUNS);
    expect(await soundnessOf(t.store)).toEqual({ integrity: 'ok', foreignKeyViolations: [] });
  }, 120_000);
});
