/**
 * General English word knowledge taken from the lexicon that ships with `compromise` (MIT): which
 * capitalised words are given names (and their usual gender, for pronouns), which are known surnames,
 * and which are ordinary words that only look like names at the start of a sentence. Only the lexicon is
 * used — running compromise's tagger costs ~20 ms an article, too slow for the throughput target.
 */
import nlp from 'compromise';

type Tags = string | string[] | undefined;

let lexicon: Record<string, Tags> | undefined;

function lookup(word: string): string[] {
  lexicon ??= (nlp.model() as { one: { lexicon: Record<string, Tags> } }).one.lexicon;
  const tags = lexicon[word.toLowerCase()];
  if (!tags) return [];
  return Array.isArray(tags) ? tags : [tags];
}

/** The part-of-speech tags the lexicon lists for a word ("PastTense", "Singular"…), none if unknown. */
export function lexiconTags(word: string): readonly string[] {
  return lookup(word);
}

const GIVEN_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const NAME_TAGS = new Set([...GIVEN_NAME_TAGS, 'LastName', 'Person', 'ProperNoun']);
const PLACE_TAGS = new Set(['City', 'Place', 'Region', 'Country']);

export type Gender = 'male' | 'female';

export function isGivenName(word: string): boolean {
  return lookup(word).some((t) => GIVEN_NAME_TAGS.has(t));
}

export function genderOfGivenName(word: string): Gender | undefined {
  const tags = lookup(word);
  if (tags.includes('MaleName')) return 'male';
  if (tags.includes('FemaleName')) return 'female';
  return undefined;
}

export function isKnownSurname(word: string): boolean {
  return lookup(word).includes('LastName');
}

/** True for words the lexicon knows as ordinary vocabulary ("But", "Speaking", "Nice"). */
export function isCommonWord(word: string): boolean {
  const tags = lookup(word);
  return tags.length > 0 && !tags.some((t) => NAME_TAGS.has(t) || PLACE_TAGS.has(t));
}

/** True when the lexicon lists the word as an organisation's name ("Boeing", "Toyota"). */
export function isOrganizationWord(word: string): boolean {
  return lookup(word).includes('Organization');
}

/** True when the lexicon knows the word as a person name of any kind. */
export function isPersonNameWord(word: string): boolean {
  return lookup(word).some((t) => NAME_TAGS.has(t) && t !== 'ProperNoun');
}

const FUNCTION_WORDS = new Set(
  (
    'a an the this that these those his her its their our my your and but or nor so yet if while when where ' +
    'as at by for from in into of on to with without after before since until although though because ' +
    'he she it they we i you who what which there here also not no yes speaking asked meanwhile however ' +
    'some many most all both each every other another such only just even more less last next first ' +
    'new former ex'
  ).split(' '),
);

/** Closed-class words that are capitalised only because they start a sentence. */
export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.toLowerCase());
}

export const HONORIFICS: Record<string, Gender | undefined> = {
  Mr: 'male',
  'Mr.': 'male',
  Mrs: 'female',
  'Mrs.': 'female',
  Ms: 'female',
  'Ms.': 'female',
  Miss: 'female',
  Sir: 'male',
  Dame: 'female',
  Lord: 'male',
  Lady: 'female',
  Dr: undefined,
  'Dr.': undefined,
};

/** Lower-case particles that belong inside names: "Omar al-Hashimi", "Ursula von der Leyen". */
export const NAME_PARTICLES = new Set([
  'al',
  'el',
  'bin',
  'ibn',
  'abu',
  'de',
  'da',
  'di',
  'du',
  'van',
  'von',
  'der',
  'dos',
  'la',
  'le',
]);
export const PARTICLE_PREFIX = /^(al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu)-\p{Lu}/u;
