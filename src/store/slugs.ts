import type { Db } from './open.ts';

/** Tables whose rows have a unique, readable slug. */
export type SluggedTable = 'articles' | 'entities' | 'events';

/**
 * The first free slug for `base` in `table`: `base` itself, else `base-N` one past the highest number
 * in use. One indexed range read over the family, not a probe per number: a graph with thousands of
 * same-named events ("talks-1234") names the next one as fast as the second.
 */
export function freeSlugLookup(db: Db, table: SluggedTable): (base: string) => string {
  const taken = db.prepare(`SELECT 1 FROM ${table} WHERE slug = ?`).pluck();
  // The range `base-` < slug < `base-:` is every slug that starts "base-" and then a digit or less
  // (':' follows '9'), which keeps the slug index in use; the GLOB keeps whole numbers only.
  const highest = db
    .prepare(
      `SELECT MAX(CAST(substr(slug, length(@base) + 2) AS INTEGER)) FROM ${table}
       WHERE slug > @base || '-' AND slug < @base || '-:'
         AND substr(slug, length(@base) + 2) NOT GLOB '*[^0-9]*'`,
    )
    .pluck();
  return (base) => {
    if (taken.get(base) === undefined) return base;
    const top = (highest.get({ base }) as number | null) ?? 1;
    return `${base}-${Math.max(top, 1) + 1}`;
  };
}
