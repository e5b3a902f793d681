/**
 * Cache tags that tie stats over a range of publication days to those days: a write drops them only when
 * it changes what an article of one of the days gives evidence of (src/store/change-touches.ts logs the
 * days). Long or open ranges are not tagged day by day: any write drops them.
 */

import type { CacheTag } from './cache-tags.ts';

/** The tag type every day-tagged answer carries: dropping it drops them all. */
export const STATS_TAG = 'stats';
/** Ranges longer than this many days are dropped by every write instead. */
const MAX_TAGGED_DAYS = 92;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The tag of one publication day, given as 20151116. */
export const dayTag = (day: number) => ({ typename: STATS_TAG, id: `day:${day}` });

/** The tags of an answer counting within [from, to] (YYYY-MM-DD); null when the range is not tagged. */
export function dayRangeTags(from: unknown, to: unknown): CacheTag[] | null {
  if (typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to)) return null;
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(first) || !Number.isFinite(last)) return null;
  const days = Math.round((last - first) / 86_400_000) + 1;
  if (days > MAX_TAGGED_DAYS) return null;
  const tags: CacheTag[] = [{ typename: STATS_TAG }];
  for (let i = 0; i < days; i++) {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    tags.push(dayTag(Number(day.replaceAll('-', ''))));
  }
  return tags;
}
