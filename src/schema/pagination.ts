import type { ObjectRef } from '@pothos/core';
import { InvalidInputError } from '../errors.ts';
import type { PageArgs } from '../store/pages.ts';
import { builder, type Types } from './builder.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A connection as resolvers build it; `totalCount` runs only when a client asks for it. */
export interface ConnectionShape<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number> | number;
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

const CURSOR_PREFIX = 'cursor:';

export function encodeCursor(sortId: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${sortId}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const id = decoded.startsWith(CURSOR_PREFIX) ? Number(decoded.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new InvalidInputError(
      `"${cursor}" is not a cursor from this API: pass an endCursor you were given`,
    );
  }
  return id;
}

/** Checks `first` and `after` and turns them into a store page that fetches one extra row. */
export function pageArgs(args: ConnectionArgs): PageArgs & { first: number } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  const afterId = args.after ? decodeCursor(args.after) : null;
  // One row beyond the page tells whether there is a next page without counting.
  return { first, afterId, limit: first + 1 };
}

/** Builds a connection from rows fetched with `pageArgs` (at most first + 1 of them). */
export function toConnection<Row extends { id: number }, Node = Row>(
  rows: readonly Row[],
  page: { first: number; afterId: number | null },
  totalCount: () => Promise<number> | number,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
  sortIdOf: (row: Row) => number = (row) => (row as { sort_id?: number }).sort_id ?? row.id,
): ConnectionShape<Node> {
  const shown = rows.slice(0, page.first);
  const edges = shown.map((row) => ({ cursor: encodeCursor(sortIdOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.afterId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` with `totalCount`, as the public API names them. */
export function connectionType<Node>(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: node refs of every kind (objects, interfaces, loadable nodes) fit here
  nodeRef: any,
): ObjectRef<Types, ConnectionShape<Node>> {
  const edge = builder.objectRef<{ cursor: string; node: Node }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: nodeRef, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<ConnectionShape<Node>>(`${name}Connection`).implement({
    description: `A page of ${name} nodes in a stable order, with a cursor to continue from.`,
    fields: (t) => ({
      edges: t.field({ type: [edge], resolve: (connection) => connection.edges }),
      pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (connection) => connection.pageInfo }),
      totalCount: t.int({
        description: 'How many nodes the whole list holds, across all pages.',
        resolve: (connection) => connection.totalCount(),
      }),
    }),
  });
}

/** `first` and `after`, for every connection field. */
export const connectionArgs = () =>
  builder.args((t) => ({
    first: t.int({ description: `Page size, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
    after: t.string({ description: 'Continue after this cursor (an endCursor from a previous page).' }),
  }));

/** The two loads behind a connection that hangs off many parents: a page and a count, each batched. */
export interface PagedLoaders<Row, Filters> {
  page(args: PageArgs, filters?: Filters): { load(parentId: number): Promise<Row[]> };
  count(filters?: Filters): { load(parentId: number): Promise<number> };
}

/** A connection under one parent, read through the request's batched loaders. */
export async function childConnection<Row extends { id: number }, Filters>(
  loaders: PagedLoaders<Row, Filters>,
  parentId: number,
  args: ConnectionArgs,
  filters?: Filters,
): Promise<ConnectionShape<Row>> {
  const page = pageArgs(args);
  const rows = await loaders.page(page, filters).load(parentId);
  return toConnection(rows, page, () => loaders.count(filters).load(parentId));
}

/** A top-level connection: one page and, when asked for, one count. */
export async function rootConnection<Row extends { id: number }, Filters>(
  list: { page(filters: Filters, args: PageArgs): Promise<Row[]>; count(filters: Filters): Promise<number> },
  filters: Filters,
  args: ConnectionArgs,
): Promise<ConnectionShape<Row>> {
  const page = pageArgs(args);
  return toConnection(await list.page(filters, page), page, () => list.count(filters));
}
