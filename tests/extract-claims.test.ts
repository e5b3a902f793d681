import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.ts';
import { evalArticle, fixture } from './helpers-extract.ts';

function claims(input: Parameters<typeof extractArticle>[0]) {
  const annotation = extractArticle(input);
  const name = (key?: string) => annotation.entities.find((e) => e.key === key)?.name;
  return annotation.claims.map((c) => ({ ...c, who: name(c.speaker) }));
}

describe('findClaims', () => {
  it('credits quotations before and after the attribution, and unattributed quote paragraphs', () => {
    const found = claims(fixture('invented-ankor-talks.txt'));
    expect(found.map((c) => [c.who, c.kind, c.quote ? 'quote' : 'reported'])).toEqual([
      ['Joseph Mwangi', 'STATEMENT', 'reported'],
      ['Joseph Mwangi', 'STATEMENT', 'quote'],
      ['Joseph Mwangi', 'STATEMENT', 'quote'],
      ['Lucia Bernardi', 'APPEAL', 'reported'],
      ['Lucia Bernardi', 'STATEMENT', 'quote'],
      ['Kenyan Foreign Ministry', 'STATEMENT', 'reported'],
      // The government speaks for its country.
      ['Somalia', 'ACCUSATION', 'reported'],
    ]);
    expect(found[2]?.text).toBe('This is not our war');
  });

  it('follows "the statement said" and "adding that" back to the organisation that spoke', () => {
    const found = claims(evalArticle('08_lavrov_kerry_cessation_of_hostilities.txt'));
    const spoken = found.filter((c) => c.sieve === 'reporting-verb');
    expect(new Set(spoken.map((c) => c.who))).toEqual(new Set(['Russian Foreign Ministry']));
    expect(spoken.map((c) => c.verb)).toEqual(['said', 'said', 'adding', 'said']);
  });

  it('takes the kind from the verb and what the claim is about from its entities', () => {
    const found = claims(evalArticle('05_uk_mps_vote_syria_air_strikes.txt'));
    const conceded = found.find((c) => c.verb === 'conceded');
    expect(conceded?.kind).toBe('ACKNOWLEDGEMENT');
    expect(found.every((c) => c.who)).toBe(true);
    const hammond = found.find((c) => c.text.startsWith('I cannot believe'));
    expect(hammond?.about).toContain('raqqa');
  });

  it('uses one evidence span that is the claim text', () => {
    const input = evalArticle('01_g20_tusk_russia_refugees.txt');
    for (const claim of extractArticle(input).claims) {
      const span = claim.evidence as { start: number; end: number };
      expect(input.body.slice(span.start, span.end)).toBe(claim.text);
    }
  });
});

describe('findClaims attribution rules', () => {
  const on = (body: string) => claims({ title: 'Test', body }).map((c) => [c.who, c.text]);

  it('finds the subject across a long appositive or a fronted phrase', () => {
    expect(
      on(
        'Kenyan President Joseph Mwangi, speaking before talks with the leaders of three neighbouring states in the lakeside resort of Kisumu, called the raid "an act of cowardice".',
      ),
    ).toEqual([['Joseph Mwangi', 'the raid "an act of cowardice"']]);
    expect(
      on(
        'In Nairobi, Foreign Minister Lucia Bernardi chaired a meeting of the crisis committee and said the country would help.',
      ),
    ).toEqual([['Lucia Bernardi', 'the country would help']]);
  });

  it('does not take a passive verb or a plural noun for speech', () => {
    expect(
      on(
        'Italian Prime Minister Pablo Ruiz said the aircraft had been warned five times before it was hit, and all 28 member states had agreed.',
      )[0]?.[1],
    ).toBe('the aircraft had been warned five times before it was hit, and all 28 member states had agreed');
  });

  it('skips the listener of "told" and the setting before "that"', () => {
    // The learned boundary keeps the complementiser, as the annotated corpus does.
    expect(on('Lucia Bernardi told reporters in Nairobi that the border would stay closed.')).toEqual([
      ['Lucia Bernardi', 'that the border would stay closed'],
    ]);
    expect(on('Kenya announced on Wednesday that it had recalled its ambassador.')).toEqual([
      ['Kenya', 'that it had recalled its ambassador'],
    ]);
  });

  it('credits "according to" sources', () => {
    expect(on('More than 200 people fled the town last week, according to the United Nations.')).toEqual([
      ['United Nations', 'More than 200 people fled the town last week'],
    ]);
  });

  it('credits an official to the country the description names, and nobody for a witness', () => {
    expect(on('A senior Kenyan official said the talks would resume on Monday.')).toEqual([
      ['Kenya', 'the talks would resume on Monday'],
    ]);
    const witness = on(
      'Kenyan President Joseph Mwangi condemned the attack. One witness, who was waiting for a bus, told the AFP news agency the blast shattered windows. "People were screaming," he said.',
    );
    // The witness's claims are kept, credited to nobody rather than to the president.
    expect(witness.map((c) => c[0]).filter(Boolean)).toEqual(['Joseph Mwangi']);
  });

  it('reads a quote after a parenthetical attribution and a participle clause', () => {
    expect(on('The ruling, Ms Lucia Bernardi said, "shows that the courts are free".')).toEqual([
      ['Lucia Bernardi', 'The ruling … shows that the courts are free'],
    ]);
    expect(
      on('Joseph Mwangi rejected the report as a fabrication, arguing that the figures were invented.')[1],
    ).toEqual(['Joseph Mwangi', 'that the figures were invented']);
  });
});

describe('findClaims and nouns that look like verbs', () => {
  it('does not cut a reported clause at "the pledges"', () => {
    expect(
      claims({ title: 't', body: 'Joseph Mwangi said the pledges were too small.' }).map((c) => c.text),
    ).toEqual(['the pledges were too small']);
  });
});
