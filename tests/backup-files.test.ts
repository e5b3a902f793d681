import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds } from '../src/seeds/load-seeds.ts';
import { BackupError, backupDatabase } from '../src/store/backup.ts';
import { openStore } from '../src/store/index.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, runCli, SEEDS_DIR, scratchDir } from './helpers.ts';

afterAll(cleanupTempDirs);

/** A seeded database file in a fresh folder, closed again. */
async function seededFile(): Promise<{ dir: string; path: string }> {
  const dir = scratchDir();
  const path = join(dir, 'graph.db');
  const store = await openStore(path, MIGRATIONS_DIR);
  await loadSeeds(store, SEEDS_DIR);
  await store.close();
  return { dir, path };
}

const articlesIn = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM articles').pluck().get();
  } finally {
    db.close();
  }
};

describe('backup files', () => {
  it("the README's command works where the backups folder does not exist yet", async () => {
    const { dir, path } = await seededFile();
    const target = join(dir, 'backups', 'graph-2015-11-16.db');
    const run = await runCli(['backup', target], { DATABASE_URL: path });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['graph-2015-11-16.db']);
    expect(articlesIn(target)).toBe(1);
  });

  it('an interrupted backup leaves neither the copy nor its .partial files', async () => {
    const { dir, path } = await seededFile();
    const target = join(dir, 'copy.db');
    const interrupted = new AbortController();
    interrupted.abort();
    await expect(backupDatabase(path, target, interrupted.signal)).rejects.toThrow(BackupError);
    expect(readdirSync(dir).filter((name) => name.startsWith('copy.db'))).toEqual([]);
  });

  it('the files a killed backup left behind are cleaned up by the next one', async () => {
    const { dir, path } = await seededFile();
    const target = join(dir, 'copy.db');
    writeFileSync(`${target}.partial`, 'half a copy');
    writeFileSync(`${target}.partial-journal`, 'its journal');
    await backupDatabase(path, target);
    expect(readdirSync(dir).filter((name) => name.startsWith('copy.db'))).toEqual(['copy.db']);
    expect(existsSync(`${target}.partial-journal`)).toBe(false);
    expect(articlesIn(target)).toBe(1);
  });
});
