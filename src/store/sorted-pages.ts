import { groupByKeys, keyList } from './keys.ts';
import type { Sql } from './sql.ts';

/** A value a list is sorted on; every sort column is non-null (base queries COALESCE where needed). */
export type SortValue = string | number;

/** One column of a sort order; the last key must be unique (an id) so that the order is total. */
export interface SortKey {
  column: string;
  descending?: boolean;
}

/** A forward page in a sort order: rows after the sort values `after`, at most `limit` of them. */
export interface KeysetArgs {
  after: readonly SortValue[] | null;
  limit: number;
}

/**
 * The keyset condition "this row sorts after @k0, @k1…", expanded so that each column may have its own
 * direction: (c0 > @k0) OR (c0 = @k0 AND c1 < @k1) OR … Row-value comparison would be shorter but
 * cannot mix directions. Column names come from code, never from clients.
 */
function afterCondition(keys: readonly SortKey[]): string {
  return keys
    .map((key, i) => {
      const equal = keys.slice(0, i).map((prior, j) => `${prior.column} = @k${j}`);
      return `(${[...equal, `${key.column} ${key.descending ? '<' : '>'} @k${i}`].join(' AND ')})`;
    })
    .join(' OR ');
}

function orderBy(keys: readonly SortKey[]): string {
  return keys.map((key) => `${key.column}${key.descending ? ' DESC' : ''}`).join(', ');
}

function boundKeys(keys: readonly SortKey[], after: readonly SortValue[]): Record<string, SortValue> {
  if (after.length !== keys.length)
    throw new Error(`a cursor for ${keys.length} sort keys has ${after.length}`);
  return Object.fromEntries(after.map((value, i) => [`k${i}`, value]));
}

/** The sort values of a row, for its cursor. */
export function sortValuesOf(keys: readonly SortKey[], row: object): SortValue[] {
  return keys.map((key) => (row as Record<string, SortValue>)[key.column] as SortValue);
}

/** A top-level list in one of several orders; cursors carry the sort values, never an OFFSET. */
export interface SortedList<Row, Filters> {
  page(filters: Filters, args: KeysetArgs): Promise<Row[]>;
  count(filters: Filters): Promise<number>;
  keys: readonly SortKey[];
}

/**
 * Builds the paged and counted forms of `baseSql` sorted by `keys`; `baseSql` yields every sort column.
 * A page seeks past the cursor's values, so a deep page costs what the first one does once rows are sorted.
 */
export function sortedList<Row, Filters extends Record<string, unknown>>(
  db: Sql,
  baseSql: string,
  keys: readonly SortKey[],
): SortedList<Row, Filters> {
  const first = db.prepare(`SELECT * FROM (${baseSql}) AS base ORDER BY ${orderBy(keys)} LIMIT @limit`);
  const next = db.prepare(
    `SELECT * FROM (${baseSql}) AS base WHERE ${afterCondition(keys)} ORDER BY ${orderBy(keys)} LIMIT @limit`,
  );
  const count = db.prepare(`SELECT COUNT(*) AS total FROM (${baseSql}) AS base`);
  return {
    keys,
    async page(filters, args) {
      if (args.after === null) return (await first.all({ ...filters, limit: args.limit })) as Row[];
      return (await next.all({ ...filters, ...boundKeys(keys, args.after), limit: args.limit })) as Row[];
    },
    async count(filters) {
      return ((await count.get(filters)) as { total: number }).total;
    },
  };
}

/** A list hanging off many parents in a sort order: one statement pages every parent. */
export interface SortedKeyedList<Row, Filters> {
  pages(parents: readonly number[], args: KeysetArgs, filters: Filters): Promise<Row[][]>;
  counts(parents: readonly number[], filters: Filters): Promise<number[]>;
  keys: readonly SortKey[];
}

/**
 * Like `sortedList` for many parents at once: `baseSql` yields a `key` column (the parent), reads the
 * parents from `json_each(@keys)`, and a window function cuts each parent's page.
 */
export function sortedKeyedList<Row, Filters extends Record<string, unknown>>(
  db: Sql,
  baseSql: string,
  keys: readonly SortKey[],
): SortedKeyedList<Row, Filters> {
  const ranked = (where: string) =>
    db.prepare(`
      WITH base AS (${baseSql}),
      ranked AS (
        SELECT base.*, ROW_NUMBER() OVER (PARTITION BY key ORDER BY ${orderBy(keys)}) AS position
        FROM base WHERE ${where}
      )
      SELECT * FROM ranked WHERE position <= @limit ORDER BY key, position`);
  const first = ranked('1 = 1');
  const next = ranked(afterCondition(keys));
  const count = db.prepare(`SELECT key, COUNT(*) AS total FROM (${baseSql}) AS base GROUP BY key`);
  return {
    keys,
    async pages(parents, args, filters) {
      const bound = { ...filters, keys: keyList(parents), limit: args.limit };
      const rows = (await (args.after === null
        ? first.all(bound)
        : next.all({ ...bound, ...boundKeys(keys, args.after) }))) as (Row & { key: number })[];
      return groupByKeys(parents, rows, (row) => row.key);
    },
    async counts(parents, filters) {
      const rows = (await count.all({ ...filters, keys: keyList(parents) })) as {
        key: number;
        total: number;
      }[];
      const totals = new Map(rows.map((row) => [row.key, row.total]));
      return parents.map((parent) => totals.get(parent) ?? 0);
    },
  };
}
