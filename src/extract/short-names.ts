/**
 * Short forms of a name written in full elsewhere in the article: "Pirelli" after "Pirelli Cables",
 * "Megawati" after "Megawati Sukarnoputri", "NationsBank" after "NationsBank Corp". News copy gives a name
 * in full once and shortens it after; within one article the short form means the same entity (one
 * sense per discourse), even where the earlier stages typed the short form alone otherwise ("Pirelli"
 * read as a surname). A short form is folded into the one longer person or organisation name whose
 * words it begins or ends; a short form that fits several such names is left alone. Countries and
 * places the gazetteers know keep their own entity ("Chicago" is no short form of "First Chicago").
 */
import type { Mention, OrganizationFinding, PersonFinding, PersonMention, PlaceFinding } from './types.ts';

interface Findings {
  organizations: readonly OrganizationFinding[];
  places: readonly PlaceFinding[];
  people: readonly PersonFinding[];
}

type Holder =
  | { kind: 'PERSON'; finding: PersonFinding }
  | { kind: 'ORGANIZATION'; finding: OrganizationFinding }
  | { kind: 'PLACE'; finding: PlaceFinding };

const wordsOf = (name: string) =>
  name
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[.,]+$/, ''))
    .filter(Boolean);

/** Legal forms and generic heads that end many names and shorten none ("SA", "Party"). */
const GENERIC_WORDS = new Set([
  'inc',
  'corp',
  'co',
  'ltd',
  'llc',
  'plc',
  'sa',
  'spa',
  'ag',
  'nv',
  'bv',
  'gmbh',
  'ab',
  'asa',
  'oy',
  'group',
  'holdings',
  'company',
  'bank',
  'party',
  'council',
  'university',
  'ministry',
  'department',
  'agency',
  'union',
  'front',
  'army',
  'association',
  'committee',
  'commission',
  'office',
]);

/** True when `short` is the first or the last words of `long`, and shorter. */
function shortFormOf(short: readonly string[], long: readonly string[]): boolean {
  if (!short.length || short.length >= long.length) return false;
  if (short.length === 1 && GENERIC_WORDS.has(short[0] as string)) return false;
  const prefix = short.every((w, i) => long[i] === w);
  const suffix = short.every((w, i) => long[long.length - short.length + i] === w);
  return prefix || suffix;
}

const nameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** How sure the stages are of a finding's kind: the tagger's surest mention, else the surest rule's. */
const weight = (h: Holder) => {
  let model = 0;
  let rule = 0;
  for (const m of h.finding.mentions) {
    if (m.method === 'model') model = Math.max(model, m.confidence ?? 0);
    else rule = Math.max(rule, m.confidence ?? 0);
  }
  return model > 0 ? 1 + model : rule;
};

/**
 * One name in one article is one entity: findings of the same name that the stages gave different
 * kinds ("Ericsson" a company in one sentence, a surname in the next) become the one the tagger is
 * surest of. Moves the mentions; marks the others in `folded`.
 */
function foldSameNames(holders: readonly Holder[], folded: Set<object>): void {
  const groups = new Map<string, Holder[]>();
  for (const h of holders) {
    const key = nameKey(h.finding.name);
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // Words written in all capitals (headlines, bylines) say less about their kind than running text.
    const written = (h: Holder) => (/\p{Ll}/u.test(h.finding.name) ? 1 : 0);
    const [winner, ...others] = [...group].sort((a, b) => written(b) - written(a) || weight(b) - weight(a));
    if (!winner) continue;
    for (const other of others) {
      moveMentions(other, winner);
      folded.add(other.finding);
    }
  }
}

function moveMentions(from: Holder, to: Holder): void {
  const moved: Mention[] = from.finding.mentions;
  if (to.kind === 'PERSON') {
    const mentions = moved.map(
      (m): PersonMention => ({ ...m, kind: 'kind' in m ? (m as PersonMention).kind : 'name' }),
    );
    to.finding.mentions = [...to.finding.mentions, ...mentions].sort((a, b) => a.start - b.start);
    if (from.kind === 'PERSON') to.finding.offices = [...to.finding.offices, ...from.finding.offices];
  } else {
    to.finding.mentions = [...to.finding.mentions, ...moved].sort((a, b) => a.start - b.start);
  }
  if (
    to.kind !== 'PLACE' &&
    from.finding.name !== to.finding.name &&
    !to.finding.aliases.includes(from.finding.name)
  )
    to.finding.aliases.push(from.finding.name);
}

/**
 * The holders whose names begin or end with the given words, in the order of `holders`: a superset of
 * those shortFormOf accepts (it checks them), found by the words rather than by reading every name.
 */
export function hostIndex<H>(
  holders: readonly H[],
  words: ReadonlyMap<H, readonly string[]>,
): (short: readonly string[]) => H[] {
  const byWords = new Map<string, number[]>();
  const add = (key: string, at: number) => {
    const list = byWords.get(key);
    if (!list) byWords.set(key, [at]);
    else if (list.at(-1) !== at) list.push(at);
  };
  holders.forEach((h, at) => {
    const long = words.get(h) ?? [];
    for (let n = 1; n < long.length; n++) {
      add(long.slice(0, n).join('\u0000'), at);
      add(long.slice(long.length - n).join('\u0000'), at);
    }
  });
  return (short) => (byWords.get(short.join('\u0000')) ?? []).map((at) => holders[at] as H);
}

/** The findings with each short form folded into its full name; inputs untouched. */
export function foldShortNames(findings: Findings): {
  organizations: OrganizationFinding[];
  places: PlaceFinding[];
  people: PersonFinding[];
} {
  const people = findings.people.map((p) => ({ ...p, aliases: [...p.aliases], mentions: [...p.mentions] }));
  const organizations = findings.organizations.map((o) => ({
    ...o,
    aliases: [...o.aliases],
    mentions: [...o.mentions],
  }));
  const places = findings.places.map((p) => ({ ...p, mentions: [...p.mentions] }));
  const holders: Holder[] = [
    ...people.map((finding) => ({ kind: 'PERSON' as const, finding })),
    ...organizations.map((finding) => ({ kind: 'ORGANIZATION' as const, finding })),
    // A place no gazetteer knows may be a short name the tagger typed as a place.
    ...places.filter((p) => !p.country).map((finding) => ({ kind: 'PLACE' as const, finding })),
  ];
  const folded = new Set<object>();
  foldSameNames(
    [...holders, ...places.filter((p) => p.country).map((finding) => ({ kind: 'PLACE' as const, finding }))],
    folded,
  );
  const words = new Map(holders.map((h) => [h, wordsOf(h.finding.name)]));
  // Shortest first, so that a name folded into a longer one travels on with it.
  const byLength = [...holders].sort((a, b) => (words.get(a)?.length ?? 0) - (words.get(b)?.length ?? 0));
  const candidates = hostIndex(holders, words);
  for (const short of byLength) {
    const shortWords = words.get(short) ?? [];
    // A place name often opens an organisation's ("Bombay Commodities"), seldom a person's.
    const hosts = candidates(shortWords).filter(
      (h) =>
        h !== short &&
        (h.kind === 'PERSON' || (h.kind === 'ORGANIZATION' && short.kind !== 'PLACE')) &&
        shortFormOf(shortWords, words.get(h) ?? []),
    );
    const host = hosts[0];
    if (folded.has(short.finding)) continue;
    if (!host || host.kind === 'PLACE' || hosts.length > 1 || folded.has(host.finding)) continue;
    // A title found with the short form belongs to a person; an organisation cannot hold it.
    if (short.kind === 'PERSON' && short.finding.offices.length && host.kind !== 'PERSON') continue;
    const moved: Mention[] = short.finding.mentions;
    if (host.kind === 'PERSON') {
      const mentions = moved.map((m): PersonMention => ({ ...m, kind: 'surname' }));
      host.finding.mentions = [...host.finding.mentions, ...mentions].sort((a, b) => a.start - b.start);
      if (short.kind === 'PERSON') host.finding.offices = [...host.finding.offices, ...short.finding.offices];
    } else {
      host.finding.mentions = [...host.finding.mentions, ...moved].sort((a, b) => a.start - b.start);
    }
    if (!host.finding.aliases.includes(short.finding.name)) host.finding.aliases.push(short.finding.name);
    folded.add(short.finding);
  }
  return {
    people: people.filter((p) => !folded.has(p)),
    organizations: organizations.filter((o) => !folded.has(o)),
    places: places.filter((p) => !folded.has(p)),
  };
}
