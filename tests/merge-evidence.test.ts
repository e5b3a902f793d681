import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, globalId, post, scratchDir, type TestApp, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH } from './ingest-helpers.ts';
import { rawSqlOf } from './raw-sql.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(cleanupTempDirs);

/**
 * Two articles, each naming the same president under a different name (so two entities), each stating
 * the same office and the same alliance with its own evidence.
 */
function twoArticleSeeds(): string {
  const dir = scratchDir();
  mkdirSync(join(dir, 'articles'));
  mkdirSync(join(dir, 'annotations'));
  const article = (slug: string, person: { key: string; name: string }, body: string, date: string) => {
    writeFileSync(join(dir, 'articles', `${slug}.txt`), `Headline of ${slug}\n\n${body}\n`);
    const annotation = {
      article: { publishedAt: date },
      entities: [
        { key: 'valdoria', kind: 'COUNTRY', name: 'Valdoria', code: 'VD', mentions: ['Valdoria'] },
        { key: 'brenmark', kind: 'COUNTRY', name: 'Brenmark', code: 'BM', mentions: ['Brenmark'] },
        {
          key: person.key,
          slug: person.key,
          kind: 'PERSON',
          name: person.name,
          country: 'valdoria',
          offices: [
            { title: 'President of Valdoria', country: 'valdoria', evidence: [`President ${person.name}`] },
          ],
          mentions: [person.name],
        },
      ],
      relations: [
        { type: 'ALLY_OF', from: person.key, to: 'brenmark', evidence: ['a close ally of Brenmark'] },
      ],
    };
    writeFileSync(join(dir, 'annotations', `${slug}.json`), JSON.stringify(annotation));
  };
  article(
    'first-visit',
    { key: 'maren-sollvik', name: 'Maren Sollvik' },
    'President Maren Sollvik of Valdoria, a close ally of Brenmark, arrived on Monday.',
    '2016-03-07',
  );
  article(
    'second-visit',
    { key: 'marena-sollvick', name: 'Marena Sollvick' },
    'President Marena Sollvick of Valdoria, a close ally of Brenmark, left on Friday.',
    '2016-03-11',
  );
  return dir;
}

const MERGE =
  'mutation ($keep: ID!, $remove: ID!) { mergeEntities(keep: $keep, remove: $remove) { entity { slug } } }';
const DELETE = 'mutation ($id: ID!) { deleteArticle(id: $id) { deletedId } }';

describe('mergeEntities keeps every piece of evidence', () => {
  it('when both entities hold the same office and the same relation, and after deleting one article', async () => {
    const t = await testApp({ seedsDir: twoArticleSeeds(), env: { ADMIN_TOKEN } });
    apps.push(t);
    const raw = rawSqlOf(t.store);
    const idOf = async (slug: string) =>
      (await raw.value<number>('SELECT id FROM entities WHERE slug = ?', [slug])) as number;
    const keep = await idOf('maren-sollvik');
    const remove = await idOf('marena-sollvick');
    const officeEvidence = () =>
      raw.values(
        `SELECT a.slug FROM offices o JOIN office_evidence oe ON oe.office_id = o.id
           JOIN evidence e ON e.id = oe.evidence_id JOIN articles a ON a.id = e.article_id
           WHERE o.person_id = ? AND o.title = 'President of Valdoria' ORDER BY a.slug`,
        [keep],
      );
    const relationEvidence = () =>
      raw.values(
        `SELECT a.slug FROM relations r JOIN relation_evidence re ON re.relation_id = r.id
           JOIN evidence e ON e.id = re.evidence_id JOIN articles a ON a.id = e.article_id
           WHERE r.from_id = ? AND r.type = 'ALLY_OF' ORDER BY a.slug`,
        [keep],
      );
    expect(await officeEvidence()).toEqual(['first-visit']);

    const send = async (query: string, variables: Record<string, unknown>) =>
      (await (await t.app.fetch('http://test/graphql', post(query, variables, AUTH))).json()) as {
        errors?: unknown;
      };
    const merged = await send(MERGE, {
      keep: globalId('Person', keep),
      remove: globalId('Person', remove),
    });
    expect(merged.errors).toBeUndefined();
    expect(await officeEvidence()).toEqual(['first-visit', 'second-visit']);
    expect(await relationEvidence()).toEqual(['first-visit', 'second-visit']);

    const first = (await raw.value<number>("SELECT id FROM articles WHERE slug = 'first-visit'")) as number;
    const deleted = await send(DELETE, { id: globalId('Article', first) });
    expect(deleted.errors).toBeUndefined();
    // The second article still states both facts.
    expect(await officeEvidence()).toEqual(['second-visit']);
    expect(await relationEvidence()).toEqual(['second-visit']);
  });
});
