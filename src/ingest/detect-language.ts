import { francAll } from 'franc';

/**
 * Languages news is commonly written in (ISO 639-3, as the detector names them, to ISO 639-1).
 * Limiting the detector to these keeps it from answering a close relative nobody publishes news in
 * (English text read as Scots, Swahili as Kirundi).
 */
const LANGUAGES: Record<string, string> = {
  eng: 'en',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  swe: 'sv',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  pol: 'pl',
  ces: 'cs',
  slk: 'sk',
  hun: 'hu',
  ron: 'ro',
  bul: 'bg',
  rus: 'ru',
  ukr: 'uk',
  srp: 'sr',
  hrv: 'hr',
  ell: 'el',
  tur: 'tr',
  arb: 'ar',
  pes: 'fa',
  urd: 'ur',
  hin: 'hi',
  ben: 'bn',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  vie: 'vi',
  ind: 'id',
  zlm: 'ms',
  tha: 'th',
  heb: 'he',
  swh: 'sw',
  amh: 'am',
  hau: 'ha',
  yor: 'yo',
  tgl: 'tl',
  cat: 'ca',
  lit: 'lt',
  lav: 'lv',
  est: 'et',
};
const ONLY = Object.keys(LANGUAGES);
// Below this many letters the detector guesses; such an article is taken as English, the default.
const MIN_LETTERS = 20;
const NEAR_TIE = 0.95;

export interface DetectedLanguage {
  /** ISO 639-1 code, or `und` when the text is too short to tell. */
  code: string;
  /** The detector's score of the runner-up relative to the winner (1 = a tie); lower is surer. */
  runnerUp: number;
}

/** The language of an article's text, by character trigrams (franc), among the languages of the news. */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, 5000);
  if ((sample.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return { code: 'und', runnerUp: 1 };
  const scores = francAll(sample, { only: ONLY, minLength: 10 });
  const [best, second] = scores;
  const english = scores.find(([language]) => language === 'eng')?.[1] ?? 0;
  // Short English is often scored a hair below a North-Sea neighbour; extraction is the default, so a
  // near tie with English counts as English rather than skipping the article's facts.
  if (english >= NEAR_TIE) return { code: 'en', runnerUp: second?.[1] ?? 0 };
  const code = best && best[0] !== 'und' ? (LANGUAGES[best[0]] ?? 'und') : 'und';
  return { code, runnerUp: second?.[1] ?? 0 };
}
