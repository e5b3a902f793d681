import type { CopiedTable } from './graph-copy.ts';
import type { Sql } from './sql.ts';

/** Rows of one table as a copy reads them: values in the table's `columns` order, and where to go on. */
export interface RowBatch {
  rows: unknown[][];
  /** The key of the last row, to read the next batch after; null when there were no rows. */
  last: unknown[] | null;
}

/**
 * The graph's tables row by row, for copying a graph into another database (see graph-copy.ts for
 * which tables and columns): what the engine holds, batches in key order, and their writes.
 */
export interface TableRowStore {
  /** Every table with its columns, as the engine lists them (views and FTS5's shadow tables left out). */
  schema(): Promise<Map<string, string[]>>;
  count(table: string): Promise<number>;
  /** Up to `limit` rows of `table` after the key `after` (null: from the first), in key order. */
  rowsAfter(table: CopiedTable, after: readonly unknown[] | null, limit: number): Promise<RowBatch>;
  /**
   * Writes rows read by `rowsAfter` from another database, ids as they are; the caller holds the
   * transaction. A self-reference to a row after its own is left empty: `linksAfter` gives those.
   */
  insert(table: CopiedTable, rows: readonly unknown[][]): Promise<void>;
  /** How many rows refer to a row of their own table with a higher id. */
  countForwardLinks(table: CopiedTable): Promise<number>;
  /** Up to `limit` rows referring to a later row of their own table, after id `afterId`: [id, …references]. */
  linksAfter(table: CopiedTable, afterId: number, limit: number): Promise<RowBatch>;
  /** Sets the self-references `linksAfter` read; the caller holds the transaction. */
  link(table: CopiedTable, links: readonly unknown[][]): Promise<void>;
  /** After rows were written with their ids: the ids the tables hand out next come after them. */
  moveIdsPast(tables: readonly CopiedTable[]): Promise<void>;
}

/**
 * Parameters per statement: below SQLite's limit of 32,766 (PostgreSQL's is 65,535). Rows go in
 * multi-row statements, since a statement per row costs PostgreSQL a round trip per row.
 */
const MAX_PARAMETERS = 30_000;

/** Tables and columns as SQLite lists them; FTS5's shadow tables are 'shadow', its own 'virtual'. */
const SQLITE_SCHEMA = `
  SELECT t.name AS table_name, c.name AS column_name
  FROM pragma_table_list AS t, pragma_table_xinfo(t.name) AS c
  WHERE t.schema = 'main' AND t.type IN ('table', 'virtual') AND t.name NOT LIKE 'sqlite%'
  ORDER BY t.name, c.cid`;
const POSTGRES_SCHEMA = `
  SELECT c.table_name AS table_name, c.column_name AS column_name
  FROM information_schema.columns c
  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
  WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
  ORDER BY c.table_name, c.ordinal_position`;

const list = (names: readonly string[]) => names.join(', ');
const keyAlias = (i: number) => `copy_key_${i}`;
const placeholders = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;
/** Rows whose self-references point past themselves. */
const forwardTest = (table: CopiedTable) =>
  `(${(table.selfReferences ?? []).map((column) => `${column} > id`).join(' OR ')})`;

/** Rows of `size` values each, in statements of at most MAX_PARAMETERS values. */
function chunks(rows: readonly unknown[][], size: number): unknown[][][] {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / size));
  const out: unknown[][][] = [];
  for (let i = 0; i < rows.length; i += perStatement) out.push(rows.slice(i, i + perStatement));
  return out;
}

/**
 * All SQL of copying a graph's tables. Table and column names come from the plan (graph-copy.ts), never
 * from input; values are bound.
 */
export function createTableRowStore(db: Sql): TableRowStore {
  const postgres = db.engine === 'postgres';

  async function rowsAfter(table: CopiedTable, after: readonly unknown[] | null, limit: number) {
    const keys = table.key.map((column, i) => `${column} AS ${keyAlias(i)}`);
    const where = after ? `WHERE (${list(table.key)}) > ${placeholders(table.key.length)}` : '';
    const found = (await db
      .prepare(
        `SELECT ${list([...keys, ...table.columns])} FROM ${table.name} ${where}
         ORDER BY ${list(table.key)} LIMIT ?`,
      )
      .all(...(after ?? []), limit)) as Record<string, unknown>[];
    return batchOf(found, table.key.length, table.columns);
  }

  async function insert(table: CopiedTable, rows: readonly unknown[][]) {
    const written = table.selfReferences ? rows.map((row) => withoutForwardLinks(table, row)) : rows;
    for (const chunk of chunks(written, table.columns.length)) {
      await db
        .prepare(
          `INSERT INTO ${table.name} (${list(table.columns)})
           VALUES ${chunk.map(() => placeholders(table.columns.length)).join(', ')}`,
        )
        .run(...chunk.flat());
    }
  }

  async function linksAfter(table: CopiedTable, afterId: number, limit: number) {
    const columns = ['id', ...(table.selfReferences ?? [])];
    const found = (await db
      .prepare(
        `SELECT id AS ${keyAlias(0)}, ${list(columns)} FROM ${table.name}
         WHERE ${forwardTest(table)} AND id > ? ORDER BY id LIMIT ?`,
      )
      .all(afterId, limit)) as Record<string, unknown>[];
    return batchOf(found, 1, columns);
  }

  // The VALUES list's columns are column1, column2… on both engines; PostgreSQL types them as text
  // unless told, and a text never equals a bigint there.
  async function link(table: CopiedTable, links: readonly unknown[][]) {
    const references = table.selfReferences ?? [];
    const row = `(${['id', ...references].map(() => 'CAST(? AS BIGINT)').join(', ')})`;
    const sets = references.map((column, i) => `${column} = v.column${i + 2}`);
    for (const chunk of chunks(links, references.length + 1)) {
      await db
        .prepare(
          `UPDATE ${table.name} SET ${list(sets)}
           FROM (VALUES ${chunk.map(() => row).join(', ')}) AS v WHERE ${table.name}.id = v.column1`,
        )
        .run(...chunk.flat());
    }
  }

  return {
    async schema() {
      const rows = (await db.prepare(postgres ? POSTGRES_SCHEMA : SQLITE_SCHEMA).all()) as {
        table_name: string;
        column_name: string;
      }[];
      const tables = new Map<string, string[]>();
      for (const { table_name, column_name } of rows) {
        tables.set(table_name, [...(tables.get(table_name) ?? []), column_name]);
      }
      return tables;
    },
    count: async (table) => Number(await db.pluck(`SELECT COUNT(*) FROM ${table}`).get()),
    rowsAfter,
    insert,
    countForwardLinks: async (table) =>
      table.selfReferences
        ? Number(await db.pluck(`SELECT COUNT(*) FROM ${table.name} WHERE ${forwardTest(table)}`).get())
        : 0,
    linksAfter,
    link,
    // SQLite hands out max(id) + 1 by itself; a PostgreSQL identity column hands out its sequence's next
    // value, which explicit ids never moved.
    async moveIdsPast(tables) {
      if (!postgres) return;
      for (const table of tables) {
        if (table.key.length !== 1 || table.key[0] !== 'id') continue;
        await db
          .pluck(
            `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), COALESCE(MAX(id), 0) + 1, false)
             FROM ${table.name}`,
          )
          .get();
      }
    },
  };
}

/** The rows found (key aliases first, then `columns`) as value lists, and the key of the last one. */
function batchOf(found: Record<string, unknown>[], keys: number, columns: readonly string[]): RowBatch {
  const lastRow = found.at(-1);
  return {
    rows: found.map((row) => columns.map((column) => row[column])),
    last: lastRow ? Array.from({ length: keys }, (_, i) => lastRow[keyAlias(i)]) : null,
  };
}

/** A row with each self-reference to a later row emptied (its row is not written yet). */
function withoutForwardLinks(table: CopiedTable, row: readonly unknown[]): unknown[] {
  const id = row[table.columns.indexOf('id')] as number;
  return table.columns.map((column, i) =>
    table.selfReferences?.includes(column) && (row[i] as number | null) !== null && (row[i] as number) > id
      ? null
      : row[i],
  );
}
