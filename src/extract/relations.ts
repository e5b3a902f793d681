/**
 * Stage 11 — relations the text states. Alliances from the usual news phrasings ("Moscow's ally, X",
 * "X, a close Moscow ally", "X, an ally of Y"), support and opposition from "X backs/opposes Y" between
 * adjacent mentions, membership from "X, a member of Y", and LOCATED_IN for each place and the country
 * the city gazetteer gives it. Token patterns over the entity mentions; nothing here needs a package.
 */
import type { RelationAnnotation, RelationType, Span } from '../annotation/format.ts';
import type { EntityTable, LocatedEntity } from './entities.ts';
import type { Segmented, Token } from './segment.ts';

const ALLY_ADJECTIVES =
  '(?:close |closest |key |main |staunch |long-time |longtime |longstanding |long-standing |traditional |important |strategic |chief |principal )?';
const SUPPORT_VERBS = /^(backs|backed|supports|supported|endorses|endorsed)$/i;
const OPPOSE_VERBS = /^(opposes|opposed|rejects|rejected|fights|fought|attacks|attacked)$/i;

function relation(type: RelationType, from: string, to: string, evidence: Span): RelationAnnotation {
  return { type, from, to, evidence: [{ start: evidence.start, end: evidence.end }] };
}

interface TokenIndex {
  /** The first mention (in table order) starting at each token. */
  starting: Map<number, LocatedEntity>;
  /** The mention ending at each token that starts first (the first in table order among equals). */
  ending: Map<number, LocatedEntity>;
}

/** Built once per mention list, so each lookup is constant time however long the article. */
const tokenIndexes = new WeakMap<readonly LocatedEntity[], TokenIndex>();

function tokenIndexOf(mentions: readonly LocatedEntity[]): TokenIndex {
  let index = tokenIndexes.get(mentions);
  if (!index) {
    index = { starting: new Map(), ending: new Map() };
    for (const m of mentions) {
      if (!index.starting.has(m.tokenStart)) index.starting.set(m.tokenStart, m);
      const ending = index.ending.get(m.tokenEnd);
      if (!ending || m.tokenStart < ending.tokenStart) index.ending.set(m.tokenEnd, m);
    }
    tokenIndexes.set(mentions, index);
  }
  return index;
}

function mentionStartingAt(mentions: readonly LocatedEntity[], token: number): LocatedEntity | undefined {
  return tokenIndexOf(mentions).starting.get(token);
}

function mentionEndingAt(mentions: readonly LocatedEntity[], token: number): LocatedEntity | undefined {
  return tokenIndexOf(mentions).ending.get(token);
}

function textBetween(tokens: readonly Token[], from: number, to: number): string {
  return tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(' ');
}

function alliances(segmented: Segmented, table: EntityTable): RelationAnnotation[] {
  const { tokens } = segmented;
  const found: RelationAnnotation[] = [];
  const possessiveAlly = new RegExp(`^(?:'s|’s) ${ALLY_ADJECTIVES}ally ,?$`);
  const appositiveAlly = new RegExp(`^, (?:a|an|the) ${ALLY_ADJECTIVES}$`);
  const allyOf = new RegExp(`^, (?:a|an|the) ${ALLY_ADJECTIVES}ally of$`);
  for (const ally of table.mentions) {
    // "Moscow's ally, Syrian President X" — the ally may come after a title, so look a few tokens on.
    for (let gap = 2; gap <= 5; gap++) {
      if (!possessiveAlly.test(textBetween(tokens, ally.tokenEnd, ally.tokenEnd + gap))) continue;
      for (let k = ally.tokenEnd + gap; k < ally.tokenEnd + gap + 5; k++) {
        const member = mentionStartingAt(table.mentions, k);
        if (member && member.key !== ally.key && member.kind !== 'COUNTRY') {
          found.push(relation('ALLY_OF', member.key, ally.key, { start: ally.start, end: member.end }));
          break;
        }
      }
    }
    // "X, a close Moscow ally" and "X, an ally of Moscow".
    for (let gap = 2; gap <= 4; gap++) {
      const partner = mentionStartingAt(table.mentions, ally.tokenEnd + gap);
      if (!partner || partner.key === ally.key) continue;
      const between = textBetween(tokens, ally.tokenEnd, ally.tokenEnd + gap);
      if (appositiveAlly.test(`${between} `) && tokens[partner.tokenEnd]?.text === 'ally') {
        found.push(
          relation('ALLY_OF', ally.key, partner.key, {
            start: ally.start,
            end: (tokens[partner.tokenEnd] as Token).end,
          }),
        );
      } else if (allyOf.test(between)) {
        found.push(relation('ALLY_OF', ally.key, partner.key, { start: ally.start, end: partner.end }));
      }
    }
  }
  return found;
}

function verbRelations(segmented: Segmented, table: EntityTable): RelationAnnotation[] {
  const { tokens } = segmented;
  const found: RelationAnnotation[] = [];
  for (let i = 1; i < tokens.length - 1; i++) {
    const verb = (tokens[i] as Token).text;
    const type: RelationType | undefined = SUPPORT_VERBS.test(verb)
      ? 'SUPPORTS'
      : OPPOSE_VERBS.test(verb)
        ? 'OPPOSES'
        : undefined;
    if (!type) continue;
    const subject = mentionEndingAt(table.mentions, i);
    const object =
      mentionStartingAt(table.mentions, i + 1) ??
      (tokens[i + 1]?.text === 'the' ? mentionStartingAt(table.mentions, i + 2) : undefined);
    if (subject && object && subject.key !== object.key)
      found.push(relation(type, subject.key, object.key, { start: subject.start, end: object.end }));
  }
  return found;
}

function memberships(segmented: Segmented, table: EntityTable): RelationAnnotation[] {
  const { tokens } = segmented;
  const found: RelationAnnotation[] = [];
  for (const member of table.mentions) {
    if (
      !/^, (a|an) (senior |leading |founding )?member of (the )?$/.test(
        `${textBetween(tokens, member.tokenEnd, member.tokenEnd + 6)} `.slice(0, 40),
      )
    ) {
      const between = textBetween(tokens, member.tokenEnd, member.tokenEnd + 4);
      if (!/^, (a|an) member of$/.test(between)) continue;
    }
    for (let k = member.tokenEnd + 4; k <= member.tokenEnd + 6; k++) {
      const group = mentionStartingAt(table.mentions, k);
      if (group?.kind === 'ORGANIZATION') {
        found.push(relation('MEMBER_OF', member.key, group.key, { start: member.start, end: group.end }));
        break;
      }
    }
  }
  return found;
}

function locations(table: EntityTable): RelationAnnotation[] {
  const found: RelationAnnotation[] = [];
  for (const place of table.entities) {
    if (place.kind !== 'PLACE' || !place.country) continue;
    const first = place.mentions[0];
    if (first && typeof first === 'object' && 'start' in first)
      found.push(relation('LOCATED_IN', place.key, place.country, first));
  }
  return found;
}

/** Relations stated in the text, without duplicates. */
export function findRelations(segmented: Segmented, table: EntityTable): RelationAnnotation[] {
  const all = [
    ...alliances(segmented, table),
    ...verbRelations(segmented, table),
    ...memberships(segmented, table),
    ...locations(table),
  ];
  const seen = new Set<string>();
  return all.filter((r) => {
    const id = `${r.type} ${r.from} ${r.to}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
