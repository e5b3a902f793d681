import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { generateCorpus } from '../src/corpus/generate.ts';
import { createStore } from '../src/store/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open.ts';
import { tempDir } from './corpus-db.ts';

const temp = tempDir();
afterAll(() => temp.remove());

/**
 * Statements that may read a whole table, and why. Everything else the store prepares must reach its rows
 * through an index.
 */
const ALLOWED_SCANS: { sql: RegExp; why: string }[] = [
  {
    sql: /a\.norm LIKE @namePattern/,
    why: 'a name fragment (LIKE %x%) has no index; full-text search replaces it',
  },
];

/** Binds every parameter with a plausible value, so that EXPLAIN can plan the statement. */
function parametersOf(sql: string): unknown[] {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))];
  if (named.length) {
    const values: Record<string, unknown> = {};
    for (const name of named) values[name] = name === 'keys' ? '[1, 2, 3]' : 1;
    return [values];
  }
  return Array.from(sql.matchAll(/\?/g), () => (/json_each\(\?\)/.test(sql) ? '[1, 2, 3]' : 1));
}

describe('the store’s query plans', () => {
  const db = openDatabase(join(temp.dir, 'plans.db'));
  migrate(db, loadConfig({}).migrationsDir);
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  const store = createStore(db);
  db.prepare = prepare;
  generateCorpus(store, { articles: 300, seed: 5 });
  afterAll(() => db.close());

  const reads = prepared.filter((sql) => /^\s*(SELECT|WITH)\b/i.test(sql));

  it('finds the store’s read statements', () => {
    expect(reads.length).toBeGreaterThan(30);
  });

  it('reads no large table with a full scan', () => {
    const scans: string[] = [];
    for (const sql of reads) {
      if (ALLOWED_SCANS.some((allowed) => allowed.sql.test(sql))) continue;
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parametersOf(sql)) as { detail: string }[];
      for (const { detail } of plan) {
        // "SCAN t USING [COVERING] INDEX" walks an index in order (and stops at LIMIT); a bare "SCAN t" reads
        // the table. Scans of json_each (the bound key list) and of subqueries are not table reads.
        const match = /^SCAN (\S+)$/.exec(detail);
        if (match && !/^(json_each|base|ranked|\(subquery-\d+\))$/.test(match[1] as string)) {
          scans.push(`${detail}\n  in: ${sql.replace(/\s+/g, ' ').trim()}`);
        }
      }
    }
    expect(scans).toEqual([]);
  });
});
