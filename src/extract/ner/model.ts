/**
 * The committed tagger model (models/ner/, built by `npm run train`), loaded once per process on first
 * use: ~0.1 s and a few MB. Extraction never trains; a missing or damaged file is an error that names
 * the command that rebuilds it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LinearChainWeights } from './linear-chain.ts';
import { decodeWeights, weightsOf } from './model-file.ts';

export const NER_MODEL_DIR = resolve(import.meta.dirname, '..', '..', '..', 'models', 'ner');

export interface NerModel {
  weights: LinearChainWeights;
  /** Divides scores before forward-backward, fitted so confidences match held-out accuracy. */
  temperature: number;
}

let model: NerModel | undefined;

export function nerModel(): NerModel {
  if (model) return model;
  try {
    const manifest = JSON.parse(readFileSync(resolve(NER_MODEL_DIR, 'manifest.json'), 'utf8')) as {
      training: { temperature: number };
    };
    const weights = weightsOf(decodeWeights(readFileSync(resolve(NER_MODEL_DIR, 'weights.bin.gz'))));
    model = { weights, temperature: manifest.training.temperature };
    return model;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot load the named-entity model in models/ner (rebuild it with npm run train): ${reason}`,
    );
  }
}
