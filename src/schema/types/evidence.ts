import { InvalidInputError } from '../../errors.ts';
import type { EvidenceRow, EvidenceText } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { MAX_PAGE_SIZE } from '../pagination.ts';
import { Article } from './article.ts';

export const Evidence = builder.objectRef<EvidenceRow>('Evidence');

async function textOf(
  row: EvidenceRow,
  ctx: { loaders: { evidenceText: { load(id: number): Promise<EvidenceText | undefined> } } },
) {
  return (await ctx.loaders.evidenceText.load(row.id)) ?? { id: row.id, text: '', sentence: '' };
}

Evidence.implement({
  description: "An exact span of an article's text that supports a node or an edge.",
  fields: (t) => ({
    article: t.field({
      type: Article,
      resolve: async (row, _args, ctx) => {
        const article = await ctx.loaders.article.load(row.article_id);
        if (!article) throw new Error(`evidence ${row.id} points at a missing article`);
        return article;
      },
    }),
    text: t.string({
      description: 'body.slice(start, end) of the article.',
      resolve: async (row, _args, ctx) => (await textOf(row, ctx)).text,
    }),
    start: t.int({
      description: 'Offset of the first character (UTF-16 code units).',
      resolve: (row) => row.start_offset,
    }),
    end: t.int({ description: 'Offset just past the last character.', resolve: (row) => row.end_offset }),
    sentence: t.string({
      description: 'The whole sentence that holds the span.',
      resolve: async (row, _args, ctx) => (await textOf(row, ctx)).sentence,
    }),
    sentenceStart: t.int({
      description: 'Offset of the sentence in the body.',
      resolve: (row) => row.sentence_start,
    }),
  }),
});

/** The `first` argument of a fact's evidence list: how many spans, earliest article first. */
export const EVIDENCE_FIRST_DESCRIPTION =
  `At most this many spans (0 to ${MAX_PAGE_SIZE}), earliest article first; every span when omitted. ` +
  'A fact stated in many articles has many: ask for a few.';

/** Checks an evidence list's `first`: null for the whole list. */
export function evidenceLimit(first: number | null | undefined): number | null {
  if (first === null || first === undefined) return null;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}
