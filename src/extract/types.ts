/**
 * Shapes passed between the stages. Each stage is a pure function from earlier stages' output to its
 * own; only `assemble-annotation.ts` turns them into the public `Annotation`.
 */
import type { MentionMethod, Span } from '../annotation/format.ts';
import type { CountryForm } from './lexicon/countries.ts';
import type { Gender } from './lexicon/words.ts';

export interface Mention extends Span {
  /** Token range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  /** How the mention was found; rule when unset. */
  method?: MentionMethod;
  /** 0-1: the tagger's probability for model mentions, the rule's measured precision otherwise. */
  confidence?: number;
}

export interface CountryMention extends Mention {
  code: string;
  form: CountryForm;
}

export interface OrganizationFinding {
  name: string;
  aliases: string[];
  /** ISO code of the organisation's country, where its name or the gazetteer says it. */
  country?: string;
  mentions: Mention[];
}

export interface PlaceFinding {
  name: string;
  /** ISO code from the city gazetteer or region list; none for a place known only from its context. */
  country?: string;
  mentions: Mention[];
}

export interface OfficeFinding {
  /** Normal form, e.g. "President of Russia". */
  title: string;
  /** Bare title, e.g. "President", used to resolve "the president" later. */
  baseTitle: string;
  country?: string;
  organization?: string;
  evidence: Span;
}

export type PersonMentionKind = 'name' | 'surname' | 'honorific' | 'title' | 'pronoun';

export interface PersonMention extends Mention {
  kind: PersonMentionKind;
}

export interface PersonFinding {
  /** Full name as first written in full, e.g. "Omar al-Hashimi". */
  name: string;
  /** Name tokens, used to match later references by surname. */
  nameTokens: string[];
  aliases: string[];
  gender?: Gender;
  country?: string;
  offices: OfficeFinding[];
  mentions: PersonMention[];
}

export interface QuoteSpan extends Span {
  /** Offsets of the quoted words, without the marks. */
  innerStart: number;
  innerEnd: number;
  /** The quote runs on into the next paragraph (no closing mark before the paragraph break). */
  open: boolean;
}
