import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticleText } from '../src/annotation/article-text.ts';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type Json, SEED_SLUG, SEEDS_DIR, type TestApp, testApp } from './helpers.ts';

/** Countries → leaders → their claims → what the claims are about → where those are mentioned. */
const DEEP_QUERY = `{
  countries(first: 50) {
    totalCount
    edges { node {
      name
      leaders {
        name
        claimsBy(first: 50) {
          totalCount
          edges { node {
            text
            about {
              name
              mentions(first: 50) {
                totalCount
                edges { node { evidence { text sentence article { title } } } }
              }
            }
          } }
        }
      }
    } }
  }
}`;

const MAX_STATEMENTS = 20;
// The deep query asks for pages of 50 at four levels: far over the default cost limit, which is not under test here.
const UNLIMITED = { MAX_COST: '100000000' };

/** Writes `count` copies of the seed article under new headlines; entities merge with the seed's by slug. */
async function writeCopies(t: TestApp, from: number, count: number): Promise<void> {
  const text = parseArticleText(readFileSync(join(SEEDS_DIR, 'articles', `${SEED_SLUG}.txt`), 'utf8'));
  const raw = readFileSync(join(SEEDS_DIR, 'annotations', `${SEED_SLUG}.json`), 'utf8');
  const annotation = resolveAnnotation(text.body, annotationSchema.parse(JSON.parse(raw)));
  for (let n = from; n < from + count; n++) {
    const title = `${text.title} (copy ${n})`;
    const summary = await writeArticleGraph(
      t.store,
      {
        slug: `${SEED_SLUG}-copy-${n}`,
        title,
        body: text.body,
        publishedAt: '2015-11-16',
        source: null,
        url: null,
        contentHash: contentHash(title, text.body),
        annotationHash: null,
      },
      annotation,
    );
    expect(summary.unchanged).toBe(false);
  }
}

/** Runs the deep query and returns how many SQL statements it took, with the answer. */
async function measure(t: TestApp): Promise<{ statements: number; data: Json }> {
  // The first request after a write reads the response cache's change log: not the query's statements.
  await t.gql('{ __typename }');
  t.resetSqlCount();
  const result = await t.gql(DEEP_QUERY);
  const statements = t.sqlCount();
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  return { statements, data: result.body.data };
}

function claimsOfCameron(data: Json): Json {
  const uk = data.countries.edges.find((edge: Json) => edge.node.name === 'United Kingdom').node;
  return uk.leaders.find((leader: Json) => leader.name === 'David Cameron').claimsBy;
}

describe('batching', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp({ env: UNLIMITED });
  });

  afterEach(async () => {
    await t.close();
  });

  it('runs a deeply nested query in a number of statements that does not grow with the rows', async () => {
    const seedOnly = await measure(t);
    const claimsPerArticle = claimsOfCameron(seedOnly.data).totalCount;
    expect(claimsPerArticle).toBeGreaterThanOrEqual(8);

    await writeCopies(t, 1, 1);
    const oneCopy = await measure(t);
    await writeCopies(t, 2, 5);
    const sixCopies = await measure(t);

    console.log(
      `SQL statements for the deep query: seed only ${seedOnly.statements}, ` +
        `1 copy ${oneCopy.statements}, 6 copies ${sixCopies.statements}`,
    );
    // The graph really grew: each copy adds Cameron's claims again, and mentions of what they are about.
    expect((await t.store.stats.nodeCounts()).articles).toBe(7);
    expect(claimsOfCameron(oneCopy.data).totalCount).toBe(2 * claimsPerArticle);
    expect(claimsOfCameron(sixCopies.data).totalCount).toBe(7 * claimsPerArticle);
    const firstAbout = (data: Json) => claimsOfCameron(data).edges[0].node.about[0].mentions;
    expect(firstAbout(sixCopies.data).totalCount).toBe(7 * firstAbout(seedOnly.data).totalCount);
    expect(firstAbout(sixCopies.data).edges).toHaveLength(
      Math.min(50, firstAbout(sixCopies.data).totalCount),
    );

    expect(sixCopies.statements).toBe(oneCopy.statements);
    expect(oneCopy.statements).toBe(seedOnly.statements);
    expect(sixCopies.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('loads the entities of many mentions in one statement per level', async () => {
    await writeCopies(t, 1, 3);
    t.resetSqlCount();
    const result = await t.gql(`{
      articles(first: 10) {
        edges { node { title mentions(first: 100) { edges { node { entity { name } evidence { text } } } } } }
      }
    }`);
    expect(result.body.errors).toBeUndefined();
    const articles = result.body.data.articles.edges;
    expect(articles).toHaveLength(4);
    for (const article of articles) expect(article.node.mentions.edges.length).toBeGreaterThan(50);
    // articles, mentions of every article, their entities, their evidence, the articles behind the evidence
    expect(t.sqlCount()).toBeLessThanOrEqual(5);
  });
});
