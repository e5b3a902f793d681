/**
 * Normal forms of offices: "Russian president" → "President of Russia", "European Council President" →
 * "President of the European Council". Used by the people stage; kept apart because the wording rules
 * (when to add "the", which titles already name their country) are a concern of their own.
 */
import { countryLexicon, countryNameWithArticle } from './lexicon/countries.ts';
import type { TitleEntry } from './lexicon/titles.ts';

export function organizationNameWithArticle(name: string): string {
  return /^the /i.test(name) ? name : `the ${name}`;
}

/** The office's normal form for a title held in a country or an organisation. */
export function normalOfficeTitle(entry: TitleEntry, country?: string, organization?: string): string {
  if (entry.selfContained) return entry.title;
  if (organization) return `${entry.title} of ${organizationNameWithArticle(organization)}`;
  const code = country ?? entry.impliedCountry;
  const name = code ? countryLexicon().byCode.get(code)?.name : undefined;
  return name ? `${entry.title} of ${countryNameWithArticle(name)}` : entry.title;
}
