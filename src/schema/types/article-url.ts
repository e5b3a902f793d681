import type { ArticleUrlRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { DateTimeScalar } from './scalars.ts';

export const ArticleCopyMatchEnum = builder.enumType('ArticleCopyMatch', {
  description: 'How another copy of an article was recognised as the same story.',
  values: {
    CANONICAL: { value: 'canonical', description: 'The copy names the article as its canonical address.' },
    NEAR_DUPLICATE: {
      value: 'near-duplicate',
      description: 'The copy shares most of its word sequences with the article.',
    },
    SAME_TEXT: { value: 'same-text', description: 'The copy has exactly the same headline and body.' },
  } as const,
});

export const ArticleUrl = builder.objectRef<ArticleUrlRow>('ArticleUrl').implement({
  description: 'Another address the same story was published at (a syndicated or second copy).',
  fields: (t) => ({
    url: t.exposeString('url'),
    source: t.exposeString('source', { nullable: true }),
    matchedBy: t.field({ type: ArticleCopyMatchEnum, resolve: (row) => row.matched_by }),
    seenAt: t.field({ type: DateTimeScalar, resolve: (row) => `${row.seen_at.replace(' ', 'T')}Z` }),
  }),
});
