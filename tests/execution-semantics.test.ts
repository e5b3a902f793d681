import { afterAll, describe, expect, it } from 'vitest';
import { pickSubjects as pickTargets } from '../bench/subjects.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { corpusStore, countingApp, tempDir } from './corpus-db.ts';

// Execution behaviours a faster execution path (a compiled one, a cache) must keep from graphql-js:
// abstract types, nulls, argument errors with their codes, and validation before execution.
const temp = tempDir();
const corpus = await corpusStore(temp.dir, 40, 6);
const targets = pickTargets(sqliteDatabaseOf(corpus.store));
const client = await countingApp(corpus.path, { responseCache: false });
afterAll(async () => {
  await client.close();
  await corpus.store.close();
  temp.remove();
});

describe('compiled execution', () => {
  it('resolves interface and node fields to their concrete types', async () => {
    const { status, body } = await client.post(
      `query ($id: ID!, $slug: String!) {
        node(id: $id) { __typename id ... on Person { slug } }
        entity(slug: $slug) { __typename ... on Person { offices { title } } }
      }`,
      { id: targets.personGlobalId, slug: targets.personSlug },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toMatchObject({ __typename: 'Person', slug: targets.personSlug });
    expect(body.data.entity.__typename).toBe('Person');
  });

  it('answers null for a slug with no entity', async () => {
    const { body } = await client.post('{ entity(slug: "nobody-at-all") { name } }');
    expect(body).toEqual({ data: { entity: null } });
  });

  it('reports a bad argument with its code and the value', async () => {
    const { status, body } = await client.post('{ articles(first: 1000) { edges { cursor } } }');
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain('1000');
  });

  it('reports a malformed cursor as bad input, not as a crash', async () => {
    const { body } = await client.post('{ claims(after: "bm9wZQ==") { edges { cursor } } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects an invalid query before execution', async () => {
    const { body, statements } = await client.post('{ entity(slug: "x") { noSuchField } }');
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain('noSuchField');
    expect(statements).toBe(0);
  });
});
