import pg from 'pg';
import type { RunResult, Sql, Statement } from './sql.ts';

/** A pool or one client of it (inside a transaction): both answer `query`. */
export type PgQueryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** A statement translated once: its text with numbered parameters, and where each value comes from. */
interface Translated {
  text: string;
  /** Parameter names in number order (`@name` binding), or null for positional (`?`) binding. */
  names: string[] | null;
}

/**
 * PostgreSQL's `Sql`. The store's statements bind parameters the way SQLite does, by `@name` or `?`;
 * they are numbered here once per text. Integers and counts come back as numbers (int8 and numeric
 * included: graph ids and counts stay far below 2^53), so rows equal SQLite's.
 */
export function postgresSql(target: PgQueryable, onStatement?: (sql: string) => void): Sql {
  // One translation per text and pattern of null parameters (see nullTestsAnswered).
  const translated = new Map<string, Translated>();
  const translate = (text: string, params: unknown[]) => {
    const bound = namedValues(params);
    const key = bound ? `${nullTestKey(text, bound)}\u0000${text}` : text;
    let known = translated.get(key);
    if (!known) {
      const plain = withoutSqliteHints(text);
      known = numberedParameters(bound ? nullTestsAnswered(plain, bound) : plain);
      if (translated.size > MAX_TRANSLATIONS) translated.clear();
      translated.set(key, known);
    }
    return known;
  };
  const statement = (text: string, firstColumn: boolean): Statement<unknown> => {
    const run = async (params: unknown[]) => {
      const { text: sql, names } = translate(text, params);
      onStatement?.(text);
      return target.query({
        text: sql,
        values: valuesOf(names, params),
        ...(firstColumn ? { rowMode: 'array' as const } : {}),
      });
    };
    const rowsOf = (result: pg.QueryResult) =>
      firstColumn ? result.rows.map((row: unknown[]) => row[0]) : result.rows;
    return {
      async all(...params) {
        return rowsOf(await run(params));
      },
      async get(...params) {
        return rowsOf(await run(params))[0];
      },
      async run(...params): Promise<RunResult> {
        return { changes: (await run(params)).rowCount ?? 0 };
      },
    };
  };
  return {
    engine: 'postgres',
    prepare: (text) => statement(text, false),
    pluck: (text) => statement(text, true),
    async exec(text) {
      onStatement?.(text);
      await target.query(text);
    },
  };
}

/** Translations kept per connection: the store's statements and their null patterns are far fewer. */
const MAX_TRANSLATIONS = 10_000;

/** The one object of named parameters, or null when values are bound by position. */
function namedValues(params: unknown[]): Record<string, unknown> | null {
  const [first] = params;
  return params.length === 1 && first !== null && typeof first === 'object' && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : null;
}

/** Values in parameter order: from one object by name, or as given by position. */
function valuesOf(names: string[] | null, params: unknown[]): unknown[] {
  if (names === null) return params.map(bindable);
  const bound = (params[0] ?? {}) as Record<string, unknown>;
  return names.map((name) => bindable(bound[name]));
}

/**
 * `undefined` binds as NULL, as SQLite binds a missing named parameter. PostgreSQL's text cannot hold
 * U+0000, which SQLite stores: it binds as U+FFFD, one UTF-16 unit as well, so offsets into a text hold.
 */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

/**
 * SQLite's planner hints mean nothing to PostgreSQL's planner: `INDEXED BY index` goes, a
 * `CROSS JOIN … ON` (SQLite's way to fix the join order) is a plain join, and a unary `+` before a
 * column (SQLite's way to keep an index out of use) goes.
 */
function withoutSqliteHints(text: string): string {
  return text
    .replace(/\s+INDEXED BY \w+/g, '')
    .replace(/\bCROSS JOIN\b(?=[^()]*?\bON\b)/g, 'JOIN')
    .replace(/(\b(?:WHERE|AND|OR|ON|NOT)\s+|\(\s*)\+(?=[A-Za-z_])/g, '$1');
}

/** `@name IS NULL` and `@name IS NOT NULL`: tests the client can answer, knowing what it binds. */
const NULL_TEST = /@(\w+)\s+IS\s+(NOT\s+)?NULL\b/gi;

/**
 * The statement with each `@name IS [NOT] NULL` answered as TRUE or FALSE for the values bound. The
 * store's optional filters, `(@x IS NULL OR col = @x)`, need it: PostgreSQL types a parameter by its
 * first use, and a null test says nothing of it. It helps the plan too: the filter not asked for is gone.
 */
export function nullTestsAnswered(text: string, bound: Record<string, unknown>): string {
  return text.replace(NULL_TEST, (_test, name: string, not?: string) => {
    const isNull = bound[name] === null || bound[name] === undefined;
    return (not ? !isNull : isNull) ? 'TRUE' : 'FALSE';
  });
}

/** Which named parameters the null tests of `text` look at, as a key of the bound values. */
function nullTestKey(text: string, bound: Record<string, unknown>): string {
  let key = '';
  for (const match of text.matchAll(NULL_TEST)) {
    const value = bound[match[1] as string];
    key += value === null || value === undefined ? '0' : '1';
  }
  return key;
}

/**
 * `@name` and `?` parameters as `$1`, `$2`…, outside quoted text, quoted names and comments. The same
 * name used twice is the same number.
 */
export function numberedParameters(text: string): Translated {
  let out = '';
  const names: string[] = [];
  let positional = 0;
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i, c);
      out += text.slice(i, end);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      const name = /^[A-Za-z_]\w*/.exec(text.slice(i + 1))?.[0] as string;
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i += name.length + 1;
    } else {
      out += c;
      i++;
    }
  }
  if (names.length && positional) throw new Error('a statement binds by name or by position, not both');
  return { text: out, names: positional ? null : names };
}

/** The index just past the quote that closes the one at `start` (a doubled quote is part of the text). */
function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i + 1;
  }
  return text.length;
}

/** int8 (counts, ids) and numeric as JavaScript numbers, for every connection of a pool. */
export const NUMBER_TYPES = {
  getTypeParser(oid: number, format?: string) {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;
