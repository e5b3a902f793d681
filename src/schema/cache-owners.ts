/**
 * A root list field's `cacheOwners` extension: for each argument that names a node owning the list
 * (`claims(about: $id)`), the kind of that node. Every write that changes such a list touches the links of
 * the node the argument names (src/store/change-touches.ts), so the response cache keeps the answer until
 * one does, instead of dropping it on any write to a node of the listed type. `countryCode` names a
 * country by its ISO code rather than its id.
 */
export type CacheOwners = Record<string, 'entity' | 'event' | 'countryCode'>;

/** The field extension that declares a root list's owners. */
export const cacheOwners = (owners: CacheOwners) => ({ cacheOwners: owners });

/**
 * A root search field's `cacheSearchText` extension: the argument holding what the user typed. The
 * response cache tags the answer by its words (src/server/search-tags.ts) and keeps it until a write adds
 * text holding one of them or takes indexed text away, instead of dropping it on every write.
 */
export const cacheSearchText = (argument: string) => ({ cacheSearchText: argument });

/**
 * A root field's `cacheDayRange` extension: the arguments bounding a range of publication days that the
 * answer counts within. The response cache tags it by each day of a short range, and a write drops it only
 * when it changes the evidence of an article published on one of them.
 */
export const cacheDayRange = (from: string, to: string) => ({ cacheDayRange: { from, to } });
