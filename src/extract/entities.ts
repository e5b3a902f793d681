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
  readonly countryKeys = new Map<string, string>();
  readonly organizationKeys = new Map<string, string>();

  constructor(private readonly body: string) {}

  uniqueKey(name: string): string {
    const base = slugify(name);
    let key = base;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${base}-${n}`;
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

function overlapsAny(m: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => m.start < s.end && s.start < m.end);
}

/** Builds the entity list and the mention index from the entity stages' findings. */
export function buildEntityTable(findings: Findings): EntityTable {
  const table = new TableBuilder(findings.body);
  const personNames = findings.people.flatMap((p) =>
    p.mentions.filter((m) => m.kind === 'name' || m.kind === 'surname'),
  );
  const countryMentions = findings.countries.filter((c) => !overlapsAny(c, personNames));
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
  for (const entity of table.entities) {
    if (entity.kind === 'ORGANIZATION') {
      const code = findings.organizations.find((o) => o.name === entity.name)?.country;
      if (code) entity.country = table.ensureCountry(code);
    } else if (entity.kind === 'PLACE') {
      const code = findings.places.find((p) => p.name === entity.name)?.country;
      if (code) entity.country = table.ensureCountry(code);
    } else if (entity.kind === 'PERSON') {
      const code = findings.people.find((p) => p.name === entity.name)?.country;
      if (code) entity.country = table.ensureCountry(code);
    }
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
