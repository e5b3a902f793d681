import { groupByKeys, keyList, orderByKeys } from './keys.ts';
import type { Db } from './open.ts';

/** A forward page in id order: rows after `afterId`, at most `limit` of them. */
export interface PageArgs {
  afterId: number | null;
  limit: number;
}

/** A list that hangs off many parents: one statement loads a page for every parent key. */
export interface KeyedList<Row, Filters extends Record<string, unknown> = Record<string, never>> {
  pages(keys: readonly number[], args: PageArgs, filters?: Filters): Row[][];
  counts(keys: readonly number[], filters?: Filters): number[];
}

/** How a keyed list's `baseSql` reads its parents; see keyedList. */
const PARENTS_FROM_KEYS = 'IN (SELECT value FROM json_each(@keys))';

/**
 * Builds the paged and counted forms of `baseSql`, which selects the rows of many parents and must yield
 * a `key` column (the parent) and a `sort_id` column (the order and cursor), reading the parents from
 * `json_each(@keys)`, written `IN (SELECT value FROM json_each(@keys))`. A window function numbers each
 * parent's rows so one statement serves all parents; cursors compare `sort_id`, never OFFSET, so deep pages
 * cost what the first one does.
 */
export function keyedList<Row, Filters extends Record<string, unknown> = Record<string, never>>(
  db: Db,
  baseSql: string,
): KeyedList<Row, Filters> {
  const page = db.prepare(`
    WITH base AS (${baseSql}),
    ranked AS (
      SELECT base.*, ROW_NUMBER() OVER (PARTITION BY key ORDER BY sort_id) AS position
      FROM base WHERE sort_id > @afterId
    )
    SELECT * FROM ranked WHERE position <= @limit ORDER BY key, sort_id`);
  const count = db.prepare(`SELECT key, COUNT(*) AS total FROM (${baseSql}) AS base GROUP BY key`);
  // The window numbers every row of a parent before keeping the first `limit`: for a parent with 20,000
  // claims that is 20,000 rows read to show 20. A page for one parent (a root field's connection, the
  // usual case) instead binds the key with `=`, which lets SQLite walk an index in sort order and stop at
  // `limit`: the cost of a page no longer grows with the parent's list.
  const perKeySql = baseSql.replaceAll(PARENTS_FROM_KEYS, '= @key');
  const onePage =
    perKeySql === baseSql
      ? null
      : db.prepare(
          `SELECT * FROM (${perKeySql}) AS base WHERE sort_id > @afterId ORDER BY sort_id LIMIT @limit`,
        );
  return {
    pages(keys, args, filters) {
      const [only] = keys;
      if (onePage && keys.length === 1 && only !== undefined) {
        const rows = onePage.all({ ...filters, key: only, afterId: args.afterId ?? 0, limit: args.limit });
        return [rows as Row[]];
      }
      const rows = page.all({
        ...filters,
        keys: keyList(keys),
        afterId: args.afterId ?? 0,
        limit: args.limit,
      }) as (Row & {
        key: number;
      })[];
      return groupByKeys(keys, rows, (row) => row.key);
    },
    counts(keys, filters) {
      const rows = count.all({ ...filters, keys: keyList(keys) }) as { key: number; total: number }[];
      const totals = new Map(rows.map((row) => [row.key, row.total]));
      return keys.map((key) => totals.get(key) ?? 0);
    },
  };
}

/** A top-level list with optional filters bound by name; `baseSql` yields a `sort_id` column. */
export interface RootList<Row, Filters> {
  page(filters: Filters, args: PageArgs): Row[];
  count(filters: Filters): number;
}

export function rootList<Row, Filters extends Record<string, unknown>>(
  db: Db,
  baseSql: string,
): RootList<Row, Filters> {
  const page = db.prepare(
    `SELECT * FROM (${baseSql}) AS base WHERE sort_id > @afterId ORDER BY sort_id LIMIT @limit`,
  );
  const count = db.prepare(`SELECT COUNT(*) AS total FROM (${baseSql}) AS base`);
  return {
    page(filters, args) {
      return page.all({ ...filters, afterId: args.afterId ?? 0, limit: args.limit }) as Row[];
    },
    count(filters) {
      return (count.get(filters) as { total: number }).total;
    },
  };
}

/** Looks rows up by primary key, one statement for any number of ids, in id order with gaps. */
export function idLookup<Row extends { id: number }>(
  db: Db,
  table: string,
): (ids: readonly number[]) => (Row | undefined)[] {
  const select = db.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
  return (ids) => orderByKeys(ids, select.all(keyList(ids)) as Row[], (row) => row.id);
}

/** Groups the rows of a child table under many parents; `sql` reads the parents from json_each(?). */
export function groupLookup<Row>(
  db: Db,
  sql: string,
  keyOf: (row: Row) => number,
): (keys: readonly number[]) => Row[][] {
  const select = db.prepare(sql);
  return (keys) => groupByKeys(keys, select.all(keyList(keys)) as Row[], keyOf);
}
