import type { Sql } from './sql.ts';

/**
 * The few spellings the engines do not share, for statements otherwise written once. Each takes SQL
 * expressions (column names, parameters) from code, never from clients.
 */
export interface Dialect {
  /** The rows of a JSON list of strings bound as one parameter, as a `value` column. */
  textList(parameter: string): string;
  /** Whether a text holds only digits (or nothing). */
  onlyDigits(text: string): string;
  /** The distinct values of a group joined with commas, in no particular order. */
  joinedDistinct(expression: string): string;
  /** The ISO day after a `YYYY-MM-DD` text (NULL stays NULL). */
  dayAfter(day: string): string;
  /** A group's values as the text of a JSON list. */
  jsonList(expression: string): string;
  /**
   * Joins `table AS alias` on the rows whose `column` a correlated `subquery` answers (one key's page,
   * `… ORDER BY … LIMIT n`), the subquery run once per outer row. SQLite does that for `column IN
   * (subquery)`; PostgreSQL runs that form as a filter over every row of the table, but runs a LATERAL
   * subquery once per outer row.
   */
  joinRowsOf(table: string, alias: string, column: string, subquery: string): string;
}

const SQLITE: Dialect = {
  textList: (parameter) => `json_each(${parameter})`,
  onlyDigits: (text) => `${text} NOT GLOB '*[^0-9]*'`,
  joinedDistinct: (expression) => `GROUP_CONCAT(DISTINCT ${expression})`,
  dayAfter: (day) => `date(${day}, '+1 day')`,
  jsonList: (expression) => `json_group_array(${expression})`,
  joinRowsOf: (table, alias, column, subquery) =>
    `JOIN ${table} AS ${alias} ON ${alias}.${column} IN (${subquery})`,
};

const POSTGRES: Dialect = {
  textList: (parameter) => `json_each_text(${parameter})`,
  onlyDigits: (text) => `${text} !~ '[^0-9]'`,
  joinedDistinct: (expression) => `string_agg(DISTINCT ${expression}, ',')`,
  dayAfter: (day) => `to_char(CAST(CAST(${day} AS text) AS date) + 1, 'YYYY-MM-DD')`,
  jsonList: (expression) => `CAST(json_agg(${expression}) AS text)`,
  joinRowsOf: (table, alias, column, subquery) =>
    `CROSS JOIN LATERAL (${subquery}) AS ${alias}_page (page_key) JOIN ${table} AS ${alias} ON ${alias}.${column} = ${alias}_page.page_key`,
};

export function dialectOf(db: Sql): Dialect {
  return db.engine === 'postgres' ? POSTGRES : SQLITE;
}
