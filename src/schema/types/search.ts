import { brandWithType } from '@pothos/core';
import {
  type FieldNode,
  type GraphQLResolveInfo,
  getArgumentValues,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { InvalidInputError } from '../../errors.ts';
import {
  ftsQuery,
  SEARCH_KINDS,
  type SearchHitRow,
  SNIPPET_CLOSE,
  SNIPPET_OPEN,
} from '../../store/search.ts';
import { builder } from '../builder.ts';
import { cacheSearchText } from '../cache-owners.ts';
import type { Context } from '../context.ts';
import { keysetPageArgs, toKeysetConnection } from '../key-cursors.ts';
import { connectionArgs, connectionType } from '../pagination.ts';
import { Article } from './article.ts';
import { Claim } from './claim.ts';
import { Country } from './country.ts';
import { Event } from './event.ts';
import { Organization } from './organization.ts';
import { Person } from './person.ts';
import { Place } from './place.ts';

export const SearchKindEnum = builder.enumType('SearchKind', {
  description: 'What a search hit is: an article, an entity (by name or alias), an event or a claim.',
  values: SEARCH_KINDS,
});

const ENTITY_REFS = { PERSON: Person, COUNTRY: Country, ORGANIZATION: Organization, PLACE: Place };

export const SearchResult = builder.unionType('SearchResult', {
  description: 'A node a search can find.',
  types: [Article, Person, Country, Organization, Place, Event, Claim],
});

/** The node behind a hit, branded with its GraphQL type so that the union resolves without guessing. */
async function nodeOfHit(hit: SearchHitRow, ctx: Context): Promise<object> {
  const missing = () => new Error(`search hit ${hit.hit_id} points at a missing ${hit.kind.toLowerCase()}`);
  switch (hit.kind) {
    case 'ARTICLE': {
      const row = await ctx.loaders.article.load(hit.ref_id);
      if (!row) throw missing();
      brandWithType(row, Article);
      return row;
    }
    case 'ENTITY': {
      const row = await ctx.loaders.entity.load(hit.ref_id);
      if (!row) throw missing();
      brandWithType(row, ENTITY_REFS[row.kind]);
      return row;
    }
    case 'EVENT': {
      const row = await ctx.loaders.event.load(hit.ref_id);
      if (!row) throw missing();
      brandWithType(row, Event);
      return row;
    }
    case 'CLAIM': {
      const row = await ctx.loaders.claim.load(hit.ref_id);
      if (!row) throw missing();
      brandWithType(row, Claim);
      return row;
    }
  }
}

/**
 * Markers are copied around every matched word of every hit: a long one multiplies into a huge answer,
 * so they are kept to the length of a tag.
 */
export const MAX_SNIPPET_MARKER_LENGTH = 32;

function checkMarker(name: string, marker: string): void {
  if (marker.length > MAX_SNIPPET_MARKER_LENGTH) {
    throw new InvalidInputError(
      `snippet(${name}:) is ${marker.length} characters long; the limit is ${MAX_SNIPPET_MARKER_LENGTH}`,
    );
  }
}

/** The fields of a selection set with the name `name`, through fragments and inline fragments. */
function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    const inner =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : info.fragments[selection.name.value]?.selectionSet;
    return fieldsNamed(inner, name, info);
  });
}

/**
 * Checks the markers of every `edges { node { snippet } }` a search selects before the search runs:
 * a request refused for its markers should not first cost the search.
 */
function checkSnippetMarkersOf(info: GraphQLResolveInfo): void {
  const hitType = info.schema.getType('SearchHit');
  const snippetField = isObjectType(hitType) ? hitType.getFields().snippet : undefined;
  if (!snippetField) return;
  for (const search of info.fieldNodes) {
    for (const edges of fieldsNamed(search.selectionSet, 'edges', info)) {
      for (const node of fieldsNamed(edges.selectionSet, 'node', info)) {
        for (const snippet of fieldsNamed(node.selectionSet, 'snippet', info)) {
          const args = getArgumentValues(snippetField, snippet, info.variableValues);
          checkMarker('open', String(args.open));
          checkMarker('close', String(args.close));
        }
      }
    }
  }
}

export const SearchHit = builder.objectRef<SearchHitRow>('SearchHit');

SearchHit.implement({
  description: 'A node that matches a search, how well, and the text that matched.',
  fields: (t) => ({
    kind: t.field({ type: SearchKindEnum, resolve: (hit) => hit.kind }),
    node: t.field({
      type: SearchResult,
      resolve: (hit, _args, ctx) => nodeOfHit(hit, ctx) as never,
    }),
    score: t.float({
      description:
        'Relevance: the negated bm25 score of the match, so higher is better. Names and titles weigh ten ' +
        'times more than bodies. Comparable between hits of one search only.',
      resolve: (hit) => -hit.score,
    }),
    snippet: t.string({
      description:
        'Up to 16 words around the match (from the name, title or text, whichever matched best), the ' +
        'matched terms wrapped in `open` and `close` (at most 32 characters each; longer is ' +
        'BAD_USER_INPUT). The text is not HTML-escaped.',
      args: {
        open: t.arg.string({ defaultValue: '<mark>', required: true }),
        close: t.arg.string({ defaultValue: '</mark>', required: true }),
      },
      resolve: (hit, args) => {
        checkMarker('open', args.open);
        checkMarker('close', args.close);
        return hit.snippet.replaceAll(SNIPPET_OPEN, args.open).replaceAll(SNIPPET_CLOSE, args.close);
      },
    }),
  }),
});

export const SearchHitConnection = connectionType<SearchHitRow>('SearchHit', SearchHit);

builder.queryFields((t) => ({
  search: t.field({
    type: SearchHitConnection,
    description:
      'Full-text search over entity names and aliases, article titles and bodies, event names and ' +
      'descriptions, and claim texts and quotes; most relevant first. Words are ANDed, "quoted words" ' +
      'match as a phrase, and the last word matches as a prefix ("Ber" finds Bergström). Input without ' +
      'letters or digits is BAD_USER_INPUT; more than 8 terms or 200 characters is QUERY_TOO_COMPLEX.',
    args: {
      query: t.arg.string({ required: true }),
      kinds: t.arg({ type: [SearchKindEnum], description: 'Only hits of these kinds (default: all).' }),
      ...connectionArgs(),
    },
    extensions: cacheSearchText('query'),
    resolve: async (_root, args, ctx, info) => {
      checkSnippetMarkersOf(info);
      const page = keysetPageArgs(args, 'RELEVANCE', 2, ['number', 'number']);
      const filters = {
        match: ftsQuery(args.query),
        kinds: args.kinds?.length ? JSON.stringify(args.kinds) : null,
      };
      const after = page.after ? ([Number(page.after[0]), Number(page.after[1])] as const) : null;
      const rows = await ctx.loaders.lookups().search.page(filters, after, page.limit);
      return toKeysetConnection(
        rows,
        page,
        (hit) => [hit.score, hit.hit_id],
        () => ctx.loaders.lookups().search.count(filters),
      );
    },
  }),
}));
