/**
 * Titles of office, as general knowledge: the phrase as written, its normal form and, for titles that
 * exist in one country only ("Foreign Secretary"), that country. No npm package lists political titles.
 * `ministerial` titles are also recognised in the open pattern "<Word> Minister" / "<Word> Secretary".
 */
import { PhraseIndex } from './phrase-index.ts';

export interface TitleEntry {
  /** Normal form, e.g. "Foreign Minister". */
  title: string;
  /** Country the title implies when the text names none. */
  impliedCountry?: string;
  /** The title already names its country or body, so "of <country>" is not appended. */
  selfContained?: boolean;
  /** A title of reference, not office: "counterpart" borrows the title of the person it is compared to. */
  counterpart?: boolean;
}

const TITLES: [string[], TitleEntry][] = [
  [['President'], { title: 'President' }],
  [['Vice President', 'Vice-President'], { title: 'Vice President' }],
  [['Prime Minister', 'PM', 'Premier'], { title: 'Prime Minister' }],
  [['Deputy Prime Minister'], { title: 'Deputy Prime Minister' }],
  [
    ['Foreign Minister', 'Minister of Foreign Affairs', 'Foreign Affairs Minister'],
    { title: 'Foreign Minister' },
  ],
  [
    ['Defence Minister', 'Defense Minister', 'Minister of Defence', 'Minister of Defense'],
    { title: 'Defence Minister' },
  ],
  [['Interior Minister', 'Minister of the Interior'], { title: 'Interior Minister' }],
  [['Finance Minister', 'Minister of Finance'], { title: 'Finance Minister' }],
  [['Foreign Secretary'], { title: 'Foreign Secretary', impliedCountry: 'GB', selfContained: true }],
  [['Home Secretary'], { title: 'Home Secretary', impliedCountry: 'GB', selfContained: true }],
  [['Defence Secretary'], { title: 'Defence Secretary', impliedCountry: 'GB', selfContained: true }],
  [
    ['Chancellor of the Exchequer'],
    { title: 'Chancellor of the Exchequer', impliedCountry: 'GB', selfContained: true },
  ],
  [['Secretary of State'], { title: 'Secretary of State' }],
  [['Defense Secretary', 'Secretary of Defense'], { title: 'Secretary of Defense', impliedCountry: 'US' }],
  [['Chancellor'], { title: 'Chancellor' }],
  [['King'], { title: 'King' }],
  [['Queen'], { title: 'Queen' }],
  [['Crown Prince'], { title: 'Crown Prince' }],
  [['Emir'], { title: 'Emir' }],
  [['Supreme Leader'], { title: 'Supreme Leader' }],
  [['Secretary-General', 'Secretary General'], { title: 'Secretary-General' }],
  [['High Representative'], { title: 'High Representative' }],
  [['foreign policy chief'], { title: 'Foreign Policy Chief' }],
  [['Ambassador', 'ambassador'], { title: 'Ambassador' }],
  [['Special Envoy', 'envoy', 'Envoy'], { title: 'Envoy' }],
  [
    ['spokesman', 'spokeswoman', 'spokesperson', 'Spokesman', 'Spokeswoman', 'Spokesperson'],
    { title: 'Spokesperson' },
  ],
  [['Speaker'], { title: 'Speaker' }],
  [['Mayor'], { title: 'Mayor' }],
  [['Governor'], { title: 'Governor' }],
  [['Senator', 'Sen.'], { title: 'Senator' }],
  [['General', 'Gen.'], { title: 'General' }],
  [['Commander'], { title: 'Commander' }],
  [['Chief of Staff'], { title: 'Chief of Staff' }],
  [['Attorney General'], { title: 'Attorney General' }],
  [['Pope'], { title: 'Pope', selfContained: true }],
  [['leader', 'Leader'], { title: 'Leader' }],
  [['opposition leader', 'Opposition Leader'], { title: 'Opposition Leader' }],
  [['minister', 'Minister'], { title: 'Minister' }],
  [
    ['Director General', 'Director-General', 'director general', 'director-general'],
    { title: 'Director General' },
  ],
  [['Executive Director', 'executive director'], { title: 'Executive Director' }],
  [['Executive Secretary', 'executive secretary'], { title: 'Executive Secretary' }],
  [['chief', 'Chief'], { title: 'Chief' }],
  [['head', 'Head'], { title: 'Head' }],
  [['Chairman', 'chairman', 'Chairwoman', 'chairwoman'], { title: 'Chair' }],
  [['counterpart'], { title: 'counterpart', counterpart: true }],
];

let index: PhraseIndex<TitleEntry> | undefined;

/** Titles matched without regard to case ("Kenyan president Joseph Mwangi"). */
export function titleIndex(): PhraseIndex<TitleEntry> {
  if (index) return index;
  index = new PhraseIndex<TitleEntry>(false);
  for (const [phrases, entry] of TITLES) for (const phrase of phrases) index.add(phrase, entry);
  return index;
}

/** Heads of the open ministerial pattern: "Culture Minister", "Energy Secretary". */
export const MINISTERIAL_HEADS = new Set(['Minister', 'Secretary']);
