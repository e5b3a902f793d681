import { afterAll, describe, expect, it } from 'vitest';
import { pickSubjects as pickTargets } from '../bench/subjects.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { corpusStore, countingApp, tempDir } from './corpus-db.ts';

const temp = tempDir();
const corpus = await corpusStore(temp.dir, 200, 11);
const targets = pickTargets(sqliteDatabaseOf(corpus.store));
const client = await countingApp(corpus.path, { responseCache: false });
afterAll(async () => {
  await client.close();
  await corpus.store.close();
  temp.remove();
});

const CLAIMS = `query Claims($slug: String!, $first: Int!) {
  person(slug: $slug) {
    claimsBy(first: $first) {
      edges { node { text speaker { name } about { name } evidence { text sentence article { title } } } }
    }
  }
}`;
const EVENTS = `query Events($id: ID!, $first: Int!) {
  events(participant: $id, first: $first) { edges { node { name participants { entity { name } } } } }
}`;
const LEADERS = `query Leaders($first: Int!) {
  countries(first: $first) { edges { node { name leaders { name offices { title country { code } } } } } }
}`;
const NESTED = `query Nested($first: Int!) {
  articles(first: $first) { edges { node { title claims(first: $first) { edges { node { text speaker { name } } } } } } }
}`;

const POPULAR = `query Popular($first: Int!) {
  entities(first: 10, orderBy: MENTIONS) {
    edges { node { name
      articles(first: $first) { totalCount edges { node { title } } }
      claimsBy(first: $first) { totalCount edges { node { text } } }
    } }
  }
}`;

describe('SQL statements per request', () => {
  it.each([
    ['a person’s claims with speakers, subjects and evidence', CLAIMS, { slug: targets.personSlug }],
    ['events by participant with their participants', EVENTS, { id: targets.personGlobalId }],
    ['countries with leaders and offices', LEADERS, {}],
    ['articles with a page of claims each', NESTED, {}],
    ['the most-mentioned entities with pages and totals of their articles and claims', POPULAR, {}],
  ])('are the same for first: 5 and first: 50 (%s)', async (_name, query, variables) => {
    const small = await client.post(query, { ...variables, first: 5 });
    const large = await client.post(query, { ...variables, first: 50 });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(JSON.stringify(large.body).length).toBeGreaterThan(JSON.stringify(small.body).length);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(8);
  });
});
