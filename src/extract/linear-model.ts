/**
 * Sparse linear models over string features, as the trained extraction stages use them: a weight per
 * feature name, a score as the sum of the weights of the features that fire. The weights are written
 * by the trainers under train/ and read here; nothing is learned at run time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Weights = Readonly<Record<string, number>>;

export function scoreOf(weights: Weights, features: readonly string[]): number {
  let total = 0;
  for (const f of features) total += weights[f] ?? 0;
  return total;
}

/** Logistic squashing of a margin, so that a score reads as a confidence between 0 and 1. */
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** models/ of the project, whatever the working directory. */
export const MODELS_DIR = resolve(import.meta.dirname, '../../models');

const loaded = new Map<string, unknown>();

/** A committed model file, parsed once per process. */
export function loadModel<T>(file: string): T {
  if (!loaded.has(file)) loaded.set(file, JSON.parse(readFileSync(resolve(MODELS_DIR, file), 'utf8')));
  return loaded.get(file) as T;
}

/** Distance in tokens, bucketed so that far positions share weights. */
export function bucket(distance: number): string {
  const d = Math.abs(distance);
  if (d <= 3) return String(d);
  if (d <= 6) return '4-6';
  if (d <= 10) return '7-10';
  if (d <= 20) return '11-20';
  return '21+';
}
