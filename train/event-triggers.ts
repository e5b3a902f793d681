/**
 * Trains models/event-triggers/model.json from the ECB+ texts: how often each word form, inside the
 * annotated sentences, is an event trigger. Whole topics are held out for the reported scores, so the
 * figure says how the lexicon carries over to events it has not seen.
 */

import { attributionModel } from '../src/extract/attribution-model.ts';
import type { EventTriggerModel } from '../src/extract/events.ts';
import { NOT_EVENT_WORDS } from '../src/extract/lang/en/event-kinds.ts';
import { reportingVerbKind } from '../src/extract/lang/en/reporting-verbs.ts';
import { isFunctionWord } from '../src/extract/lexicon/words.ts';
import { segment } from '../src/extract/segment.ts';
import { readCorpus } from './corpus.ts';

interface EventGold {
  origin: { topic: number };
  annotatedSentences?: { start: number; end: number }[];
  events: { inAnnotatedSentence: boolean; segments: [number, number][] }[];
}

export const EVENT_TRIGGER_TRAINING = {
  corpus: 'ecbplus-dev',
  trainTopics: [3, 8, 9, 11, 14, 18, 21, 22],
  heldOutTopics: [23, 24, 28, 30, 32, 38, 45],
  minCount: 2,
  minShare: 0.5,
};

function labelled(doc: { body: string; gold: EventGold }) {
  const { tokens } = segment(doc.body);
  const sentences = doc.gold.annotatedSentences ?? [];
  return tokens
    .filter((t) => sentences.some((s) => t.start >= s.start && t.end <= s.end))
    .map((t) => ({
      form: t.text.toLowerCase(),
      trigger: doc.gold.events.some(
        (e) => e.inAnnotatedSentence && e.segments.some(([a, b]) => t.start < b && t.end > a),
      ),
    }));
}

export function trainEventTriggers(log: (line: string) => void = console.log) {
  const { corpus, trainTopics, heldOutTopics, minCount, minShare } = EVENT_TRIGGER_TRAINING;
  const docs = readCorpus<EventGold>(corpus);
  const train = docs.filter((d) => trainTopics.includes(d.gold.origin.topic));
  const heldOut = docs.filter((d) => heldOutTopics.includes(d.gold.origin.topic));
  const counts = new Map<string, [number, number]>();
  for (const d of train)
    for (const { form, trigger } of labelled(d)) {
      const entry = counts.get(form) ?? [0, 0];
      entry[1]++;
      if (trigger) entry[0]++;
      counts.set(form, entry);
    }
  const triggers: EventTriggerModel['triggers'] = {};
  // Reporting verbs and other attribution cues are read by the claim stage; particles ("off", "out")
  // are parts of phrasal verbs, not events.
  const cues = attributionModel().lexicon;
  const isCue = (form: string) => {
    const entry = cues[form];
    return !!reportingVerbKind(form) || (!!entry && entry[0] / entry[1] >= 0.2);
  };
  for (const [form, [hits, all]] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (
      hits >= minCount &&
      hits / all >= minShare &&
      !isCue(form) &&
      !isFunctionWord(form) &&
      !NOT_EVENT_WORDS.has(form)
    )
      triggers[form] = [hits, all];
  let tp = 0;
  let pred = 0;
  let gold = 0;
  for (const d of heldOut)
    for (const { form, trigger } of labelled(d)) {
      const predicted = form in triggers;
      if (trigger) gold++;
      if (predicted) pred++;
      if (predicted && trigger) tp++;
    }
  const p = pred ? tp / pred : 0;
  const r = gold ? tp / gold : 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const heldOutScores = { p: round(p), r: round(r), f: round(p + r ? (2 * p * r) / (p + r) : 0) };
  log(
    `event triggers: ${Object.keys(triggers).length} forms; held-out topics token P/R/F1 ${JSON.stringify(heldOutScores)}`,
  );
  const model: EventTriggerModel = { triggers, minShare };
  const manifest = {
    model: 'event-triggers',
    description:
      'trigger lexicon: share of occurrences of a form that are event triggers in annotated sentences',
    data: {
      train: `${corpus} topics ${trainTopics.join(', ')} (${train.length} texts)`,
      heldOut: `${corpus} topics ${heldOutTopics.join(', ')} (${heldOut.length} texts)`,
    },
    features: 'lower-case word form; reporting verbs left to the claim stage',
    thresholds: { minCount, minShare },
    sizes: { forms: Object.keys(triggers).length },
    heldOutTokenScores: heldOutScores,
  };
  return { model, manifest };
}
