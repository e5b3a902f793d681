/** A response-cache tag: a type (`Person`, `list:Article`, `search`) and, for one node or word, an id. */
export interface CacheTag {
  typename: string;
  id?: string | number;
}

/** The tag of root fields that aggregate over the whole graph (paths, whole-graph stats): any write drops them. */
export const GRAPH_TAG = 'graph';

/** A tag as the in-memory cache keys it: dropping `Person` drops every `Person:<id>` too. */
export const tagKey = (tag: CacheTag) => (tag.id === undefined ? tag.typename : `${tag.typename}:${tag.id}`);
