import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.ts';
import { evalArticle, fixture } from './helpers-extract.ts';

function events(input: Parameters<typeof extractArticle>[0]) {
  const annotation = extractArticle(input);
  const name = (key?: string) => annotation.entities.find((e) => e.key === key)?.name;
  return annotation.events.map((e) => ({
    ...e,
    placeName: name(e.place),
    who: e.participants.map((p) => `${name(p.entity)}:${p.role}`),
  }));
}

describe('findEvents', () => {
  it('merges a definite later mention into the event and takes its place', () => {
    const found = events(evalArticle('01_g20_tusk_russia_refugees.txt'));
    const summit = found.find((e) => e.kind === 'SUMMIT');
    expect(summit?.name).toBe('G20 summit');
    expect(summit?.placeName).toBe('Antalya');
    expect(found.filter((e) => e.kind === 'SUMMIT')).toHaveLength(1);
  });

  it('resolves dates against the publication date', () => {
    const found = events(evalArticle('08_lavrov_kerry_cessation_of_hostilities.txt'));
    const phone = found.find((e) => e.name.startsWith('phone call'));
    expect(phone?.date).toBe('2016-02-21');
    const meeting = found.find((e) => e.kind === 'MEETING');
    expect([meeting?.date, meeting?.endDate, meeting?.placeName]).toEqual([
      '2016-02-11',
      '2016-02-12',
      'Munich',
    ]);
  });

  it('gives attacks a perpetrator and dates them from the event they follow', () => {
    const attack = events(fixture('invented-ankor-talks.txt')).find((e) => e.kind === 'ATTACK');
    expect(attack?.who).toEqual(['al-Shabab:PERPETRATOR']);
    expect(attack?.placeName).toBe('Mogadishu');
    expect(attack?.dateText).toBe('two days after the meeting');
  });
});
