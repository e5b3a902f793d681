/**
 * Trains models/event-triggers/model.json from the ECB+ texts: an averaged perceptron that says, word by
 * word, whether a word of a sentence is an event trigger (src/extract/events-triggers.ts has the
 * features). Words of the sentences the corpus annotated are positive or negative examples; elsewhere
 * only the action mentions it lists are (positive) examples. Whole topics are held out: the threshold
 * and the confidence scale are chosen on them, and the reported scores say how the classifier carries
 * over to events it has not seen. The shipped model is then trained on every topic with the same
 * epochs, threshold and scale.
 */

import {
  type EventTriggerModel,
  isTriggerCandidate,
  triggerFeatures,
  triggerMargin,
} from '../src/extract/events-triggers.ts';
import { segment } from '../src/extract/segment.ts';
import { type CorpusDocument, readCorpus } from './corpus.ts';
import { AveragedPerceptron } from './perceptron.ts';
import { seededRandom, shuffle } from './trainer.ts';

interface EventGold {
  origin: { topic: number };
  annotatedSentences?: { start: number; end: number }[];
  events: { inAnnotatedSentence: boolean; segments: [number, number][]; type: string }[];
}

export const EVENT_TRIGGER_TRAINING = {
  corpus: 'ecbplus-dev',
  trainTopics: [3, 8, 9, 11, 14, 18, 21, 22],
  heldOutTopics: [23, 24, 28, 30, 32, 38, 45],
  epochs: 8,
  /**
   * Action mentions the corpus lists outside its annotated sentences are used as positive examples
   * (their sentences are not fully annotated, so their other words are no negatives).
   */
  outsidePositives: true,
  /** The shipped model sees every topic once the held-out figures are taken. */
  finalOnAllTopics: true,
};

interface Example {
  features: string[];
  trigger: boolean;
  doc: number;
}

function examplesOf(docs: CorpusDocument<EventGold>[], outside = false): Example[] {
  const out: Example[] = [];
  docs.forEach((doc, d) => {
    const { tokens, sentences } = segment(doc.body);
    const annotated = doc.gold.annotatedSentences ?? [];
    const gold = doc.gold.events.filter((e) => e.inAnnotatedSentence);
    for (const sentence of sentences) {
      for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
        const t = tokens[i];
        if (!t || !isTriggerCandidate(t)) continue;
        const inside = annotated.some((s) => t.start >= s.start && t.end <= s.end);
        const outsideGold = doc.gold.events.some(
          (e) => !e.inAnnotatedSentence && e.segments.some(([a, b]) => t.start < b && t.end > a),
        );
        if (!inside && !(outside && outsideGold)) continue;
        const trigger = inside ? gold.some((e) => e.segments.some(([a, b]) => t.start < b && t.end > a)) : true;
        out.push({ features: triggerFeatures(tokens, i, sentence), trigger, doc: d });
      }
    }
  });
  return out;
}

function train(examples: Example[], epochs: number, seed: number): Record<string, number> {
  const perceptron = new AveragedPerceptron();
  const random = seededRandom(seed);
  const order = examples.map((_, k) => k);
  for (let epoch = 0; epoch < epochs; epoch++)
    for (const k of shuffle(order, random)) {
      const e = examples[k] as Example;
      perceptron.learnBinary(e.features, e.trigger ? 1 : -1);
    }
  return perceptron.averaged();
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The factor on the margin that minimises the log loss of sigmoid(factor × margin) on `examples`. */
function fitScale(weights: Record<string, number>, examples: Example[]): number {
  const margins = examples.map((e) => ({ m: triggerMargin({ weights, threshold: 0, scale: 1 }, e.features), y: e.trigger }));
  let best = { scale: 1, loss: Number.POSITIVE_INFINITY };
  for (let scale = 0.01; scale <= 2; scale *= 1.1) {
    let loss = 0;
    for (const { m, y } of margins) {
      const p = Math.min(1 - 1e-9, Math.max(1e-9, 1 / (1 + Math.exp(-scale * m))));
      loss -= Math.log(y ? p : 1 - p);
    }
    if (loss < best.loss) best = { scale, loss };
  }
  return round(best.scale);
}

function scoresAt(model: EventTriggerModel, examples: Example[]) {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  for (const e of examples) {
    const predicted = triggerMargin(model, e.features) >= model.threshold;
    if (e.trigger) gold++;
    if (predicted) pred++;
    if (predicted && e.trigger) tp++;
  }
  const p = pred ? tp / pred : 0;
  const r = gold ? tp / gold : 0;
  return { p: round(p), r: round(r), f: round(p + r ? (2 * p * r) / (p + r) : 0), tp, pred, gold };
}

export function trainEventTriggers(log: (line: string) => void = console.log, seed = 20030) {
  const { corpus, trainTopics, heldOutTopics, epochs, outsidePositives, finalOnAllTopics } =
    EVENT_TRIGGER_TRAINING;
  const docs = readCorpus<EventGold>(corpus);
  const trainDocs = docs.filter((d) => trainTopics.includes(d.gold.origin.topic));
  const heldOutDocs = docs.filter((d) => heldOutTopics.includes(d.gold.origin.topic));
  const trainExamples = examplesOf(trainDocs, outsidePositives);
  const heldOutExamples = examplesOf(heldOutDocs);
  const weights = train(trainExamples, epochs, seed);
  // The threshold: the highest margin whose held-out F1 is within 0.01 of the best, since F1 is flat
  // near its top and a stricter classifier adds fewer stray spans to news unlike the corpus. The
  // margin's scale is fitted on the same words so that a confidence reads as a probability.
  const sweep: { threshold: number; f: number }[] = [];
  for (let t = -4; t <= 12; t += 0.5) sweep.push({ threshold: t, f: scoresAt({ weights, threshold: t, scale: 1 }, heldOutExamples).f });
  const bestF = Math.max(...sweep.map((x) => x.f));
  const threshold = Math.max(...sweep.filter((x) => x.f >= bestF - 0.01).map((x) => x.threshold));
  const scale = fitScale(weights, heldOutExamples);
  const heldOut = scoresAt({ weights, threshold, scale }, heldOutExamples);
  const trainScores = scoresAt({ weights, threshold, scale }, trainExamples);
  log(
    `event triggers: ${trainExamples.length} training words; held-out topics word P/R/F1 ${heldOut.p}/${heldOut.r}/${heldOut.f} ; confidence scale ${scale}`,
  );
  const allExamples = finalOnAllTopics
    ? [...trainExamples, ...examplesOf(heldOutDocs, outsidePositives)]
    : trainExamples;
  const finalWeights = finalOnAllTopics ? train(allExamples, epochs, seed) : weights;
  const model: EventTriggerModel = { weights: finalWeights, threshold, scale };
  const manifest = {
    model: 'event-triggers',
    description:
      'averaged-perceptron word classifier: is this word of a sentence an event trigger (ECB+ action mention)',
    seed,
    data: {
      split: `${corpus} topics ${trainTopics.join(', ')} (${trainDocs.length} texts) for the weights, topics ${heldOutTopics.join(', ')} (${heldOutDocs.length} texts) held out for the threshold, the confidence scale and the scores`,
      shipped: finalOnAllTopics
        ? `retrained on all ${docs.length} texts (${allExamples.length} words)`
        : `the split's weights (${trainExamples.length} words)`,
      labels:
        'a word of an annotated sentence is a trigger when it overlaps an action mention (ACTION_* / NEG_ACTION_*), else not; outside those sentences only the listed action mentions are examples (positive)',
    },
    features:
      'word, rough stem, suffixes of 2-4 letters, shape, compromise lexicon tags of the word and its neighbours, two words either side, stem+neighbour pairs',
    training: {
      epochs,
      candidates:
        'content words; particles, pronouns, auxiliaries and speech verbs (said, told) are never triggers',
    },
    threshold,
    confidenceScale: scale,
    sizes: { features: Object.keys(finalWeights).length },
    devScores: {
      heldOutTopicsWords: heldOut,
      trainTopicsWords: trainScores,
    },
  };
  return { model, manifest };
}
