/**
 * `npm run train [-- NAME…] [--corpora DIR] [--seed N]`: rebuilds the models under models/ from the
 * corpora (default ../shared/corpora beside the project), each trainer into models/<name>/ with its
 * manifest.json. Same corpora and seed, same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.ts';
import { TRAINERS } from './index.ts';

export const MODELS_DIR = join(PROJECT_ROOT, 'models');
const DEFAULT_SEED = 20030;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      corpora: { type: 'string', default: join(PROJECT_ROOT, '..', 'shared', 'corpora') },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const unknown = positionals.filter((name) => !TRAINERS.some((t) => t.name === name));
  if (unknown.length)
    throw new Error(`unknown model ${unknown.join(', ')}: use ${TRAINERS.map((t) => t.name).join(', ')}`);
  const chosen = positionals.length ? TRAINERS.filter((t) => positionals.includes(t.name)) : TRAINERS;
  for (const trainer of chosen) {
    const outputDir = join(MODELS_DIR, trainer.name);
    mkdirSync(outputDir, { recursive: true });
    const log = (message: string) => console.log(`[${trainer.name}] ${message}`);
    log(trainer.description);
    const manifest = await trainer.train({ corporaDir: resolve(values.corpora), outputDir, seed, log });
    writeFileSync(join(outputDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`wrote ${outputDir}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
