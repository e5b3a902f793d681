import { ARTICLE_ORDERS } from '../../store/articles.ts';
import type { ArticleRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { MIN_CONFIDENCE_DESCRIPTION, minConfidenceOf } from '../confidence.ts';
import type { Context } from '../context.ts';
import { foundRows } from '../found-rows.ts';
import { sortedListConnection } from '../key-cursors.ts';
import { childConnection, connectionArgs, connectionType, rootConnection } from '../pagination.ts';
import { ArticleUrl } from './article-url.ts';
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
    author: t.exposeString('author', { nullable: true }),
    language: t.string({
      nullable: true,
      description:
        'ISO 639-1 code of the language detected in the text ("und" when too short to tell); null for articles stored before detection.',
      resolve: (row) => row.language,
    }),
    factsExtracted: t.boolean({
      description:
        'False when the article was stored without extracting facts: it is in a language extraction does not cover. It is still searchable.',
      resolve: (row) => row.facts_extracted === 1,
    }),
    note: t.string({
      nullable: true,
      description: 'Why the article has no facts, when it has none for a reason.',
      resolve: (row) =>
        row.facts_extracted === 1
          ? null
          : `facts were not extracted: extraction covers English, this article is "${row.language}"`,
    }),
    alsoPublishedAt: t.field({
      type: [ArticleUrl],
      description:
        'Other addresses the same story was published at, oldest first: syndicated and second copies.',
      resolve: (row, _args, ctx) => ctx.loaders.urlsByArticle.load(row.id),
    }),
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

const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  description: 'Orders of the article list: ADDED (oldest added first), NEWEST (latest added first).',
  values: ['ADDED', ...ARTICLE_ORDERS] as const,
});

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description: 'An article by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.lookups().articleBySlug(args.slug) ?? null,
  }),
  articles: t.field({
    type: ArticleConnection,
    description: 'All articles, oldest added first unless `orderBy` says otherwise.',
    args: {
      orderBy: t.arg({ type: ArticleOrderEnum, defaultValue: 'ADDED', required: true }),
      ...connectionArgs(),
    },
    resolve: (_root, { orderBy, ...args }, ctx) =>
      orderBy === 'ADDED'
        ? rootConnection(ctx.loaders.lookups().articles, {}, args)
        : sortedListConnection(ctx.loaders.lookups().sortedArticles[orderBy], orderBy, {}, args),
  }),
}));
