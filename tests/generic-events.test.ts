import { afterEach, describe, expect, it } from 'vitest';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import { extractArticle } from '../src/extract/index.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { type TestApp, testApp } from './helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

let t: TestApp;
afterEach(() => t.close());

/** Extracts and stores an invented article as the ingest does. */
function ingest(title: string, body: string, publishedAt: string) {
  const annotation = extractArticle({ title, body, publishedAt });
  return writeArticleGraph(
    t.store,
    {
      title,
      body,
      publishedAt,
      source: null,
      url: null,
      contentHash: contentHash(title, body),
      annotationHash: null,
    },
    resolveAnnotation(body, annotation),
  );
}

/** The id of the person of that name, by slug. */
const personId = async (slug: string) =>
  (
    (await t.gql('query($slug: String!) { person(slug: $slug) { id } }', { slug })) as {
      body: { data: { person: { id: string } | null } };
    }
  ).body.data.person?.id;

describe('generic events', () => {
  it('do not merge across unrelated articles, so strangers are not one step apart', async () => {
    t = await testApp({ seedsDir: null });
    await ingest(
      'Bridge to reopen',
      'Mayor Anna Kowal of Lindenport held a press conference on Monday. She said the bridge would reopen in March.',
      '2019-03-04',
    );
    await ingest(
      'Cup final',
      'Coach Peter Haller of the Brisvale Rovers held a press conference in Brisvale after the final. He said the team had played well.',
      '2023-10-09',
    );
    const conferences = await rawSqlOf(t.store).all(
      "SELECT slug FROM events WHERE kind = 'PRESS_CONFERENCE'",
    );
    expect(conferences).toHaveLength(2);
    const kowal = await personId('anna-kowal');
    const haller = await personId('peter-haller');
    expect(kowal && haller).toBeTruthy();
    const path = (await t.gql('query($from: ID!, $to: ID!) { path(from: $from, to: $to) { length } }', {
      from: kowal,
      to: haller,
    })) as { body: { data: { path: { length: number } | null } } };
    const found = path.body.data.path;
    expect(found === null || found.length > 1).toBe(true);
  });

  it('merge with another article’s when date and a participant agree', async () => {
    t = await testApp({ seedsDir: null });
    const body = 'Mayor Anna Kowal of Lindenport held a press conference on Monday, March 4, 2019.';
    await ingest('First report', body, '2019-03-04');
    const second = await ingest('Second report', `${body} Reporters asked about the bridge.`, '2019-03-04');
    expect(second.merged.events).toBe(1);
  });
});
