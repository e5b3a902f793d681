import { dialectOf } from './dialect.ts';
import type { Sql } from './sql.ts';

/** Tables whose rows have a unique, readable slug. */
export type SluggedTable = 'articles' | 'entities' | 'events';

/**
 * The first free slug for `base` in `table`: `base` itself, else `base-N` one past the highest number
 * in use. One indexed range read over the family, not a probe per number: a graph with thousands of
 * same-named events ("talks-1234") names the next one as fast as the second.
 */
export function freeSlugLookup(db: Sql, table: SluggedTable): (base: string) => Promise<string> {
  const taken = db.pluck(`SELECT 1 FROM ${table} WHERE slug = ?`);
  // The range `base-` < slug < `base-:` is every slug that starts "base-" and then a digit or less
  // (':' follows '9'), which keeps the slug index in use; the GLOB keeps whole numbers only.
  const highest = db.pluck(
    `SELECT MAX(CAST(substr(slug, length(@base) + 2) AS INTEGER)) FROM ${table}
     WHERE slug > @base || '-' AND slug < @base || '-:'
       AND ${dialectOf(db).onlyDigits('substr(slug, length(@base) + 2)')}`,
  );
  return async (base) => {
    if ((await taken.get(base)) === undefined) return base;
    const top = ((await highest.get({ base })) as number | null) ?? 1;
    return `${base}-${Math.max(top, 1) + 1}`;
  };
}
