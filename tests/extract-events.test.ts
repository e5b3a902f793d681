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

describe('findEvents on invented sentences', () => {
  const article = (body: string, title = 'Invented report', publishedAt = '2015-06-10') => ({
    title,
    body,
    publishedAt,
  });

  it('takes the subject of a shoot-down as perpetrator and its object as target', () => {
    const found = events(
      article('Greek fighter jets shot down a Libyan drone near the coast on Monday, officials said.'),
    );
    const action = found.find((e) => e.kind === 'MILITARY_ACTION');
    expect(action?.who).toEqual(expect.arrayContaining(['Greece:PERPETRATOR', 'Libya:TARGET']));
    expect(action?.date).toBe('2015-06-08');
  });

  it('takes the subjects of "reached a deal" and the place after it', () => {
    const found = events(article('Chile and Peru reached a trade agreement in Lima on Friday.'));
    const deal = found.find((e) => e.kind === 'AGREEMENT');
    expect(deal?.who).toEqual(expect.arrayContaining(['Chile:ATTENDEE', 'Peru:ATTENDEE']));
    expect(deal?.placeName).toBe('Lima');
  });

  it('takes the entities of "talks between X and Y" as attendees', () => {
    const found = events(article('Talks between Kenya and Uganda in Kampala ended without a statement.'));
    const talks = found.find((e) => e.kind === 'MEETING');
    expect(talks?.who).toEqual(expect.arrayContaining(['Kenya:ATTENDEE', 'Uganda:ATTENDEE']));
    expect(talks?.placeName).toBe('Kampala');
  });

  it('places first-paragraph events at the dateline city and never counts the agency as a participant', () => {
    const found = events(article('NAIROBI (Reuters) - Kenya and Uganda signed a border deal on Tuesday.'));
    const deal = found.find((e) => e.kind === 'AGREEMENT');
    expect(deal?.placeName).toBe('Nairobi');
    expect(deal?.who).not.toContain('Reuters:ATTENDEE');
    expect(deal?.who).toEqual(expect.arrayContaining(['Kenya:ATTENDEE', 'Uganda:ATTENDEE']));
  });

  it('does not take an event noun inside an organisation name as an event', () => {
    const found = events(
      article('Norway is a member of the North Atlantic Treaty Organization, its minister said on Monday.'),
    );
    expect(found.filter((e) => e.kind === 'AGREEMENT')).toHaveLength(0);
  });

  it('resolves "the <demonym> capital" to the capital the article names', () => {
    const found = events(
      article(
        'Diplomats arrived in Vienna on Saturday. Ministers from Chile and Peru held talks in the Austrian capital on Sunday.',
      ),
    );
    expect(found.find((e) => e.kind === 'MEETING')?.placeName).toBe('Vienna');
  });

  it('places an event at the city that opens its sentence', () => {
    const found = events(
      article('In Lagos, Nigerian President Musa Bello chaired an emergency meeting of his ministers.'),
    );
    const meeting = found.find((e) => e.kind === 'MEETING');
    expect(meeting?.placeName).toBe('Lagos');
    expect(meeting?.who).toContain('Musa Bello:ATTENDEE');
  });

  it('makes talks on the sidelines of a summit part of the summit', () => {
    const found = events(
      article(
        'Chilean President Carla Ruiz held talks with Peruvian President Tomas Berg on the sidelines of the APEC summit in Manila.',
      ),
    );
    const summit = found.find((e) => e.kind === 'SUMMIT');
    const talks = found.find((e) => e.kind === 'MEETING');
    expect(summit).toBeDefined();
    expect(talks?.partOf).toBe(summit?.key);
    expect(talks?.placeName).toBe('Manila');
  });

  it('calls the talks a summit when the headline does', () => {
    const found = events(
      article(
        'The leaders of Chile, Peru and Bolivia agreed on a water deal after marathon talks in Santiago.',
        'Water deal struck after all-night summit',
      ),
    );
    expect(found.find((e) => e.kind === 'SUMMIT')?.placeName).toBe('Santiago');
  });

  it('treats climate talks as a conference', () => {
    const found = events(
      article('Delegates from 150 countries ended two weeks of climate talks in Lima on Sunday.'),
    );
    expect(found.find((e) => e.kind === 'CONFERENCE')?.placeName).toBe('Lima');
    expect(found.filter((e) => e.kind === 'MEETING')).toHaveLength(0);
  });

  it('does not take wished-for talks or met commitments as meetings', () => {
    const found = events(
      article(
        'Foreign Minister Anna Kovac urged both sides to return to negotiations. Peru has met its commitments, Kovac said.',
      ),
    );
    expect(found.filter((e) => e.kind === 'MEETING')).toHaveLength(0);
  });

  it('finds a weapons test, keeps earlier tests apart and merges "the test" into the main one', () => {
    const found = events(
      article(
        'Pakistan carried out a missile test on Monday near the city of Quetta. It was the third such test since 2012, after two previous missile tests. India condemned the test.',
      ),
    );
    const tests = found.filter((e) => e.name.includes('test'));
    expect(tests[0]?.who).toContain('Pakistan:ATTENDEE');
    expect(tests[0]?.date).toBe('2015-06-08');
    expect(tests[0]?.evidence.length).toBeGreaterThanOrEqual(2);
  });

  it('finds arrests and resignations with their subject', () => {
    const found = events(
      article(
        "Omar Haddad, the main suspect in last year's Madrid bombings, was arrested in Valencia on Friday. Interior Minister Pablo Serra announced he will step down.",
      ),
    );
    const arrest = found.find((e) => e.name.startsWith('arrest'));
    expect(arrest?.who).toContain('Omar Haddad:ATTENDEE');
    expect(arrest?.placeName).toBe('Valencia');
    const bombings = found.find((e) => e.kind === 'ATTACK');
    expect(bombings?.who).toContain('Omar Haddad:PERPETRATOR');
    expect(bombings?.country).toBe('spain');
    expect(found.find((e) => e.name === 'resignation')?.who).toContain('Pablo Serra:ATTENDEE');
  });

  it('merges "agreed … a ceasefire" and later "the truce" into one agreement', () => {
    const found = events(
      article(
        'Sudan and South Sudan agreed on Thursday a new ceasefire in Addis Ababa. The truce will take effect at midnight.',
      ),
    );
    expect(found.filter((e) => e.kind === 'AGREEMENT')).toHaveLength(1);
  });

  it('finds fighting around a place but not "fighting corruption"', () => {
    const found = events(
      article('Fighting raged around Aleppo on Sunday. The government said it was fighting corruption.'),
    );
    const fights = found.filter((e) => e.kind === 'MILITARY_ACTION');
    expect(fights).toHaveLength(1);
    expect(fights[0]?.placeName).toBe('Aleppo');
  });

  it('names the host of talks "hosted by" someone and merges "hours of negotiations"', () => {
    const found = events(
      article(
        'Chile and Peru ended talks in Quito on Monday, hosted by Ecuadorian President Rafael Ortiz. After 16 hours of negotiations, the ministers left.',
      ),
    );
    const talks = found.filter((e) => e.kind === 'MEETING');
    expect(talks).toHaveLength(1);
    expect(talks[0]?.who).toContain('Rafael Ortiz:HOST');
  });
});

describe('findEvents: hosts and claimed attacks', () => {
  const article = (body: string) => ({ title: 'Invented report', body, publishedAt: '2015-06-10' });

  it('makes the subject of "hosted" the host and its object an attendee', () => {
    const found = events(
      article('Chilean President Carla Ruiz hosted Peruvian President Tomas Berg in Santiago.'),
    );
    const meeting = found.find((e) => e.kind === 'MEETING');
    expect(meeting?.who).toEqual(expect.arrayContaining(['Carla Ruiz:HOST', 'Tomas Berg:ATTENDEE']));
    expect(meeting?.placeName).toBe('Santiago');
  });

  it('makes the group that claimed responsibility the perpetrator of the attack before', () => {
    const found = events(
      article('A suicide bombing in Kabul killed 20 people on Monday. The Taliban claimed responsibility.'),
    );
    expect(found.find((e) => e.kind === 'ATTACK')?.who).toContain('Taliban:PERPETRATOR');
  });
});
