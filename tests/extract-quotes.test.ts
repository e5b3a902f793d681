import { describe, expect, it } from 'vitest';
import { findQuotes } from '../src/extract/quotes.ts';
import { segment } from '../src/extract/segment.ts';

const quoted = (body: string) => findQuotes(segment(body)).map((q) => body.slice(q.innerStart, q.innerEnd));

describe('findQuotes', () => {
  it('finds straight and curly quotations without the comma before the closing mark', () => {
    expect(quoted('"We are ready," she said. He called it “a disgrace”.')).toEqual([
      'We are ready',
      'a disgrace',
    ]);
  });

  it('closes a quotation with two apostrophes as some wire copy does', () => {
    expect(quoted("He said it would \"only end badly. And it has started.'' Then he left.")).toEqual([
      'only end badly. And it has started.',
    ]);
  });

  it('lets an unclosed quotation run to the end of its paragraph', () => {
    const quotes = findQuotes(segment('He said: "First part.\n\n"Second part."'));
    expect(quotes[0]?.open).toBe(true);
    expect(quotes).toHaveLength(2);
  });
});
