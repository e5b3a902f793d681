/**
 * `npm run train`: rebuilds the committed models under models/ from the annotated corpora, with fixed
 * seeds, so that a run reproduces the files byte for byte. `npm run train -- attribution` trains one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../extract/linear-model.ts';
import { TRAINERS } from './index.ts';

const wanted = process.argv.slice(2);
for (const trainer of TRAINERS) {
  if (wanted.length && !wanted.includes(trainer.name)) continue;
  const started = performance.now();
  const { model, manifest } = trainer.train();
  writeFileSync(join(MODELS_DIR, trainer.file), `${JSON.stringify(model)}\n`);
  writeFileSync(
    join(MODELS_DIR, trainer.file.replace(/\.json$/, '.manifest.json')),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  console.log(
    `${trainer.name}: wrote models/${trainer.file} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
