import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { generateCorpus } from '../corpus/generate.ts';
import { openStore } from '../store/index.ts';

/**
 * `gen --articles N --seed S [--db path]`: writes a deterministic synthetic corpus into a database
 * (DATABASE_URL by default), for load tests and benchmarks.
 */
export async function genCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      articles: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      db: { type: 'string' },
      'batch-size': { type: 'string', default: '500' },
    },
  });
  const articles = Number(values.articles);
  const seed = Number(values.seed);
  const batchSize = Number(values['batch-size']);
  for (const [name, value] of [
    ['articles', articles],
    ['seed', seed],
    ['batch-size', batchSize],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < (name === 'seed' ? 0 : 1)) {
      console.error(`--${name} must be a whole number${name === 'seed' ? '' : ' above 0'}, got "${value}"`);
      return 2;
    }
  }
  const config = loadConfig(values.db ? { ...process.env, DATABASE_URL: values.db } : process.env);
  const store = await openStore(config.databasePath, config.migrationsDir);
  const started = performance.now();
  let lastReport = started;
  try {
    await generateCorpus(store, {
      articles,
      seed,
      batchSize,
      onProgress: (written, total) => {
        const now = performance.now();
        if (now - lastReport < 5000 && written < total) return;
        lastReport = now;
        const seconds = (now - started) / 1000;
        console.log(
          `${written}/${total} articles, ${seconds.toFixed(1)} s (${Math.round(written / seconds)}/s)`,
        );
      },
    });
    console.log(JSON.stringify(await store.stats.nodeCounts()));
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${config.databasePath}`);
  } finally {
    await store.close();
  }
  return 0;
}
