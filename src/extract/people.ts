/**
 * Stage 5 — people and their offices. A person is recognised where a name follows a cue: an honorific
 * ("Mr Mwangi"), a title of office with optional country or organisation modifier ("Kenyan president
 * Joseph Mwangi", "European Commission President Anna Kowal", "her Spanish counterpart Pablo Ruiz"), or a
 * given name known to the `compromise` lexicon ("John Smith"). Titles come from lexicon/titles.ts and
 * countries from the world-countries gazetteer, so the office gets its normal form and country.
 * Names the trained tagger reads as people are people too, with or without a cue ("Rahane scored 40"),
 * and a cue rule does not fire where the tagger reads the name, with confidence, as a place or an
 * organisation. Later references (surnames, "the Prime Minister", pronouns) are the coreference stage's job.
 */
import type { PhraseMatch as PhraseMatchOf } from './lexicon/phrase-index.ts';
import { type TitleEntry, titleIndex } from './lexicon/titles.ts';
import {
  type Gender,
  genderOfGivenName,
  HONORIFICS,
  isCommonWord,
  isFunctionWord,
  isGivenName,
  NAME_PARTICLES,
  PARTICLE_PREFIX,
} from './lexicon/words.ts';
import { NO_SPANS, type TaggedSpans } from './ner/spans.ts';
import { normalOfficeTitle } from './offices.ts';
import { bylineNames, isCapitalised, type Segmented, type Token } from './segment.ts';
import type {
  CountryMention,
  Mention,
  OfficeFinding,
  OrganizationFinding,
  PersonFinding,
  PersonMention,
} from './types.ts';

/** Roman numerals of monarchs and popes, I to XXIII. */
const REGNAL_NUMBER = /^(?=[IVX])X{0,2}(?:IX|IV|V?I{0,3})$/;
const MONTHS_AND_DAYS = new Set(
  'January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);
const MAX_NAME_TOKENS = 4;
const REPORTING =
  /^(?:said|says|told|added|stated|warned|insisted|argued|noted|stressed|explained|declared|claimed|wrote|tweeted|announced|urged|accused|denied|confirmed|acknowledged|admitted|conceded|called|described|hailed|dismissed|condemned|criticised|criticized|rejected|welcomed|spoke)$/;
/** Nouns of an appositive that make the name before it a person's. */
const PERSON_ROLES =
  /^(?:suspect|founder|co-founder|owner|candidate|member|activist|journalist|reporter|correspondent|lawyer|scientist|professor|economist|analyst|author|director|head|chief|chairman|chairwoman|executive|secretary|minister|president|adviser|advisor|spokesman|spokeswoman|negotiator|envoy|commander|officer|official|diplomat|judge|prosecutor|leader|mayor|governor|senator|MP|lawmaker|deputy|editor|researcher|campaigner|son|daughter|wife|husband|brother|sister|father|mother|widow|survivor|victim|pilot|singer|actor|player|coach)$/i;

export interface PeopleContext {
  segmented: Segmented;
  countries: readonly CountryMention[];
  organizations: readonly OrganizationFinding[];
  /** Tokens already taken by organisations. */
  claimed: readonly boolean[];
  tagged?: TaggedSpans;
}

/** Confidence of each cue: roughly its precision on news copy. */
const CUE_CONFIDENCE: Record<PersonMention['kind'], number> = {
  honorific: 0.95,
  title: 0.9,
  name: 0.85,
  surname: 0.8,
  pronoun: 0.6,
};
const UNCUED_CONFIDENCE = 0.7;

interface Modifiers {
  country?: string;
  organization?: string;
  start: number;
}

class PeopleBuilder {
  readonly people: PersonFinding[] = [];
  /** The same people by their name tokens joined: a long list of names costs a lookup per name, not a scan. */
  private readonly peopleByName = new Map<string, PersonFinding>();
  readonly claimed: boolean[];
  private readonly countryByEnd = new Map<number, CountryMention>();
  private readonly countryTokens = new Set<number>();
  private readonly organizationByEnd = new Map<number, { name: string; country?: string; start: number }>();

  private readonly tagged: TaggedSpans;

  constructor(private readonly context: PeopleContext) {
    this.claimed = [...context.claimed];
    this.tagged = context.tagged ?? NO_SPANS(context.segmented.tokens.length);
    for (const c of context.countries) {
      this.countryByEnd.set(c.tokenEnd, c);
      for (let k = c.tokenStart; k < c.tokenEnd; k++) this.countryTokens.add(k);
    }
    for (const org of context.organizations) {
      for (const m of org.mentions)
        this.organizationByEnd.set(m.tokenEnd, { name: org.name, country: org.country, start: m.tokenStart });
    }
  }

  private get tokens(): readonly Token[] {
    return this.context.segmented.tokens;
  }

  isNameToken(k: number, first: boolean): boolean {
    const token = this.tokens[k];
    if (!token || this.claimed[k]) return false;
    const text = token.text;
    // A regnal number ends a name: "Elizabeth I", "Pedro II".
    if (!first && REGNAL_NUMBER.test(text)) return true;
    if (PARTICLE_PREFIX.test(text)) return !first;
    if (NAME_PARTICLES.has(text)) {
      const next = this.tokens[k + 1];
      return (
        !first &&
        !!next &&
        next.sentence === token.sentence &&
        isCapitalised(next.text) &&
        /^\p{L}/u.test(next.text)
      );
    }
    if (
      !/^\p{Lu}[\p{Ll}\p{M}]/u.test(text) &&
      !/^\p{Lu}$/u.test(text) &&
      !/^\p{Lu}[\p{Ll}]*[-'’]\p{Lu}/u.test(text)
    )
      return false;
    if (MONTHS_AND_DAYS.has(text) || isFunctionWord(text) || HONORIFICS[text] !== undefined || text === 'Dr')
      return false;
    if (this.countryTokens.has(k) && !isGivenName(text)) return false;
    if (titleIndex().matchAt(this.tokens, k)) return false;
    return true;
  }

  /** End (exclusive) of the name starting at `from`, or `from` when there is none. */
  readName(from: number): number {
    let end = from;
    const sentence = this.tokens[from]?.sentence;
    while (
      end - from < MAX_NAME_TOKENS &&
      this.tokens[end]?.sentence === sentence &&
      this.isNameToken(end, end === from)
    )
      end++;
    while (end > from && NAME_PARTICLES.has((this.tokens[end - 1] as Token).text)) end--;
    return end;
  }

  private modifiersBefore(at: number): Modifiers {
    let cursor = at;
    if (this.tokens[cursor - 1]?.text === "'s" || this.tokens[cursor - 1]?.text === '’s') cursor--;
    const country = this.countryByEnd.get(cursor);
    if (country) return { country: country.code, start: country.tokenStart };
    const org = this.organizationByEnd.get(cursor);
    if (org) return { organization: org.name, country: org.country, start: org.start };
    return { start: at };
  }

  private span(from: number, to: number): Mention {
    const first = this.tokens[from] as Token;
    const last = this.tokens[to - 1] as Token;
    return { start: first.start, end: last.end, tokenStart: from, tokenEnd: to };
  }

  private personFor(nameTokens: string[]): PersonFinding {
    const key = nameTokens.join(' ');
    let person = this.peopleByName.get(key);
    if (!person) {
      person = { name: key, nameTokens, aliases: [], offices: [], mentions: [] };
      this.people.push(person);
      this.peopleByName.set(key, person);
    }
    return person;
  }

  private record(
    nameFrom: number,
    nameTo: number,
    claimFrom: number,
    kind: PersonMention['kind'],
    gender?: Gender,
    ruleConfidence = CUE_CONFIDENCE[kind],
  ): PersonFinding {
    const nameTokens = this.tokens.slice(nameFrom, nameTo).map((t) => t.text);
    const person = this.personFor(nameTokens);
    const surface = this.tokens
      .slice(claimFrom, nameTo)
      .map((t) => t.text)
      .join(' ');
    if (kind === 'honorific' && !person.aliases.includes(surface)) person.aliases.push(surface);
    person.gender ??= gender ?? genderOfGivenName(nameTokens[0] ?? '');
    const same = this.tagged.exactly(nameFrom, nameTo);
    const found: Pick<PersonMention, 'method' | 'confidence'> =
      same?.type === 'PER'
        ? { method: 'model', confidence: Math.max(ruleConfidence, same.confidence) }
        : { method: 'rule', confidence: ruleConfidence };
    person.mentions.push({
      ...this.span(kind === 'honorific' ? claimFrom : nameFrom, nameTo),
      kind,
      ...found,
    });
    for (let k = claimFrom; k < nameTo; k++) this.claimed[k] = true;
    return person;
  }

  private tokenStarts: Map<number, number> | undefined;

  /** The index of the token that starts at `offset`, or -1. */
  private tokenStartingAt(offset: number): number {
    if (!this.tokenStarts) {
      this.tokenStarts = new Map();
      this.tokens.forEach((t, i) => {
        if (!this.tokenStarts?.has(t.start)) this.tokenStarts?.set(t.start, i);
      });
    }
    return this.tokenStarts.get(offset) ?? -1;
  }

  private lastOfficeBefore(at: number): OfficeFinding | undefined {
    const sentence = this.tokens[at]?.sentence ?? 0;
    let best: { office: OfficeFinding; start: number } | undefined;
    for (const person of this.people) {
      for (const office of person.offices) {
        const token = this.tokenStartingAt(office.evidence.start);
        const s = this.tokens[token]?.sentence ?? -1;
        if (token < at && s >= sentence - 1 && (!best || office.evidence.start > best.start))
          best = { office, start: office.evidence.start };
      }
    }
    return best?.office;
  }

  private addOffice(
    person: PersonFinding,
    entry: TitleEntry,
    modifiers: Modifiers,
    titleEnd: number,
    at: number,
  ): void {
    let title = entry;
    if (entry.counterpart) {
      const other = this.lastOfficeBefore(at);
      if (!other) return;
      title = { title: other.baseTitle };
    }
    const country = modifiers.country ?? (modifiers.organization ? undefined : entry.impliedCountry);
    const office: OfficeFinding = {
      title: normalOfficeTitle(title, modifiers.organization ? undefined : country, modifiers.organization),
      baseTitle: title.title,
      evidence: this.span(modifiers.start, titleEnd),
      ...(country ? { country } : {}),
      ...(modifiers.organization ? { organization: modifiers.organization } : {}),
    };
    if (!person.offices.some((o) => o.title === office.title)) person.offices.push(office);
    person.country ??= country;
  }

  /** "Anna Kowal, the European Commission President," */
  private appositiveOffice(person: PersonFinding, nameEnd: number): void {
    let j = nameEnd;
    if (this.tokens[j]?.text !== ',') return;
    j++;
    if (/^(the|a)$/i.test(this.tokens[j]?.text ?? '')) j++;
    let modifiers: Modifiers = { start: j };
    const country = this.context.countries.find((c) => c.tokenStart === j);
    const org = this.context.organizations.find((o) => o.mentions.some((m) => m.tokenStart === j));
    if (country) {
      modifiers = { country: country.code, start: j };
      j = country.tokenEnd;
    } else if (org) {
      const mention = org.mentions.find((m) => m.tokenStart === j) as Mention;
      modifiers = { organization: org.name, country: org.country, start: j };
      j = mention.tokenEnd;
    }
    if (this.tokens[j]?.text === "'s") j++;
    const title = titleIndex().matchAt(this.tokens, j);
    if (!title || this.isNameToken(title.tokenEnd, true)) return;
    this.addOffice(person, title.value, modifiers, title.tokenEnd, j);
  }

  scan(): void {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (this.claimed[i]) continue;
      const token = tokens[i] as Token;
      const honorific = HONORIFICS[token.text];
      if (token.text in HONORIFICS) {
        const from = tokens[i + 1]?.text === '.' ? i + 2 : i + 1;
        const end = this.readName(from);
        if (end > from) {
          this.record(from, end, i, 'honorific', honorific);
          i = end - 1;
        }
        continue;
      }
      const title = titleIndex().matchAt(tokens, i);
      if (title) {
        const end = this.readName(title.tokenEnd);
        if (end > title.tokenEnd) {
          const modifiers = this.modifiersBefore(i);
          const person = this.record(title.tokenEnd, end, i, 'name');
          this.addOffice(person, title.value, modifiers, title.tokenEnd, i);
          this.appositiveOffice(person, end);
          i = end - 1;
        }
        continue;
      }
      if (
        isGivenName(token.text) &&
        isCapitalised(token.text) &&
        !(isCommonWord(token.text) && !isGivenName(token.text))
      ) {
        const end = this.readName(i);
        if (end - i >= 2 && !this.tagged.says(i, end, ['LOC', 'ORG', 'MISC'], 0.7)) {
          const title = this.titleBeforeComma(i);
          const person = this.record(i, end, i, 'name');
          if (title)
            this.addOffice(person, title.value, this.modifiersBefore(title.tokenStart), title.tokenEnd, i);
          this.appositiveOffice(person, end);
          i = end - 1;
        }
      }
    }
  }

  /**
   * Names with no title or known given name, where the sentence shows they are people: the subject of a
   * reporting verb ("Amara Diallo said"), a name with an appositive role ("Amara Diallo, the head of …,")
   * or a name after a title and comma ("The Malian president, Amara Diallo,"). Every other occurrence
   * of the same name is a mention too.
   */
  scanUncued(): void {
    const tokens = this.tokens;
    const found: { from: number; to: number }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (this.claimed[i] || !this.isNameToken(i, true)) continue;
      const text = (tokens[i] as Token).text;
      const sentenceStart = tokens[i - 1]?.sentence !== tokens[i]?.sentence;
      if (sentenceStart && isCommonWord(text.toLowerCase()) && !isGivenName(text)) continue;
      const end = this.readName(i);
      if (end - i < 2 || end - i > 3 || !this.plausibleName(i, end)) {
        if (end > i) i = end - 1;
        continue;
      }
      if (this.tagged.says(i, end, ['LOC', 'ORG', 'MISC'], 0.7)) {
        i = end - 1;
        continue;
      }
      const title = this.titleBeforeComma(i);
      if (title || this.speaksAfter(end) || this.roleAfter(end)) {
        const person = this.record(i, end, i, 'name', undefined, UNCUED_CONFIDENCE);
        if (title)
          this.addOffice(person, title.value, this.modifiersBefore(title.tokenStart), title.tokenEnd, i);
        this.appositiveOffice(person, end);
        found.push({ from: i, to: end });
      }
      i = end - 1;
    }
    // Other occurrences of the names found above.
    for (const { from, to } of found) {
      const words = tokens.slice(from, to).map((t) => t.text);
      for (let i = 0; i + words.length <= tokens.length; i++) {
        if (this.claimed[i] || tokens[i]?.text !== words[0]) continue;
        let same = true;
        for (let k = 1; k < words.length && same; k++)
          same = tokens[i + k]?.text === words[k] && !this.claimed[i + k];
        if (same && !this.isNameToken(i + words.length, false))
          this.record(i, i + words.length, i, 'name', undefined, UNCUED_CONFIDENCE);
      }
    }
  }

  /**
   * Names the tagger reads as people, on tokens no cue took: a leading title or honorific inside the span
   * is left out ("Mr" is never part of a name), and an office before a comma or in an appositive is kept.
   */
  /** A byline ("By JANE DOE") names the writer: a person. */
  scanBylines(): void {
    for (const { start, end } of bylineNames(this.context.segmented)) {
      let free = true;
      for (let k = start; k < end && free; k++) free = !this.claimed[k];
      if (free) this.record(start, end, start, 'name', undefined, CUE_CONFIDENCE.name);
    }
  }

  scanTagged(): void {
    for (const span of this.tagged.spans) {
      if (span.type !== 'PER') continue;
      let from = span.tokenStart;
      while (from < span.tokenEnd && (this.tokens[from] as Token).text in HONORIFICS) from++;
      if (this.tokens[from]?.text === '.') from++;
      const to = span.tokenEnd;
      if (from >= to) continue;
      let free = true;
      for (let k = from; k < to && free; k++) free = !this.claimed[k];
      if (!free || !/^\p{L}/u.test((this.tokens[from] as Token).text)) continue;
      const person = this.recordTagged(from, to, span.confidence);
      const title = this.titleBeforeComma(from);
      if (title)
        this.addOffice(person, title.value, this.modifiersBefore(title.tokenStart), title.tokenEnd, from);
      this.appositiveOffice(person, to);
    }
  }

  private recordTagged(from: number, to: number, confidence: number): PersonFinding {
    const person = this.record(from, to, from, 'name', undefined, confidence);
    const mention = person.mentions.at(-1) as PersonMention;
    mention.method = 'model';
    mention.confidence = confidence;
    return person;
  }

  /** Every word looks like a name, and the last one is no ordinary word ("Harley Street", "Blue House"). */
  private plausibleName(from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const text = (this.tokens[k] as Token).text;
      if (!/^\p{Lu}[\p{Ll}\p{M}]/u.test(text) || this.countryTokens.has(k)) return false;
    }
    const last = (this.tokens[to - 1] as Token).text;
    return !isCommonWord(last) && !isCommonWord(last.toLowerCase());
  }

  private speaksAfter(end: number): boolean {
    let k = end;
    while (
      /^(?:has|had|have|also|later|then|earlier|again|repeatedly|\p{Ll}+ly)$/u.test(
        this.tokens[k]?.text ?? '',
      )
    )
      k++;
    const verb = this.tokens[k];
    return !!verb && verb.sentence === this.tokens[end - 1]?.sentence && REPORTING.test(verb.text);
  }

  /** ", the executive director of …" / ", a former minister," / ", the main suspect in …". */
  private roleAfter(end: number): boolean {
    if (this.tokens[end]?.text !== ',') return false;
    let k = end + 1;
    if (!/^(?:the|a|an)$/i.test(this.tokens[k]?.text ?? '')) return false;
    k++;
    for (let j = k; j < k + 5; j++) {
      const token = this.tokens[j];
      if (!token || /^[,.;:]$/.test(token.text)) return false;
      if (titleIndex().matchAt(this.tokens, j) || PERSON_ROLES.test(token.text)) return true;
    }
    return false;
  }

  /** "The Malian president, Amara Diallo": a title right before the comma before the name. */
  private titleBeforeComma(at: number): PhraseMatchOf<TitleEntry> | undefined {
    if (this.tokens[at - 1]?.text !== ',') return undefined;
    for (let j = at - 2; j >= Math.max(0, at - 5); j--) {
      const title = titleIndex().matchAt(this.tokens, j);
      if (title && title.tokenEnd === at - 1 && !title.value.counterpart) return title;
    }
    return undefined;
  }

  /** "Mr Mwangi" after "Joseph Mwangi": the honorific form is an alias of the full name, not a new person. */
  mergeShortForms(): void {
    // Full names by the surname a one-word form would be: merging never changes a full name, so the
    // index holds for the whole pass.
    const fullBySurname = new Map<string, Set<PersonFinding>>();
    for (const p of this.people) {
      if (p.nameTokens.length <= 1) continue;
      const surnames = [bareSurname(p.nameTokens.at(-1) ?? ''), familyNameFirst(p.nameTokens)];
      for (const surname of surnames) {
        if (surname === undefined) continue;
        const list = fullBySurname.get(surname) ?? new Set<PersonFinding>();
        list.add(p);
        fullBySurname.set(surname, list);
      }
    }
    const merged = new Set<PersonFinding>();
    for (const short of this.people) {
      if (short.nameTokens.length !== 1) continue;
      const full = fullBySurname.get(bareSurname(short.nameTokens[0] ?? ''));
      const target = full && surnameReferent([...full], short.gender);
      if (!target) continue;
      target.mentions.push(...short.mentions);
      for (const alias of short.aliases) if (!target.aliases.includes(alias)) target.aliases.push(alias);
      for (const office of short.offices)
        if (!target.offices.some((o) => o.title === office.title)) target.offices.push(office);
      target.gender ??= short.gender;
      target.country ??= short.country;
      merged.add(short);
    }
    if (merged.size) {
      const kept = this.people.filter((p) => !merged.has(p));
      this.people.length = 0;
      for (const p of kept) this.people.push(p);
    }
    for (const person of this.people) person.mentions.sort((a, b) => a.start - b.start);
  }
}

/** "Kang Min-jun": Korean names put the family name first, before a hyphenated given name. */
function familyNameFirst(nameTokens: readonly string[]): string | undefined {
  const [family, given] = nameTokens;
  return nameTokens.length === 2 && family && /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(given ?? '')
    ? family.toLowerCase()
    : undefined;
}

/**
 * Of the people who share a surname, the one its bare form means: the one the article names first, as
 * news introduces its main person first and the others by full name or title ("Boris Yeltsin … Naina
 * Yeltsin … Yeltsin said"). A form with a gender ("Mrs Yeltsin") means a person who may have it.
 */
export function surnameReferent(
  candidates: readonly PersonFinding[],
  gender?: PersonFinding['gender'],
): PersonFinding | undefined {
  const fitting = gender
    ? candidates.filter((p) => p.gender === undefined || p.gender === gender)
    : candidates;
  let first: PersonFinding | undefined;
  for (const person of fitting) if (!first || firstMentionAt(person) < firstMentionAt(first)) first = person;
  return first;
}

const firstMentionAt = (person: PersonFinding) =>
  person.mentions.reduce((at, mention) => Math.min(at, mention.start), Number.POSITIVE_INFINITY);

/** "al-Hashimi" and "Hashimi" are the same surname. */
export function bareSurname(word: string): string {
  return word.replace(/^(al|el|ad|ar|as|ash|at|az|an)-/i, '').toLowerCase();
}

/** People named in the body with their offices, and the tokens their names and titles occupy. */
export function findPeople(context: PeopleContext): { people: PersonFinding[]; claimed: boolean[] } {
  const builder = new PeopleBuilder(context);
  builder.scan();
  builder.scanBylines();
  builder.scanTagged();
  builder.scanUncued();
  builder.mergeShortForms();
  return { people: builder.people, claimed: builder.claimed };
}
