import type {
  Annotation,
  ClaimAnnotation,
  ClaimKind,
  EntityAnnotation,
  EventAnnotation,
  EventKind,
  ParticipantRole,
  RelationAnnotation,
  Span,
} from '../annotation/format.ts';
import { type ResolvedAnnotation, resolveAnnotation } from '../annotation/resolve-annotation.ts';
import type { ArticleInput } from '../store/graph-writer.ts';
import { contentHash } from '../text/content-hash.ts';
import { slugify } from '../text/normalise.ts';
import { Random } from './random.ts';
import type { World } from './world.ts';

/** One generated article: its text and the annotation the writer takes, with spans already resolved. */
export interface GeneratedArticle {
  article: ArticleInput;
  annotation: ResolvedAnnotation;
}

type Kind = EntityAnnotation['kind'];

interface Cast {
  key: string;
  kind: Kind;
  name: string;
  /** Another surface form the text may use: a surname, an acronym. */
  shortName: string | null;
  mentions: Span[];
}

const FIRST_DAY = Date.UTC(2015, 0, 1);
const SPAN_DAYS = 4 * 365;
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** The day article `index` of `total` appeared: the corpus covers four years in order. */
export function dayOf(index: number, total: number): string {
  const day = Math.floor((index * SPAN_DAYS) / Math.max(1, total));
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

const EVENT_WORDS: Record<EventKind, string> = {
  SUMMIT: 'Summit',
  MEETING: 'Talks',
  ATTACK: 'Attack',
  MILITARY_ACTION: 'Air strikes',
  PRESS_CONFERENCE: 'Press conference',
  CONFERENCE: 'Conference',
  AGREEMENT: 'Accord',
  OTHER: 'Protests',
};
const EVENT_KINDS = Object.keys(EVENT_WORDS) as EventKind[];

const CLAIM_VERBS: readonly [ClaimKind, string, string][] = [
  ['STATEMENT', 'said', 'said that'],
  ['STATEMENT', 'told reporters', 'told reporters that'],
  ['ACCUSATION', 'alleged', 'alleged that'],
  ['DENIAL', 'denied', 'denied that'],
  ['ANNOUNCEMENT', 'announced', 'announced that'],
  ['APPEAL', 'insisted', 'insisted that'],
  ['ACKNOWLEDGEMENT', 'acknowledged', 'acknowledged that'],
  ['CONFIRMATION', 'confirmed', 'confirmed that'],
];

const PREDICATES = [
  'would support the new trade agreement',
  'had broken the ceasefire twice this month',
  'was ready to resume negotiations',
  'would send aid to the region',
  'had not been consulted on the plan',
  'was responsible for the delay',
  'would raise tariffs on steel imports',
  'had agreed to release the prisoners',
  'must respect the border agreement',
  'would hold elections next year',
  'had increased military spending',
  'was investigating the incident',
];

const QUOTES = [
  'We will not accept this',
  'The door to dialogue remains open',
  'This is a historic day',
  'Nobody wants another war',
  'We expect answers within a week',
  'The agreement protects our workers',
];

const FILLERS = [
  'Talks are expected to continue next week.',
  'Officials gave no further details.',
  'Markets reacted calmly to the news.',
  'The statement was published late in the evening.',
  'Analysts described the mood as cautious.',
];

/** Builds a body while recording where each entity's name lands in it. */
class Body {
  private text = '';

  get length(): number {
    return this.text.length;
  }

  add(text: string): this {
    this.text += text;
    return this;
  }

  mention(cast: Cast, short = false): this {
    const surface = short && cast.shortName ? cast.shortName : cast.name;
    const start = this.text.length;
    this.text += surface;
    cast.mentions.push({ start, end: start + surface.length });
    return this;
  }

  /** Runs `write` and returns the span of text it added, as a fact's evidence. */
  span(write: () => void): Span {
    const start = this.text.length;
    write();
    return { start, end: this.text.length };
  }

  sentenceBreak(): void {
    this.text += ' ';
  }

  toString(): string {
    return this.text.trimEnd();
  }
}

function joinList(body: Body, items: readonly Cast[]): void {
  items.forEach((item, i) => {
    if (i > 0) body.add(i === items.length - 1 ? ' and ' : ', ');
    body.mention(item);
  });
}

/**
 * Article `index` of a corpus of `total` built on `world` with `seed`. It depends only on those, not on any
 * other article, so a corpus can be rebuilt or extended and the same article comes out the same.
 */
export function generateArticle(world: World, seed: number, index: number, total: number): GeneratedArticle {
  const random = Random.of(seed, 'article', index);
  const cast = new Map<string, Cast>();
  const countryOf = new Map<string, string>();
  const entities: EntityAnnotation[] = [];
  const extra = new Map<string, Partial<EntityAnnotation>>();

  const addCountry = (i: number): Cast => {
    const key = `c${i}`;
    const country = world.countries[i];
    if (!country) throw new Error(`no country ${i}`);
    if (!cast.has(key)) {
      cast.set(key, { key, kind: 'COUNTRY', name: country.name, shortName: null, mentions: [] });
      extra.set(key, { code: country.code, slug: country.slug });
    }
    return cast.get(key) as Cast;
  };
  const addPerson = (i: number): Cast => {
    const key = `p${i}`;
    const person = world.people[i];
    if (!person) throw new Error(`no person ${i}`);
    if (!cast.has(key)) {
      cast.set(key, { key, kind: 'PERSON', name: person.name, shortName: person.surname, mentions: [] });
      extra.set(key, {
        slug: person.slug,
        aliases: [person.surname],
        ...(person.office ? { description: person.office.title } : {}),
        ...(i % 3 === 0 ? { wikidataId: `Q${100_000 + i}` } : {}),
      });
      countryOf.set(key, `c${person.country}`);
    }
    return cast.get(key) as Cast;
  };
  const addOrganization = (i: number): Cast => {
    const key = `o${i}`;
    const org = world.organizations[i];
    if (!org) throw new Error(`no organization ${i}`);
    if (!cast.has(key)) {
      cast.set(key, { key, kind: 'ORGANIZATION', name: org.name, shortName: org.acronym, mentions: [] });
      extra.set(key, { slug: org.slug, aliases: [org.acronym] });
      if (org.country !== null) countryOf.set(key, `c${org.country}`);
    }
    return cast.get(key) as Cast;
  };
  const addPlace = (i: number): { place: Cast; country: Cast } => {
    const key = `l${i}`;
    const place = world.places[i];
    if (!place) throw new Error(`no place ${i}`);
    if (!cast.has(key)) {
      cast.set(key, { key, kind: 'PLACE', name: place.name, shortName: null, mentions: [] });
      extra.set(key, { slug: place.slug });
      countryOf.set(key, `c${place.country}`);
    }
    return { place: cast.get(key) as Cast, country: addCountry(place.country) };
  };

  const body = new Body();
  const date = dayOf(index, total);

  // Dateline: where the report comes from.
  const dateline = addPlace(world.popularity.places.draw(random));
  body
    .add(`Report ${index + 1} from `)
    .mention(dateline.place)
    .add(', ')
    .mention(dateline.country);
  body.add(`, ${date}.`).sentenceBreak();

  // The event the article covers, if any: events are shared by articles close in time.
  const events: EventAnnotation[] = [];
  if (random.chance(0.6)) {
    const eventIndex = Math.min(
      world.eventCount - 1,
      Math.max(0, Math.floor((index * world.eventCount) / total) + random.int(-2, 2)),
    );
    const eventRandom = Random.of(seed, 'event', eventIndex);
    const kind = eventRandom.pick(EVENT_KINDS);
    const where = addPlace(world.popularity.places.draw(eventRandom));
    const eventDay = dayOf(Math.floor((eventIndex * total) / world.eventCount), total);
    const month = MONTHS[Number(eventDay.slice(5, 7)) - 1];
    const name = `${EVENT_WORDS[kind]} in ${where.place.name}, ${month} ${eventDay.slice(0, 4)}`;
    const participants: Cast[] = [];
    const people = eventRandom.int(2, 4);
    for (let i = 0; i < people; i++) participants.push(addPerson(world.popularity.people.draw(eventRandom)));
    participants.push(addCountry(world.popularity.countries.draw(eventRandom)));
    const unique = [...new Set(participants)];
    const roles: ParticipantRole[] = unique.map((_, i) =>
      kind === 'ATTACK' || kind === 'MILITARY_ACTION'
        ? i === 0
          ? 'PERPETRATOR'
          : 'TARGET'
        : i === 0
          ? 'HOST'
          : 'ATTENDEE',
    );
    const evidence = body.span(() => {
      body.add(`The ${name} took place in `).mention(where.place).add(', ').mention(where.country);
      body.add(`, with `);
      joinList(body, unique);
      body.add(' taking part.');
    });
    body.sentenceBreak();
    events.push({
      key: 'event',
      slug: `${slugify(name)}-${eventIndex + 1}`,
      name,
      kind,
      date: eventDay,
      place: where.place.key,
      country: where.country.key,
      participants: unique.map((p, i) => ({ entity: p.key, role: roles[i] ?? 'ATTENDEE' })),
      evidence: [evidence],
    });
  }

  // The people of the story.
  const peopleCount = random.int(2, 7);
  for (let i = 0; i < peopleCount; i++) addPerson(world.popularity.people.draw(random));
  const countryCount = random.int(1, 3);
  for (let i = 0; i < countryCount; i++) addCountry(world.popularity.countries.draw(random));
  const organizationCount = random.int(0, 3);
  for (let i = 0; i < organizationCount; i++) addOrganization(world.popularity.organizations.draw(random));

  // Office holders are introduced by title, which states the office.
  const offices = new Map<string, EntityAnnotation['offices']>();
  for (const person of [...cast.values()].filter((c) => c.kind === 'PERSON')) {
    const office = world.people[Number(person.key.slice(1))]?.office;
    if (!office || !random.chance(0.7)) continue;
    const country = addCountry(office.country);
    const title = office.title.slice(0, office.title.length - country.name.length);
    const evidence = body.span(() => {
      body.add(title).mention(country).add(' ').mention(person);
    });
    body.add(' arrived for the talks.').sentenceBreak();
    offices.set(person.key, [{ title: office.title, country: country.key, evidence: [evidence] }]);
  }

  // Claims: who said what about whom.
  const people = [...cast.values()].filter((c) => c.kind === 'PERSON');
  const others = [...cast.values()];
  const claims: ClaimAnnotation[] = [];
  const claimCount = random.int(2, 7);
  for (let i = 0; i < claimCount; i++) {
    const speaker = random.pick(people);
    const subject = random.pick(others.filter((c) => c !== speaker));
    const [kind, verb, phrase] = random.pick(CLAIM_VERBS);
    const predicate = random.pick(PREDICATES);
    let claim: ClaimAnnotation;
    if (random.chance(0.3)) {
      const quote = random.pick(QUOTES);
      const evidence = body.span(() => {
        body.add(`"${quote}," `).mention(speaker, true).add(` ${verb} of `).mention(subject).add('.');
      });
      claim = { speaker: speaker.key, text: quote, quote, verb, kind, about: [subject.key], evidence };
    } else {
      const evidence = body.span(() => {
        body.mention(speaker).add(` ${phrase} `).mention(subject).add(` ${predicate}.`);
      });
      claim = {
        speaker: speaker.key,
        text: `${subject.name} ${predicate}`,
        verb,
        kind,
        about: [subject.key],
        evidence,
      };
    }
    if (events.length && random.chance(0.5)) claim.event = 'event';
    claims.push(claim);
    body.sentenceBreak();
  }

  // Relations between the countries and organisations of the story.
  const relations: RelationAnnotation[] = [];
  const countries = [...cast.values()].filter((c) => c.kind === 'COUNTRY');
  const organizations = [...cast.values()].filter((c) => c.kind === 'ORGANIZATION');
  if (countries.length >= 2 && random.chance(0.4)) {
    const [a, b] = [countries[0] as Cast, countries[1] as Cast];
    const type = random.chance(0.6) ? 'ALLY_OF' : 'OPPOSES';
    const evidence = body.span(() => {
      body
        .mention(a)
        .add(type === 'ALLY_OF' ? ' and ' : ' stood against ')
        .mention(b);
      body.add(type === 'ALLY_OF' ? ' reaffirmed their alliance.' : ' on the issue.');
    });
    body.sentenceBreak();
    relations.push({ type, from: a.key, to: b.key, evidence: [evidence] });
  }
  if (countries.length && organizations.length && random.chance(0.5)) {
    const [country, org] = [countries[0] as Cast, organizations[0] as Cast];
    const evidence = body.span(() => {
      body.mention(country).add(' remains a member of the ').mention(org).add('.');
    });
    body.sentenceBreak();
    relations.push({ type: 'MEMBER_OF', from: country.key, to: org.key, evidence: [evidence] });
  }

  // Every entity is named at least once; then the story mentions its cast until it reaches its length.
  const target = random.int(10, 60);
  let mentions = [...cast.values()].reduce((sum, c) => sum + c.mentions.length, 0);
  const mentionIn = (c: Cast) => {
    if (c.kind === 'PERSON') body.mention(c, c.mentions.length > 0).add(' declined to comment further.');
    else if (c.kind === 'ORGANIZATION')
      body
        .add('Officials from the ')
        .mention(c, c.mentions.length > 0)
        .add(' attended.');
    else if (c.kind === 'PLACE') body.add('Observers in ').mention(c).add(' reported calm.');
    else body.add('The government of ').mention(c).add(' was briefed.');
    body.sentenceBreak();
    mentions++;
  };
  for (const c of [...cast.values()]) if (!c.mentions.length && mentions < 60) mentionIn(c);
  const all = [...cast.values()];
  while (mentions < target) {
    mentionIn(random.pick(all));
    if (random.chance(0.3)) body.add(random.pick(FILLERS)).sentenceBreak();
  }

  for (const c of cast.values()) {
    const more = extra.get(c.key) ?? {};
    const country = countryOf.get(c.key);
    entities.push({
      key: c.key,
      kind: c.kind,
      name: c.name,
      slug: more.slug,
      aliases: more.aliases ?? [],
      ...(more.description ? { description: more.description } : {}),
      ...(more.wikidataId ? { wikidataId: more.wikidataId } : {}),
      ...(more.code ? { code: more.code } : {}),
      ...(country && cast.has(country) ? { country } : {}),
      offices: offices.get(c.key) ?? [],
      mentions: c.mentions,
    });
  }

  const lead = people[0]?.name ?? dateline.place.name;
  const title = `${lead}: ${events[0]?.name ?? `news from ${dateline.place.name}`} (${index + 1})`;
  const text = body.toString();
  const annotation: Annotation = {
    article: { publishedAt: date, source: 'Synthetic Wire' },
    entities,
    events,
    claims,
    relations,
  };
  return {
    article: {
      slug: `report-${index + 1}`,
      title,
      body: text,
      publishedAt: date,
      source: 'Synthetic Wire',
      url: null,
      contentHash: contentHash(title, text),
      annotationHash: null,
    },
    annotation: resolveAnnotation(text, annotation),
  };
}
