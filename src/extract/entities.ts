/**
 * Stage 8 — entity table. Turns the findings of the entity stages into annotation entities with unique
 * local keys, aliases, every mention, offices and country links. Countries implied by a place, an office
 * or an organisation are added even when not named, because the link needs a key to point at. Also
 * returns a flat, sorted list of mentions that the events, claims and relations stages look entities up in.
 */
import type { EntityAnnotation, EntityKind, FoundMention, Span } from '../annotation/format.ts';
import { countryLexicon } from './lexicon/countries.ts';
import type { CountryMention, Mention, OrganizationFinding, PersonFinding, PlaceFinding } from './types.ts';

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

/** A mention as the annotation records it: span, method and confidence (rounded: it is an estimate). */
const foundOf = (m: Mention): FoundMention => ({
  start: m.start,
  end: m.end,
  method: m.method ?? 'rule',
  confidence: Math.round((m.confidence ?? 0.5) * 1000) / 1000,
});

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

/** Builds the entity list and the mention index from the entity stages' findings. */
export function buildEntityTable(findings: Findings): EntityTable {
  const table = new TableBuilder(findings.body);
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
    const aliases = [...new Set(mentions.map((m) => table.surface(m)))].filter((a) => a !== name);
    table.add(
      { key, kind: 'COUNTRY', name, code, aliases, offices: [], mentions: mentions.map(foundOf) },
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
        mentions: org.mentions.map(foundOf),
      },
      org.mentions,
    );
  }
  for (const place of findings.places) {
    const key = table.uniqueKey(place.name);
    const aliases = [...new Set(place.mentions.map((m) => table.surface(m)))].filter((a) => a !== place.name);
    table.add(
      { key, kind: 'PLACE', name: place.name, aliases, offices: [], mentions: place.mentions.map(foundOf) },
      place.mentions,
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
        mentions: person.mentions.map(foundOf),
      },
      person.mentions,
    );
  }
  // Country links last: they may add implied countries, which must not shadow named ones above.
  const findingsByName = {
    ORGANIZATION: firstByName(findings.organizations),
    PLACE: firstByName(findings.places),
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
