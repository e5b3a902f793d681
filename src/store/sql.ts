/**
 * The store's view of a database engine: statements run asynchronously and answer plain rows. Store
 * modules are written against this, so one module serves every engine; what an engine cannot share (its
 * SQL dialect, its connection) stays behind it. Parameters are bound by name (`@name` with one object) or
 * by position (`?` with values).
 */
export interface Sql {
  readonly engine: 'sqlite' | 'postgres';
  /** A statement whose rows are objects keyed by column name. */
  prepare(text: string): Statement<unknown>;
  /** A statement whose rows are the values of its first column. */
  pluck(text: string): Statement<unknown>;
  /** Runs statements without parameters or results (a migration, a schema change). */
  exec(text: string): Promise<void>;
}

/** What a write statement did. */
export interface RunResult {
  /** Rows the statement inserted, updated or deleted. An id a write made comes back by `RETURNING id`. */
  changes: number;
}

export interface Statement<Row> {
  all(...params: unknown[]): Promise<Row[]>;
  get(...params: unknown[]): Promise<Row | undefined>;
  run(...params: unknown[]): Promise<RunResult>;
}
