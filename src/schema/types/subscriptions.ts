import { NotFoundError } from '../../errors.ts';
import type { ArticleRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { entityIdArg } from '../global-ids.ts';
import type { LiveFact } from '../live-facts.ts';
import { Article } from './article.ts';
import { Claim } from './claim.ts';
import { Event } from './event.ts';
import { Evidence } from './evidence.ts';
import { Relation } from './relation.ts';

const LiveFactKindEnum = builder.enumType('LiveFactKind', {
  description: 'What kind of fact a live update carries.',
  values: ['CLAIM', 'EVENT', 'RELATION'] as const,
});

const FactRoleEnum = builder.enumType('FactRole', {
  description: 'How a fact names an entity.',
  values: {
    SPEAKER: { description: 'The entity made the claim.' },
    SUBJECT: { description: 'The claim is about the entity.' },
    PARTICIPANT: { description: 'The entity took part in the event.' },
    LOCATION: { description: 'The event took place at or in the entity.' },
    FROM: { description: 'The relation goes from the entity.' },
    TO: { description: 'The relation goes to the entity.' },
  } as const,
});

const FactAbout = builder.objectRef<LiveFact>('FactAbout').implement({
  description:
    'A claim, event or relation that names an entity, as the article stating it is committed, with the span of that article it comes from.',
  fields: (t) => ({
    kind: t.field({ type: LiveFactKindEnum, resolve: (fact) => fact.kind }),
    roles: t.field({
      type: [FactRoleEnum],
      description: 'How the fact names the entity subscribed to.',
      resolve: (fact) => fact.roles,
    }),
    claim: t.field({
      type: Claim,
      nullable: true,
      description: 'The claim, when the fact is one.',
      resolve: (fact, _args, ctx) => (fact.kind === 'CLAIM' ? await_(ctx.loaders.claim.load(fact.id)) : null),
    }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'The event, when the fact is one (a new event, or a new report of one already held).',
      resolve: (fact, _args, ctx) => (fact.kind === 'EVENT' ? await_(ctx.loaders.event.load(fact.id)) : null),
    }),
    relation: t.field({
      type: Relation,
      nullable: true,
      description: 'The relation, when the fact is one.',
      resolve: (fact, _args, ctx) =>
        fact.kind === 'RELATION' ? await_(ctx.loaders.relation.load(fact.id)) : null,
    }),
    evidence: t.field({
      type: Evidence,
      description: 'The exact span of the new article the fact comes from.',
      resolve: async (fact, _args, ctx) => {
        const evidence = await ctx.loaders.evidence.load(fact.evidenceId);
        if (!evidence) throw new Error(`evidence ${fact.evidenceId} is referenced but missing`);
        return evidence;
      },
    }),
    article: t.field({
      type: Article,
      description: 'The article that states the fact.',
      resolve: async (fact, _args, ctx) => {
        const article = await ctx.loaders.article.load(fact.articleId);
        if (!article) throw new Error(`article ${fact.articleId} is referenced but missing`);
        return article;
      },
    }),
  }),
});

/** A loaded row, or null when it was deleted between its commit and this push. */
async function await_<T>(row: Promise<T | undefined | null>): Promise<T | null> {
  return (await row) ?? null;
}

/**
 * Each value of a live stream, with fresh loaders for the event it becomes. Not an async generator:
 * a generator's `return` waits behind a pending `next`, which for a quiet stream never settles, so a
 * client that went would stay subscribed. This `return` ends the stream at once.
 */
function eachWithFreshLoaders<T>(ctx: Context, stream: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      const step = await stream.next();
      if (!step.done) ctx.live.renewLoaders();
      return step;
    },
    return: async () => (await stream.return?.()) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

builder.subscriptionFields((t) => ({
  articleIngested: t.field({
    type: Article,
    description:
      'Each article as it is committed, whichever way it came in (the ingestArticle mutation, the ingest command or a feed watcher writing the same database). Over server-sent events: send `Accept: text/event-stream`.',
    subscribe: async (_root, _args, ctx) => eachWithFreshLoaders(ctx, await ctx.live.articles()),
    resolve: (row: ArticleRow) => row,
  }),
  factsAbout: t.field({
    type: FactAbout,
    description:
      'Each new claim, event or relation that names the entity (as speaker, subject, participant, place, or either side of a relation), with its evidence, as the article stating it is committed by any writer of the database. A copy of an article already held states nothing new; a new version states its facts again. Over server-sent events, like articleIngested. NOT_FOUND when there is no such entity.',
    args: { entity: t.arg.id({ required: true, description: 'The entity to follow.' }) },
    subscribe: async (_root, args, ctx) => {
      const entityId = entityIdArg('entity', String(args.entity));
      if (!(await ctx.loaders.entity.load(entityId))) throw new NotFoundError('entity', String(args.entity));
      return eachWithFreshLoaders(ctx, await ctx.live.facts(entityId));
    },
    resolve: (fact: LiveFact) => fact,
  }),
}));
