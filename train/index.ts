/**
 * Every model `npm run train` builds, in order. A trainer lives in its own file and is listed here; each
 * writes its files and manifest.json into models/<name>/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAttribution } from './attribution.ts';
import { trainEventTriggers } from './event-triggers.ts';
import { nerTrainer } from './ner.ts';
import type { ModelManifest, Trainer } from './trainer.ts';

/** A trainer that returns its model as one JSON document: written as models/<name>/model.json. */
function jsonModelTrainer(
  name: string,
  description: string,
  train: () => { model: unknown; manifest: unknown },
): Trainer {
  return {
    name,
    description,
    train({ outputDir }) {
      const { model, manifest } = train();
      writeFileSync(join(outputDir, 'model.json'), `${JSON.stringify(model)}\n`);
      return manifest as ModelManifest;
    },
  };
}

export const TRAINERS: readonly Trainer[] = [
  nerTrainer,
  jsonModelTrainer(
    'attribution',
    'attribution: cue lexicon and classifier, content-boundary and source rankers (PolNeAR train)',
    trainAttribution,
  ),
  jsonModelTrainer('event-triggers', 'event trigger words learned from ECB+ topics', trainEventTriggers),
];
