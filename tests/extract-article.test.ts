import { describe, expect, it } from 'vitest';
import { annotationSchema } from '../src/annotation/format.ts';
import { extractArticle } from '../src/extract/index.ts';
import { evalArticle, fixture } from './helpers-extract.ts';

const inputs = [
  evalArticle('01_g20_tusk_russia_refugees.txt'),
  evalArticle('05_uk_mps_vote_syria_air_strikes.txt'),
  evalArticle('08_lavrov_kerry_cessation_of_hostilities.txt'),
  fixture('invented-ankor-talks.txt'),
];

describe('extractArticle', () => {
  it('returns annotations that validate against annotationSchema', () => {
    for (const input of inputs) expect(annotationSchema.safeParse(extractArticle(input)).success).toBe(true);
  });

  it('uses unique slug keys and resolved spans inside the body', () => {
    for (const input of inputs) {
      const annotation = extractArticle(input);
      const keys = [...annotation.entities, ...annotation.events].map((e) => e.key);
      expect(new Set(keys).size).toBe(keys.length);
      const spans = [
        ...annotation.entities.flatMap((e) => [...e.mentions, ...e.offices.flatMap((o) => o.evidence)]),
        ...annotation.events.flatMap((e) => e.evidence),
        ...annotation.claims.map((c) => c.evidence),
        ...annotation.relations.flatMap((r) => r.evidence),
      ];
      for (const span of spans) {
        expect(typeof span === 'object' && 'start' in span).toBe(true);
        const { start, end } = span as { start: number; end: number };
        expect(end).toBeGreaterThan(start);
        expect(end).toBeLessThanOrEqual(input.body.length);
      }
    }
  });

  it('gives every country its ISO code and links people to countries', () => {
    const annotation = extractArticle(fixture('invented-ankor-talks.txt'));
    const countries = annotation.entities.filter((e) => e.kind === 'COUNTRY');
    expect(countries.every((c) => /^[A-Z]{2}$/.test(c.code ?? ''))).toBe(true);
    const person = annotation.entities.find((e) => e.name === 'Lucia Bernardi');
    expect(person?.country).toBe('italy');
    expect(person?.mentions.length).toBeGreaterThanOrEqual(3);
  });
});
