import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { generateCorpus } from '../src/corpus/generate.ts';
import { openStore } from '../src/store/index.ts';

export const BENCH_DATA_DIR = resolve(PROJECT_ROOT, 'data/bench');
export const MIGRATIONS_DIR = resolve(PROJECT_ROOT, 'db');

/**
 * The path of a generated corpus of `articles` articles with `seed`, building it first when it is not cached.
 * A build goes to a temporary name and is renamed when complete, so an interrupted build is never reused.
 */
export async function ensureCorpus(
  articles: number,
  seed: number,
): Promise<{ path: string; builtSeconds: number | null }> {
  const path = resolve(BENCH_DATA_DIR, `graph-n${articles}-s${seed}.db`);
  if (existsSync(path)) return { path, builtSeconds: null };
  const building = `${path.slice(0, -3)}.building.db`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const started = performance.now();
  const store = await openStore(building, MIGRATIONS_DIR);
  try {
    await generateCorpus(store, {
      articles,
      seed,
      onProgress: (done, total) => {
        if (done % 10_000 === 0 || done === total) process.stdout.write(`  generated ${done}/${total}\n`);
      },
    });
  } finally {
    await store.close();
  }
  renameSync(building, path);
  return { path, builtSeconds: (performance.now() - started) / 1000 };
}
