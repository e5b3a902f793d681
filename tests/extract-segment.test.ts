import { describe, expect, it } from 'vitest';
import { segment } from '../src/extract/segment.ts';

describe('segment', () => {
  it('keeps offsets so that every token is the body text at its span', () => {
    const body = 'Mr Smith met U.S. officials on Feb. 11-12.\n\n"We agree," he said.';
    const { tokens } = segment(body);
    for (const token of tokens) expect(body.slice(token.start, token.end)).toBe(token.text);
    expect(tokens.map((t) => t.text)).toContain('U.S.');
    expect(tokens.map((t) => t.text)).toContain('11-12');
  });

  it('does not end sentences at abbreviations and never crosses a paragraph break', () => {
    const body = 'Mr. Smith arrived on Feb. 3 in Paris. He left.\n\nA new paragraph';
    const { sentences } = segment(body);
    expect(sentences.map((s) => body.slice(s.start, s.end))).toEqual([
      'Mr. Smith arrived on Feb. 3 in Paris.',
      'He left.',
      'A new paragraph',
    ]);
    expect(sentences.map((s) => s.paragraph)).toEqual([0, 0, 1]);
  });

  it('reads abbreviations in a line of capitals as abbreviations too', () => {
    const body = 'FT. WAYNE 2026-03-02\n\nGEN. TOM ARCHER ARRIVED. He left.';
    const { sentences } = segment(body);
    expect(sentences.map((s) => body.slice(s.start, s.end))).toEqual([
      'FT. WAYNE 2026-03-02',
      'GEN. TOM ARCHER ARRIVED.',
      'He left.',
    ]);
  });

  it('splits the possessive ending off a name', () => {
    const { tokens } = segment("Moscow's ally");
    expect(tokens.map((t) => t.text)).toEqual(['Moscow', "'s", 'ally']);
  });
});
