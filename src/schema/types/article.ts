import type { ArticleRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { MIN_CONFIDENCE_DESCRIPTION, minConfidenceOf } from '../confidence.ts';
import type { Context } from '../context.ts';
import { foundRows } from '../found-rows.ts';
import { childConnection, connectionArgs, connectionType, rootConnection } from '../pagination.ts';
import { ClaimConnection } from './claim.ts';
import { EntityConnection } from './entity.ts';
import { EntityKindEnum } from './enums.ts';
import { EventConnection } from './event.ts';
import { MentionConnection, mentionFilters, mentionListArgs } from './mention.ts';
import { DateTimeScalar } from './scalars.ts';

export const Article = builder.loadableNodeRef<ArticleRow, number, number>('Article', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => foundRows(ctx.loaders.article, ids),
});

Article.implement({
  description: 'A news article: the source of every fact in the graph.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    publishedAt: t.field({ type: DateTimeScalar, nullable: true, resolve: (row) => row.published_at }),
    source: t.exposeString('source', { nullable: true }),
    url: t.exposeString('url', { nullable: true }),
    entities: t.field({
      type: EntityConnection,
      description: 'Entities the article mentions, optionally of one kind.',
      args: { kind: t.arg({ type: EntityKindEnum }), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.entitiesByArticle, row.id, args, { kind: args.kind ?? null }),
    }),
    events: t.field({
      type: EventConnection,
      description: 'Events the article gives evidence of.',
      args: {
        minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }),
        ...connectionArgs(),
      },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.eventsByArticle, row.id, args, {
          minConfidence: minConfidenceOf(args.minConfidence),
        }),
    }),
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims the article reports.',
      args: {
        minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }),
        ...connectionArgs(),
      },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.claimsByArticle, row.id, args, {
          minConfidence: minConfidenceOf(args.minConfidence),
        }),
    }),
    mentions: t.field({
      type: MentionConnection,
      description: 'Every mention of an entity in the article, in order of appearance.',
      args: { ...mentionListArgs(), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.mentionsByArticle, row.id, args, mentionFilters(args)),
    }),
  }),
});

export const ArticleConnection = connectionType<ArticleRow>('Article', Article);

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description: 'An article by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.lookups.articleBySlug(args.slug) ?? null,
  }),
  articles: t.field({
    type: ArticleConnection,
    description: 'All articles, oldest first.',
    args: connectionArgs(),
    resolve: (_root, args, ctx) => rootConnection(ctx.loaders.lookups.articles, {}, args),
  }),
}));
