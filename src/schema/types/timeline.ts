import { sortValuesOf } from '../../store/sorted-pages.ts';
import { TIMELINE_ORDER, type TimelineRow } from '../../store/timeline.ts';
import { builder } from '../builder.ts';
import { keysetPageArgs, toKeysetConnection } from '../key-cursors.ts';
import { connectionArgs, connectionType } from '../pagination.ts';
import { Claim } from './claim.ts';
import { Entity } from './entity.ts';
import { Event } from './event.ts';
import { DateScalar } from './scalars.ts';

export const TimelineDateSourceEnum = builder.enumType('TimelineDateSource', {
  description:
    "Where a timeline entry's date comes from: EVENT (the event's own date; for a claim, the date of " +
    'the event it was made at) or ARTICLE (the publication day of the article that reports it).',
  values: ['EVENT', 'ARTICLE'] as const,
});

export const TimelineEntry = builder.objectRef<TimelineRow>('TimelineEntry');

TimelineEntry.implement({
  description: 'An event an entity took part in, or a claim it made or is the subject of, with its date.',
  fields: (t) => ({
    date: t.field({ type: DateScalar, nullable: true, resolve: (row) => row.date }),
    dateSource: t.field({ type: TimelineDateSourceEnum, nullable: true, resolve: (row) => row.date_source }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'The event, when the entry is an event.',
      resolve: async (row, _args, ctx) =>
        row.item_kind === 'EVENT' ? ((await ctx.loaders.event.load(row.ref_id)) ?? null) : null,
    }),
    claim: t.field({
      type: Claim,
      nullable: true,
      description: 'The claim, when the entry is a claim.',
      resolve: async (row, _args, ctx) =>
        row.item_kind === 'CLAIM' ? ((await ctx.loaders.claim.load(row.ref_id)) ?? null) : null,
    }),
  }),
});

export const TimelineEntryConnection = connectionType<TimelineRow>('TimelineEntry', TimelineEntry);

builder.interfaceField(Entity, 'timeline', (t) =>
  t.field({
    type: TimelineEntryConnection,
    description:
      'Events this entity took part in and claims it made or is the subject of, earliest first. Where an ' +
      'event has no date, the publication day of its earliest article stands in; undated entries come ' +
      'last. `from` and `to` bound the date, inclusive.',
    args: { from: t.arg({ type: DateScalar }), to: t.arg({ type: DateScalar }), ...connectionArgs() },
    resolve: async (row, args, ctx) => {
      const page = keysetPageArgs(args, 'DATE', TIMELINE_ORDER.length);
      const filters = { from: args.from ?? null, to: args.to ?? null };
      const rows = await ctx.loaders.timelineByEntity.page(page, filters).load(row.id);
      return toKeysetConnection(
        rows,
        page,
        (entry) => sortValuesOf(TIMELINE_ORDER, entry),
        () => ctx.loaders.timelineByEntity.count(filters).load(row.id),
      );
    },
  }),
);
