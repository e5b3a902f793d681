import type { FactKind, WriteSummary } from '../../store/graph-writer.ts';
import { requireAdmin } from '../access.ts';
import { builder } from '../builder.ts';
import { asUserErrors } from '../user-errors.ts';
import { Article } from './article.ts';
import { DateTimeScalar } from './scalars.ts';

const IngestArticleInput = builder.inputType('IngestArticleInput', {
  description: 'An English news article: its headline, body text and where it comes from.',
  fields: (t) => ({
    title: t.string({ required: true, description: 'The headline.' }),
    body: t.string({
      required: true,
      description: 'Plain text, paragraphs separated by blank lines; at most 1 MB.',
    }),
    url: t.string(),
    publishedAt: t.field({ type: DateTimeScalar, description: 'Dates in the text are resolved against it.' }),
    source: t.string({ description: 'The publisher, e.g. BBC News.' }),
  }),
});

const FactCounts = builder.objectRef<Record<FactKind, number>>('FactCounts').implement({
  description: 'How many facts of each kind a write touched.',
  fields: (t) => ({
    entities: t.exposeInt('entities'),
    mentions: t.exposeInt('mentions'),
    offices: t.exposeInt('offices'),
    events: t.exposeInt('events'),
    claims: t.exposeInt('claims'),
    relations: t.exposeInt('relations'),
  }),
});

const IngestArticlePayload = builder.objectRef<WriteSummary>('IngestArticlePayload').implement({
  description: 'What ingestArticle wrote: the article, and how many facts were new or merged.',
  fields: (t) => ({
    article: t.field({
      type: Article,
      description: 'The article, with the entities, events and claims extracted from it.',
      resolve: async (summary, _args, ctx) => {
        const article = await ctx.loaders.article.load(summary.articleId);
        if (!article) throw new Error(`article ${summary.articleId} was written but cannot be read`);
        return article;
      },
    }),
    unchanged: t.exposeBoolean('unchanged', {
      description: 'True when the graph already held this exact text: nothing was written.',
    }),
    added: t.field({ type: FactCounts, description: 'Facts new to the graph.', resolve: (s) => s.added }),
    merged: t.field({
      type: FactCounts,
      description: 'Facts that joined ones the graph already held.',
      resolve: (s) => s.merged,
    }),
    warnings: t.exposeStringList('warnings', { description: 'Resolution decisions worth a look.' }),
  }),
});

builder.mutationFields((t) => ({
  ingestArticle: t.field({
    type: IngestArticlePayload,
    description:
      'Extracts people, offices, countries, organisations, places, events and claims from an article and merges them into the graph, in one transaction. Needs the admin token.',
    args: { input: t.arg({ type: IngestArticleInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireAdmin(ctx, 'ingestArticle');
      return asUserErrors(() => ctx.writes.ingestArticle(input));
    },
  }),
}));
