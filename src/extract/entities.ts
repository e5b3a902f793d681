/**
 * Stage 8 — entity table. Turns the findings of the entity stages into annotation entities with unique
 * local keys, aliases, every mention, offices and country links. Countries implied by a place, an office
 * or an organisation are added even when not named, because the link needs a key to point at. Also
 * returns a flat, sorted list of mentions that the events, claims and relations stages look entities up in.
 */
import type { EntityAnnotation, EntityKind, FoundMention, MentionForm, Span } from '../annotation/format.ts';
import { countryLexicon } from './lexicon/countries.ts';
import { foldShortNames } from './short-names.ts';
import type {
  CountryMention,
  Mention,
  OrganizationFinding,
  PersonFinding,
  PersonMention,
  PlaceFinding,
} from './types.ts';

export interface LocatedEntity extends Span {
  key: string;
  kind: EntityKind;
  tokenStart: number;
  tokenEnd: number;
}

export interface EntityTable {
  entities: EntityAnnotation[];
  /** Every mention of every entity, by start offset. */
  mentions: LocatedEntity[];
  countryKey(code: string): string | undefined;
  organizationKey(name: string): string | undefined;
  byKey(key: string): EntityAnnotation | undefined;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'entity'
  );
}

const spanOf = (m: Span): Span => ({ start: m.start, end: m.end });

/** A mention as the annotation records it: span, method, confidence (rounded: it is an estimate), form. */
const foundOf = (m: Mention, form: MentionForm = 'name'): FoundMention => ({
  start: m.start,
  end: m.end,
  method: m.method ?? 'rule',
  confidence: Math.round((m.confidence ?? 0.5) * 1000) / 1000,
  form,
});

/**
 * "Russian" is a nationality, not a name of Russia; "Moscow said" names the city and stands for the
 * country's government. Names of the country and its seats of government ("the Kremlin") are names.
 */
const COUNTRY_FORMS: Record<CountryMention['form'], MentionForm> = {
  name: 'name',
  seat: 'name',
  demonym: 'demonym',
  capital: 'metonym',
};

const PERSON_FORMS: Record<PersonMention['kind'], MentionForm> = {
  name: 'name',
  surname: 'name',
  honorific: 'name',
  title: 'description',
  pronoun: 'pronoun',
};

interface Findings {
  body: string;
  countries: readonly CountryMention[];
  organizations: readonly OrganizationFinding[];
  places: readonly PlaceFinding[];
  people: readonly PersonFinding[];
}

class TableBuilder {
  readonly entities: EntityAnnotation[] = [];
  readonly mentions: LocatedEntity[] = [];
  private readonly usedKeys = new Set<string>();
  private readonly nextKeySuffix = new Map<string, number>();
  readonly countryKeys = new Map<string, string>();
  readonly organizationKeys = new Map<string, string>();

  constructor(private readonly body: string) {}

  uniqueKey(name: string): string {
    const base = slugify(name);
    let key = base;
    // Suffixes below the remembered one are all taken already: keys are never given back.
    let n = this.nextKeySuffix.get(base) ?? 2;
    for (; this.usedKeys.has(key); n++) key = `${base}-${n}`;
    this.nextKeySuffix.set(base, n);
    this.usedKeys.add(key);
    return key;
  }

  add(
    entity: EntityAnnotation,
    located: { start: number; end: number; tokenStart: number; tokenEnd: number }[],
  ): void {
    this.entities.push(entity);
    for (const m of located)
      this.mentions.push({
        key: entity.key,
        kind: entity.kind,
        start: m.start,
        end: m.end,
        tokenStart: m.tokenStart,
        tokenEnd: m.tokenEnd,
      });
  }

  ensureCountry(code: string): string {
    const known = this.countryKeys.get(code);
    if (known) return known;
    const name = countryLexicon().byCode.get(code)?.name ?? code;
    const key = this.uniqueKey(name);
    this.countryKeys.set(code, key);
    this.add({ key, kind: 'COUNTRY', name, code, aliases: [], offices: [], mentions: [] }, []);
    return key;
  }

  surface(m: Span): string {
    return this.body.slice(m.start, m.end);
  }
}

/**
 * A test of whether a span overlaps any of `spans`, in log time: spans sorted by start, with the largest
 * end so far, so that a long article full of names does not compare every pair.
 */
function overlapTest(spans: readonly Span[]): (m: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  for (const s of sorted) maxEnd.push(Math.max(s.end, maxEnd.at(-1) ?? -Infinity));
  return (m) => {
    // The spans starting before m ends; one of them overlaps m when the furthest end is past m's start.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as Span).start < m.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (maxEnd[lo - 1] as number) > m.start;
  };
}

/** The first finding of each name, as `list.find((f) => f.name === name)` would give it. */
function firstByName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of list) if (!byName.has(item.name)) byName.set(item.name, item);
  return byName;
}

export interface MentionIndex {
  /** Mentions starting at a token, in table order. */
  startingAt(token: number): readonly LocatedEntity[];
  /** Mentions ending at a token (exclusive end), in table order. */
  endingAt(token: number): readonly LocatedEntity[];
  /** Mentions wholly within [start, end] (offsets), in table order. */
  within(start: number, end: number): LocatedEntity[];
}

const mentionIndexes = new WeakMap<EntityTable, MentionIndex>();

/**
 * Lookups into a table's mentions by token and by offset, built once per table: the later stages ask for
 * them for every verb and trigger, and a scan of every mention each time made long articles quadratic.
 */
export function mentionIndex(table: EntityTable): MentionIndex {
  const known = mentionIndexes.get(table);
  if (known) return known;
  const starting = new Map<number, LocatedEntity[]>();
  const ending = new Map<number, LocatedEntity[]>();
  const push = (map: Map<number, LocatedEntity[]>, token: number, m: LocatedEntity) => {
    const list = map.get(token);
    if (list) list.push(m);
    else map.set(token, [m]);
  };
  for (const m of table.mentions) {
    push(starting, m.tokenStart, m);
    push(ending, m.tokenEnd, m);
  }
  const { mentions } = table;
  const index: MentionIndex = {
    startingAt: (token) => starting.get(token) ?? [],
    endingAt: (token) => ending.get(token) ?? [],
    within(start, end) {
      let lo = 0;
      let hi = mentions.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((mentions[mid] as LocatedEntity).start < start) lo = mid + 1;
        else hi = mid;
      }
      const found: LocatedEntity[] = [];
      for (let i = lo; i < mentions.length && (mentions[i] as LocatedEntity).start < end; i++) {
        const m = mentions[i] as LocatedEntity;
        if (m.end <= end) found.push(m);
      }
      return found;
    },
  };
  mentionIndexes.set(table, index);
  return index;
}

const nameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Places that bear the name of a country the article names ("HONG KONG" on the dateline, "Hong Kong"
 * below): one name in one article is one entity, the country. Returns the other places and the
 * country mentions with theirs added.
 */
function placesNamedAsCountries(
  places: readonly PlaceFinding[],
  countries: readonly CountryMention[],
  surface: (m: Span) => string,
): { places: PlaceFinding[]; countries: CountryMention[] } {
  const codeByName = new Map<string, string>();
  for (const c of countries) {
    if (c.form !== 'name') continue;
    codeByName.set(nameKey(surface(c)), c.code);
    const name = countryLexicon().byCode.get(c.code)?.name;
    if (name) codeByName.set(nameKey(name), c.code);
  }
  const kept: PlaceFinding[] = [];
  const added: CountryMention[] = [];
  for (const place of places) {
    const code = codeByName.get(nameKey(place.name));
    if (!code) {
      kept.push(place);
      continue;
    }
    for (const m of place.mentions) added.push({ ...m, code, form: 'name' });
  }
  const all = [...countries, ...added].sort((a, b) => a.start - b.start);
  return { places: kept, countries: all };
}

/** Mentions of a capital that stand for its country, given to the capital's place as well. */
const metonyms = new WeakSet<Mention>();

/**
 * The places, with each capital used for its country ("Moscow said") also a mention of the city: the
 * words name the city, which the article may also mention as a place ("in Moscow"). Joins the place of
 * the same name, or adds it with its country.
 */
function placesWithCapitals(
  places: readonly PlaceFinding[],
  countries: readonly CountryMention[],
): PlaceFinding[] {
  const byName = new Map<string, PlaceFinding>();
  const out = places.map((p) => ({ ...p, mentions: [...p.mentions] }));
  for (const p of out) if (!byName.has(nameKey(p.name))) byName.set(nameKey(p.name), p);
  for (const c of countries) {
    if (c.form !== 'capital') continue;
    const name = countryLexicon().byCode.get(c.code)?.capital;
    if (!name) continue;
    let place = byName.get(nameKey(name));
    if (!place) {
      place = { name, country: c.code, mentions: [] };
      byName.set(nameKey(name), place);
      out.push(place);
    }
    const mention: Mention = {
      start: c.start,
      end: c.end,
      tokenStart: c.tokenStart,
      tokenEnd: c.tokenEnd,
      ...(c.method ? { method: c.method } : {}),
      ...(c.confidence !== undefined ? { confidence: c.confidence } : {}),
    };
    metonyms.add(mention);
    place.mentions.push(mention);
  }
  for (const p of out) p.mentions.sort((a, b) => a.start - b.start);
  return out;
}

/** Builds the entity list and the mention index from the entity stages' findings. */
export function buildEntityTable(found: Findings): EntityTable {
  const folded = { ...found, ...foldShortNames(found) };
  const table = new TableBuilder(found.body);
  const findings = {
    ...folded,
    ...placesNamedAsCountries(folded.places, folded.countries, (m) => table.surface(m)),
  };
  const personNames = findings.people.flatMap((p) =>
    p.mentions.filter((m) => m.kind === 'name' || m.kind === 'surname'),
  );
  const overlapsPersonName = overlapTest(personNames);
  const countryMentions = findings.countries.filter((c) => !overlapsPersonName(c));
  const codes = [...new Set(countryMentions.map((c) => c.code))];
  for (const code of codes) {
    const mentions = countryMentions.filter((c) => c.code === code);
    const name = countryLexicon().byCode.get(code)?.name ?? code;
    const key = table.uniqueKey(name);
    table.countryKeys.set(code, key);
    // A capital standing for the country is no other name of it: the city keeps its name.
    const aliases = [
      ...new Set(mentions.filter((m) => m.form !== 'capital').map((m) => table.surface(m))),
    ].filter((a) => a !== name);
    table.add(
      {
        key,
        kind: 'COUNTRY',
        name,
        code,
        aliases,
        offices: [],
        mentions: mentions.map((m) => foundOf(m, COUNTRY_FORMS[m.form])),
      },
      mentions,
    );
  }
  for (const org of findings.organizations) {
    const key = table.uniqueKey(org.name);
    table.organizationKeys.set(org.name, key);
    const aliases = [...new Set([...org.aliases, ...org.mentions.map((m) => table.surface(m))])].filter(
      (a) => a !== org.name,
    );
    table.add(
      {
        key,
        kind: 'ORGANIZATION',
        name: org.name,
        aliases,
        offices: [],
        mentions: org.mentions.map((m) => foundOf(m)),
      },
      org.mentions,
    );
  }
  const places = placesWithCapitals(findings.places, countryMentions);
  for (const place of places) {
    const key = table.uniqueKey(place.name);
    const aliases = [...new Set(place.mentions.map((m) => table.surface(m)))].filter((a) => a !== place.name);
    // A capital standing for its country is a mention of the city by name; the stages after this one
    // read it as the country, so only the city's own mentions go into the located list.
    const located = place.mentions.filter((m) => !metonyms.has(m));
    table.add(
      {
        key,
        kind: 'PLACE',
        name: place.name,
        aliases,
        offices: [],
        mentions: place.mentions.map((m) => foundOf(m)),
      },
      located,
    );
  }
  for (const person of findings.people) {
    const key = table.uniqueKey(person.name);
    const offices = person.offices.map((o) => ({
      title: o.title,
      ...(o.country ? { country: table.ensureCountry(o.country) } : {}),
      ...(o.organization && table.organizationKeys.get(o.organization)
        ? { organization: table.organizationKeys.get(o.organization) }
        : {}),
      evidence: [spanOf(o.evidence)],
    }));
    table.add(
      {
        key,
        kind: 'PERSON',
        name: person.name,
        aliases: [...person.aliases],
        offices,
        mentions: person.mentions.map((m) => foundOf(m, PERSON_FORMS[m.kind])),
      },
      person.mentions,
    );
  }
  // Country links last: they may add implied countries, which must not shadow named ones above.
  const findingsByName = {
    ORGANIZATION: firstByName(findings.organizations),
    PLACE: firstByName(places),
    PERSON: firstByName(findings.people),
  };
  for (const entity of table.entities) {
    if (entity.kind === 'COUNTRY') continue;
    const code = findingsByName[entity.kind].get(entity.name)?.country;
    if (code) entity.country = table.ensureCountry(code);
  }
  table.mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const byKey = new Map(table.entities.map((e) => [e.key, e]));
  return {
    entities: table.entities,
    mentions: table.mentions,
    countryKey: (code) => table.countryKeys.get(code),
    organizationKey: (name) => table.organizationKeys.get(name),
    byKey: (key) => byKey.get(key),
  };
}
