import { describe, expect, it } from 'vitest';
import {
  attributionModel,
  BoundaryScorer,
  beginFeatures,
  cueWindow,
  endFeatures,
  tokenView,
} from '../src/extract/attribution-model.ts';
import { extractArticle } from '../src/extract/index.ts';
import { scoreOf } from '../src/extract/linear-model.ts';
import { findQuotes } from '../src/extract/quotes.ts';
import { segment } from '../src/extract/segment.ts';
import { seedAndNewsBodies } from './helpers-extract.ts';

/** Invented articles: claims as [speaker name, content, strategy]. */
function claims(body: string) {
  const annotation = extractArticle({ title: 'Invented', body });
  const name = (key?: string) => annotation.entities.find((e) => e.key === key)?.name;
  return annotation.claims.map((c) => ({
    who: name(c.speaker),
    text: c.text,
    sieve: c.sieve,
    confidence: c.confidence,
    evidence: body.slice((c.evidence as { start: number }).start, (c.evidence as { end: number }).end),
  }));
}

describe('attribution sieves', () => {
  it('credits a quotation in single curly quotes', () => {
    const found = claims('‘We will not back down,’ said Mayor Anna Kowal of Lindenport.');
    expect(found.map((c) => [c.who, c.text])).toEqual([['Anna Kowal', 'We will not back down']]);
  });

  it('reads "Name: quote" lines as the named speaker’s claims', () => {
    const found = claims(
      'Peter Haller, the council treasurer, spoke after the vote.\n\nPeter Haller: The council has not seen a single invoice yet.',
    );
    const line = found.find((c) => c.sieve === 'name-colon');
    expect([line?.who, line?.text]).toEqual([
      'Peter Haller',
      'The council has not seen a single invoice yet',
    ]);
  });

  it('credits the answers of a question-and-answer interview to the interviewee', () => {
    const found = claims(
      [
        'Mayor Anna Kowal of Lindenport spoke to the Harbour Gazette about the flood.',
        'Q: When will the bridge reopen?',
        'A: We expect the bridge to carry traffic again by March.',
        'Q: Who pays?',
        'A: The regional fund will cover most of the cost.',
      ].join('\n\n'),
    );
    const answers = found.filter((c) => c.sieve === 'qa-answer');
    expect(answers.map((c) => [c.who, c.text])).toEqual([
      ['Anna Kowal', 'We expect the bridge to carry traffic again by March'],
      ['Anna Kowal', 'The regional fund will cover most of the cost'],
    ]);
    // Questions are not claims.
    expect(found.some((c) => c.text.includes('When will'))).toBe(false);
  });

  it('keeps the exact evidence span and records the strategy and a confidence for every claim', () => {
    const body =
      'Anna Kowal said the bridge would reopen in March. The regional fund will pay, according to the ministry.';
    for (const claim of claims(body)) {
      expect(claim.evidence).toBe(claim.text);
      expect(claim.sieve).toBeTruthy();
      expect(claim.confidence).toBeGreaterThanOrEqual(0);
      expect(claim.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('finds cues beyond the reporting verbs, and leaves a claim without a speaker rather than guess', () => {
    const found = claims('Anna Kowal believes the bridge can reopen before winter.');
    expect(found.map((c) => [c.who, c.text])).toEqual([
      ['Anna Kowal', 'the bridge can reopen before winter'],
    ]);
    const unnamed = claims('The bridge, it is widely believed, will reopen before winter.');
    expect(unnamed.every((c) => c.who === undefined)).toBe(true);
  });
});

describe('quotations split around their attribution', () => {
  it('joins the two halves into one claim whose evidence runs over both', () => {
    const body =
      'Mayor Anna Kowal was at the harbour on Monday.\n\n“The bridge will be finished before the winter storms arrive,” Kowal said. “Nobody in this town will wait another year for it.”';
    const found = claims(body);
    expect(found).toHaveLength(1);
    expect(found[0]?.who).toBe('Anna Kowal');
    expect(found[0]?.text).toBe(
      'The bridge will be finished before the winter storms arrive … Nobody in this town will wait another year for it',
    );
    expect(found[0]?.evidence.startsWith('The bridge')).toBe(true);
    expect(found[0]?.evidence.endsWith('another year for it')).toBe(true);
  });

  it('keeps apart a second quotation that has an attribution of its own', () => {
    const body =
      '“The bridge will be finished before the winter storms arrive,” said Mayor Anna Kowal. “It will not,” said Peter Haller, the council treasurer.';
    const who = claims(body).map((c) => c.who);
    expect(who).toEqual(['Anna Kowal', 'Peter Haller']);
  });
});

describe('an attribution set off by commas inside the sentence it reports', () => {
  it('opens the content with the words before the attribution', () => {
    const body = 'Acts of kindness, Mayor Anna Kowal said, are what hold the harbour town together.';
    const found = claims(body);
    expect(found).toHaveLength(1);
    expect(found[0]?.who).toBe('Anna Kowal');
    expect(found[0]?.evidence.startsWith('Acts of kindness')).toBe(true);
    expect(found[0]?.text.startsWith('Acts of kindness … ')).toBe(true);
  });
});

describe('sources and contents the sieves read around the cue', () => {
  it('reports a quotation whole when its attribution closes a later sentence of it', () => {
    const found = claims(
      '“The harbour wall held. The pumps did not,” Councillor Anna Kowal (L-North) said on Friday.',
    );
    const quote = found.find((c) => c.who === 'Anna Kowal');
    expect(quote?.evidence).toBe('The harbour wall held. The pumps did not');
  });

  it('credits a quotation to the speaker named after it with an appositive', () => {
    const found = claims(
      '“The bridge will reopen in March,” Transport Minister Peter Haller, of the Lindenport council, said on Monday.',
    );
    expect(found.map((c) => c.who)).toContain('Peter Haller');
    expect(found.find((c) => c.text.startsWith('The bridge'))?.who).toBe('Peter Haller');
  });

  it('reads "according to" with a source that names nobody, and one that names an organisation', () => {
    const found = claims(
      'According to early counts, the turnout rose to sixty percent. The river rose two metres overnight, according to a report by the Harbour Gazette.',
    );
    const unnamed = found.find((c) => c.text.startsWith('the turnout'));
    expect([unnamed?.sieve, unnamed?.who]).toEqual(['according-to', undefined]);
    const named = found.find((c) => c.text.startsWith('The river'));
    expect([named?.sieve, named?.who]).toEqual(['according-to', 'Harbour Gazette']);
    expect(found.some((c) => /^to /.test(c.text))).toBe(false);
  });

  it('keeps an "according to" claim that holds the claim it reports', () => {
    const found = claims(
      'According to the Harbour Gazette, Mayor Anna Kowal said on Friday that the bridge would reopen in March.',
    );
    expect(found.map((c) => c.who)).toEqual(['Harbour Gazette', 'Anna Kowal']);
    expect(found[0]?.text).toBe('Mayor Anna Kowal said on Friday that the bridge would reopen in March');
    expect(found[0]?.text).toContain(found[1]?.text.replace(/^that /, '') ?? '?');
  });

  it('reads the person before a relative pronoun as its source', () => {
    const found = claims(
      'The plan was drawn up by Peter Haller, the council treasurer, who said the harbour needed a second pier.',
    );
    expect(found.find((c) => c.text.includes('second pier'))?.who).toBe('Peter Haller');
  });

  it('finds the subject before a party bracket and shares it with a verb after "and has"', () => {
    const found = claims(
      "Councillor Anna Kowal (L), the mayor's rival in the election, called on Friday for a recount, saying that every vote counts.\n\nPeter Haller has criticised the budget, and has called for a new vote.",
    );
    expect(found.find((c) => c.text.includes('every vote counts'))?.who).toBe('Anna Kowal');
    expect(found.find((c) => c.text.includes('a new vote'))?.who).toBe('Peter Haller');
  });

  it('reads an "according to" phrase past an abbreviation', () => {
    const found = claims(
      'The harbour needs a second pier, according to a report Mrs. Anna Kowal presented on Friday.',
    );
    expect(found.map((c) => [c.who, c.text])).toEqual([['Anna Kowal', 'The harbour needs a second pier']]);
  });

  it('does not continue the last speaker into a quotation someone unnamed spoke', () => {
    const found = claims(
      'Mayor Anna Kowal defended the plan on Monday.\n\n“Nobody asked the fishermen,” the film’s narrator says.',
    );
    expect(found.filter((c) => c.text.includes('fishermen')).map((c) => c.who)).not.toContain('Anna Kowal');
  });

  it('reads the country a phrase before "which" names as its source', () => {
    const found = claims(
      'The inquiry questioned members of the Kenyan government, which has strongly denied any part in the raid.',
    );
    expect(found.find((c) => c.text.includes('any part in the raid'))?.who).toBe('Kenya');
  });

  it('reads transcript lines that open with a quotation mark', () => {
    const found = claims(
      'Anna Kowal debated Peter Haller on Sunday.\n\n"HALLER: The budget has no room for a second bridge.\n\n"KOWAL: Then the budget has to change.',
    );
    const lines = found.filter((c) => c.sieve === 'name-colon').map((c) => [c.who, c.text]);
    expect(lines).toEqual([
      ['Peter Haller', 'The budget has no room for a second bridge'],
      ['Anna Kowal', 'Then the budget has to change'],
    ]);
    expect(found.filter((c) => c.text.includes('HALLER:'))).toEqual([]);
  });

  it('resolves a pronoun source through its attribution and records it as a mention of the speaker', () => {
    const body =
      'The Lindenport Harbour Authority met on Monday. On Tuesday it announced that the port would close for a week.';
    const annotation = extractArticle({ title: 'Invented', body });
    const claim = annotation.claims.find((c) => c.text.includes('the port would close'));
    const speaker = annotation.entities.find((e) => e.key === claim?.speaker);
    expect(speaker?.name).toBe('Lindenport Harbour Authority');
    const at = body.indexOf(' it ') + 1;
    expect(speaker?.mentions).toContainEqual(expect.objectContaining({ start: at, end: at + 2 }));
  });
});

describe('content boundary scoring', () => {
  it('gives every begin and end candidate the score its feature strings give', () => {
    const model = attributionModel();
    let compared = 0;
    for (const body of seedAndNewsBodies()) {
      const segmented = segment(body);
      const view = tokenView(segmented.tokens, findQuotes(segmented), model.lexicon);
      const scorer = new BoundaryScorer(view, model);
      for (const sentence of segmented.sentences) {
        const window = cueWindow(segmented.sentences, segmented.tokens, sentence);
        // Cues of one and two words at every position, and windows cut short as a coordinated cue does.
        for (let c0 = sentence.tokenStart; c0 < sentence.tokenEnd; c0 += 5)
          for (const c1 of [c0, Math.min(c0 + 1, sentence.tokenEnd - 1)])
            for (const w of [window, { start: window.start, end: Math.max(c1 + 1, window.end - 2) }]) {
              const begin = scorer.beginScores(c0, c1, w);
              for (let b = w.start; b < w.end; b++) {
                expect(begin(b)).toBe(scoreOf(model.begin, beginFeatures(view, b, c0, c1, w)));
                if ((b - w.start) % 4) continue;
                const end = scorer.endScores(b, c0, c1, w);
                for (let e = b; e < w.end; e++)
                  expect(end(e)).toBe(scoreOf(model.end, endFeatures(view, e, b, c0, c1, w)));
                compared++;
              }
            }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
