/**
 * A root list field's `cacheOwners` extension: for each argument that names a node owning the list
 * (`claims(about: $id)`), the kind of that node. Every write that changes such a list touches the links of
 * the node the argument names (src/store/change-touches.ts), so the response cache keeps the answer until
 * one does, instead of dropping it on any write to a node of the listed type.
 */
export type CacheOwners = Record<string, 'entity' | 'event'>;

/** The field extension that declares a root list's owners. */
export const cacheOwners = (owners: CacheOwners) => ({ cacheOwners: owners });
