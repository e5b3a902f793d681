import { EVENT_ORDERS } from '../../store/events.ts';
import type { EventRow, ParticipantRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { cacheOwners } from '../cache-owners.ts';
import { MIN_CONFIDENCE_DESCRIPTION, minConfidenceOf } from '../confidence.ts';
import type { Context } from '../context.ts';
import { foundRows } from '../found-rows.ts';
import { entityIdArg, idOfType } from '../global-ids.ts';
import { sortedListConnection } from '../key-cursors.ts';
import { childConnection, connectionArgs, connectionType } from '../pagination.ts';
import { ArticleConnection } from './article.ts';
import { Claim } from './claim.ts';
import { Country } from './country.ts';
import { countryIdOfCode, Entity, entityById, requiredEntity } from './entity.ts';
import { EventKindEnum, ParticipantRoleEnum } from './enums.ts';
import { EVIDENCE_FIRST_DESCRIPTION, Evidence, evidenceLimit } from './evidence.ts';
import { Place } from './place.ts';
import { DateScalar } from './scalars.ts';

export const Participation = builder.objectRef<ParticipantRow>('Participation').implement({
  description: 'An entity taking part in an event, and in what role.',
  fields: (t) => ({
    entity: t.field({ type: Entity, resolve: (row, _args, ctx) => requiredEntity(row.entity_id, ctx) }),
    role: t.field({ type: ParticipantRoleEnum, resolve: (row) => row.role }),
  }),
});

export const Event = builder.loadableNodeRef<EventRow, number, number>('Event', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => foundRows(ctx.loaders.event, ids),
});

Event.implement({
  description: 'Something that happened: a summit, talks, an attack, air strikes, an agreement.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    kind: t.field({ type: EventKindEnum, resolve: (row) => row.kind }),
    description: t.exposeString('description', { nullable: true }),
    date: t.field({
      type: DateScalar,
      nullable: true,
      description: 'First day, where the article states or implies it.',
      resolve: (row) => row.date,
    }),
    endDate: t.field({ type: DateScalar, nullable: true, resolve: (row) => row.end_date }),
    dateText: t.exposeString('date_text', {
      nullable: true,
      description: "The time as the article phrases it, e.g. 'two days after the Paris attacks'.",
    }),
    place: t.field({
      type: Place,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.place_id, ctx),
    }),
    country: t.field({
      type: Country,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.country_id, ctx),
    }),
    confidence: t.exposeFloat('confidence', {
      description:
        'How sure extraction is of the event, 0 to 1: the most any report gave it; curated events are 1.',
    }),
    participants: t.field({
      type: [Participation],
      resolve: (row, _args, ctx) => ctx.loaders.participantsByEvent.load(row.id),
    }),
    partOf: t.field({
      type: Event,
      nullable: true,
      description: 'The larger event this one belongs to: talks held at a summit.',
      resolve: async (row, _args, ctx) =>
        row.part_of_id === null ? null : ((await ctx.loaders.event.load(row.part_of_id)) ?? null),
    }),
    subEvents: t.field({
      type: [Event],
      description: 'Events that belong to this one.',
      resolve: (row, _args, ctx) => ctx.loaders.subEventsByEvent.load(row.id),
    }),
    claims: t.field({
      type: [Claim],
      description: 'Claims made at this event.',
      args: { minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }) },
      resolve: async (row, args, ctx) => {
        const least = minConfidenceOf(args.minConfidence);
        const claims = await ctx.loaders.claimsByEvent.load(row.id);
        return least === null ? claims : claims.filter((c) => c.confidence >= least);
      },
    }),
    evidence: t.field({
      type: [Evidence],
      args: { first: t.arg.int({ description: EVIDENCE_FIRST_DESCRIPTION }) },
      resolve: (row, args, ctx) => ctx.loaders.evidenceByEvent.first(evidenceLimit(args.first)).load(row.id),
    }),
    articles: t.field({
      type: ArticleConnection,
      description: 'Articles that report the event.',
      args: connectionArgs(),
      resolve: (row, args, ctx) => childConnection(ctx.loaders.articlesByEvent, row.id, args),
    }),
  }),
});

export const EventConnection = connectionType<EventRow>('Event', Event);

export const EventOrderEnum = builder.enumType('EventOrder', {
  description:
    'Orders of event lists: ID (oldest added first), DATE (earliest first), DATE_DESC (latest first), ' +
    'NAME (A to Z). Undated events come last in both date orders.',
  values: EVENT_ORDERS,
});

builder.queryFields((t) => ({
  event: t.field({
    type: Event,
    nullable: true,
    description: 'An event by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.lookups().eventBySlug(args.slug) ?? null,
  }),
  events: t.field({
    type: EventConnection,
    description: 'Events, optionally of one kind, involving one entity (by id), or within dates (inclusive).',
    extensions: cacheOwners({ participant: 'entity', place: 'entity', country: 'countryCode' }),
    args: {
      kind: t.arg({ type: EventKindEnum }),
      participant: t.arg.id(),
      from: t.arg({ type: DateScalar }),
      to: t.arg({ type: DateScalar }),
      country: t.arg.string({
        description: 'Only events in this country or at a place in it (ISO 3166-1 alpha-2 code).',
      }),
      place: t.arg.id({ description: 'Only events at this place (a Place id).' }),
      minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }),
      orderBy: t.arg({ type: EventOrderEnum, defaultValue: 'ID', required: true }),
      ...connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const filters = {
        kind: args.kind ?? null,
        participantId: args.participant == null ? null : entityIdArg('participant', String(args.participant)),
        from: args.from ?? null,
        to: args.to ?? null,
        countryId: await countryIdOfCode(args.country, ctx),
        placeId: args.place == null ? null : idOfType('place', String(args.place), 'Place'),
        minConfidence: minConfidenceOf(args.minConfidence),
      };
      return sortedListConnection(ctx.loaders.lookups().events[args.orderBy], args.orderBy, filters, args);
    },
  }),
}));
