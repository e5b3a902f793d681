import { CLAIM_ORDERS } from '../../store/claims.ts';
import type { ClaimRow } from '../../store/rows.ts';
import { ftsQuery } from '../../store/search.ts';
import { builder } from '../builder.ts';
import { cacheOwners } from '../cache-owners.ts';
import { MIN_CONFIDENCE_DESCRIPTION, minConfidenceOf } from '../confidence.ts';
import type { Context } from '../context.ts';
import { foundRows } from '../found-rows.ts';
import { entityIdArg, idOfType } from '../global-ids.ts';
import { sortedListConnection } from '../key-cursors.ts';
import { connectionArgs, connectionType } from '../pagination.ts';
import { Article } from './article.ts';
import { Entity, entityById, requiredEntity } from './entity.ts';
import { ClaimKindEnum } from './enums.ts';
import { Event } from './event.ts';
import { Evidence } from './evidence.ts';
import { DateScalar } from './scalars.ts';

export const Claim = builder.loadableNodeRef<ClaimRow, number, number>('Claim', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => foundRows(ctx.loaders.claim, ids),
});

Claim.implement({
  description: 'Something someone said or asserted, as the article reports it.',
  fields: (t) => ({
    text: t.exposeString('text', { description: "The claim's content as reported." }),
    quote: t.exposeString('quote', {
      nullable: true,
      description: 'The exact words in quotation marks, where the article quotes them.',
    }),
    verb: t.exposeString('verb', {
      nullable: true,
      description: 'The reporting verb as written: said, urged, accuses.',
    }),
    kind: t.field({ type: ClaimKindEnum, resolve: (row) => row.kind }),
    confidence: t.exposeFloat('confidence', {
      description: 'How sure extraction is of the claim and its speaker, 0 to 1; curated claims are 1.',
    }),
    strategy: t.exposeString('sieve', {
      nullable: true,
      description:
        'The attribution strategy that found the claim: reporting-verb, learned-cue, according-to, ' +
        'name-colon, qa-answer or continued-quote; null for curated claims.',
    }),
    speaker: t.field({
      type: Entity,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.speaker_id, ctx),
    }),
    about: t.field({
      type: [Entity],
      description: 'The entities the claim is about.',
      resolve: async (row, _args, ctx) => {
        const subjects = await ctx.loaders.subjectsByClaim.load(row.id);
        return Promise.all(subjects.map((s) => requiredEntity(s.entity_id, ctx)));
      },
    }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'The event at which the claim was made.',
      resolve: async (row, _args, ctx) =>
        row.event_id === null ? null : ((await ctx.loaders.event.load(row.event_id)) ?? null),
    }),
    article: t.field({
      type: Article,
      resolve: async (row, _args, ctx) => {
        const article = await ctx.loaders.article.load(row.article_id);
        if (!article) throw new Error(`claim ${row.id} points at a missing article`);
        return article;
      },
    }),
    evidence: t.field({
      type: Evidence,
      resolve: async (row, _args, ctx) => {
        const evidence = await ctx.loaders.evidence.load(row.evidence_id);
        if (!evidence) throw new Error(`claim ${row.id} has no evidence`);
        return evidence;
      },
    }),
  }),
});

export const ClaimConnection = connectionType<ClaimRow>('Claim', Claim);

export const ClaimOrderEnum = builder.enumType('ClaimOrder', {
  description:
    "Orders of claim lists: ID (oldest added first), DATE (earliest first), DATE_DESC (latest first). A claim's " +
    "date is its event's date, else its article's publication day; undated claims come last.",
  values: CLAIM_ORDERS,
});

builder.queryFields((t) => ({
  claims: t.field({
    type: ClaimConnection,
    description: 'Claims, optionally by one speaker or about one entity (by id), or of one kind.',
    extensions: cacheOwners({ speaker: 'entity', about: 'entity', event: 'event' }),
    args: {
      speaker: t.arg.id(),
      about: t.arg.id(),
      kind: t.arg({ type: ClaimKindEnum }),
      event: t.arg.id({ description: 'Only claims made at this event (an Event id).' }),
      from: t.arg({ type: DateScalar, description: 'Only claims dated on or after this day.' }),
      to: t.arg({ type: DateScalar, description: 'Only claims dated on or before this day.' }),
      text: t.arg.string({
        description:
          'Only claims whose text or quote contains these words (full-text, as `search` reads it).',
      }),
      minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }),
      orderBy: t.arg({ type: ClaimOrderEnum, defaultValue: 'ID', required: true }),
      ...connectionArgs(),
    },
    resolve: (_root, args, ctx) => {
      const filters = {
        speakerId: args.speaker == null ? null : entityIdArg('speaker', String(args.speaker)),
        aboutId: args.about == null ? null : entityIdArg('about', String(args.about)),
        kind: args.kind ?? null,
        eventId: args.event == null ? null : idOfType('event', String(args.event), 'Event'),
        from: args.from ?? null,
        to: args.to ?? null,
        claimText: args.text == null ? null : ftsQuery(args.text),
        minConfidence: minConfidenceOf(args.minConfidence),
      };
      return sortedListConnection(ctx.loaders.lookups().claims[args.orderBy], args.orderBy, filters, args);
    },
  }),
}));
