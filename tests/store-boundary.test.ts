import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, PROJECT_ROOT, scratchDir } from './helpers.ts';

/**
 * The store is the one place that knows the database engine: the rest of the product goes through the
 * Store interface, so that another engine can stand behind it.
 */

afterAll(() => {
  cleanupTempDirs();
});

const SRC = join(PROJECT_ROOT, 'src');
const STORE = join(SRC, 'store');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The lines of `file` that match `pattern`, as "path:line: text". */
function offending(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        pattern.test(line) ? [`${relative(PROJECT_ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
      ),
  );
}

const outsideStore = sourceFiles(SRC).filter((file) => !file.startsWith(`${STORE}/`));

describe('the store boundary', () => {
  it('finds the source files it checks', () => {
    expect(outsideStore.length).toBeGreaterThan(20);
    expect(outsideStore.some((file) => file.endsWith(join('src', 'server.ts')))).toBe(true);
  });

  it('keeps the SQLite driver inside src/store', () => {
    expect(offending(outsideStore, /['"]better-sqlite3['"]/)).toEqual([]);
  });

  it('keeps the raw connection inside src/store', () => {
    // The accessor of the SQLite connection is for tests and benchmarks; a store's `db` no longer exists.
    expect(offending(outsideStore, /sqlite-handle|sqliteDatabaseOf/)).toEqual([]);
    expect(offending(outsideStore, /\.db\??\.[A-Za-z_$]/)).toEqual([]);
  });

  it('declares the Store contract without the driver', () => {
    expect(
      offending([join(STORE, 'store.ts')], /better-sqlite3|open\.ts|\bDb\b|Statement|RunResult/),
    ).toEqual([]);
  });

  it('gives out no connection, and reaches it only through the SQLite accessor', async () => {
    const store = await openStore(join(scratchDir(), 'graph.db'), MIGRATIONS_DIR);
    expect('db' in store).toBe(false);
    expect(store.isOpen()).toBe(true);
    expect(sqliteDatabaseOf(store).prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(0);
    await store.close();
    expect(store.isOpen()).toBe(false);
    expect(sqliteDatabaseOf(store).open).toBe(false);
  });
});
