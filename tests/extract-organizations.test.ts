import { describe, expect, it } from 'vitest';
import { findOrganizations } from '../src/extract/organizations.ts';
import { segment } from '../src/extract/segment.ts';

const names = (body: string) =>
  findOrganizations(segment(body)).organizations.map((o) =>
    [o.name, o.aliases.join('|'), o.mentions.length].join(':'),
  );

describe('findOrganizations', () => {
  it('learns an acronym from its expansion and finds it again later', () => {
    expect(names('The Northern Water Council (NWC) met. Later the NWC said no.')).toEqual([
      'Northern Water Council:NWC:3',
    ]);
  });

  it('finds ministries with their country, known bodies and unknown acronyms', () => {
    const { organizations } = findOrganizations(
      segment('The Kenyan Foreign Ministry told NATO and the KDF about the UN Security Council vote.'),
    );
    expect(organizations.map((o) => o.name)).toEqual([
      'NATO',
      'UN Security Council',
      'Kenyan Foreign Ministry',
      'KDF',
    ]);
    expect(organizations.find((o) => o.name === 'Kenyan Foreign Ministry')?.country).toBe('KE');
  });

  it('does not take the organisation in front of a title as part of a person', () => {
    expect(names('European Commission President Anna Kowal spoke.')).toEqual(['European Commission::1']);
  });
});

describe('findOrganizations and datelines', () => {
  it('does not take a capitalised dateline city or a country acronym for an organisation', () => {
    const segmented = segment('KAMPALA (Reuters) - Envoys of the Republic of Korea (ROK) and the WHO met.');
    expect(findOrganizations(segmented).organizations.map((o) => o.name)).toEqual([
      'Reuters',
      'World Health Organization',
    ]);
  });
});
