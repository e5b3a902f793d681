import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** The change-log kind of each node type (see src/store/change-touches.ts). */
export const NODE_KINDS: Record<string, 'entity' | 'article' | 'claim' | 'event'> = {
  Person: 'entity',
  Country: 'entity',
  Organization: 'entity',
  Place: 'entity',
  Article: 'article',
  Claim: 'claim',
  Event: 'event',
};

/** The tag of a node's lists and figures: `links:entity:12`, as the in-memory cache joins typename and id. */
export const linksTag = (kind: string, id: number | string) => ({
  typename: `links:${kind}`,
  id: String(id),
});

/** The kind and database id behind a global id (`Person:12` in base64); null for anything else. */
export function nodeOfGlobalId(globalId: unknown): { kind: string; id: number } | null {
  if (typeof globalId !== 'string') return null;
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const kind = NODE_KINDS[decoded.slice(0, colon)];
  const id = Number(decoded.slice(colon + 1));
  return kind && Number.isInteger(id) ? { kind, id } : null;
}

/** What one selection set selects on one object type: each response key's field and sub-selections. */
type FieldPlan = Map<
  string,
  { leaf: boolean; type: GraphQLNamedType | null; selections: SelectionSetNode[] }
>;

/**
 * The nodes of an answer whose lists or figures it read: any field of a node that is not a scalar (its
 * offices, mentions, country, claims...) comes from rows other than the node's own, so a write that only
 * touches the node's links must drop the answer. Answers that show a node's own fields alone (its name)
 * need not. `data` is the answer as executed, before the cache's metadata fields were stripped: every
 * object carries its `__typename` and node id there.
 */
export function nodesWithLinksRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown>,
): { kind: string; id: number }[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  const queryType = schema.getQueryType();
  if (!operation || !queryType) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const plans = new Map<SelectionSetNode[], Map<string, FieldPlan>>();
  const found = new Map<string, { kind: string; id: number }>();

  function planOf(sets: SelectionSetNode[], type: GraphQLObjectType): FieldPlan {
    let byType = plans.get(sets);
    if (!byType) {
      byType = new Map();
      plans.set(sets, byType);
    }
    let plan = byType.get(type.name);
    if (plan) return plan;
    plan = new Map();
    const collect = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) addField(plan as FieldPlan, type, selection);
        else {
          const fragment =
            selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
          const condition = fragment?.typeCondition?.name.value;
          if (fragment && (!condition || appliesTo(condition, type))) collect(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) collect(set);
    byType.set(type.name, plan);
    return plan;
  }

  function appliesTo(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const named = schema.getType(condition);
    return !!named && isAbstractType(named) && schema.isSubType(named, type);
  }

  function addField(plan: FieldPlan, type: GraphQLObjectType, field: FieldNode) {
    const key = field.alias?.value ?? field.name.value;
    const definition = field.name.value.startsWith('__') ? null : type.getFields()[field.name.value];
    const named = definition ? getNamedType(definition.type) : null;
    const entry = plan.get(key) ?? { leaf: !named || isLeafType(named), type: named, selections: [] };
    if (field.selectionSet) entry.selections.push(field.selectionSet);
    plan.set(key, entry);
  }

  function visit(value: unknown, type: GraphQLNamedType, sets: SelectionSetNode[]): void {
    if (value == null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, type, sets);
      return;
    }
    const object = value as Record<string, unknown>;
    const concrete = isObjectType(type) ? type : schema.getType(String(typenameOf(object)));
    if (!concrete || !isObjectType(concrete)) return;
    const plan = planOf(sets, concrete);
    let readsLinks = false;
    for (const [key, entry] of plan) {
      if (!(key in object) || entry.leaf) continue;
      readsLinks = true;
      if (entry.type) visit(object[key], entry.type, entry.selections);
    }
    if (readsLinks && NODE_KINDS[concrete.name]) {
      const node = nodeOfGlobalId(object.__responseCacheId ?? object.id);
      if (node) found.set(`${node.kind}:${node.id}`, node);
    }
  }

  visit(data, queryType, [operation.selectionSet]);
  return [...found.values()];
}

function typenameOf(object: Record<string, unknown>): unknown {
  return object.__responseCacheTypeName ?? object.__typename;
}
