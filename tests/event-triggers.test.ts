import { describe, expect, it } from 'vitest';
import {
  isTriggerCandidate,
  learnedTriggerMargin,
  stemOf,
  triggerFeatures,
  triggerModelWeights,
} from '../src/extract/events-triggers.ts';
import { extractArticle } from '../src/extract/index.ts';
import { segment } from '../src/extract/segment.ts';
import { seedAndNewsBodies } from './helpers-extract.ts';

// Invented stories: no corpus text. The learned classifier must find the action words of stories whose
// events no record of the language pack names.
function eventsOf(body: string) {
  const annotation = extractArticle({ title: 'Invented story', body, publishedAt: '2024-03-07' });
  return annotation.events.map((e) => ({
    ...e,
    spans: e.evidence.map((s) => (typeof s === 'object' && 'start' in s ? body.slice(s.start, s.end) : '')),
  }));
}

describe('learned event triggers', () => {
  it('finds the action words of a story no event kind names, as one story event', () => {
    const found = eventsOf(
      'The ferry capsized off the coast of Velmar on Sunday and 14 passengers drowned. ' +
        'Divers searched the wreck while relatives waited at the harbour.',
    );
    expect(found).toHaveLength(1);
    const [story] = found;
    expect(story?.kind).toBe('OTHER');
    expect(story?.spans).toEqual(expect.arrayContaining(['capsized', 'drowned']));
    expect(story?.confidence).toBeGreaterThan(0.5);
    expect(story?.confidence).toBeLessThanOrEqual(1);
  });

  it('makes the action words of a sentence mentions of the event that sentence names', () => {
    const found = eventsOf(
      'A warehouse blaze in Castlebridge destroyed three lorries on Tuesday. Nobody was hurt, officials said.',
    );
    const blaze = found.find((e) => e.spans.some((s) => s.startsWith('blaze')));
    expect(blaze?.spans).toContain('destroyed');
    expect(found.filter((e) => e.spans.includes('destroyed'))).toHaveLength(1);
  });

  it('leaves speech to the claims: "said" and "told" are never event spans', () => {
    const found = eventsOf(
      'Police said the gunman fled on foot after the robbery. A witness told reporters he heard shots.',
    );
    const spans = found.flatMap((e) => e.spans);
    expect(spans).not.toContain('said');
    expect(spans).not.toContain('told');
    expect(spans).toEqual(expect.arrayContaining(['fled']));
  });

  it('gives a sentence repeated 600 times its events once, with a span per mention', () => {
    const sentence = 'A fire destroyed a depot in Castlebridge on Monday and a guard died. ';
    const once = eventsOf(sentence.trim());
    const found = eventsOf(sentence.repeat(600).trim());
    expect(found.length).toBe(once.length);
    const spans = found.reduce((n, e) => n + e.evidence.length, 0);
    const spansOnce = once.reduce((n, e) => n + e.evidence.length, 0);
    expect(spans).toBe(600 * spansOnce);
  });

  it('reads only content words: particles, pronouns, auxiliaries and speech verbs are no candidates', () => {
    const { tokens } = segment('They set it off and were arrested, she said.');
    const candidates = tokens.filter(isTriggerCandidate).map((t) => t.text);
    expect(candidates).toEqual(['set', 'arrested']);
  });

  it('gives inflections of a verb one stem', () => {
    expect(new Set(['charged', 'charges', 'charging', 'charge'].map(stemOf)).size).toBe(1);
    expect(new Set(['shipped', 'ships', 'shipping'].map(stemOf)).size).toBe(1);
  });
});

describe('trigger margins', () => {
  it('are the sums of the weights of the feature strings, in their order', () => {
    const weights = triggerModelWeights();
    let compared = 0;
    for (const body of seedAndNewsBodies()) {
      const { tokens, sentences } = segment(body);
      for (const sentence of sentences)
        for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
          let direct = 0;
          for (const f of triggerFeatures(tokens, i, sentence)) direct += weights.get(f) ?? 0;
          expect(learnedTriggerMargin(weights, tokens, i, sentence)).toBe(direct);
          compared++;
        }
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
