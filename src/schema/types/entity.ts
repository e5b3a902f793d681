import type { EntityKind } from '../../annotation/format.ts';
import { InvalidInputError } from '../../errors.ts';
import { ENTITY_ORDERS } from '../../store/entities.ts';
import type { EntityRow } from '../../store/rows.ts';
import { normaliseName } from '../../text/normalise.ts';
import { builder } from '../builder.ts';
import { MIN_CONFIDENCE_DESCRIPTION, minConfidenceOf } from '../confidence.ts';
import type { Context } from '../context.ts';
import { foundRows } from '../found-rows.ts';
import { sortedListConnection } from '../key-cursors.ts';
import { childConnection, connectionArgs, connectionType } from '../pagination.ts';
import { ArticleConnection } from './article.ts';
import { ClaimConnection } from './claim.ts';
import { countryCodeArg } from './country.ts';
import { EntityKindEnum, RelationTypeEnum } from './enums.ts';
import { EventConnection } from './event.ts';
import { MentionConnection, mentionFilters, mentionListArgs } from './mention.ts';
import { RelationConnection } from './relation.ts';

const TYPE_OF_KIND: Record<EntityKind, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
};

export const Entity = builder.interfaceRef<EntityRow>('Entity');

Entity.implement({
  description:
    'Something that can be named, mentioned, take part in events and make or be the subject of claims.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (row) => TYPE_OF_KIND[row.kind],
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, readable key: david-cameron, united-kingdom.' }),
    name: t.exposeString('name'),
    kind: t.field({ type: EntityKindEnum, resolve: (row) => row.kind }),
    aliases: t.stringList({
      description: 'Other names the entity goes by in the articles.',
      resolve: async (row, _args, ctx) =>
        (await ctx.loaders.aliasesByEntity.load(row.id))
          .map((a) => a.alias)
          .filter((alias) => alias !== row.name),
    }),
    description: t.exposeString('description', { nullable: true }),
    wikidataId: t.exposeString('wikidata_id', {
      nullable: true,
      description: 'Wikidata item id, e.g. Q42, where known.',
    }),
    mentions: t.field({
      type: MentionConnection,
      args: { ...mentionListArgs(), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.mentionsByEntity, row.id, args, mentionFilters(args)),
    }),
    articles: t.field({
      type: ArticleConnection,
      description: 'Articles that mention the entity.',
      args: connectionArgs(),
      resolve: (row, args, ctx) => childConnection(ctx.loaders.articlesByEntity, row.id, args),
    }),
    relations: t.field({
      type: RelationConnection,
      description: 'Relations in which the entity stands on either side.',
      args: { type: t.arg({ type: RelationTypeEnum }), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.relationsByEntity, row.id, args, { type: args.type ?? null }),
    }),
    events: t.field({
      type: EventConnection,
      description: 'Events in which this entity took part.',
      args: { minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.eventsByParticipant, row.id, args, {
          minConfidence: minConfidenceOf(args.minConfidence),
        }),
    }),
    claimsBy: t.field({
      type: ClaimConnection,
      description: 'Claims this entity made.',
      args: { minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.claimsBySpeaker, row.id, args, {
          minConfidence: minConfidenceOf(args.minConfidence),
        }),
    }),
    claimsAbout: t.field({
      type: ClaimConnection,
      description: 'Claims about this entity.',
      args: { minConfidence: t.arg.float({ description: MIN_CONFIDENCE_DESCRIPTION }), ...connectionArgs() },
      resolve: (row, args, ctx) =>
        childConnection(ctx.loaders.claimsBySubject, row.id, args, {
          minConfidence: minConfidenceOf(args.minConfidence),
        }),
    }),
  }),
});

export const EntityConnection = connectionType<EntityRow>('Entity', Entity);

/** Loads entities by id for a node type; ids of another kind are left out, so they resolve to null. */
export async function loadEntitiesOfKind(ids: readonly number[], kind: EntityKind, ctx: Context) {
  return (await foundRows(ctx.loaders.entity, ids)).filter((row) => row.kind === kind);
}

/** The entity behind an optional foreign key, via the request's loader. */
export async function entityById(id: number | null, ctx: Context): Promise<EntityRow | null> {
  return id === null ? null : ((await ctx.loaders.entity.load(id)) ?? null);
}

/** The entity a non-null foreign key points at; a dangling key is a bug, reported as one. */
export async function requiredEntity(id: number, ctx: Context): Promise<EntityRow> {
  const entity = await ctx.loaders.entity.load(id);
  if (!entity) throw new Error(`entity ${id} is referenced but missing`);
  return entity;
}

/** A LIKE pattern for a name fragment, normalised as stored aliases are, with wildcards escaped. */
function namePattern(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const norm = normaliseName(name);
  if (!norm)
    throw new InvalidInputError(`"name" must contain a letter or digit, got ${JSON.stringify(name)}`);
  return `%${norm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const EntityOrderEnum = builder.enumType('EntityOrder', {
  description: 'Orders of entity lists: ID (oldest first), NAME (A to Z), MENTIONS (most mentioned first).',
  values: ENTITY_ORDERS,
});

/** The id of the country with an ISO code, or -1 (matches nothing) when the graph has none. */
export async function countryIdOfCode(code: string | null | undefined, ctx: Context): Promise<number | null> {
  if (code === null || code === undefined) return null;
  return (await ctx.loaders.lookups().countryByCode(countryCodeArg(code)))?.id ?? -1;
}

builder.queryFields((t) => ({
  entity: t.field({
    type: Entity,
    nullable: true,
    description: 'Any entity by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.lookups().entityBySlug(args.slug) ?? null,
  }),
  entities: t.field({
    type: EntityConnection,
    description:
      'Entities, optionally of one kind; name matches name or alias, case-insensitively, as a substring.',
    args: {
      kind: t.arg({ type: EntityKindEnum }),
      name: t.arg.string(),
      country: t.arg.string({
        description: 'Only people, organisations and places of this country (ISO 3166-1 alpha-2 code).',
      }),
      minMentions: t.arg.int({ description: 'Only entities mentioned at least this many times.' }),
      orderBy: t.arg({ type: EntityOrderEnum, defaultValue: 'ID', required: true }),
      ...connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const filters = {
        kind: args.kind ?? null,
        namePattern: namePattern(args.name),
        countryId: await countryIdOfCode(args.country, ctx),
        minMentions: args.minMentions ?? null,
      };
      return sortedListConnection(ctx.loaders.lookups().entities[args.orderBy], args.orderBy, filters, args);
    },
  }),
}));
