import type { EntityRow } from './rows.ts';
import type { Store } from './store.ts';

export class GraphEditError extends Error {}

/**
 * Deletes an article and, in the same transaction, every fact whose only evidence it was.
 * Returns false when there is no such article.
 */
export function deleteArticleGraph(store: Store, articleId: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.articles.delete(articleId))) return false;
    await tx.prune.pruneOrphans();
    return true;
  });
}

/**
 * Folds entity `removeId` into `keepId` in one transaction and returns the kept entity.
 * Throws GraphEditError when either is missing, they are the same, or their kinds differ.
 */
export function mergeEntityGraph(store: Store, keepId: number, removeId: number): Promise<EntityRow> {
  return store.transaction(async (tx) => {
    const [keep, remove] = await tx.entities.byIds([keepId, removeId]);
    if (!keep) throw new GraphEditError(`no entity with id ${keepId} to keep`);
    if (!remove) throw new GraphEditError(`no entity with id ${removeId} to merge`);
    if (keep.id === remove.id) throw new GraphEditError('an entity cannot be merged into itself');
    if (keep.kind !== remove.kind) {
      throw new GraphEditError(`cannot merge a ${remove.kind} into a ${keep.kind}`);
    }
    if (keep.code && remove.code)
      throw new GraphEditError('two countries with ISO codes are different countries');
    // The merged entity's articles now link the kept one instead: their neighbour figures are redone.
    const articles = await tx.neighbors.articlesLinking(remove.id);
    await tx.merges.merge(keep.id, remove.id);
    for (const articleId of articles) await tx.neighbors.recordArticle(articleId);
    const merged = (await tx.entities.byIds([keep.id]))[0];
    if (!merged) throw new GraphEditError(`entity ${keepId} vanished during the merge`);
    return merged;
  });
}
