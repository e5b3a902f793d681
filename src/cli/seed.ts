import { loadConfig } from '../config.ts';
import { loadSeeds } from '../seeds/load-seeds.ts';
import { openStore } from '../store/index.ts';

/** Creates or migrates the database and loads the seeds; safe to run any number of times. */
export async function seedCommand(): Promise<number> {
  const config = loadConfig();
  const store = await openStore(config.databasePath, config.migrationsDir);
  try {
    for (const summary of await loadSeeds(store, config.seedsDir)) {
      console.log(
        `${summary.slug}: ${summary.unchanged ? 'unchanged' : `added ${JSON.stringify(summary.added)}`}`,
      );
    }
    console.log(JSON.stringify(await store.stats.nodeCounts()));
  } finally {
    await store.close();
  }
  return 0;
}
