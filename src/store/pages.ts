import { dialectOf } from './dialect.ts';
import { groupByKeys, keyList, orderByKeys } from './keys.ts';
import type { Sql } from './sql.ts';

/** A forward page in id order: rows after `afterId`, at most `limit` of them. */
export interface PageArgs {
  afterId: number | null;
  limit: number;
}

/** A list that hangs off many parents: one statement loads a page for every parent key. */
export interface KeyedList<Row, Filters extends Record<string, unknown> = Record<string, never>> {
  pages(keys: readonly number[], args: PageArgs, filters?: Filters): Promise<Row[][]>;
  counts(keys: readonly number[], filters?: Filters): Promise<number[]>;
}

/** The SQL of a keyed list, written for one parent: `@key` stands for the parent's id. */
export interface KeyedListSql {
  /** The table whose rows the list returns; its `id` is the order and the cursor. */
  table: string;
  /**
   * The ids of one parent's page: `SELECT <id> … WHERE <parent> = @key AND <id> > @afterId ORDER BY <id>
   * LIMIT @limit`, reading an index in id order so that it stops after `@limit` rows.
   */
  pageIds: string;
  /** How many rows the parent has: an expression, ideally a counter the writer keeps, else an indexed count. */
  count: string;
}

/** `@key` in a keyed list's SQL, not `@keys`. */
const KEY_PARAMETER = /@key\b/g;

/**
 * Builds the paged and counted forms of a list that hangs off many parents. One statement serves every
 * parent: for each key of `json_each(@keys)` a correlated subquery takes that parent's page of ids, which
 * walks an index and stops at `limit`, so a page reads at most `limit` rows per parent whatever the
 * parent's total (numbering every child row with a window function and keeping `limit` read them all).
 * Cursors compare ids, never OFFSET, so deep pages cost what the first one does.
 */
export function keyedList<Row, Filters extends Record<string, unknown> = Record<string, never>>(
  db: Sql,
  sql: KeyedListSql,
): KeyedList<Row, Filters> {
  const perKey = (text: string) => text.replace(KEY_PARAMETER, 'k.value');
  const page = db.prepare(`
    SELECT k.value AS key, t.id AS sort_id, t.*
    FROM json_each(@keys) AS k ${dialectOf(db).joinRowsOf(sql.table, 't', 'id', perKey(sql.pageIds))}
    ORDER BY k.value, t.id`);
  const count = db.prepare(`SELECT k.value AS key, ${perKey(sql.count)} AS total FROM json_each(@keys) AS k`);
  return {
    async pages(keys, args, filters) {
      const rows = (await page.all({
        ...filters,
        keys: keyList(keys),
        afterId: args.afterId ?? 0,
        limit: args.limit,
      })) as (Row & { key: number })[];
      return groupByKeys(keys, rows, (row) => row.key);
    },
    async counts(keys, filters) {
      const rows = (await count.all({ ...filters, keys: keyList(keys) })) as {
        key: number;
        total: number | null;
      }[];
      const totals = new Map(rows.map((row) => [row.key, row.total ?? 0]));
      return keys.map((key) => totals.get(key) ?? 0);
    },
  };
}

/** A top-level list with optional filters bound by name; `baseSql` yields a `sort_id` column. */
export interface RootList<Row, Filters> {
  page(filters: Filters, args: PageArgs): Promise<Row[]>;
  count(filters: Filters): Promise<number>;
}

/**
 * `countSql`, when given, answers the count from a kept counter (one row, a `total` column) instead of
 * counting the list's rows.
 */
export function rootList<Row, Filters extends Record<string, unknown>>(
  db: Sql,
  baseSql: string,
  countSql = `SELECT COUNT(*) AS total FROM (${baseSql}) AS base`,
): RootList<Row, Filters> {
  const page = db.prepare(
    `SELECT * FROM (${baseSql}) AS base WHERE sort_id > @afterId ORDER BY sort_id LIMIT @limit`,
  );
  const count = db.prepare(countSql);
  return {
    async page(filters, args) {
      return (await page.all({ ...filters, afterId: args.afterId ?? 0, limit: args.limit })) as Row[];
    },
    async count(filters) {
      return ((await count.get(filters)) as { total: number }).total;
    },
  };
}

/** Looks rows up by primary key, one statement for any number of ids, in id order with gaps. */
export function idLookup<Row extends { id: number }>(
  db: Sql,
  table: string,
): (ids: readonly number[]) => Promise<(Row | undefined)[]> {
  const select = db.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
  return async (ids) => orderByKeys(ids, (await select.all(keyList(ids))) as Row[], (row) => row.id);
}

/** Groups the rows of a child table under many parents; `sql` reads the parents from json_each(?). */
export function groupLookup<Row>(
  db: Sql,
  sql: string,
  keyOf: (row: Row) => number,
): (keys: readonly number[]) => Promise<Row[][]> {
  const select = db.prepare(sql);
  return async (keys) => groupByKeys(keys, (await select.all(keyList(keys))) as Row[], keyOf);
}
