import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { listMigrations, MigrationError, migrate } from '../src/store/migrate.ts';
import { DatabaseOpenError } from '../src/store/open.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, scratchDir, tableCounts } from './helpers.ts';

afterAll(() => {
  cleanupTempDirs();
});

function appliedMigrations(path: string): { name: string; applied_at: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT name, applied_at FROM schema_migrations ORDER BY name').all() as {
      name: string;
      applied_at: string;
    }[];
  } finally {
    db.close();
  }
}

/** A copy of the migrations folder that a test may add files to. */
function migrationsCopy(): string {
  const dir = join(scratchDir(), 'db');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrations', () => {
  it('records every applied migration in schema_migrations', async () => {
    const path = join(scratchDir(), 'graph.db');
    await (await openStore(path, MIGRATIONS_DIR)).close();
    const applied = appliedMigrations(path);
    expect(applied.map((row) => row.name)).toEqual(listMigrations(MIGRATIONS_DIR));
    expect(applied.length).toBeGreaterThan(0);
    for (const row of applied) expect(row.applied_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('does not apply a recorded migration again when the database is opened again', async () => {
    const path = join(scratchDir(), 'graph.db');
    await (await openStore(path, MIGRATIONS_DIR)).close();
    const before = appliedMigrations(path);
    const store = await openStore(path, MIGRATIONS_DIR);
    try {
      expect(migrate(sqliteDatabaseOf(store), MIGRATIONS_DIR)).toEqual([]);
    } finally {
      await store.close();
    }
    expect(appliedMigrations(path)).toEqual(before);
  });

  it('applies only the migrations a database has not recorded, in name order', async () => {
    const dir = migrationsCopy();
    const path = join(scratchDir(), 'graph.db');
    await (await openStore(path, dir)).close();
    writeFileSync(join(dir, '0099_notes.sql'), 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);');
    writeFileSync(join(dir, '0098_tags.sql'), 'CREATE TABLE tags (id INTEGER PRIMARY KEY);');
    const store = await openStore(path, dir);
    try {
      expect(Object.keys(tableCounts(store))).toEqual(expect.arrayContaining(['notes', 'tags']));
    } finally {
      await store.close();
    }
    expect(
      appliedMigrations(path)
        .map((row) => row.name)
        .slice(-2),
    ).toEqual(['0098_tags.sql', '0099_notes.sql']);
  });

  it('refuses a database that has a migration the code does not know, saying what to do', async () => {
    const path = join(scratchDir(), 'graph.db');
    await (await openStore(path, MIGRATIONS_DIR)).close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', datetime('now'))",
    ).run();
    db.close();
    await expect(openStore(path, MIGRATIONS_DIR)).rejects.toThrow(MigrationError);
    await expect(openStore(path, MIGRATIONS_DIR)).rejects.toThrow(/9999_from_the_future\.sql.*newer version/);
  });

  it('refuses a new migration that sorts before one already applied', async () => {
    const dir = migrationsCopy();
    const path = join(scratchDir(), 'graph.db');
    writeFileSync(join(dir, '0500_later.sql'), 'CREATE TABLE later (id INTEGER PRIMARY KEY);');
    await (await openStore(path, dir)).close();
    writeFileSync(join(dir, '0400_earlier.sql'), 'CREATE TABLE earlier (id INTEGER PRIMARY KEY);');
    await expect(openStore(path, dir)).rejects.toThrow(MigrationError);
    await expect(openStore(path, dir)).rejects.toThrow(/0400_earlier\.sql.*rename/);
    expect(appliedMigrations(path).map((row) => row.name)).not.toContain('0400_earlier.sql');
  });

  it('applies nothing of a run in which one migration fails', async () => {
    const dir = migrationsCopy();
    writeFileSync(
      join(dir, '0900_broken.sql'),
      'CREATE TABLE half (id INTEGER);\nSELECT * FROM no_such_table;',
    );
    const path = join(scratchDir(), 'graph.db');
    await expect(openStore(path, dir)).rejects.toThrow(/no_such_table/);
    expect(appliedMigrations(path)).toEqual([]);
    const db = new Database(path, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(['schema_migrations']);
    } finally {
      db.close();
    }
  });
});

describe('opening the database', () => {
  it('turns foreign keys on and uses write-ahead logging', async () => {
    const store = await openStore(join(scratchDir(), 'graph.db'), MIGRATIONS_DIR);
    try {
      expect(sqliteDatabaseOf(store).pragma('foreign_keys', { simple: true })).toBe(1);
      expect(sqliteDatabaseOf(store).pragma('journal_mode', { simple: true })).toBe('wal');
      expect(sqliteDatabaseOf(store).pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      expect(() =>
        sqliteDatabaseOf(store)
          .prepare('INSERT INTO mentions (entity_id, article_id, evidence_id) VALUES (1, 1, 1)')
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });

  it.each([
    ['under a regular file', () => join(writeFileIn(scratchDir(), 'not-a-folder'), 'graph.db')],
    ['under /dev/null', () => '/dev/null/graph.db'],
  ])('refuses a path %s with a one-line DatabaseOpenError naming the path', async (_case, makePath) => {
    const path = makePath();
    let error: unknown;
    try {
      await openStore(path, MIGRATIONS_DIR);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).not.toContain('\n');
  });

  it('refuses a file that is not a SQLite database with DatabaseOpenError', async () => {
    const path = writeFileIn(scratchDir(), 'notes.db', 'these are notes, not a database '.repeat(200));
    await expect(openStore(path, MIGRATIONS_DIR)).rejects.toThrow(DatabaseOpenError);
    expect(readFileSync(path, 'utf8')).toMatch(/^these are notes/);
  });
});

function writeFileIn(dir: string, name: string, content = 'plain text'): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
