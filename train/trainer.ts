/**
 * What every model trainer provides to `npm run train`: a name, the folder under models/ it writes, and a
 * function that reads the corpora, trains with the given seed and writes its files plus a manifest.
 */

export interface TrainContext {
  /** Folder holding the corpora (conll2003-train/, polnear-train/, …). */
  corporaDir: string;
  /** The trainer's own folder under models/, created before `train` runs. */
  outputDir: string;
  seed: number;
  log(message: string): void;
}

/** Written as manifest.json beside the model: what it saw, how it was trained, how it scored. */
export interface ModelManifest {
  model: string;
  description: string;
  seed: number;
  data: Record<string, unknown>;
  features: Record<string, unknown>;
  training: Record<string, unknown>;
  devScores: Record<string, unknown>;
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface Trainer {
  name: string;
  description: string;
  train(context: TrainContext): Promise<ModelManifest> | ModelManifest;
}

/** A small, fast, seedable PRNG (mulberry32), so runs shuffle the same way everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
