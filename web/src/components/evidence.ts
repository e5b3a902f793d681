import { h } from '../dom.ts';
import { hrefs } from '../router.ts';

export interface EvidenceSpan {
  text: string;
  start: number;
  end: number;
  sentence: string;
  sentenceStart: number;
  article?: { slug: string; title: string } | null;
}

/**
 * The sentence that holds a span, with the span marked. Offsets are positions in the article body, so the
 * span is found by position, not by searching the sentence for the words (they may occur twice).
 */
export function evidenceQuote(evidence: EvidenceSpan): HTMLElement {
  const from = Math.max(0, evidence.start - evidence.sentenceStart);
  const to = Math.min(evidence.sentence.length, evidence.end - evidence.sentenceStart);
  const article = evidence.article;
  return h(
    'figure',
    { class: 'evidence' },
    h(
      'blockquote',
      {},
      evidence.sentence.slice(0, from),
      h(
        'mark',
        {
          class: 'evidence-span',
          'data-article': article?.slug,
          'data-start': evidence.start,
          'data-end': evidence.end,
        },
        evidence.sentence.slice(from, to),
      ),
      evidence.sentence.slice(to),
    ),
    article
      ? h('figcaption', {}, 'In ', h('a', { href: hrefs.article(article.slug, evidence) }, article.title))
      : null,
  );
}
