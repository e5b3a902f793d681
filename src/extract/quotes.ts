/**
 * Stage 2 — quotation marks. Pairs opening and closing marks (straight, curly, and the '' that some wire
 * copy uses to close) within each paragraph. A paragraph whose quote is not closed continues into the next
 * paragraph, as in news style; such quotes end at the paragraph end. Pure string scanning: no package
 * models quotation conventions of news copy.
 */
import type { Segmented } from './segment.ts';
import type { QuoteSpan } from './types.ts';

const OPEN_MARKS = /["“]|''|(?<![\p{L}\p{N}])['‘](?=\p{L})/gu;

function closingFrom(text: string, from: number, opener: string): { at: number; length: number } | undefined {
  const closers =
    opener === '“' ? /[”"]|''/g : opener === "'" || opener === '‘' ? /['’](?![\p{L}])/gu : /["”]|''/g;
  closers.lastIndex = from;
  const match = closers.exec(text);
  return match ? { at: match.index, length: match[0].length } : undefined;
}

/** Every quotation in the body, in order, with the offsets of the quoted words. */
export function findQuotes(segmented: Segmented): QuoteSpan[] {
  const { body } = segmented;
  const quotes: QuoteSpan[] = [];
  for (const paragraph of segmented.paragraphs) {
    const text = body.slice(paragraph.start, paragraph.end);
    OPEN_MARKS.lastIndex = 0;
    let match: RegExpExecArray | null = OPEN_MARKS.exec(text);
    while (match) {
      const opener = match[0];
      const innerStart = match.index + opener.length;
      const closing = closingFrom(text, innerStart, opener === "''" ? '"' : opener);
      const innerEnd = closing ? closing.at : text.length;
      const end = closing ? closing.at + closing.length : text.length;
      // The comma before a closing mark belongs to the sentence around the quote, not to the quote.
      const inner = text.slice(innerStart, innerEnd).replace(/,\s*$/, '');
      if (inner.trim() && (closing || opener !== "'")) {
        quotes.push({
          start: paragraph.start + match.index,
          end: paragraph.start + end,
          innerStart: paragraph.start + innerStart + (inner.length - inner.trimStart().length),
          innerEnd: paragraph.start + innerStart + inner.trimEnd().length,
          open: !closing,
        });
      }
      OPEN_MARKS.lastIndex = end;
      match = OPEN_MARKS.exec(text);
    }
  }
  return quotes;
}

/** The quote containing `offset`, if any. */
export function quoteAt(quotes: readonly QuoteSpan[], offset: number): QuoteSpan | undefined {
  return quotes.find((q) => offset >= q.start && offset < q.end);
}
