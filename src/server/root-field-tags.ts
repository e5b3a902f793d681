/**
 * The tags of an answer's root fields (src/server/response-cache.ts): the lists they read, the owners
 * their arguments name, a search's words, a stats range's days.
 */
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { CacheOwners } from '../schema/cache-owners.ts';
import { canonicalCountryCode } from '../text/country-codes.ts';
import { linksTag, nodeOfGlobalId } from './answer-links.ts';
import { type CacheTag, GRAPH_TAG } from './cache-tags.ts';
import { searchQueryTags } from './search-tags.ts';
import { dayRangeTags } from './stats-tags.ts';

/** What tagging an answer needs of its request. */
export interface TaggedRequest {
  documentString: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown>;
}

/** The node type of a Relay connection type (`XConnection.edges.node`); null for anything else. */
function connectionNodeType(type: GraphQLNamedType): GraphQLNamedType | null {
  if (!isObjectType(type)) return null;
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  if (!edge || !isObjectType(edge)) return null;
  const node = edge.getFields().node;
  return node ? getNamedType(node.type) : null;
}

interface RootField {
  responseKey: string;
  /** `list:<Type>` or `graph` tags the field always carries. */
  tags: string[];
  /** A lookup of one node: tagged with its type's list only when it found nothing. */
  lookupTags: string[];
  /** Arguments naming a node that owns the list: when one is given, its links tag replaces `tags`. */
  owners: { kind: string; variable?: string; literal?: string }[];
  /** For a search: where its text comes from; the text's words tag it (src/server/search-tags.ts). */
  searchText?: ArgumentSource;
  /** For stats within days: where the range's ends come from; a short range is tagged by its days. */
  dayRange?: { from: ArgumentSource | undefined; to: ArgumentSource | undefined };
}

/** Where an argument's value comes from: a variable, or a literal string. */
type ArgumentSource = { variable?: string; literal?: string };

/**
 * Which list tags an operation's root fields carry. Worked out once per document; an operation it cannot
 * read (fragments at the root, unknown fields) answers null and is not cached.
 */
export function createRootFieldTags(schema: GraphQLSchema) {
  const byDocument = new Map<string, RootField[] | null>();
  const queryType = schema.getQueryType();

  function nodeTypesOf(type: GraphQLNamedType): string[] | null {
    const types = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    if (!types.length || types.some((t) => !t.getFields().id)) return null;
    return types.map((t) => t.name);
  }

  function describe(documentString: string, operationName: string | null | undefined): RootField[] | null {
    let document: DocumentNode;
    try {
      document = parse(documentString);
    } catch {
      return null;
    }
    const operation = getOperationAST(document, operationName ?? undefined);
    if (operation?.operation !== 'query' || !queryType) return null;
    const fields: RootField[] = [];
    const selections = (set: SelectionSetNode): boolean => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!selections(selection.selectionSet)) return false;
          continue;
        }
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = document.definitions.find(
            (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
          );
          if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION) return false;
          if (!selections(fragment.selectionSet)) return false;
          continue;
        }
        const name = selection.name.value;
        const responseKey = selection.alias?.value ?? name;
        if (name.startsWith('__')) continue;
        const field = queryType?.getFields()[name];
        if (!field) return false;
        const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
        const named = getNamedType(field.type);
        const connectionNode = connectionNodeType(named);
        const listed = nodeTypesOf(connectionNode ?? named);
        const owners = ownerArguments(field.extensions?.cacheOwners as CacheOwners | undefined, selection);
        const searchText = argumentSource(field.extensions?.cacheSearchText, selection);
        const dayRange = field.extensions?.cacheDayRange as { from: string; to: string } | undefined;
        if (dayRange) {
          fields.push({
            responseKey,
            tags: [GRAPH_TAG],
            lookupTags: [],
            owners,
            dayRange: {
              from: argumentSource(dayRange.from, selection),
              to: argumentSource(dayRange.to, selection),
            },
          });
        } else if (searchText) {
          fields.push({ responseKey, tags: [], lookupTags: [], owners, searchText });
        } else if (!listed) {
          fields.push({ responseKey, tags: [GRAPH_TAG], lookupTags: [], owners });
        } else if (connectionNode || isListType(unwrapped)) {
          fields.push({ responseKey, tags: listed.map((t) => `list:${t}`), lookupTags: [], owners });
        } else {
          fields.push({ responseKey, tags: [], lookupTags: listed.map((t) => `list:${t}`), owners });
        }
      }
      return true;
    };
    return selections(operation.selectionSet) ? fields : null;
  }

  return {
    /** The root fields' tags of one answer; null when it must not be cached. */
    async tagsOf(
      request: TaggedRequest,
      data: Record<string, unknown> | null,
      countryIdOf: (code: string) => Promise<number | null>,
    ): Promise<CacheTag[] | null> {
      const { documentString, operationName, variables } = request;
      const cacheKey = `${operationName ?? ''}\n${documentString}`;
      let fields = byDocument.get(cacheKey);
      if (fields === undefined) {
        fields = describe(documentString, operationName);
        if (byDocument.size > 1000) byDocument.clear();
        byDocument.set(cacheKey, fields);
      }
      if (!fields || !data) return null;
      const tags = new Map<string, CacheTag>();
      const add = (tag: CacheTag) => tags.set(`${tag.typename}:${tag.id}`, tag);
      for (const field of fields) {
        if (field.searchText) {
          const text = field.searchText.variable
            ? variables[field.searchText.variable]
            : field.searchText.literal;
          if (typeof text !== 'string') return null;
          searchQueryTags(text).forEach(add);
          continue;
        }
        const argumentValue = (source: ArgumentSource | undefined) =>
          source?.variable !== undefined ? variables[source.variable] : source?.literal;
        const days =
          field.dayRange &&
          dayRangeTags(argumentValue(field.dayRange.from), argumentValue(field.dayRange.to));
        if (days) {
          days.forEach(add);
          continue;
        }
        const owners = await ownersOf(field, variables, countryIdOf);
        if (owners.length) owners.forEach(add);
        else for (const typename of field.tags) add({ typename });
        if (data[field.responseKey] == null) for (const typename of field.lookupTags) add({ typename });
      }
      return [...tags.values()];
    },
  };
}

/** Where the named argument of a field takes its value from; undefined when it is not given. */
function argumentSource(argumentName: unknown, selection: FieldNode): ArgumentSource | undefined {
  if (typeof argumentName !== 'string') return undefined;
  const argument = selection.arguments?.find((a) => a.name.value === argumentName);
  if (argument?.value.kind === Kind.VARIABLE) return { variable: argument.value.name.value };
  if (argument?.value.kind === Kind.STRING) return { literal: argument.value.value };
  return undefined;
}

/** Where a root field's owner arguments take their values from: a variable or a literal id. */
function ownerArguments(owners: CacheOwners | undefined, selection: FieldNode): RootField['owners'] {
  if (!owners) return [];
  return (selection.arguments ?? []).flatMap((argument): RootField['owners'] => {
    const kind = owners[argument.name.value];
    if (!kind) return [];
    if (argument.value.kind === Kind.VARIABLE) return [{ kind, variable: argument.value.name.value }];
    if (argument.value.kind === Kind.STRING) return [{ kind, literal: argument.value.value }];
    return [];
  });
}

/** The links tags of the nodes a root field's owner arguments name in this request. */
async function ownersOf(
  field: RootField,
  variables: Record<string, unknown>,
  countryIdOf: (code: string) => Promise<number | null>,
): Promise<CacheTag[]> {
  const tags: CacheTag[] = [];
  for (const owner of field.owners) {
    const value = owner.variable === undefined ? owner.literal : variables[owner.variable];
    if (owner.kind === 'countryCode') {
      const code = typeof value === 'string' ? canonicalCountryCode(value) : null;
      const id = code ? await countryIdOf(code) : null;
      // No such country: the list is empty until an event of some new country comes (its type's tag).
      if (id !== null) tags.push(linksTag('entity', id));
      continue;
    }
    const node = nodeOfGlobalId(value);
    if (node && node.kind === owner.kind) tags.push(linksTag(node.kind, node.id));
  }
  return tags;
}
