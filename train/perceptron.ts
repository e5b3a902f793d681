/**
 * Averaged perceptron for the linear models of src/extract/linear-model.ts: binary classification and
 * ranking among candidates. Averaging (Collins 2002) keeps the weights from chasing the last examples;
 * the lazy form below updates only the features an example fires.
 */
import type { Weights } from '../src/extract/linear-model.ts';

export class AveragedPerceptron {
  private readonly w = new Map<string, number>();
  private readonly u = new Map<string, number>();
  private c = 1;

  score(features: readonly string[]): number {
    let s = 0;
    for (const f of features) s += this.w.get(f) ?? 0;
    return s;
  }

  update(features: readonly string[], delta: number): void {
    for (const f of features) {
      this.w.set(f, (this.w.get(f) ?? 0) + delta);
      this.u.set(f, (this.u.get(f) ?? 0) + this.c * delta);
    }
  }

  /** Call once per example seen. */
  tick(): void {
    this.c++;
  }

  /** Binary step: label +1 / -1. */
  learnBinary(features: readonly string[], label: 1 | -1): void {
    if (label * this.score(features) <= 0) this.update(features, label);
    this.tick();
  }

  /** Ranking step: the gold candidate should outscore every other. */
  learnRanking(candidates: readonly (readonly string[])[], gold: number): void {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    candidates.forEach((f, k) => {
      const s = this.score(f);
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    });
    if (best !== gold) {
      this.update(candidates[gold] as readonly string[], 1);
      this.update(candidates[best] as readonly string[], -1);
    }
    this.tick();
  }

  /** Averaged weights, rounded, with near-zero ones dropped to keep the model file small. */
  averaged(minimum = 1e-3): Weights {
    const out: Record<string, number> = {};
    for (const [f, w] of [...this.w].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const avg = w - (this.u.get(f) ?? 0) / this.c;
      if (Math.abs(avg) >= minimum) out[f] = Math.round(avg * 1e4) / 1e4;
    }
    return out;
  }
}
