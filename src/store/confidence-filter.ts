/**
 * The `minConfidence` filter of claim and event lists. Callers that do not ask for it get every row:
 * the wrappers below bind it as NULL so that the statements always see the parameter.
 */
import type { KeyedList } from './pages.ts';
import type { SortedList } from './sorted-pages.ts';

export interface ConfidenceFilter extends Record<string, unknown> {
  /** Only rows extraction is at least this sure of (0–1); null or absent means all. */
  minConfidence?: number | null;
}

const withConfidence = <F>(filters: F | undefined): F & { minConfidence: number | null } =>
  ({
    ...(filters ?? {}),
    minConfidence: (filters as ConfidenceFilter | undefined)?.minConfidence ?? null,
  }) as F & {
    minConfidence: number | null;
  };

export function keyedWithConfidence<Row, F extends ConfidenceFilter>(
  list: KeyedList<Row, F>,
): KeyedList<Row, F> {
  return {
    pages: (keys, args, filters) => list.pages(keys, args, withConfidence(filters)),
    counts: (keys, filters) => list.counts(keys, withConfidence(filters)),
  };
}

export function sortedWithConfidence<Row, F extends ConfidenceFilter>(
  list: SortedList<Row, F>,
): SortedList<Row, F> {
  return {
    keys: list.keys,
    page: (filters, args) => list.page(withConfidence(filters), args),
    count: (filters) => list.count(withConfidence(filters)),
  };
}
