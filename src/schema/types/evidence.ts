import type { EvidenceRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { Article } from './article.ts';

export const Evidence = builder.objectRef<EvidenceRow>('Evidence');

async function bodyOf(
  row: EvidenceRow,
  loaders: { article: { load(id: number): Promise<{ body: string } | undefined> } },
) {
  const article = await loaders.article.load(row.article_id);
  return article?.body ?? '';
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
      resolve: async (row, _args, ctx) =>
        (await bodyOf(row, ctx.loaders)).slice(row.start_offset, row.end_offset),
    }),
    start: t.int({
      description: 'Offset of the first character (UTF-16 code units).',
      resolve: (row) => row.start_offset,
    }),
    end: t.int({ description: 'Offset just past the last character.', resolve: (row) => row.end_offset }),
    sentence: t.string({
      description: 'The whole sentence that holds the span.',
      resolve: async (row, _args, ctx) =>
        (await bodyOf(row, ctx.loaders)).slice(row.sentence_start, row.sentence_end),
    }),
    sentenceStart: t.int({
      description: 'Offset of the sentence in the body.',
      resolve: (row) => row.sentence_start,
    }),
  }),
});
