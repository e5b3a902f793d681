import type Database from 'better-sqlite3';
import type { Db } from './open.ts';
import type { RunResult, Sql, Statement } from './sql.ts';

/**
 * SQLite's `Sql`: better-sqlite3 runs each statement synchronously, so a statement's promise is settled
 * when it is made. Statements are prepared once per text and connection.
 */
export function sqliteSql(db: Db): Sql {
  const objects = new Map<string, Statement<unknown>>();
  const values = new Map<string, Statement<unknown>>();
  return {
    engine: 'sqlite',
    prepare: (text) => cached(objects, text, () => wrap(db.prepare(text))),
    pluck: (text) => cached(values, text, () => wrap(db.prepare(text).pluck())),
    async exec(text) {
      db.exec(text);
    },
  };
}

function cached(
  statements: Map<string, Statement<unknown>>,
  text: string,
  make: () => Statement<unknown>,
): Statement<unknown> {
  const known = statements.get(text);
  if (known) return known;
  const made = make();
  statements.set(text, made);
  return made;
}

function wrap(statement: Database.Statement): Statement<unknown> {
  return {
    async all(...params) {
      return statement.all(...params);
    },
    async get(...params) {
      return statement.get(...params);
    },
    async run(...params): Promise<RunResult> {
      return { changes: statement.run(...params).changes };
    },
  };
}
