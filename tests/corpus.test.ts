import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticle } from '../src/corpus/article.ts';
import { createWorld } from '../src/corpus/world.ts';
import type { Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { corpusStore, tempDir } from './corpus-db.ts';

const temp = tempDir();
afterAll(() => temp.remove());

/** A digest of what the graph holds, independent of file layout. */
function fingerprint(store: Store): string {
  const hash = createHash('sha256');
  for (const sql of [
    'SELECT slug, content_hash, published_at FROM articles ORDER BY id',
    'SELECT slug, kind, name, country_id FROM entities ORDER BY id',
    'SELECT entity_id, article_id, evidence_id FROM mentions ORDER BY id',
    'SELECT slug, kind, date, place_id FROM events ORDER BY id',
    'SELECT event_id, entity_id, role FROM event_participants ORDER BY event_id, entity_id, role',
    'SELECT article_id, speaker_id, text, kind FROM claims ORDER BY id',
    'SELECT type, from_id, to_id FROM relations ORDER BY id',
    'SELECT person_id, title, country_id FROM offices ORDER BY id',
  ]) {
    hash.update(JSON.stringify(sqliteDatabaseOf(store).prepare(sql).all()));
  }
  return hash.digest('hex');
}

describe('the corpus generator', () => {
  let first: Store;
  let again: Store;
  let other: Store;
  beforeAll(async () => {
    first = (await corpusStore(temp.dir, 60, 7)).store;
    again = (await corpusStore(join(temp.dir, 'again'), 60, 7)).store;
    other = (await corpusStore(temp.dir, 60, 8)).store;
  });
  afterAll(async () => {
    for (const store of [first, again, other]) await store.close();
  });

  it('builds the same graph from the same article count and seed', async () => {
    expect(await again.stats.nodeCounts()).toEqual(await first.stats.nodeCounts());
    expect(fingerprint(again)).toBe(fingerprint(first));
    expect((await first.stats.nodeCounts()).articles).toBe(60);
  });

  it('builds a different graph from another seed', () => {
    expect(fingerprint(other)).not.toBe(fingerprint(first));
  });

  it('gives every article 10 to 60 mentions, and events, claims and relations', async () => {
    const perArticle = sqliteDatabaseOf(first)
      .prepare('SELECT COUNT(*) AS n FROM mentions GROUP BY article_id')
      .pluck()
      .all() as number[];
    expect(perArticle).toHaveLength(60);
    for (const n of perArticle) {
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThanOrEqual(60);
    }
    const counts = await first.stats.nodeCounts();
    expect(counts.events).toBeGreaterThan(0);
    expect(counts.claims).toBeGreaterThanOrEqual(2 * 60);
    expect(counts.relations).toBeGreaterThan(0);
    const participants = sqliteDatabaseOf(first)
      .prepare('SELECT COUNT(*) FROM event_participants')
      .pluck()
      .get();
    expect(participants).toBeGreaterThan(0);
  });

  it('stores mention spans whose text is exactly a name of the entity', async () => {
    const rows = sqliteDatabaseOf(first)
      .prepare(
        `SELECT a.body, ev.start_offset, ev.end_offset, m.entity_id FROM mentions m
         JOIN evidence ev ON ev.id = m.evidence_id JOIN articles a ON a.id = m.article_id`,
      )
      .all() as { body: string; start_offset: number; end_offset: number; entity_id: number }[];
    const names = await first.entities.aliasesByEntityIds([...new Set(rows.map((r) => r.entity_id))]);
    const byEntity = new Map(names.map((aliases) => [aliases[0]?.entity_id, aliases.map((a) => a.alias)]));
    expect(rows.length).toBeGreaterThan(600);
    for (const row of rows) {
      expect(byEntity.get(row.entity_id)).toContain(row.body.slice(row.start_offset, row.end_offset));
    }
  });

  it('resolves every annotation span to the text it was written from', () => {
    const world = createWorld(200, 3);
    for (let index = 0; index < 200; index += 7) {
      const { article, annotation } = generateArticle(world, 3, index, 200);
      for (const entity of annotation.entities) {
        for (const span of entity.mentions) {
          expect([entity.name, ...entity.aliases]).toContain(article.body.slice(span.start, span.end));
        }
      }
      for (const claim of annotation.claims) {
        const text = article.body.slice(claim.evidence.start, claim.evidence.end);
        expect(text).toContain(claim.quote ?? claim.text);
      }
    }
  });
});
