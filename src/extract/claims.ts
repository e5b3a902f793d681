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
import type { EntityTable, LocatedEntity } from './entities.ts';
import type { EventMention } from './events.ts';
import { NEEDS_CONTENT, reportingVerbKind } from './lexicon/reporting-verbs.ts';
import { quoteAt } from './quotes.ts';
import type { Segmented, Sentence, Token } from './segment.ts';
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
  /,\s*(?:adding|pledging|saying|warning|urging|and added|while)\b|\s+but\s+(?:conceded|added|acknowledged|admitted|warned|insisted|said|denied)\b|;/;
const MIN_QUOTE_WORDS = 3;
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
}

const countWords = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

class ClaimBuilder {
  readonly claims: ClaimAnnotation[] = [];
  private readonly usedQuotes = new Set<QuoteSpan>();
  private lastStatementSpeaker: string | undefined;

  constructor(private readonly context: ClaimContext) {}

  private get tokens(): readonly Token[] {
    return this.context.segmented.tokens;
  }

  private get body(): string {
    return this.context.segmented.body;
  }

  private mentionEndingAt(tokenEnd: number): LocatedEntity | undefined {
    const candidates = this.context.table.mentions.filter(
      (m) => m.tokenEnd === tokenEnd && SPEAKER_KINDS.has(m.kind),
    );
    return candidates.sort((a, b) => a.tokenStart - b.tokenStart)[0];
  }

  private speakerFromStatement(): string | undefined {
    return this.lastStatementSpeaker;
  }

  /** Subject before the verb: the last entity mention, or "the statement"/"it". */
  private subjectBefore(verbAt: number, sentence: Sentence): { speaker?: string; start: number } | undefined {
    let k = verbAt;
    while (k > sentence.tokenStart && SKIPPABLE_BEFORE_VERB.has((this.tokens[k - 1] as Token).text)) k--;
    k = this.skipParenthetical(k, sentence);
    const mention = this.mentionEndingAt(k);
    if (mention) {
      let start = mention.tokenStart;
      // Take in the title and modifiers before a name ("European Commission President Anna Kowal").
      while (
        start > sentence.tokenStart &&
        /^[\p{Lu}]/u.test((this.tokens[start - 1] as Token).text) &&
        !/^["“”]/.test((this.tokens[start - 1] as Token).text)
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
    return undefined;
  }

  /** "the Prime Minister - who has … - acknowledged": the subject is before the dashes. */
  private skipParenthetical(k: number, sentence: Sentence): number {
    const dash = this.tokens[k - 1]?.text;
    if (dash === ',') {
      // "Ms X, a close ally of Y, urged": an appositive between subject and verb.
      for (let j = k - 2; j > sentence.tokenStart && j > k - 12; j--) {
        if (this.tokens[j]?.text === ',') return this.mentionEndingAt(j) ? j : k;
      }
      return k;
    }
    if (dash !== '-' && dash !== '—' && dash !== '–') return k;
    for (let j = k - 2; j > sentence.tokenStart; j--) if (this.tokens[j]?.text === dash) return j;
    return k;
  }

  /** Inverted subject: "…," said Mr X / said an online statement of the Foreign Ministry. */
  private subjectAfter(
    verbAt: number,
    sentence: Sentence,
  ): { speaker?: string; end: number; after: number } | undefined {
    const limit = Math.min(sentence.tokenEnd, verbAt + 8);
    for (let k = verbAt + 1; k < limit; k++) {
      const token = this.tokens[k] as Token;
      if (/^[,.;:"“”]$/.test(token.text)) break;
      const mention = this.context.table.mentions.find(
        (m) => m.tokenStart === k && SPEAKER_KINDS.has(m.kind),
      );
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
    const kind = reportingVerbKind(verb.text);
    if (!kind || quoteAt(this.context.quotes, verb.start)) return undefined;
    const before = this.tokens[at - 1];
    const afterQuoteOrComma = !!before && /^[,"“”']+$/.test(before.text);
    if (afterQuoteOrComma) {
      const inverted = this.subjectAfter(at, sentence);
      if (inverted)
        return {
          verb,
          kind,
          speaker: inverted.speaker,
          start: verb.start,
          end: inverted.end,
          after: inverted.after,
        };
    }
    const subject = this.subjectBefore(at, sentence);
    if (subject)
      return { verb, kind, speaker: subject.speaker, start: subject.start, end: verb.end, after: at + 1 };
    // "… but conceded that …", "…, adding that …": the verb shares the subject of the verb before it.
    const coordinated =
      /^(and|but)$/i.test(before?.text ?? '') || (before?.text === ',' && /ing$/.test(verb.text));
    if (previous && coordinated)
      return { verb, kind, speaker: previous.speaker, start: verb.start, end: verb.end, after: at + 1 };
    // Speaker unknown ("the West accuses…"): kept without one, so that the clause before it ends there.
    return { verb, kind, start: verb.start, end: verb.end, after: at + 1 };
  }

  private quoteEndingBefore(offset: number): QuoteSpan | undefined {
    return this.context.quotes.find(
      (q) => !this.usedQuotes.has(q) && q.end <= offset && /^[ \t,]*$/.test(this.body.slice(q.end, offset)),
    );
  }

  private quoteAfterColon(from: number, limit: number): QuoteSpan | undefined {
    for (let k = from; k < Math.min(limit, from + 10); k++) {
      if (this.tokens[k]?.text !== ':') continue;
      const colon = this.tokens[k] as Token;
      return this.context.quotes.find(
        (q) => q.start >= colon.end && /^\s*$/.test(this.body.slice(colon.end, q.start)),
      );
    }
    return undefined;
  }

  private about(span: Span, speaker?: string): string[] {
    const keys = this.context.table.mentions
      .filter((m) => m.start >= span.start && m.end <= span.end && m.key !== speaker)
      .map((m) => m.key);
    return [...new Set(keys)];
  }

  private eventFor(sentence: Sentence, content: Span): string | undefined {
    const outside = this.context.eventMentions.filter(
      (m) => m.sentence === sentence.index && (m.end <= content.start || m.start >= content.end),
    );
    return outside[0]?.eventKey;
  }

  private push(
    attribution: { speaker?: string; verb: string; kind: ClaimKind },
    content: Span,
    sentence: Sentence,
    isQuote: boolean,
  ): void {
    const text = this.body.slice(content.start, content.end);
    if (!attribution.speaker || countWords(text) < 2) return;
    const embedded = this.context.quotes.filter(
      (q) => q.innerStart >= content.start && q.innerEnd <= content.end,
    );
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

  private reported(
    attribution: Attribution,
    sentence: Sentence,
    nextAttributionStart: number | undefined,
  ): void {
    const afterToken = this.tokens[attribution.after];
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
        const next = found[n + 1];
        const quoteBefore = this.quoteEndingBefore(attribution.start);
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
    this.continueUnattributed();
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

/** Every claim with a known speaker, in text order. */
export function findClaims(context: ClaimContext): ClaimAnnotation[] {
  const builder = new ClaimBuilder(context);
  builder.scan();
  return builder.claims;
}
