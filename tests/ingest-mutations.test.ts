import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RawArticle } from '../src/ingest/article-input.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { graphDump } from './graph-dump.ts';
import {
  cleanupTempDirs,
  errorCodes,
  type GqlResult,
  globalId,
  post,
  runCli,
  scratchDir,
  type TestApp,
  tableCounts,
  testApp,
} from './helpers.ts';
import { ADMIN_TOKEN, AUTH, articlesOf, EVAL_DIR, HAS_EVAL, INGEST, NEWS_DIR } from './ingest-helpers.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(cleanupTempDirs);

/** An empty graph behind a server that has the admin token (or the environment given). */
async function emptyApp(env: Record<string, string> = { ADMIN_TOKEN }): Promise<TestApp> {
  const t = await testApp({ seedsDir: null, env });
  apps.push(t);
  return t;
}

async function send(
  t: TestApp,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = AUTH,
): Promise<GqlResult> {
  const res = await t.app.fetch('http://test/graphql', post(query, variables, headers));
  return { status: res.status, body: (await res.json()) as GqlResult['body'] };
}

const ingest = (t: TestApp, input: RawArticle, headers?: Record<string, string>) =>
  send(t, INGEST, { input }, headers);

const DELETE = 'mutation Delete($id: ID!) { deleteArticle(id: $id) { deletedId } }';
const MERGE =
  'mutation Merge($keep: ID!, $remove: ID!) { mergeEntities(keep: $keep, remove: $remove) { entity { slug name aliases } } }';

const VISIT: RawArticle = {
  title: 'Valdorian leader visits Brenmark',
  body: `President Maren Sollvik of Valdoria arrived in Brenmark on Monday for talks with Prime Minister Tomas Kell.

"We share a border and we share a future," Sollvik told reporters in the capital, Hallstad.

Kell said the two governments would sign a trade agreement before the end of the year.`,
  publishedAt: '2016-03-07',
  source: 'Test Wire',
  url: 'https://example.org/visit',
};

const BUDGET: RawArticle = {
  title: 'Valdoria budget passes',
  body: `The parliament of Valdoria approved the budget on Thursday after a long debate.

President Maren Sollvik said the vote showed "a country that can agree on hard things".

Opposition leader Ilse Varga said the budget would hurt farmers.`,
  publishedAt: '2016-03-10',
};

describe('who may write', () => {
  it('answers UNAUTHENTICATED without a token, and writes nothing', async () => {
    const t = await emptyApp();
    const result = await ingest(t, VISIT, {});
    expect(result.status).toBe(401);
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(tableCounts(t.store).articles).toBe(0);
  });

  it('answers FORBIDDEN with a wrong token, and writes nothing', async () => {
    const t = await emptyApp();
    const result = await ingest(t, VISIT, { authorization: 'Bearer not-the-admin-token-at-all' });
    expect(result.status).toBe(403);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(tableCounts(t.store).articles).toBe(0);
  });

  it('answers FORBIDDEN saying mutations are disabled on a server without ADMIN_TOKEN', async () => {
    const t = await emptyApp({});
    for (const result of [
      await ingest(t, VISIT),
      await send(t, DELETE, { id: globalId('Article', 1) }),
      await send(t, MERGE, { keep: globalId('Person', 1), remove: globalId('Person', 2) }),
    ]) {
      expect(result.status).toBe(403);
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.body.errors?.[0]?.message).toMatch(/disabled on this server: start it with ADMIN_TOKEN/);
    }
    expect(tableCounts(t.store).articles).toBe(0);
  });
});

describe('ingestArticle', () => {
  it('returns the article with the entities, events and claims extracted from it, each evidence its own slice', async () => {
    const t = await emptyApp();
    const result = await ingest(t, VISIT);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const payload = result.body.data.ingestArticle;
    expect(payload.unchanged).toBe(false);
    const article = payload.article;
    expect(article).toMatchObject({
      title: VISIT.title,
      body: VISIT.body,
      publishedAt: '2016-03-07T00:00:00.000Z',
      source: 'Test Wire',
      url: 'https://example.org/visit',
    });
    const people = article.entities.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(people).toEqual(expect.arrayContaining(['maren-sollvik', 'tomas-kell']));
    expect(article.claims.edges.map((e: { node: { text: string } }) => e.node.text)).toContain(
      'We share a border and we share a future',
    );
    expect(article.events.totalCount).toBeGreaterThan(0);
    const evidence = [
      ...article.mentions.edges.map((e: { node: { evidence: unknown } }) => e.node.evidence),
      ...article.claims.edges.map((e: { node: { evidence: unknown } }) => e.node.evidence),
      ...article.events.edges.flatMap((e: { node: { evidence: unknown[] } }) => e.node.evidence),
    ] as { start: number; end: number; text: string }[];
    expect(evidence.length).toBeGreaterThan(5);
    for (const span of evidence) {
      expect(span.text.length).toBeGreaterThan(0);
      expect(VISIT.body.slice(span.start, span.end)).toBe(span.text);
    }
    // Into an empty graph, what the payload calls added is what the tables hold.
    const rows = tableCounts(t.store);
    expect(payload.added).toMatchObject({
      entities: rows.entities,
      mentions: rows.mentions,
      claims: rows.claims,
      events: rows.events,
    });
    expect(article.mentions.totalCount).toBe(rows.mentions);
  });

  it('answers unchanged: true for the same text again, writing no fact, only remembering its other address', async () => {
    const t = await emptyApp();
    const first = await ingest(t, VISIT);
    const before = tableCounts(t.store);
    const again = await ingest(t, { ...VISIT, source: 'Another Wire', url: 'https://example.org/other' });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.ingestArticle).toMatchObject({
      unchanged: true,
      added: { entities: 0, mentions: 0, claims: 0 },
      article: { id: first.body.data.ingestArticle.article.id, source: 'Test Wire' },
    });
    // The same story at a second address is one article that lists it (alsoPublishedAt), as ingest does.
    expect(tableCounts(t.store)).toEqual({ ...before, article_urls: (before.article_urls ?? 0) + 1 });
    const thirdTime = await ingest(t, { ...VISIT, source: 'Another Wire', url: 'https://example.org/other' });
    expect(thirdTime.body.data.ingestArticle.unchanged).toBe(true);
    expect(tableCounts(t.store)).toEqual({ ...before, article_urls: (before.article_urls ?? 0) + 1 });
  });

  it.each([
    ['an empty body', { body: ' \n\n ' }, /body is empty/],
    ['a body over 1 MB', { body: 'Talks went on. '.repeat(70_000) }, /limit is 1000000/],
    ['a blank headline', { title: ' \t ' }, /headline is empty/],
    ['a publishedAt that is no date', { publishedAt: 'last Tuesday' }, /not a date/],
    ['a publishedAt that is no calendar day', { publishedAt: '2015-02-30' }, /not a/],
    ['a url that is no address', { url: 'not a url' }, /url "not a url" is not an http\(s\) address/],
    ['a url that is not http', { url: 'ftp://example.org/a' }, /not an http\(s\) address/],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, change, message) => {
    const t = await emptyApp();
    await ingest(t, BUDGET);
    const before = tableCounts(t.store);
    const result = await ingest(t, { ...VISIT, ...change });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(message);
    expect(result.body.data?.ingestArticle ?? null).toBeNull();
    expect(tableCounts(t.store)).toEqual(before);
  });
});

describe('deleteArticle', () => {
  it('removes the article and the facts only it supported, and keeps what another article supports', async () => {
    const t = await emptyApp();
    const visit = (await ingest(t, VISIT)).body.data.ingestArticle.article;
    await ingest(t, BUDGET);
    const result = await send(t, DELETE, { id: visit.id });
    expect(result.body).toEqual({ data: { deleteArticle: { deletedId: visit.id } } });

    const after = await send(
      t,
      `{ article(slug: "${visit.slug}") { id }
         kell: entity(slug: "tomas-kell") { id }
         sollvik: entity(slug: "maren-sollvik") {
           mentions(first: 20) { edges { node { evidence { text article { title } } } } }
           claimsBy(first: 20) { edges { node { text article { title } } } } } }`,
      {},
    );
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.article).toBeNull();
    expect(after.body.data.kell).toBeNull();
    const sollvik = after.body.data.sollvik;
    expect(sollvik).not.toBeNull();
    const titles = (
      edges: { node: { article?: { title: string }; evidence?: { article: { title: string } } } }[],
    ) => edges.map((e) => (e.node.article ?? e.node.evidence?.article)?.title);
    expect(titles(sollvik.mentions.edges)).toEqual([BUDGET.title]);
    expect(titles(sollvik.claimsBy.edges)).toEqual([BUDGET.title]);

    // Every fact left is what the other article alone gives.
    const only = await emptyApp();
    await ingest(only, BUDGET);
    const left = graphDump(sqliteDatabaseOf(t.store));
    const alone = graphDump(sqliteDatabaseOf(only.store));
    for (const part of ['articles', 'mentions', 'claims', 'events', 'relations', 'offices'] as const) {
      expect(left[part], part).toEqual(alone[part]);
    }
    const entity = (row: unknown) => {
      const { slug, kind, name } = row as Record<string, unknown>;
      return { slug, kind, name };
    };
    expect(left.entities.map(entity)).toEqual(alone.entities.map(entity));
  });

  it('answers NOT_FOUND for an unknown article and changes nothing', async () => {
    const t = await emptyApp();
    await ingest(t, VISIT);
    const before = tableCounts(t.store);
    const result = await send(t, DELETE, { id: globalId('Article', 999) });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(result.body.errors?.[0]?.message).toContain(globalId('Article', 999));
    expect(tableCounts(t.store)).toEqual(before);
  });
});

describe('mergeEntities', () => {
  /** The news fixtures, written through the store as the CLI would. */
  async function newsApp(): Promise<TestApp> {
    const t = await emptyApp();
    for (const { article } of articlesOf([NEWS_DIR])) await ingestArticle(t.store, article);
    return t;
  }

  /** Every fact that names an entity, as sets that survive the entity's id changing. */
  function factsOf(db: Database.Database, id: number) {
    const set = (sql: string) => new Set(db.prepare(sql).pluck().all({ id }) as (string | number)[]);
    return {
      mentions: set('SELECT evidence_id FROM mentions WHERE entity_id = @id'),
      claimsBy: set('SELECT id FROM claims WHERE speaker_id = @id'),
      claimsAbout: set('SELECT claim_id FROM claim_subjects WHERE entity_id = @id'),
      offices: set('SELECT title FROM offices WHERE person_id = @id'),
      relations: set(
        `SELECT type || '>' || to_id FROM relations WHERE from_id = @id
         UNION SELECT type || '<' || from_id FROM relations WHERE to_id = @id`,
      ),
      participation: set("SELECT event_id || ':' || role FROM event_participants WHERE entity_id = @id"),
      aliases: set('SELECT norm FROM entity_aliases WHERE entity_id = @id'),
    };
  }

  // People carry claims, offices and participation; in these articles only places carry relations.
  it.each([
    ['Person', 'PERSON', ['mentions', 'claimsBy', 'offices', 'participation', 'aliases']],
    ['Place', 'PLACE', ['mentions', 'relations', 'aliases']],
  ] as const)(
    'moves every fact of a %s (mentions, claims, offices, relations, participation, aliases) to the kept one and removes the other',
    async (type, kind, required) => {
      const t = await newsApp();
      const db = sqliteDatabaseOf(t.store);
      const candidates = db.prepare('SELECT id, slug FROM entities WHERE kind = ? ORDER BY id').all(kind) as {
        id: number;
        slug: string;
      }[];
      const score = (id: number) => Object.values(factsOf(db, id)).filter((facts) => facts.size > 0).length;
      // The entity with facts of the most kinds is removed, so that they all have to move.
      const remove = [...candidates].sort(
        (a, b) => score(b.id) - score(a.id),
      )[0] as (typeof candidates)[number];
      const keep = candidates.find(
        (c) => c.id !== remove.id && factsOf(db, c.id).mentions.size > 0,
      ) as (typeof candidates)[number];
      const removed = factsOf(db, remove.id);
      for (const facts of required) expect(removed[facts].size, `${remove.slug} ${facts}`).toBeGreaterThan(0);
      const kept = factsOf(db, keep.id);

      const result = await send(t, MERGE, {
        keep: globalId(type, keep.id),
        remove: globalId(type, remove.id),
      });
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.mergeEntities.entity.slug).toBe(keep.slug);

      const merged = factsOf(db, keep.id);
      const union = <T>(a: Set<T>, b: Set<T>) => new Set([...a, ...b]);
      const between = (rel: string | number) =>
        new RegExp(`[<>](${keep.id}|${remove.id})$`).test(String(rel));
      expect(merged.mentions).toEqual(union(kept.mentions, removed.mentions));
      expect(merged.claimsBy).toEqual(union(kept.claimsBy, removed.claimsBy));
      expect(merged.claimsAbout).toEqual(union(kept.claimsAbout, removed.claimsAbout));
      expect(merged.offices).toEqual(union(kept.offices, removed.offices));
      expect(merged.participation).toEqual(union(kept.participation, removed.participation));
      expect(merged.aliases).toEqual(union(kept.aliases, removed.aliases));
      // Relations between the two would be loops now, and go.
      expect(merged.relations).toEqual(
        new Set([...union(kept.relations, removed.relations)].filter((rel) => !between(rel))),
      );
      expect(db.prepare('SELECT COUNT(*) FROM entities WHERE id = ?').pluck().get(remove.id)).toBe(0);
      const lookup = await send(t, `{ entity(slug: "${remove.slug}") { id } }`, {});
      expect(lookup.body.data.entity).toBeNull();
    },
  );

  it('refuses to merge entities of different kinds or an entity into itself, and changes nothing', async () => {
    const t = await newsApp();
    const first = (kind: string) =>
      sqliteDatabaseOf(t.store)
        .prepare('SELECT id FROM entities WHERE kind = ? ORDER BY id LIMIT 1')
        .pluck()
        .get(kind) as number;
    const before = tableCounts(t.store);
    const person = globalId('Person', first('PERSON'));
    const differentKinds = await send(t, MERGE, { keep: person, remove: globalId('Place', first('PLACE')) });
    expect(errorCodes(differentKinds)).toEqual(['BAD_USER_INPUT']);
    expect(differentKinds.body.errors?.[0]?.message).toMatch(/cannot merge a PLACE into a PERSON/);
    const itself = await send(t, MERGE, { keep: person, remove: person });
    expect(errorCodes(itself)).toEqual(['BAD_USER_INPUT']);
    expect(itself.body.errors?.[0]?.message).toMatch(/cannot be merged into itself/);
    expect(tableCounts(t.store)).toEqual(before);
  });
});

describe('the CLI and the mutation', () => {
  it('give the same graph for the same articles', async () => {
    const folders = HAS_EVAL ? [EVAL_DIR, NEWS_DIR] : [NEWS_DIR];
    const dbPath = join(scratchDir(), 'graph.db');
    const run = await runCli(['ingest', ...folders], { DATABASE_URL: dbPath }, 60_000);
    expect(run.code).toBe(0);

    const t = await emptyApp();
    const articles = articlesOf(folders);
    for (const { article } of articles) {
      const result = await ingest(t, article);
      expect(result.body.errors).toBeUndefined();
    }
    const cli = new Database(dbPath, { readonly: true });
    const viaCli = graphDump(cli);
    cli.close();
    const viaMutation = graphDump(sqliteDatabaseOf(t.store));
    expect(viaCli.articles).toHaveLength(articles.length);
    expect(viaMutation.mentions.length).toBeGreaterThan(100);
    expect(viaMutation).toEqual(viaCli);
  }, 90_000);
});
