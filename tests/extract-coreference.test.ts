import { describe, expect, it } from 'vitest';
import { resolveCoreference } from '../src/extract/coreference.ts';
import { findCountryMentions } from '../src/extract/countries.ts';
import { extractArticle } from '../src/extract/index.ts';
import { findOrganizations } from '../src/extract/organizations.ts';
import { findPeople } from '../src/extract/people.ts';
import { findQuotes } from '../src/extract/quotes.ts';
import { segment } from '../src/extract/segment.ts';

function resolved(body: string) {
  const segmented = segment(body);
  const { organizations, claimed } = findOrganizations(segmented);
  const found = findPeople({ segmented, countries: findCountryMentions(segmented), organizations, claimed });
  const people = resolveCoreference(segmented, found.people, found.claimed, findQuotes(segmented));
  return people.map((p) => `${p.name}: ${p.mentions.map((m) => body.slice(m.start, m.end)).join(', ')}`);
}

describe('resolveCoreference', () => {
  it('links surnames, bare titles and pronouns to the person', () => {
    expect(
      resolved('Prime Minister Tom Archer spoke. Later Archer said the Prime Minister would go. He left.'),
    ).toEqual(['Tom Archer: Tom Archer, Archer, the Prime Minister, He']);
  });

  it('takes a surname two people share for the one named first, and "Mrs" for a woman', () => {
    const people = resolved(
      'Tom Archer visited the clinic with his wife Ann Archer. Archer said the care was good. Mrs Archer agreed.',
    );
    expect(people).toContain('Tom Archer: Tom Archer, his, Archer');
    expect(people.find((p) => p.startsWith('Ann Archer'))).toContain('Mrs Archer');
  });

  it('does not take the subject of the verb as the object pronoun', () => {
    expect(resolved('Mr Archer met Mr Ruiz. Mr Archer urged him to stay.')).toEqual([
      'Archer: Mr Archer, Mr Archer',
      'Ruiz: Mr Ruiz, him',
    ]);
  });

  it('takes "who" after a name and its comma as that person', () => {
    expect(resolved('The plan was read out by Tom Archer, who added that it would cost little.')).toEqual([
      'Tom Archer: Tom Archer, who',
    ]);
  });

  it('leaves pronouns inside direct quotes alone', () => {
    expect(resolved('Mr Archer said: "He is wrong."')).toEqual(['Archer: Mr Archer']);
  });
});

describe('Korean names', () => {
  it('refers to a Korean name by its family name, which comes first', () => {
    const annotation = extractArticle({
      title: 't',
      body: 'South Korean Foreign Minister Kang Min-jun met envoys. Kang said the talks were useful.',
    });
    const claim = annotation.claims[0];
    expect(annotation.entities.find((e) => e.key === claim?.speaker)?.name).toBe('Kang Min-jun');
  });
});
