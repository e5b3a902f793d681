/**
 * Stage 7 — later references to people. Adds to each person the mentions that do not repeat the full
 * name: the surname alone ("Mwangi"), a bare title ("the Prime Minister" → the last person holding that
 * office) and third-person pronouns where exactly one earlier person fits by gender and distance. Pronouns
 * inside direct quotes are left alone: there "he" is rarely the speaker. Hand-written rules, since no
 * maintained npm package resolves coreference without a model download.
 */
import { titleIndex } from './lexicon/titles.ts';
import type { Gender } from './lexicon/words.ts';
import { bareSurname, surnameReferent } from './people.ts';
import { quoteAt } from './quotes.ts';
import { isCapitalised, type Segmented, type Token } from './segment.ts';
import type { PersonFinding, PersonMention, QuoteSpan } from './types.ts';

const PRONOUNS: Record<string, Gender> = {
  he: 'male',
  him: 'male',
  his: 'male',
  she: 'female',
  her: 'female',
  hers: 'female',
};
const OBJECT_PRONOUNS = new Set(['him', 'her']);
const RELATIVE_PRONOUNS = new Set(['who']);
const LOOKBACK_SENTENCES = 3;
/**
 * A person the text does not name ("A bystander, who …", "a woman told …"): a pronoun after such a
 * sentence refers to that person, not to someone named earlier.
 */
const UNNAMED_PERSON =
  /\b(?:(?:a|an|one|another)\s+(?:\p{L}+\s+)?(?:witness|eyewitness|man|woman|resident|survivor|passenger|bystander|official|spokesman|spokeswoman|source|diplomat|officer|soldier|commander|doctor|student|driver|worker|father|mother)|(?:eye)?witness|passer-by)\b/iu;

/** How often each kind of later reference points at the right person. */
const REFERENCE_CONFIDENCE: Record<PersonMention['kind'], number> = {
  name: 0.85,
  honorific: 0.9,
  surname: 0.8,
  title: 0.7,
  pronoun: 0.6,
};

interface Located {
  person: PersonFinding;
  mention: PersonMention;
}

function addMention(person: PersonFinding, mention: PersonMention, surface: string): void {
  person.mentions.push(mention);
  if (mention.kind !== 'pronoun' && surface !== person.name && !person.aliases.includes(surface))
    person.aliases.push(surface);
}

function mentionAt(
  tokens: readonly Token[],
  from: number,
  to: number,
  kind: PersonMention['kind'],
): PersonMention {
  return {
    start: (tokens[from] as Token).start,
    end: (tokens[to - 1] as Token).end,
    tokenStart: from,
    tokenEnd: to,
    kind,
    method: 'rule',
    confidence: REFERENCE_CONFIDENCE[kind],
  };
}

function findSurnames(segmented: Segmented, people: PersonFinding[], claimed: boolean[]): void {
  const { tokens } = segmented;
  const bySurname = new Map<string, PersonFinding[]>();
  for (const person of people) {
    if (person.nameTokens.length < 2) continue;
    const surname = bareSurname(person.nameTokens.at(-1) ?? '');
    bySurname.set(surname, [...(bySurname.get(surname) ?? []), person]);
    // Korean names put the family name first: "Kang Min-jun" is "Kang" later on.
    const first = person.nameTokens[0] ?? '';
    if (/^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(person.nameTokens.at(-1) ?? '') && person.nameTokens.length === 2)
      bySurname.set(first.toLowerCase(), [...(bySurname.get(first.toLowerCase()) ?? []), person]);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (claimed[i] || !isCapitalised(token.text)) continue;
    const candidates = bySurname.get(bareSurname(token.text));
    const person = candidates && surnameReferent(candidates);
    if (!person) continue;
    const next = tokens[i + 1];
    if (next && next.sentence === token.sentence && /^\p{Lu}\p{Ll}/u.test(next.text)) continue;
    addMention(person, mentionAt(tokens, i, i + 1, 'surname'), token.text);
    claimed[i] = true;
  }
}

function allMentions(people: PersonFinding[]): Located[] {
  return people
    .flatMap((person) => person.mentions.map((mention) => ({ person, mention })))
    .sort((a, b) => a.mention.start - b.mention.start);
}

/** "the Prime Minister" with no name after it: the most recent person who holds that office. */
function findBareTitles(segmented: Segmented, people: PersonFinding[], claimed: boolean[]): void {
  const { tokens } = segmented;
  for (let i = 1; i < tokens.length; i++) {
    if (claimed[i] || (tokens[i - 1] as Token).text.toLowerCase() !== 'the') continue;
    const title = titleIndex().matchAt(tokens, i);
    if (!title || title.value.counterpart) continue;
    const next = tokens[title.tokenEnd];
    if (
      next &&
      isCapitalised(next.text) &&
      next.sentence === tokens[i]?.sentence &&
      /^\p{L}/u.test(next.text)
    )
      continue;
    const holders = allMentions(people).filter(
      (l) =>
        l.mention.start < (tokens[i] as Token).start &&
        l.person.offices.some((o) => o.baseTitle.toLowerCase() === title.value.title.toLowerCase()),
    );
    const holder = holders.at(-1)?.person;
    if (!holder) continue;
    const surface = tokens
      .slice(i - 1, title.tokenEnd)
      .map((t) => t.text)
      .join(' ');
    addMention(holder, mentionAt(tokens, i - 1, title.tokenEnd, 'title'), surface);
    for (let k = i - 1; k < title.tokenEnd; k++) claimed[k] = true;
  }
}

function fits(person: PersonFinding, gender: Gender): boolean {
  return person.gender === undefined || person.gender === gender;
}

/** The single person a pronoun at token `at` can refer to, or undefined when none or several fit. */
function antecedentOf(
  segmented: Segmented,
  located: Located[],
  at: number,
  gender: Gender,
  isObject: boolean,
): PersonFinding | undefined {
  const { tokens } = segmented;
  const pronoun = tokens[at] as Token;
  let earlier = located.filter((l) => l.mention.end <= pronoun.start && fits(l.person, gender));
  const sameSentence = earlier.filter(
    (l) => (tokens[l.mention.tokenStart] as Token).sentence === pronoun.sentence,
  );
  let candidates = sameSentence;
  if (isObject && candidates.length) {
    // "Mr X urged him": the subject right before the verb is not the object.
    const nearest = candidates.at(-1) as Located;
    const between = tokens.slice(nearest.mention.tokenEnd, at);
    if (between.length <= 3 && !between.some((t) => /^[,;:"“”]$/.test(t.text))) {
      candidates = candidates.filter((c) => c.person !== nearest.person);
      earlier = earlier.filter((c) => c.person !== nearest.person);
    }
  }
  const distinct = (list: Located[]) => [...new Set(list.map((l) => l.person))];
  if (distinct(candidates).length === 1) return candidates[0]?.person;
  if (distinct(candidates).length > 1) return undefined;
  for (let back = 1; back <= LOOKBACK_SENTENCES; back++) {
    const inSentence = earlier.filter(
      (l) => (tokens[l.mention.tokenStart] as Token).sentence === pronoun.sentence - back,
    );
    const people = distinct(inSentence);
    if (people.length === 1) return people[0];
    // Several people in the previous sentence: the one named first is its subject in news style.
    if (people.length > 1) return inSentence[0]?.person;
    const sentence = segmented.sentences[pronoun.sentence - back];
    if (sentence && UNNAMED_PERSON.test(segmented.body.slice(sentence.start, sentence.end))) return undefined;
  }
  return undefined;
}

/** "Mr X, who said …": the relative pronoun after a name and its comma is that person. */
function relativeAntecedent(
  tokens: readonly Token[],
  located: Located[],
  at: number,
): PersonFinding | undefined {
  if (tokens[at - 1]?.text !== ',') return undefined;
  const named = located.find((l) => l.mention.tokenEnd === at - 1 && l.mention.kind !== 'pronoun');
  return named?.person;
}

function resolvePronouns(segmented: Segmented, people: PersonFinding[], quotes: readonly QuoteSpan[]): void {
  const { tokens } = segmented;
  const located = allMentions(people);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (RELATIVE_PRONOUNS.has(token.text.toLowerCase())) {
      const person = relativeAntecedent(tokens, located, i);
      if (person) addMention(person, mentionAt(tokens, i, i + 1, 'pronoun'), token.text);
      continue;
    }
    const gender = PRONOUNS[token.text.toLowerCase()];
    if (!gender || quoteAt(quotes, token.start)) continue;
    const person = antecedentOf(segmented, located, i, gender, OBJECT_PRONOUNS.has(token.text.toLowerCase()));
    if (!person) continue;
    const mention = mentionAt(tokens, i, i + 1, 'pronoun');
    addMention(person, mention, token.text);
    located.push({ person, mention });
    located.sort((a, b) => a.mention.start - b.mention.start);
  }
}

/** Adds surname, bare-title and pronoun mentions to `people`; returns new people lists, inputs untouched. */
export function resolveCoreference(
  segmented: Segmented,
  people: readonly PersonFinding[],
  claimed: readonly boolean[],
  quotes: readonly QuoteSpan[],
): PersonFinding[] {
  const copies = people.map((p) => ({
    ...p,
    aliases: [...p.aliases],
    mentions: [...p.mentions],
    offices: [...p.offices],
  }));
  const taken = [...claimed];
  findSurnames(segmented, copies, taken);
  findBareTitles(segmented, copies, taken);
  resolvePronouns(segmented, copies, quotes);
  for (const person of copies) person.mentions.sort((a, b) => a.start - b.start);
  return copies;
}
