import { writeArticleGraphs } from '../store/graph-writer.ts';
import type { Store } from '../store/index.ts';
import { generateArticle } from './article.ts';
import { createWorld } from './world.ts';

export interface CorpusOptions {
  articles: number;
  seed: number;
  /** Articles per transaction: larger batches write faster, each article still lands whole or not at all. */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
}

/**
 * Writes a synthetic corpus of `articles` articles into `store` through the graph writer, in batches.
 * Deterministic: the same count and seed give the same graph. Articles already stored (same content hash)
 * are left as they are, so an interrupted run can be resumed. A bulk load: caches reading the same file
 * drop everything after each batch rather than the nodes it touched.
 */
export async function generateCorpus(store: Store, options: CorpusOptions): Promise<{ articles: number }> {
  const { articles, seed, batchSize = 500 } = options;
  const world = createWorld(articles, seed);
  await store.bulkLoad(async () => {
    for (let from = 0; from < articles; from += batchSize) {
      const batch = [];
      for (let index = from; index < Math.min(articles, from + batchSize); index++) {
        batch.push(generateArticle(world, seed, index, articles));
      }
      await writeArticleGraphs(store, batch);
      options.onProgress?.(Math.min(articles, from + batchSize), articles);
    }
  });
  return { articles };
}
