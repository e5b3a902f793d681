import type { EntityRow } from './rows.ts';
import type { Store } from './store.ts';

export class GraphEditError extends Error {}

/**
 * Deletes an article and, in the same transaction, every fact whose only evidence it was.
 * Returns false when there is no such article.
 */
export function deleteArticleGraph(store: Store, articleId: number): boolean {
  return store.transaction(() => {
    if (!store.articles.delete(articleId)) return false;
    store.prune.pruneOrphans();
    return true;
  });
}

/**
 * Folds entity `removeId` into `keepId` in one transaction and returns the kept entity.
 * Throws GraphEditError when either is missing, they are the same, or their kinds differ.
 */
export function mergeEntityGraph(store: Store, keepId: number, removeId: number): EntityRow {
  return store.transaction(() => {
    const [keep, remove] = store.entities.byIds([keepId, removeId]);
    if (!keep) throw new GraphEditError(`no entity with id ${keepId} to keep`);
    if (!remove) throw new GraphEditError(`no entity with id ${removeId} to merge`);
    if (keep.id === remove.id) throw new GraphEditError('an entity cannot be merged into itself');
    if (keep.kind !== remove.kind) {
      throw new GraphEditError(`cannot merge a ${remove.kind} into a ${keep.kind}`);
    }
    if (keep.code && remove.code)
      throw new GraphEditError('two countries with ISO codes are different countries');
    // The merged entity's articles now link the kept one instead: their neighbour figures are redone.
    const articles = store.neighbors.articlesLinking(remove.id);
    store.merges.merge(keep.id, remove.id);
    for (const articleId of articles) store.neighbors.recordArticle(articleId);
    const merged = store.entities.byIds([keep.id])[0];
    if (!merged) throw new GraphEditError(`entity ${keepId} vanished during the merge`);
    return merged;
  });
}
