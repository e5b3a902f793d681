import { InvalidInputError } from '../errors.ts';
import { type SortedList, type SortValue, sortValuesOf } from '../store/sorted-pages.ts';
import { type ConnectionArgs, type ConnectionShape, pageArgs } from './pagination.ts';

/**
 * Cursors for lists sorted on something other than the id (date, name, mention count, relevance):
 * the cursor carries the sort values of the last row and the name of the order it belongs to, so that
 * the next page seeks past it and a cursor from another order is refused rather than misread.
 */

const PREFIX = 'keys:';

export function encodeKeyCursor(order: string, values: readonly SortValue[]): string {
  return Buffer.from(`${PREFIX}${JSON.stringify([order, ...values])}`).toString('base64');
}

/** What each sort value of a cursor must be, where a list knows (a relevance score and an id are numbers). */
export type SortValueType = 'number' | 'string';

function decodeKeyCursor(
  cursor: string,
  order: string,
  length: number,
  types?: readonly SortValueType[],
): SortValue[] {
  const fail = (why: string): never => {
    throw new InvalidInputError(
      `"${cursor}" is not a cursor of this list ${why}: pass an endCursor you were given`,
    );
  };
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return fail('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.slice(PREFIX.length));
  } catch {
    return fail('');
  }
  if (!Array.isArray(parsed)) return fail('');
  const [cursorOrder, ...values] = parsed as unknown[];
  if (cursorOrder !== order) return fail(` for the order ${order} (it was made for ${String(cursorOrder)})`);
  const valid = (value: unknown) =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (values.length !== length || !values.every(valid)) return fail('');
  // A string where a number belongs would compare as text in SQL and answer an empty page.
  if (types && !values.every((value, i) => typeof value === types[i])) return fail('');
  return values as SortValue[];
}

export interface KeysetPage {
  first: number;
  after: SortValue[] | null;
  limit: number;
  order: string;
}

/**
 * Checks `first` and `after` for a list in `order` sorted on `length` values (of `types`, when given);
 * fetches one extra row.
 */
export function keysetPageArgs(
  args: ConnectionArgs,
  order: string,
  length: number,
  types?: readonly SortValueType[],
): KeysetPage {
  const { first, limit } = pageArgs({ first: args.first ?? null });
  const after = args.after ? decodeKeyCursor(args.after, order, length, types) : null;
  return { first, limit, after, order };
}

/** Builds a connection from rows fetched with `keysetPageArgs` (at most first + 1 of them). */
export function toKeysetConnection<Row, Node = Row>(
  rows: readonly Row[],
  page: KeysetPage,
  sortValuesOf: (row: Row) => SortValue[],
  totalCount: () => Promise<number> | number,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): ConnectionShape<Node> {
  const edges = rows
    .slice(0, page.first)
    .map((row) => ({ cursor: encodeKeyCursor(page.order, sortValuesOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** A page of a top-level list in one order, as a connection with a lazy totalCount. */
export async function sortedListConnection<Row extends object, Filters>(
  list: SortedList<Row, Filters>,
  order: string,
  filters: Filters,
  args: ConnectionArgs,
): Promise<ConnectionShape<Row>> {
  const page = keysetPageArgs(args, order, list.keys.length);
  const rows = await list.page(filters, page);
  return toKeysetConnection(
    rows,
    page,
    (row) => sortValuesOf(list.keys, row),
    () => list.count(filters),
  );
}
