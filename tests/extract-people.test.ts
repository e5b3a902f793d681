import { describe, expect, it } from 'vitest';
import { findCountryMentions } from '../src/extract/countries.ts';
import { findOrganizations } from '../src/extract/organizations.ts';
import { findPeople } from '../src/extract/people.ts';
import { segment } from '../src/extract/segment.ts';

function people(body: string) {
  const segmented = segment(body);
  const { organizations, claimed } = findOrganizations(segmented);
  return findPeople({ segmented, countries: findCountryMentions(segmented), organizations, claimed }).people;
}

describe('findPeople', () => {
  it('gives a person an office in normal form and a country from the title modifier', () => {
    const [person] = people('Kenyan president Joseph Mwangi arrived.');
    expect(person?.name).toBe('Joseph Mwangi');
    expect(person?.offices.map((o) => o.title)).toEqual(['President of Kenya']);
    expect(person?.country).toBe('KE');
  });

  it('names offices held in an organisation and borrows the title for a counterpart', () => {
    const found = people(
      'European Council President Anna Kowal met Italian Prime Minister Lucia Bernardi and her Spanish counterpart Pablo Ruiz.',
    );
    expect(found.map((p) => p.offices[0]?.title)).toEqual([
      'President of the European Council',
      'Prime Minister of Italy',
      'Prime Minister of Spain',
    ]);
  });

  it('merges "Mr X" into the full name and keeps it as an alias', () => {
    const [person, ...rest] = people('Foreign Secretary Tom Archer spoke. Mr Archer left.');
    expect(rest).toHaveLength(0);
    expect(person?.aliases).toEqual(['Mr Archer']);
    expect(person?.mentions).toHaveLength(2);
    expect(person?.offices[0]?.title).toBe('Foreign Secretary');
  });

  it('recognises a person from a known given name without a title', () => {
    expect(people('Yesterday Maria Lopez and John Harwood signed.').map((p) => p.name)).toEqual([
      'Maria Lopez',
      'John Harwood',
    ]);
  });
});

describe('findPeople without a title or known given name', () => {
  it('takes the subject of a reporting verb and a name with an appositive role', () => {
    const found = people(
      'In Bamako, Oumar Kountao said the vote was fair. Tiemoko Sangare, the executive director of a local charity, disagreed. Later Kountao spoke again.',
    );
    expect(found.map((p) => p.name)).toEqual(['Oumar Kountao', 'Tiemoko Sangare']);
    expect(found[1]?.offices.map((o) => o.title)).toEqual(['Executive Director']);
  });

  it('takes a name after a title and comma, and leaves street and building names alone', () => {
    const found = people(
      'The Malian president, Oumar Kountao, left early. Downing Street said nothing and Koulikoro Palace declined to comment.',
    );
    expect(found.map((p) => [p.name, p.offices[0]?.title])).toEqual([['Oumar Kountao', 'President of Mali']]);
  });
});
