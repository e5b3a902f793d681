/**
 * Stage 10 — claims. Works from reporting verbs outside quotation marks: the speaker is the entity
 * mention just before the verb (skipping auxiliaries: "Mr X has said", "he said") or just after it in
 * inverted order ("said an online statement of the Foreign Ministry"); "the statement" and "it" stand
 * for the last organisation that spoke. The content is the quotation right before the attribution
 * ("'…,' he said"), the quotation after a colon ("X told Y: '…'"), or else the reported clause after
 * the verb, or before it when the attribution closes the sentence ("…, X has said"). Quotations left
 * without attribution continue the previous speaker, as paragraphs of a long quote do in news style.
 * The claim kind comes from the verb (lexicon/reporting-verbs.ts).
 */
import type { ClaimAnnotation, ClaimKind, EntityKind, Span } from '../annotation/format.ts';
import {
  type AttributionModel,
  attributionModel,
  continuationFeatures,
  cueScore,
  cueWindow,
  decodeAttribution,
  quotePairs,
  sourceCandidates,
  type TokenView,
  tokenView,
  wrapFeatures,
} from './attribution-model.ts';
import { type EntityTable, type LocatedEntity, type MentionIndex, mentionIndex } from './entities.ts';
import type { EventMention } from './events.ts';
import { NEEDS_CONTENT, reportingVerbKind } from './lang/en/reporting-verbs.ts';
import { scoreOf } from './linear-model.ts';
import { QuoteSearch } from './quote-search.ts';
import { quoteAt } from './quotes.ts';
import type { Segmented, Sentence, Token } from './segment.ts';
import { SpanOverlaps } from './span-overlaps.ts';
import type { QuoteSpan } from './types.ts';

const SKIPPABLE_BEFORE_VERB = new Set([
  'has',
  'have',
  'had',
  'also',
  'later',
  'then',
  'previously',
  'earlier',
  'again',
  'repeatedly',
  'would',
  'will',
  'has',
  'was',
  'is',
  'publicly',
  'openly',
  'reportedly',
  'recently',
  'today',
  'yesterday',
  'separately',
  'himself',
  'herself',
  'further',
]);
const STATEMENT_SUBJECTS =
  /^(?:the|a|an|its|their|in an?)?\s*(?:online |official |written |joint |brief )?(statement|ministry|spokesman|spokeswoman|spokesperson|report|communique|release|it)$/i;
const SPEAKER_KINDS = new Set<EntityKind>(['PERSON', 'ORGANIZATION', 'COUNTRY']);
const CONTENT_CUTS =
  /,\s*(?:adding|pledging|saying|warning|urging|arguing|insisting|noting|stressing|calling|describing|accusing|claiming|and added|while)\b|\s+but\s+(?:conceded|added|acknowledged|admitted|warned|insisted|said|denied)\b|;/;
const MIN_QUOTE_WORDS = 3;
/** Words between a subject pronoun and its cue: auxiliaries, modals, negation, adverbs ("they could not"). */
const SUBJECT_GAP =
  /^(?:has|have|had|is|are|was|were|be|been|being|will|would|could|can|should|may|might|must|do|does|did|not|n['’]t|never|also|still|just|then|now|again|already|always|only|['’](?:s|re|ve|d|ll|m)|\p{Ll}+ly)$/u;
/** Pronouns that may be a cue's subject, and what they can stand for. */
const FIRST_PERSON = new Set(['i', 'we']);
const PERSONAL = new Set(['he', 'she']);
const IMPERSONAL = new Set(['it', 'which', 'they']);
/** "X, now the majority leader, who said …": a relative pronoun stands for the person before it. */
const RELATIVE = 'who';
/** Tokens back within its sentence where a relative pronoun's person may be named. */
const RELATIVE_REACH = 12;
/** Sentences back in which an antecedent of an impersonal or personal source pronoun is looked for. */
const SOURCE_PRONOUN_LOOKBACK = 2;
/** How often a source pronoun resolved by its attribution points at the right entity. */
const SOURCE_PRONOUN_CONFIDENCE = 0.5;
/** A short phrase after a cue that names whom it was said to: "to the crowd", "to Ms X". */
const LISTENER_PHRASE =
  /^(?:to|with)\s+(?:the|his|her|their|its|our|reporters|journalists|police|\p{Lu}\S*)\b/u;
/** Cue probability from which a word opens a claim of the learned sieve. */
const LEARNED_CUE_MIN = 0.5;
/**
 * A claim whose source the text does not let us name is kept only when the model is this sure of it:
 * below, most such cues are stances and intentions rather than statements worth a claim.
 */
const UNKNOWN_SPEAKER_MIN = 0.97;
/** "Q:", "A.", "Question:", "Answer:" opening an interview paragraph. */
const QA_MARKER = /^(Q|A|Question|Answer)\s*[:.]\s+/;
/** Words a speaker's name may have before the colon of a "Name: …" line. */
const SPEAKER_LINE_MAX_TOKENS = 5;
const LINE_SIEVES = new Set(['name-colon', 'qa-answer']);
/** "been warned", "was told": a passive reporting verb names the listener, not the speaker. */
const PASSIVE_AUXILIARIES = new Set(['be', 'been', 'being', 'was', 'were', 'is', 'are']);
/** Verb forms that are also plural nouns ("the reports", "the claims"): speech only with a subject. */
const NOUN_HOMOGRAPHS = new Set([
  'states',
  'claims',
  'notes',
  'calls',
  'reports',
  'remarks',
  'promises',
  'vows',
]);
/** Verbs whose object is the listener: "told reporters that …", "told the BBC the …". */
const ADDRESSEE_VERBS = new Set(['told', 'tells', 'telling', 'tell', 'assured', 'informed', 'reminded']);
const ADDRESSEES =
  /^(?:reporters|journalists|lawmakers|legislators|parliament|MPs|delegates|supporters|crowds?|students|the (?:press|media|conference|parliament|assembly|meeting|summit|plenary|crowd|audience|nation|committee|council|chamber|house|newspaper|broadcaster|agency|channel|station))$/i;
/** Words between a verb and "that" that do not belong to the content: "said afterwards that". */
const SETTING_WORD =
  /^(?:afterwards|later|earlier|again|also|repeatedly|publicly|today|yesterday|tonight|on|in|at|a|an|the|this|last|late|week|weekend|night|morning|afternoon|evening|month|year|statement|interview|speech|briefing|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
/**
 * Subjects that name no one: "A bystander", "A senior Kenyan official", "a spokesman for the Interior
 * Ministry", "the BBC's correspondent". When they name the country or organisation the person speaks
 * for, that entity is the speaker; otherwise the claim has no speaker to credit.
 */
const UNNAMED_HEAD =
  /\b(?:officials?|spokes(?:man|woman|person)|sources?|diplomats?|officers?|envoys?|negotiators?|representatives?|correspondents?|reporters?|analysts?|commanders?|witness(?:es)?|eyewitness(?:es)?|residents?|survivors?|passengers?|man|woman|men|women|people|bystanders?|police(?:man|woman)?|doctors?|aides?|members?|investigators?|prosecutors?|experts?|activists?|protesters?|soldiers?|fighters?|rebels?)\b/i;
/** Unnamed speakers that speak for the country or organisation their description names. */
const SPEAKS_FOR =
  /\b(?:officials?|spokes(?:man|woman|person)|sources?|diplomats?|officers?|envoys?|negotiators?|representatives?|correspondents?|reporters?|aides?|investigators?|prosecutors?)\b/i;
const UNNAMED_OPENER = /^(?:a|an|one|two|three|several|some|another|the|many|other)$/i;
/** "…, the ministry said in a statement.": what follows the verb is the setting, not the content. */
const MANNER_OF_SPEAKING =
  /^(?:in an? (?:online |written |joint )?(?:statement|interview|speech|letter|post|tweet)|on (?:Twitter|Facebook|television|TV|radio)|to reporters|on \w+day)[\s.]*$/i;

export interface ClaimContext {
  segmented: Segmented;
  table: EntityTable;
  quotes: readonly QuoteSpan[];
  eventMentions: readonly EventMention[];
}

interface Attribution {
  verb: Token;
  kind: ClaimKind;
  speaker?: string;
  /** Offsets covered by the subject and verb, e.g. "Mr X has said". */
  start: number;
  end: number;
  /** Token index just after the verb and any inverted subject. */
  after: number;
  /** The subject is someone the text does not name ("a witness"): nobody to credit, nobody to continue. */
  unnamed?: boolean;
}

interface Subject {
  speaker?: string;
  start: number;
  unnamed?: boolean;
}

/** Length of a content without trailing punctuation and a closing mark it never opened. */
function trimmedLength(text: string): number {
  let trimmed = text.replace(/[\s,.;:]+$/, '');
  const closing = /["”’']+$/.exec(trimmed);
  if (closing && !/["“‘']/.test(trimmed.slice(0, closing.index))) trimmed = trimmed.slice(0, closing.index);
  return trimmed.replace(/[\s,.;:]+$/, '').length;
}

const countWords = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

class ClaimBuilder {
  readonly claims: ClaimAnnotation[] = [];
  private readonly usedQuotes = new Set<QuoteSpan>();
  private lastStatementSpeaker: string | undefined;
  /** Where subjects without a name spoke: quotes after them do not continue an earlier speaker. */
  private readonly unnamedAt: number[] = [];
  /** Speakers the rules found for reporting verbs, by the verb's token index. */
  private readonly ruleSpeakers = new Map<
    number,
    { speaker?: string; unnamed?: boolean; tokens: { start: number; end: number } }
  >();
  /** Cue tokens whose rule claim stands as the rules read it ("according to"). */
  private readonly keptCues = new Set<number>();
  /** Claims whose source is a pronoun no entity claims yet, with the pronoun's token. */
  private readonly pronounSources: { claim: ClaimAnnotation; at: number }[] = [];
  /** Source pronouns resolved through their claims: new mentions of the speakers. */
  readonly sourceMentions: LocatedEntity[] = [];

  /** The event mentions of each sentence, in their order. */
  private readonly eventMentionsBySentence = new Map<number, EventMention[]>();
  private readonly quoteSearch: QuoteSearch;

  constructor(private readonly context: ClaimContext) {
    this.quoteSearch = new QuoteSearch(context.quotes, context.segmented.body);
    for (const m of context.eventMentions) {
      const list = this.eventMentionsBySentence.get(m.sentence);
      if (list) list.push(m);
      else this.eventMentionsBySentence.set(m.sentence, [m]);
    }
  }

  private get tokens(): readonly Token[] {
    return this.context.segmented.tokens;
  }

  private get body(): string {
    return this.context.segmented.body;
  }

  private get mentions(): MentionIndex {
    return mentionIndex(this.context.table);
  }

  private mentionEndingAt(tokenEnd: number): LocatedEntity | undefined {
    const candidates = this.mentions.endingAt(tokenEnd).filter((m) => SPEAKER_KINDS.has(m.kind));
    return candidates.sort((a, b) => a.tokenStart - b.tokenStart)[0];
  }

  private speakerFromStatement(): string | undefined {
    return this.lastStatementSpeaker;
  }

  /** Subject before the verb: the last entity mention, or "the statement"/"it". */
  private subjectBefore(verbAt: number, sentence: Sentence): Subject | undefined {
    let k = verbAt;
    while (k > sentence.tokenStart && this.skippable(k - 1)) k--;
    const verb = this.tokens[verbAt] as Token;
    const participle = /ing$/i.test(verb.text);
    if (!(participle && this.tokens[k - 1]?.text === ',')) k = this.skipParenthetical(k, sentence);
    const mention = this.mentionEndingAt(k);
    if (mention) {
      let start = mention.tokenStart;
      // Take in the title and modifiers before a name ("European Commission President Anna Kowal").
      while (
        start > sentence.tokenStart &&
        /^[\p{Lu}]/u.test((this.tokens[start - 1] as Token).text) &&
        !/^["“”‘’]/.test((this.tokens[start - 1] as Token).text)
      )
        start--;
      if (/^(the|a|an|US|U\.S\.)$/i.test(this.tokens[start - 1]?.text ?? '')) start--;
      return {
        speaker: mention.key,
        start: (this.tokens[Math.max(start, sentence.tokenStart)] as Token).start,
      };
    }
    for (let from = Math.max(sentence.tokenStart, k - 4); from < k; from++) {
      const phrase = this.tokens
        .slice(from, k)
        .map((t) => t.text)
        .join(' ');
      if (STATEMENT_SUBJECTS.test(phrase)) {
        const speaker = this.speakerFromStatement();
        return speaker ? { speaker, start: (this.tokens[from] as Token).start } : undefined;
      }
    }
    return this.unnamedSubject(k, sentence);
  }

  private skippable(k: number): boolean {
    const text = (this.tokens[k] as Token).text;
    return (
      SKIPPABLE_BEFORE_VERB.has(text) || (/^\p{Ll}{3,}ly$/u.test(text) && !/^(?:only|early)$/.test(text))
    );
  }

  /**
   * "A senior Kenyan official said", "a spokesman for the Interior Ministry said", "A bystander, who …,
   * told": a subject noun phrase without a name. Its country or organisation speaks when the head is an
   * official's; otherwise the subject is marked unnamed so that no one else is credited.
   */
  private unnamedSubject(k: number, sentence: Sentence): Subject | undefined {
    let end = k;
    if (this.tokens[end - 1]?.text === ',') {
      // "A bystander, who was waiting for a bus, told": the subject is before the relative clause.
      for (let j = end - 2; j > sentence.tokenStart && j > end - 25; j--) {
        if (this.tokens[j]?.text === ',') {
          end = j;
          break;
        }
      }
    }
    let from = end;
    while (from > sentence.tokenStart && end - from < 10) {
      const text = (this.tokens[from - 1] as Token).text;
      if (/^[,.;:"“”‘’()—–-]$/.test(text) || reportingVerbKind(text)) break;
      from--;
    }
    while (from < end && !UNNAMED_OPENER.test((this.tokens[from] as Token).text)) from++;
    if (from >= end) return undefined;
    const phrase = this.body.slice((this.tokens[from] as Token).start, (this.tokens[end - 1] as Token).end);
    if (!UNNAMED_HEAD.test(phrase)) return undefined;
    const start = (this.tokens[from] as Token).start;
    if (SPEAKS_FOR.test(phrase)) {
      const named = this.context.table.mentions.find(
        (m) =>
          m.tokenStart >= from && m.tokenEnd <= end && (m.kind === 'ORGANIZATION' || m.kind === 'COUNTRY'),
      );
      if (named) return { speaker: named.key, start };
    }
    return { start, unnamed: true };
  }

  /**
   * What stands between the subject and the verb: "the Prime Minister - who has … - acknowledged",
   * "Ms X, a close ally of Y, urged", "Mr X, speaking in Z, said", "the Republic of Z (ROZ) announced".
   */
  private skipParenthetical(k: number, sentence: Sentence): number {
    const dash = this.tokens[k - 1]?.text;
    if (dash === ')') {
      for (let j = k - 2; j > sentence.tokenStart && j > k - 8; j--)
        if (this.tokens[j]?.text === '(') return this.mentionEndingAt(j) ? j : k;
      return k;
    }
    if (dash === ',') {
      // The nearest earlier comma that closes the subject's name, up to a long appositive away.
      for (let j = k - 2; j > sentence.tokenStart && j > k - 40; j--) {
        if (this.tokens[j]?.text !== ',') continue;
        // "Attorney General X (D), the governor's opponent, said": the name ends before its bracket.
        let end = j;
        if (this.tokens[j - 1]?.text === ')')
          for (let b = j - 2; b > sentence.tokenStart && b > j - 8; b--)
            if (this.tokens[b]?.text === '(') {
              end = b;
              break;
            }
        const mention = this.mentionEndingAt(end);
        if (mention && this.opensClause(mention.tokenStart, sentence)) return end;
      }
      return k;
    }
    if (dash !== '-' && dash !== '—' && dash !== '–') return k;
    for (let j = k - 2; j > sentence.tokenStart; j--) if (this.tokens[j]?.text === dash) return j;
    return k;
  }

  /**
   * The mention starting at `at` is where its clause begins: at the sentence start, after a fronted
   * phrase and its comma ("In Nairobi, …"), or after the title and modifiers that belong to it.
   */
  private opensClause(at: number, sentence: Sentence): boolean {
    let j = at;
    while (j > sentence.tokenStart) {
      const text = (this.tokens[j - 1] as Token).text;
      if (/^(?:the|a|an|U\.S\.|'s|’s|-)$/i.test(text) || /^\p{Lu}/u.test(text)) j--;
      else break;
    }
    if (j === sentence.tokenStart) return true;
    // After the quotation it attributes: "'…,' Senator X, of Y, said".
    if (/^["”’']+$/.test(this.tokens[j - 1]?.text ?? '') && /^[,?!]$/.test(this.tokens[j - 2]?.text ?? ''))
      return true;
    if (this.tokens[j - 1]?.text !== ',') return false;
    // A fronted phrase: "In Nairobi," / "Speaking in Lima on Monday,".
    const first = (this.tokens[sentence.tokenStart] as Token).text;
    return /^(?:In|At|On|From|After|Before|During|Speaking|Asked|Earlier|Later|Meanwhile|However|Separately|Elsewhere|Outside|Inside|Addressing|Writing)$/.test(
      first,
    );
  }

  /** The subject that opens the sentence: "In X, President Y chaired a meeting and said …". */
  private sentenceSubject(verbAt: number, sentence: Sentence): Subject | undefined {
    const mentions = this.mentions
      .within(sentence.start, sentence.end)
      .filter(
        (m) =>
          m.tokenStart >= sentence.tokenStart &&
          m.tokenEnd < verbAt &&
          SPEAKER_KINDS.has(m.kind) &&
          this.opensClause(m.tokenStart, sentence),
      );
    // The last mention of the opening run of capitalised words: the name after its title and country.
    const best = mentions.sort((a, b) => b.tokenStart - a.tokenStart)[0];
    return best ? { speaker: best.key, start: best.start } : undefined;
  }

  /** Inverted subject: "…," said Mr X / said an online statement of the Foreign Ministry. */
  private subjectAfter(
    verbAt: number,
    sentence: Sentence,
  ): { speaker?: string; end: number; after: number } | undefined {
    if (ADDRESSEE_VERBS.has((this.tokens[verbAt] as Token).text.toLowerCase())) return undefined;
    const limit = Math.min(sentence.tokenEnd, verbAt + 8);
    for (let k = verbAt + 1; k < limit; k++) {
      const token = this.tokens[k] as Token;
      if (/^[,.;:"“”‘’]$/.test(token.text)) break;
      const mention = this.mentions.startingAt(k).find((m) => SPEAKER_KINDS.has(m.kind));
      if (mention) return { speaker: mention.key, end: mention.end, after: mention.tokenEnd };
    }
    const phrase = this.tokens
      .slice(verbAt + 1, Math.min(limit, verbAt + 4))
      .map((t) => t.text)
      .join(' ');
    if (/^(the|a|an|its) (online |official |written )?(statement|ministry)/i.test(phrase)) {
      const speaker = this.speakerFromStatement();
      if (speaker) return { speaker, end: (this.tokens[verbAt + 2] as Token).end, after: verbAt + 3 };
    }
    return undefined;
  }

  private attributionAt(at: number, sentence: Sentence, previous?: Attribution): Attribution | undefined {
    const verb = this.tokens[at] as Token;
    let kind = reportingVerbKind(verb.text);
    if (!kind || quoteAt(this.context.quotes, verb.start)) return undefined;
    if (/^call(?:ed|ing|s)?$/i.test(verb.text) && /^(?:for|on)$/i.test(this.tokens[at + 1]?.text ?? ''))
      kind = 'APPEAL';
    const before = this.tokens[at - 1];
    if (!/ing$/i.test(verb.text) && PASSIVE_AUXILIARIES.has(before?.text ?? '')) return undefined;
    // "the promises were", "its claims": after a determiner the word is a noun.
    if (/^(?:the|a|an|its|their|his|her|our|these|those|such)$/i.test(before?.text ?? '')) return undefined;
    const afterQuote = !!before && /^["“”'‘’]+$/.test(before.text);
    const afterComma = before?.text === ',';
    const inverted = afterQuote || afterComma ? this.subjectAfter(at, sentence) : undefined;
    // "…," said X: the speaker follows the verb, and the attribution runs from the verb to the speaker.
    const invertedAttribution = inverted && {
      verb,
      kind,
      speaker: inverted.speaker,
      start: verb.start,
      end: inverted.end,
      after: inverted.after,
    };
    if (afterQuote && inverted) return invertedAttribution;
    const subject = this.subjectBefore(at, sentence);
    if (subject && !(subject.unnamed && inverted))
      return {
        verb,
        kind,
        speaker: subject.speaker,
        start: subject.start,
        end: verb.end,
        after: at + 1,
        ...(subject.unnamed ? { unnamed: true } : {}),
      };
    // "…, said Mr X." at the end of the sentence.
    if (inverted && this.tokens[inverted.after]?.sentence !== sentence.index) return invertedAttribution;
    if (inverted && /^[,.]$/.test(this.tokens[inverted.after]?.text ?? '')) return invertedAttribution;
    // "… but conceded that …", "…, adding that …": the verb shares the subject of the verb before it.
    let lead = at - 1;
    while (lead > sentence.tokenStart && this.skippable(lead)) lead--;
    const coordinated =
      /^(and|but)$/i.test(this.tokens[lead]?.text ?? '') || (afterComma && /ing$/i.test(verb.text));
    if (coordinated) {
      if (previous)
        return {
          verb,
          kind,
          speaker: previous.speaker,
          start: verb.start,
          end: verb.end,
          after: at + 1,
          ...(previous.unnamed ? { unnamed: true } : {}),
        };
      const opener = this.sentenceSubject(at, sentence);
      if (opener)
        return { verb, kind, speaker: opener.speaker, start: verb.start, end: verb.end, after: at + 1 };
    }
    if (NOUN_HOMOGRAPHS.has(verb.text.toLowerCase())) return undefined;
    // Speaker unknown ("the West accuses…"): kept without one, so that the clause before it ends there.
    return { verb, kind, start: verb.start, end: verb.end, after: at + 1 };
  }

  private quoteEndingBefore(offset: number): QuoteSpan | undefined {
    return this.quoteSearch.endingBefore(offset, (q) => !this.usedQuotes.has(q));
  }

  private quoteAfterColon(from: number, limit: number): QuoteSpan | undefined {
    // "The vote, Ms X said, "makes clear …"": the attribution sits inside the sentence it reports.
    const comma = this.tokens[from];
    if (comma?.text === ',') {
      const quote = this.quoteSearch.rightAfter(comma.end);
      if (quote) return quote;
    }
    for (let k = from; k < Math.min(limit, from + 10); k++) {
      if (this.tokens[k]?.text !== ':') continue;
      const colon = this.tokens[k] as Token;
      return this.quoteSearch.rightAfter(colon.end);
    }
    return undefined;
  }

  private about(span: Span, speaker?: string): string[] {
    const keys = this.mentions
      .within(span.start, span.end)
      .filter((m) => m.key !== speaker)
      .map((m) => m.key);
    return [...new Set(keys)];
  }

  private eventFor(sentence: Sentence, content: Span): string | undefined {
    const outside = (this.eventMentionsBySentence.get(sentence.index) ?? []).filter(
      (m) => m.end <= content.start || m.start >= content.end,
    );
    return outside[0]?.eventKey;
  }

  /** A claim of a learned sieve: the speaker may be unknown. */
  private pushFound(
    attribution: { speaker?: string; verb: string; kind: ClaimKind },
    content: Span,
    sentence: Sentence,
    found: { sieve: string; confidence: number; text?: string },
  ): void {
    const text = found.text ?? this.body.slice(content.start, content.end);
    // Quotations inside the content, the final stop a trimmed content leaves out included.
    const embedded = this.quoteSearch
      .startingIn(content.start, content.end + 1)
      .filter(
        (q) => q.innerStart >= content.start && q.innerEnd <= content.end + 1 && q.innerEnd > content.start,
      );
    for (const q of embedded) this.usedQuotes.add(q);
    const longest = embedded.sort((a, b) => b.innerEnd - b.innerStart - (a.innerEnd - a.innerStart))[0];
    const quote = longest
      ? this.body.slice(longest.innerStart, Math.min(longest.innerEnd, content.end))
      : undefined;
    const event = this.eventFor(sentence, content);
    this.claims.push({
      ...(attribution.speaker ? { speaker: attribution.speaker } : {}),
      text,
      ...(quote ? { quote } : {}),
      verb: attribution.verb,
      kind: attribution.kind,
      about: this.about(content, attribution.speaker),
      ...(event ? { event } : {}),
      evidence: { start: content.start, end: content.end },
      sieve: found.sieve,
      confidence: found.confidence,
    });
  }

  private push(
    attribution: { speaker?: string; verb: string; kind: ClaimKind },
    content: Span,
    sentence: Sentence,
    isQuote: boolean,
  ): void {
    const text = this.body.slice(content.start, content.end);
    if (!attribution.speaker || countWords(text) < 2) return;
    const embedded = this.quoteSearch
      .startingIn(content.start, content.end)
      .filter((q) => q.innerStart >= content.start && q.innerEnd <= content.end);
    for (const q of embedded) this.usedQuotes.add(q);
    const longest = embedded.sort((a, b) => b.innerEnd - b.innerStart - (a.innerEnd - a.innerStart))[0];
    const quote = isQuote
      ? text
      : longest
        ? this.body.slice(longest.innerStart, longest.innerEnd)
        : undefined;
    const event = this.eventFor(sentence, content);
    this.claims.push({
      speaker: attribution.speaker,
      text,
      ...(quote ? { quote } : {}),
      verb: attribution.verb,
      kind: attribution.kind,
      about: this.about(content, attribution.speaker),
      ...(event ? { event } : {}),
      evidence: { start: content.start, end: content.end },
    });
    const speakerKind = this.context.table.byKey(attribution.speaker)?.kind;
    if (speakerKind === 'ORGANIZATION' || speakerKind === 'COUNTRY')
      this.lastStatementSpeaker = attribution.speaker;
  }

  private trimContent(start: number, end: number): Span | undefined {
    let text = this.body.slice(start, end);
    const cut = CONTENT_CUTS.exec(text);
    if (cut && cut.index > 0) text = text.slice(0, cut.index);
    const lead = text.length - text.trimStart().replace(/^(that|:)\s+/i, '').length;
    const trimmed = text.trimEnd().replace(/[\s,.;:]+$/, '');
    if (trimmed.length <= lead) return undefined;
    let contentEnd = start + trimmed.length;
    // A quotation that starts inside the clause is reported whole, even across a sentence break.
    const open = this.context.quotes.find(
      (q) => q.innerStart >= start + lead && q.innerStart < contentEnd && q.innerEnd > contentEnd,
    );
    if (open) contentEnd = open.innerEnd;
    return { start: start + lead, end: contentEnd };
  }

  /** First token of the reported clause: past the listener ("told reporters in X that") and the setting. */
  private contentStart(attribution: Attribution, sentence: Sentence): number {
    let k = attribution.after;
    const at = (j: number) => this.tokens[j]?.text ?? '';
    if (ADDRESSEE_VERBS.has(attribution.verb.text.toLowerCase())) {
      const listener = this.mentions.startingAt(k)[0];
      if (listener) k = listener.tokenEnd;
      else if (ADDRESSEES.test(at(k))) k++;
      else if (ADDRESSEES.test(`${at(k)} ${at(k + 1)}`)) k += 2;
      else if (ADDRESSEES.test(`the ${at(k + 1)}`) && /^(?:a|an)$/i.test(at(k))) k += 2;
      if (at(k) === 'in' && /^\p{Lu}/u.test(at(k + 1))) {
        k += 2;
        while (/^\p{Lu}/u.test(at(k))) k++;
      }
    } else if (/^spoke$/i.test(attribution.verb.text) && /^(?:of|about)$/i.test(at(k))) k++;
    for (let j = k; j < Math.min(sentence.tokenEnd, k + 6); j++) {
      if (at(j) === 'that') return j + 1;
      if (!SETTING_WORD.test(at(j))) break;
    }
    return k;
  }

  private reported(
    attribution: Attribution,
    sentence: Sentence,
    nextAttributionStart: number | undefined,
  ): void {
    const afterToken = this.tokens[this.contentStart(attribution, sentence)];
    const sentenceEnd = nextAttributionStart ?? sentence.end;
    const hasFollowing =
      afterToken &&
      afterToken.sentence === sentence.index &&
      afterToken.start < sentenceEnd &&
      !/^[.,]$/.test(afterToken.text);
    const setting = hasFollowing
      ? MANNER_OF_SPEAKING.exec(this.body.slice(afterToken.start, sentenceEnd))
      : null;
    if (hasFollowing && !setting) {
      const content = this.trimContent(afterToken.start, sentenceEnd);
      if (content)
        this.push(
          { speaker: attribution.speaker, verb: attribution.verb.text, kind: attribution.kind },
          content,
          sentence,
          false,
        );
      return;
    }
    if (NEEDS_CONTENT.has(attribution.verb.text.toLowerCase())) return;
    // "…, X has said.": the clause before the attribution is the content.
    const before = this.body.slice(sentence.start, attribution.start);
    const clauseEnd = before.lastIndexOf(',');
    if (clauseEnd <= 0) return;
    const content = this.trimContent(sentence.start, sentence.start + clauseEnd);
    if (content)
      this.push(
        { speaker: attribution.speaker, verb: attribution.verb.text, kind: attribution.kind },
        content,
        sentence,
        false,
      );
  }

  private quoted(attribution: Attribution, quote: QuoteSpan, sentence: Sentence): void {
    this.usedQuotes.add(quote);
    this.push(
      { speaker: attribution.speaker, verb: attribution.verb.text, kind: attribution.kind },
      { start: quote.innerStart, end: quote.innerEnd },
      sentence,
      true,
    );
  }

  scan(): void {
    const { segmented } = this.context;
    for (const sentence of segmented.sentences) {
      const found: Attribution[] = [];
      for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
        const attribution = this.attributionAt(i, sentence, found.at(-1));
        if (attribution) found.push(attribution);
      }
      found.forEach((attribution, n) => {
        this.ruleSpeakers.set(attribution.verb.index, {
          ...(attribution.speaker ? { speaker: attribution.speaker } : {}),
          ...(attribution.unnamed ? { unnamed: true } : {}),
          tokens: this.tokenRange(attribution.start, attribution.end, sentence),
        });
        if (attribution.unnamed) this.unnamedAt.push(attribution.start);
        const next = found[n + 1];
        const quoteBefore = this.quoteEndingBefore(attribution.start);
        if (!quoteBefore && !attribution.speaker) {
          // "'…,' the ad's narrator says": someone the text does not name spoke the quotation; it
          // continues no earlier speaker.
          const spoken = this.quoteSearch.find(
            'end',
            sentence.start,
            (q) => q.end > attribution.start,
            (q) =>
              q.end <= attribution.start &&
              q.end >= sentence.start &&
              /^[ \t,]*(?:[\p{L}’'-]+\s+){1,5}$/u.test(this.body.slice(q.end, attribution.start)),
          );
          if (spoken) {
            this.usedQuotes.add(spoken);
            this.unnamedAt.push(attribution.start);
          }
        }
        const clauseBeforeQuote = quoteBefore
          ? countWords(this.body.slice(Math.max(sentence.start, found[n - 1]?.end ?? 0), quoteBefore.start))
          : 0;
        if (
          quoteBefore &&
          clauseBeforeQuote <= 2 &&
          (n === 0 || quoteBefore.start > (found[n - 1] as Attribution).end)
        ) {
          this.quoted(attribution, quoteBefore, sentence);
          return;
        }
        const afterColon = this.quoteAfterColon(attribution.after, sentence.tokenEnd);
        if (afterColon) {
          this.quoted(attribution, afterColon, sentence);
          return;
        }
        const nextStart = next ? this.clauseStartBefore(next, attribution) : undefined;
        this.reported(attribution, sentence, nextStart);
      });
    }
    this.accordingTo();
    this.speakerLines();
    this.learnedCues();
    this.continueUnattributed();
    this.joinContinuations();
    this.resolveSourcePronouns();
  }

  /**
   * News style splits one attribution's words around its cue ("'…,' she said. '…'"). Where a claim ends
   * in a quotation and the continuation model reads the next quotation of the paragraph as going on with
   * it, the two are one claim: the evidence runs over both (the attribution between them included), the
   * text and quote join the parts with " … ", and a claim the next quotation made on its own is dropped.
   */
  private joinContinuations(): void {
    const model = attributionModel();
    if (!model.continuation || this.claims.length === 0) return;
    const { segmented, quotes } = this.context;
    const view = this.view ?? tokenView(segmented.tokens, quotes, model.lexicon);
    for (const [quote, next] of quotePairs(segmented.paragraphs, quotes, segmented.tokens)) {
      const claim = this.claims.find((c) => {
        const span = c.evidence as Span;
        return span.start < quote.innerEnd && span.end > quote.innerStart && span.end <= quote.end;
      });
      if (!claim) continue;
      const span = claim.evidence as Span;
      const others = this.claims.filter((c) => c !== claim && (c.evidence as Span).end > span.end);
      const inNext = others.filter(
        (c) => (c.evidence as Span).start >= next.start - 1 && (c.evidence as Span).start < next.end,
      );
      const blocked = others.some(
        (c) =>
          ((c.evidence as Span).start < next.start - 1 && (c.evidence as Span).end > span.end) ||
          (inNext.includes(c) && c.speaker !== undefined && c.speaker !== claim.speaker) ||
          (inNext.includes(c) && (c.evidence as Span).end > next.end),
      );
      if (blocked) continue;
      if (scoreOf(model.continuation, continuationFeatures(view, model.lexicon, this.body, quote, next)) <= 0)
        continue;
      const end = next.innerStart + trimmedLength(this.body.slice(next.innerStart, next.innerEnd));
      if (end <= next.innerStart) continue;
      const more = this.body.slice(next.innerStart, end);
      claim.text = `${claim.text} … ${more}`;
      if (claim.quote) claim.quote = `${claim.quote} … ${more}`;
      claim.evidence = { start: span.start, end };
      for (const c of inNext) this.claims.splice(this.claims.indexOf(c), 1);
    }
  }

  /**
   * Sieves "name-colon" and "qa-answer": paragraphs that open with a speaker and a colon ("Anna Kowal:
   * …", "KOWAL: …") and the answers of a question-and-answer interview ("A: …"), whose speaker is the
   * interviewee: the last person a speaker line named who is not the interviewer, else the first
   * person the article names.
   */
  private speakerLines(): void {
    const { segmented, table } = this.context;
    const { tokens, sentences, paragraphs } = segmented;
    let interviewee: string | undefined;
    let next = 0;
    const firstPerson = table.mentions.find((m) => m.kind === 'PERSON')?.key;
    for (const paragraph of paragraphs) {
      const text = this.body.slice(paragraph.start, paragraph.end);
      const marker = QA_MARKER.exec(text);
      while (next < tokens.length && (tokens[next] as Token).start < paragraph.start) next++;
      const first = next;
      const sentence = sentences[(tokens[first] as Token | undefined)?.sentence ?? -1];
      if (!sentence) continue;
      if (marker) {
        if (marker[1]?.toUpperCase().startsWith('Q')) continue;
        const speaker = interviewee ?? firstPerson;
        const start = paragraph.start + marker[0].length;
        this.pushLine(speaker, { start, end: paragraph.end }, sentence, 'qa-answer', speaker ? 0.8 : 0.5);
        continue;
      }
      // A transcript quoted whole opens its lines with a quotation mark: '"KOWAL: …'.
      const from = /^["“‘']+$/.test(tokens[first]?.text ?? '') ? first + 1 : first;
      const colon = tokens
        .slice(from, Math.min(from + SPEAKER_LINE_MAX_TOKENS + 1, sentence.tokenEnd))
        .find((t) => t.text === ':');
      if (!colon || colon.end >= paragraph.end) continue;
      const named = this.lineSpeaker(from, colon.index);
      if (!named) continue;
      const start =
        colon.end +
        (this.body.slice(colon.end, paragraph.end).length -
          this.body.slice(colon.end, paragraph.end).trimStart().length);
      this.pushLine(named.key, { start, end: paragraph.end }, sentence, 'name-colon', named.key ? 0.85 : 0.6);
      if (named.key) interviewee = named.key;
    }
  }

  /** The speaker a line opens with: a person or organisation mention, or a surname in capitals. */
  private lineSpeaker(from: number, colonAt: number): { key?: string } | undefined {
    const words = this.tokens.slice(from, colonAt);
    if (
      !words.length ||
      !words.every((t) => /^\p{Lu}/u.test(t.text) || /^(?:of|the|de|van|von|al|-|\.)$/.test(t.text))
    )
      return undefined;
    const mention = this.context.table.mentions.find(
      (m) =>
        m.tokenStart >= from && m.tokenEnd === colonAt && (m.kind === 'PERSON' || m.kind === 'ORGANIZATION'),
    );
    // "KOWAL:" in a transcript: the person of that surname, whatever the tagger made of the capitals.
    const surname = words.at(-1)?.text.toLowerCase() ?? '';
    const person = this.context.table.entities.find(
      (e) => e.kind === 'PERSON' && e.name.toLowerCase().split(/\s+/).at(-1) === surname,
    );
    const capitals = words.every((t) => !/\p{Ll}/u.test(t.text));
    if (mention && !(capitals && person && mention.kind !== 'PERSON')) return { key: mention.key };
    return person ? { key: person.key } : words.length <= 3 ? {} : undefined;
  }

  private pushLine(
    speaker: string | undefined,
    content: Span,
    sentence: Sentence,
    sieve: string,
    confidence: number,
  ) {
    const end = content.start + trimmedLength(this.body.slice(content.start, content.end));
    if (end <= content.start || countWords(this.body.slice(content.start, end)) < 2) return;
    this.pushFound(
      { ...(speaker ? { speaker } : {}), verb: ':', kind: 'STATEMENT' },
      { start: content.start, end },
      sentence,
      { sieve, confidence },
    );
  }

  /**
   * The claims' evidence spans, indexed for overlap questions while the learned sieve runs: in that
   * step claims are only appended, and only the last one's evidence may be replaced by a longer one.
   */
  private claimSpans:
    | { index: SpanOverlaps; count: number; last?: ClaimAnnotation; lastEvidence?: Span }
    | undefined;

  private indexClaimSpans(): NonNullable<typeof this.claimSpans> {
    const spans = { index: new SpanOverlaps(this.body.length + 1), count: 0 };
    this.claimSpans = spans;
    return spans;
  }

  /** Whether the evidence of a claim found so far overlaps [start, end). */
  private claimOverlaps(start: number, end: number): boolean {
    let spans = this.claimSpans;
    if (!spans)
      return this.claims.some((c) => (c.evidence as Span).start < end && (c.evidence as Span).end > start);
    const { claims } = this;
    if (claims.length < spans.count || (spans.count > 0 && claims[spans.count - 1] !== spans.last))
      spans = this.indexClaimSpans();
    const last = spans.last;
    const was = spans.lastEvidence;
    if (last && was && last.evidence !== was) {
      const now = last.evidence as Span;
      if (now.start === was.start && now.end >= was.end) spans.index.add(now.start, now.end);
      else spans = this.indexClaimSpans();
    }
    for (; spans.count < claims.length; spans.count++) {
      const claim = claims[spans.count] as ClaimAnnotation;
      const evidence = claim.evidence as Span;
      spans.index.add(evidence.start, evidence.end);
      spans.last = claim;
      spans.lastEvidence = evidence;
    }
    if (spans.last) spans.lastEvidence = spans.last.evidence as Span;
    return spans.index.overlaps(start, end);
  }

  private mentionsBySentence: Map<number, LocatedEntity[]> | undefined;
  /** The token view of the learned sieve, kept for the continuation step. */
  private view: TokenView | undefined;
  /** Cue probability of each token, computed once. */
  private readonly cueProbabilities = new Map<number, number>();

  private cueProbability(view: TokenView, model: AttributionModel, i: number, sentence: Sentence): number {
    let p = this.cueProbabilities.get(i);
    if (p === undefined) {
      p = cueScore(view, i, sentence, model) ?? 0;
      this.cueProbabilities.set(i, p);
    }
    return p;
  }

  /** Entity mentions of the sentence (and the next, for a window past "… said:"), indexed once. */
  private mentionsNear(sentence: Sentence, window: { start: number; end: number }): LocatedEntity[] {
    if (!this.mentionsBySentence) {
      this.mentionsBySentence = new Map();
      for (const m of this.context.table.mentions) {
        const at = (this.tokens[m.tokenStart] as Token).sentence;
        const list = this.mentionsBySentence.get(at) ?? [];
        list.push(m);
        this.mentionsBySentence.set(at, list);
      }
    }
    const here = this.mentionsBySentence.get(sentence.index) ?? [];
    return window.end > sentence.tokenEnd
      ? [...here, ...(this.mentionsBySentence.get(sentence.index + 1) ?? [])]
      : here;
  }

  /** Token range [start, end) of the sentence's tokens inside the offsets [from, to). */
  private tokenRange(from: number, to: number, sentence: Sentence): { start: number; end: number } {
    let start = sentence.tokenStart;
    while (start < sentence.tokenEnd && (this.tokens[start] as Token).start < from) start++;
    let end = start;
    while (end < sentence.tokenEnd && (this.tokens[end] as Token).end <= to) end++;
    return { start, end };
  }

  /**
   * Sieve "learned-cue": every word the cue model accepts, and every reporting verb the rules read,
   * gets the content span the boundary rankers choose; its source is the rules' speaker for that verb,
   * else the source ranker's choice, which may be nobody. Rule claims the model does not find again
   * stay.
   */
  private learnedCues(): void {
    const model = attributionModel();
    const { segmented, quotes } = this.context;
    const { tokens, sentences } = segmented;
    const view: TokenView = tokenView(tokens, quotes, model.lexicon);
    this.view = view;
    // Claims of speaker lines stand as found; the model does not read their paragraphs again.
    const lines = this.claims.filter((c) => LINE_SIEVES.has(c.sieve ?? ''));
    const ruleClaims = this.claims.filter((c) => !LINE_SIEVES.has(c.sieve ?? ''));
    this.claims.splice(0, this.claims.length, ...lines);
    this.indexClaimSpans();
    const isCue = (i: number, sentence: Sentence) =>
      this.ruleSpeakers.has(i) || this.cueProbability(view, model, i, sentence) >= LEARNED_CUE_MIN;
    for (const sentence of sentences) {
      const cues: [number, number][] = [];
      for (let i = sentence.tokenStart; i < sentence.tokenEnd; i++) {
        if (this.keptCues.has(i) || !isCue(i, sentence)) continue;
        let c1 = i;
        while (c1 + 1 < sentence.tokenEnd && isCue(c1 + 1, sentence)) c1++;
        cues.push([i, c1]);
        i = c1;
      }
      cues.forEach(([c0, c1], n) => {
        const next = cues[n + 1];
        // "…, adding that", "… but conceded": a coordinated cue starts a new content.
        const stop =
          next && /^(?:,|and|but|while)$/i.test(tokens[next[0] - 1]?.text ?? '') ? next[0] - 1 : undefined;
        this.learnedClaim(view, model, sentence, c0, c1, stop);
      });
    }
    for (const claim of ruleClaims) {
      const span = claim.evidence as Span;
      // "According to the paper, X said that …": the paper's claim holds X's claim, a claim of its own.
      const nests = (c: ClaimAnnotation) =>
        claim.sieve === 'according-to' &&
        (c.evidence as Span).start > span.start &&
        (c.evidence as Span).end <= span.end;
      const overlapped =
        claim.sieve === 'according-to'
          ? this.claims.some(
              (c) =>
                (c.evidence as Span).start < span.end && (c.evidence as Span).end > span.start && !nests(c),
            )
          : this.claimOverlaps(span.start, span.end);
      if (!overlapped) this.claims.push(claim);
    }
    this.claimSpans = undefined;
    this.claims.sort((a, b) => (a.evidence as Span).start - (b.evidence as Span).start);
  }

  private learnedClaim(
    view: TokenView,
    model: AttributionModel,
    sentence: Sentence,
    c0: number,
    c1: number,
    stop: number | undefined,
  ): void {
    const { segmented } = this.context;
    const { tokens, sentences } = segmented;
    const whole = cueWindow(sentences, tokens, sentence);
    const window = stop === undefined || stop <= c1 ? whole : { start: whole.start, end: stop };
    const candidates = sourceCandidates(this.mentionsNear(sentence, window), tokens, window);
    let rule: { speaker?: string; unnamed?: boolean; tokens: { start: number; end: number } } | undefined;
    for (let k = c0; k <= c1 && !rule; k++) {
      const found = this.ruleSpeakers.get(k);
      if (found?.speaker || found?.unnamed) rule = found;
    }
    const decoded = decodeAttribution(view, c0, c1, window, candidates, model, rule?.tokens);
    if (!decoded) return;
    let start = (tokens[decoded.b] as Token).start;
    let end = (tokens[decoded.e] as Token).end;
    // A content that closes a quotation opened in an earlier sentence ("'… . …,' X said") is that
    // quotation whole: the cue's sentence holds only its last part.
    const earliest = sentences[sentence.index - 3]?.start ?? 0;
    const closing = this.quoteSearch.find(
      'innerStart',
      earliest,
      (q) => q.innerStart >= start,
      (q) =>
        q.innerStart < start &&
        q.innerStart >= earliest &&
        end <= q.innerEnd &&
        /^[\s,.;:!?—–-]*$/.test(this.body.slice(end, q.innerEnd)) &&
        !this.claimOverlaps(q.innerStart, start),
    );
    if (closing && decoded.b < c0) start = closing.innerStart;
    // A quotation the content opens, or one that follows it directly ("called the raid 'an act of …'"),
    // is reported whole.
    // One that opens it starts its words by the content's start; one that follows it starts after the
    // content's end with only white space between. No quote past one that does neither can.
    const open = this.quoteSearch.find(
      'innerStart',
      start - 1,
      (q) => q.start > end && q.innerStart > start + 1 && !/^\s*$/.test(this.body.slice(end, q.start)),
      (q) =>
        q.innerEnd > end &&
        ((q.innerStart >= start - 1 && q.innerStart <= start + 1) ||
          (q.start >= end && /^\s*$/.test(this.body.slice(end, q.start)) && q.end <= sentence.end)),
    );
    if (open) end = open.start >= end ? open.end : open.innerEnd;
    end = start + trimmedLength(this.body.slice(start, end));
    // "spoke to the crowd", "told to reporters": the listener, not something said.
    const words = this.body.slice(start, end);
    if (countWords(words) <= 4 && LISTENER_PHRASE.test(words)) return;
    if (end <= start || this.claimOverlaps(start, end)) return;
    const p = rule ? 1 : this.cueProbability(view, model, c0, sentence);
    const speaker = rule ? rule.speaker : decoded.source >= 0 ? candidates[decoded.source]?.key : undefined;
    const sourceP = rule?.speaker || rule?.unnamed ? 0.9 : decoded.sourceP;
    const confidence = Math.round(p * Math.sqrt(decoded.contentP) * (0.5 + 0.5 * sourceP) * 100) / 100;
    // A source pronoun may still name the speaker once every claim is known (resolveSourcePronouns).
    const pronoun = this.subjectPronoun(c0, sentence);
    if (!speaker && !rule?.unnamed && confidence < UNKNOWN_SPEAKER_MIN && pronoun === undefined) return;
    const before = this.claims.length;
    this.pushLearned(
      view,
      model,
      sentence,
      window,
      c0,
      c1,
      stop,
      decoded,
      candidates,
      rule,
      speaker,
      confidence,
      start,
      end,
    );
    if (pronoun === undefined || this.claims.length === before) return;
    const claim = this.claims.at(-1) as ClaimAnnotation;
    // "It added": the rules read "it" as the organisation that spoke last; it is a mention of it.
    if (rule?.speaker && /^it$/i.test(tokens[pronoun]?.text ?? ''))
      this.addSourceMention(rule.speaker, pronoun);
    else if (!rule?.speaker) this.pronounSources.push({ claim, at: pronoun });
  }

  private pushLearned(
    view: TokenView,
    model: AttributionModel,
    sentence: Sentence,
    window: { start: number; end: number },
    c0: number,
    c1: number,
    stop: number | undefined,
    decoded: NonNullable<ReturnType<typeof decodeAttribution>>,
    candidates: ReturnType<typeof sourceCandidates>,
    rule: { speaker?: string; unnamed?: boolean; tokens: { start: number; end: number } } | undefined,
    speaker: string | undefined,
    confidence: number,
    start: number,
    end: number,
  ): void {
    const { tokens } = this.context.segmented;
    const cueToken = tokens[c0] as Token;
    const subjectStart =
      rule?.tokens.start ?? (decoded.source >= 0 ? candidates[decoded.source]?.tokenStart : undefined);
    const opening = this.openingBefore(view, model, window, c0, c1, decoded.b, subjectStart);
    if (opening) {
      const from = (tokens[opening.start] as Token).start;
      const upTo = (tokens[opening.comma - 1] as Token).end;
      if (!this.claimOverlaps(from, upTo)) {
        this.pushFound(
          {
            ...(speaker ? { speaker } : {}),
            verb: this.body.slice(cueToken.start, (tokens[c1] as Token).end),
            kind: reportingVerbKind(cueToken.text) ?? 'STATEMENT',
          },
          { start: from, end },
          sentence,
          {
            sieve: rule ? 'reporting-verb' : 'learned-cue',
            confidence,
            text: `${this.body.slice(from, upTo)} … ${this.body.slice(start, end)}`,
          },
        );
        return;
      }
    }
    // "X said the vote showed '…'": a cue inside the clause another claim of the same sentence reports,
    // with that claim's source, is part of that content, not a claim of its own.
    const outer = this.claims.at(-1);
    const outerSpan = outer?.evidence as Span | undefined;
    if (
      outer &&
      outerSpan &&
      !rule &&
      stop === undefined &&
      outer.speaker === speaker &&
      outerSpan.end <= cueToken.start &&
      outerSpan.start >= sentence.start &&
      /^[^,;:.]*$/.test(this.body.slice(outerSpan.end, cueToken.start)) &&
      start > cueToken.start
    ) {
      outer.evidence = { start: outerSpan.start, end };
      outer.text = this.body.slice(outerSpan.start, end);
      return;
    }
    this.pushFound(
      {
        ...(speaker ? { speaker } : {}),
        verb: this.body.slice(cueToken.start, (tokens[c1] as Token).end),
        kind: reportingVerbKind(cueToken.text) ?? 'STATEMENT',
      },
      { start, end },
      sentence,
      { sieve: rule ? 'reporting-verb' : 'learned-cue', confidence },
    );
  }

  /**
   * "Acts of protest, Mr X said, are acts of patriotism": when the attribution is set off by commas
   * inside the sentence and the content follows it, the wrap model decides whether the words before the
   * attribution open that content. Returns their first token and the comma before the subject.
   */
  private openingBefore(
    view: TokenView,
    model: AttributionModel,
    window: { start: number; end: number },
    c0: number,
    c1: number,
    b: number,
    subjectStart: number | undefined,
  ): { start: number; comma: number } | undefined {
    const { tokens } = view;
    if (!model.wrap || subjectStart === undefined || b <= c1 || tokens[c1 + 1]?.text !== ',')
      return undefined;
    let s0 = Math.min(subjectStart, c0);
    // The subject's title and determiner belong to it ("Mr. X", "the senator").
    while (
      s0 - 1 > window.start &&
      (/^\p{Lu}/u.test((tokens[s0 - 1] as Token).text) ||
        /^(?:the|a|an)$/i.test((tokens[s0 - 1] as Token).text))
    )
      s0--;
    const comma = s0 - 1;
    if (comma <= window.start || tokens[comma]?.text !== ',') return undefined;
    if (scoreOf(model.wrap, wrapFeatures(view, window.start, comma, c0, c1)) <= 0) return undefined;
    return { start: window.start, comma };
  }

  /**
   * Sieve "according-to": "…, according to the UN." / "According to a new poll by X, …". The source
   * is the phrase after "to", up to the comma that closes it or the end of the sentence; its speaker
   * is the person (else the organisation) the phrase names, or nobody ("according to exit polls"). The
   * content is the rest of the sentence when the phrase opens it, else the clause before the comma.
   */
  private accordingTo(): void {
    const { tokens } = this;
    const { sentences } = this.context.segmented;
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (!/^according$/i.test((tokens[i] as Token).text) || tokens[i + 1]?.text !== 'to') continue;
      const sentence = sentences[(tokens[i] as Token).sentence];
      if (!sentence) continue;
      // Whatever this sieve makes of it, the learned sieve does not read "to …" as a content.
      this.keptCues.add(i);
      this.keptCues.add(i + 1);
      const phraseEnd = this.sourcePhraseEnd(i + 2, sentence);
      if (phraseEnd <= i + 2) continue;
      const source = this.speakerIn(i + 2, phraseEnd);
      let content: Span | undefined;
      if (this.opensSentence(i, sentence)) {
        if (tokens[phraseEnd]?.text !== ',') continue;
        const from = tokens[phraseEnd + 1];
        if (from && from.sentence === sentence.index) content = this.trimContent(from.start, sentence.end);
      } else if (tokens[i - 1]?.text === ',') {
        const lead = /^\p{Lu}[\p{Lu}\p{L} .,-]*\([\p{L} ]+\)\s*[-–—]+\s*/u.exec(
          this.body.slice(sentence.start, (tokens[i - 1] as Token).start),
        );
        content = this.trimContent(sentence.start + (lead?.[0].length ?? 0), (tokens[i - 1] as Token).start);
      }
      if (!content || countWords(this.body.slice(content.start, content.end)) < 2) continue;
      const inside = (c: ClaimAnnotation) =>
        (c.evidence as Span).start > content.start && (c.evidence as Span).end <= content.end;
      if (
        this.claims.some(
          (c) =>
            (c.evidence as Span).start < content.end &&
            (c.evidence as Span).end > content.start &&
            !inside(c),
        )
      )
        continue;
      this.pushFound(
        { ...(source ? { speaker: source } : {}), verb: 'according to', kind: 'STATEMENT' },
        content,
        sentence,
        { sieve: 'according-to', confidence: source ? 0.85 : 0.6 },
      );
    }
  }

  /**
   * The pronoun that is the cue's subject ("they could not resist pointing out", "It's denouncing"),
   * when no entity claims it yet: its token index.
   */
  private subjectPronoun(c0: number, sentence: Sentence): number | undefined {
    let k = c0 - 1;
    for (let steps = 0; k >= sentence.tokenStart && steps < 4; steps++, k--)
      if (!SUBJECT_GAP.test((this.tokens[k] as Token).text)) break;
    if (k < sentence.tokenStart) return undefined;
    const form = (this.tokens[k] as Token).text.toLowerCase();
    if (!FIRST_PERSON.has(form) && !PERSONAL.has(form) && !IMPERSONAL.has(form) && form !== RELATIVE)
      return undefined;
    if (this.context.table.mentions.some((m) => m.tokenStart <= k && m.tokenEnd > k)) return undefined;
    return k;
  }

  /**
   * Source pronouns the coreference stage left alone, resolved through the attribution: "I" and "we"
   * inside a quotation are its speaker; "he" and "she" the latest person credited with a claim
   * whose known pronouns agree; "which" the organisation just before it; "it" and "they" the latest
   * organisation or country named in the sentences before. Each becomes a mention of the speaker.
   */
  private resolveSourcePronouns(): void {
    const { tokens } = this;
    const { sentences } = this.context.segmented;
    const pronounsOf = new Map<string, Set<string>>();
    for (const m of this.context.table.mentions)
      if (m.tokenEnd - m.tokenStart === 1) {
        const form = (tokens[m.tokenStart] as Token).text.toLowerCase();
        if (/^(?:he|him|his|she|her|hers)$/.test(form)) {
          const set = pronounsOf.get(m.key) ?? new Set<string>();
          set.add(/^(?:he|him|his)$/.test(form) ? 'he' : 'she');
          pronounsOf.set(m.key, set);
        }
      }
    for (const { claim, at } of this.pronounSources) {
      // A claim a continuation took in is gone.
      if (!this.claims.includes(claim)) continue;
      const token = tokens[at] as Token;
      const form = token.text.toLowerCase();
      const earliest = sentences[Math.max(0, token.sentence - SOURCE_PRONOUN_LOOKBACK)]?.start ?? 0;
      const speakersSince = sentences[Math.max(0, token.sentence - 2 * SOURCE_PRONOUN_LOOKBACK)]?.start ?? 0;
      let key: string | undefined;
      if (FIRST_PERSON.has(form)) {
        const quote = quoteAt(this.context.quotes, token.start);
        const owner =
          quote &&
          this.claims.find(
            (c) =>
              c !== claim &&
              c.speaker &&
              (c.evidence as Span).start < quote.innerEnd &&
              (c.evidence as Span).end > quote.innerStart,
          );
        key = owner ? owner.speaker : undefined;
      } else if (form === RELATIVE) {
        const before = this.context.table.mentions
          .filter((m) => SPEAKER_KINDS.has(m.kind) && m.tokenEnd <= at && m.tokenEnd > at - RELATIVE_REACH)
          .filter((m) => (tokens[m.tokenStart] as Token).sentence === token.sentence)
          .sort((a, b) => b.tokenEnd - a.tokenEnd);
        key = (before.find((m) => m.kind === 'PERSON') ?? before.find((m) => at - m.tokenEnd <= 2))?.key;
      } else if (PERSONAL.has(form)) {
        const other = form === 'he' ? 'she' : 'he';
        // After someone the text does not name ("a witness told …"), "he" is that person.
        const unnamed = Math.max(-1, ...this.unnamedAt.filter((u) => u < token.start));
        const previous = this.claims
          .filter((c) => c !== claim && c.speaker && (c.evidence as Span).start < token.start)
          .filter((c) => (c.evidence as Span).end > speakersSince && (c.evidence as Span).start > unnamed)
          .filter((c) => this.context.table.byKey(c.speaker as string)?.kind === 'PERSON')
          .filter((c) => !pronounsOf.get(c.speaker as string)?.has(other))
          .sort((a, b) => (b.evidence as Span).start - (a.evidence as Span).start);
        // Else the latest person named outside quotations whose known pronouns agree.
        const named = this.context.table.mentions
          .filter(
            (m) =>
              m.kind === 'PERSON' &&
              m.tokenEnd <= at &&
              m.start >= earliest &&
              m.start > unnamed &&
              !quoteAt(this.context.quotes, m.start) &&
              !pronounsOf.get(m.key)?.has(other),
          )
          .sort((a, b) => b.tokenEnd - a.tokenEnd);
        key = previous[0]?.speaker ?? named[0]?.key;
      } else {
        const named = this.context.table.mentions.filter(
          (m) =>
            (m.kind === 'ORGANIZATION' || m.kind === 'COUNTRY') &&
            m.tokenEnd <= at &&
            m.start >= earliest &&
            !quoteAt(this.context.quotes, m.start) &&
            !/^['’]s?$/.test(tokens[m.tokenEnd]?.text ?? ''),
        );
        const latest = named.sort((a, b) => b.tokenEnd - a.tokenEnd)[0];
        if (form === 'which') {
          // "the Agency which", "the Saudi government, which": the name ends the phrase before it, or
          // modifies its last word or two.
          let k = at - 1;
          if (tokens[k]?.text === ',') k--;
          const phraseEnd = k + 1;
          while (k > at - 4 && latest && k >= latest.tokenEnd && /^\p{Ll}+$/u.test(tokens[k]?.text ?? ''))
            k--;
          key =
            latest && latest.tokenEnd === k + 1 && phraseEnd - latest.tokenEnd <= 2 ? latest.key : undefined;
        } else key = latest?.key;
      }
      if (!key) {
        if (!claim.speaker && (claim.confidence ?? 1) < UNKNOWN_SPEAKER_MIN)
          this.claims.splice(this.claims.indexOf(claim), 1);
        continue;
      }
      claim.speaker = key;
      claim.about = (claim.about ?? []).filter((k) => k !== key);
      this.addSourceMention(key, at);
    }
  }

  private addSourceMention(key: string, at: number): void {
    const token = this.tokens[at] as Token;
    const kind = this.context.table.byKey(key)?.kind ?? 'PERSON';
    if (this.sourceMentions.some((m) => m.tokenStart === at)) return;
    this.sourceMentions.push({
      key,
      kind,
      start: token.start,
      end: token.end,
      tokenStart: at,
      tokenEnd: at + 1,
    });
  }

  /** Whether only a conjunction or adverb and its comma come before token `at` in its sentence. */
  private opensSentence(at: number, sentence: Sentence): boolean {
    for (let k = sentence.tokenStart; k < at; k++) {
      const text = (this.tokens[k] as Token).text;
      if (!/^(?:but|and|yet|so|however|still|now|also|[,"“‘])$/i.test(text)) return false;
    }
    return true;
  }

  /** End (exclusive) of a source phrase from `from`: the first comma, stop or quotation mark outside brackets. */
  private sourcePhraseEnd(from: number, sentence: Sentence): number {
    let depth = 0;
    let k = from;
    for (; k < sentence.tokenEnd; k++) {
      const text = (this.tokens[k] as Token).text;
      if (text === '(') depth++;
      else if (text === ')') depth--;
      else if (depth <= 0 && /^(?:[,;:?!]|["“”]+)$/.test(text)) break;
      // A stop inside the sentence follows an abbreviation ("Mrs. X"); only the last one ends it.
      else if (text === '.' && k === sentence.tokenEnd - 1) break;
    }
    return k;
  }

  /**
   * The speaker a source phrase names: its first person, else its first organisation, else a country
   * that is the whole phrase ("the United States", not "a British journal"); never a possessor.
   */
  private speakerIn(from: number, to: number): string | undefined {
    const named = this.context.table.mentions
      .filter(
        (m) =>
          m.tokenStart >= from &&
          m.tokenEnd <= to &&
          SPEAKER_KINDS.has(m.kind) &&
          !/^['’]s?$/.test(this.tokens[m.tokenEnd]?.text ?? ''),
      )
      .sort((a, b) => a.tokenStart - b.tokenStart);
    const person = named.find((m) => m.kind === 'PERSON');
    if (person) return person.key;
    const organisation = named.find((m) => m.kind === 'ORGANIZATION');
    if (organisation) return organisation.key;
    const start = /^the$/i.test(this.tokens[from]?.text ?? '') ? from + 1 : from;
    return named.find((m) => m.kind === 'COUNTRY' && m.tokenStart === start && m.tokenEnd === to)?.key;
  }

  /** Where the clause of the next attribution begins, so that the current content stops before it. */
  private clauseStartBefore(next: Attribution, current: Attribution): number | undefined {
    const text = this.body.slice(current.end, next.start);
    const comma = Math.max(text.lastIndexOf(','), text.lastIndexOf(' and '), text.lastIndexOf(' but '));
    return comma > 0 ? current.end + comma : next.start;
  }

  /** Quotations nobody was credited with continue the speaker of the claim before them (≤ 1 paragraph back). */
  private continueUnattributed(): void {
    const { paragraphs, sentences } = this.context.segmented;
    const paragraphOf = (offset: number) => paragraphs.findIndex((p) => offset >= p.start && offset <= p.end);
    for (const quote of this.context.quotes) {
      if (
        this.usedQuotes.has(quote) ||
        countWords(this.body.slice(quote.innerStart, quote.innerEnd)) < MIN_QUOTE_WORDS
      )
        continue;
      const previous = this.claims
        .filter((c) => (c.evidence as Span).start < quote.start)
        .sort((a, b) => (a.evidence as Span).start - (b.evidence as Span).start)
        .at(-1);
      if (!previous?.speaker || paragraphOf(quote.start) - paragraphOf((previous.evidence as Span).start) > 1)
        continue;
      // A speaker line inside the quotation ('"KOWAL: …') has its claim already.
      if (
        this.claims.some(
          (c) => (c.evidence as Span).start < quote.innerEnd && (c.evidence as Span).end > quote.innerStart,
        )
      )
        continue;
      const since = (previous.evidence as Span).start;
      if (this.unnamedAt.some((at) => at > since && at < quote.start)) continue;
      const sentence = sentences.find((s) => quote.innerStart >= s.start && quote.innerStart < s.end);
      if (!sentence) continue;
      this.usedQuotes.add(quote);
      this.push(
        { speaker: previous.speaker, verb: previous.verb ?? 'said', kind: 'STATEMENT' },
        { start: quote.innerStart, end: quote.innerEnd },
        sentence,
        true,
      );
    }
    this.claims.sort((a, b) => (a.evidence as Span).start - (b.evidence as Span).start);
  }
}

/**
 * Every claim in text order, and the source pronouns the claims resolved ("they said" → the
 * organisation before): mentions of their speakers the entity table does not hold yet.
 */
export function attributeClaims(context: ClaimContext): {
  claims: ClaimAnnotation[];
  sourceMentions: LocatedEntity[];
} {
  const builder = new ClaimBuilder(context);
  builder.scan();
  return { claims: builder.claims, sourceMentions: builder.sourceMentions };
}

/** Every claim in text order. */
export function findClaims(context: ClaimContext): ClaimAnnotation[] {
  return attributeClaims(context).claims;
}

/** Confidence of a source pronoun resolved through its claim. */
export const SOURCE_MENTION_CONFIDENCE = SOURCE_PRONOUN_CONFIDENCE;
