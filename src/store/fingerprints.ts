import type { Sql } from './sql.ts';

/** An article that may be a near duplicate, and how many band keys it shares. */
export interface FingerprintCandidate {
  article_id: number;
  shared: number;
}

/** Near-duplicate lookup by the MinHash band keys of each article. */
export interface FingerprintStore {
  /** Stores an article's band keys, replacing any it had; the caller holds the transaction. */
  set(articleId: number, keys: readonly number[]): Promise<void>;
  /** Articles sharing at least one band key with `keys`, most shared first (at most 20). */
  candidates(keys: readonly number[]): Promise<FingerprintCandidate[]>;
}

/** All SQL for article_bands: near-duplicate lookup by MinHash band keys. */
export function createFingerprintStore(db: Sql): FingerprintStore {
  const remove = db.prepare('DELETE FROM article_bands WHERE article_id = ?');
  const insert = db.prepare(
    'INSERT INTO article_bands (band, band_key, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const candidates = db.prepare(`
    SELECT ab.article_id, count(*) AS shared
    FROM json_each(?) k JOIN article_bands ab ON ab.band = k.key AND ab.band_key = k.value
    GROUP BY ab.article_id ORDER BY shared DESC, ab.article_id LIMIT 20`);
  return {
    set: async (articleId, keys) => {
      await remove.run(articleId);
      for (const [band, key] of keys.entries()) await insert.run(band, key, articleId);
    },
    candidates: async (keys) => (await candidates.all(JSON.stringify(keys))) as FingerprintCandidate[],
  };
}
