import { type GraphQLField, getNamedType, getNullableType, isListType } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './pagination.ts';

/** How many items a plain list (participants, offices, aliases) is assumed to hold when costing. */
export const LIST_COST_MULTIPLIER = 5;

/**
 * The estimated cost of one field, for the complexity plugin: every field costs 1, and what is
 * selected under it counts once per item it may return. A connection returns up to `first` nodes
 * (its default page when absent), `nodes(ids:)` one per id, any other list LIST_COST_MULTIPLIER.
 */
export function fieldCost(
  args: Record<string, unknown>,
  _ctx: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: the plugin passes fields of any context type
  field: GraphQLField<unknown, any>,
): { field: number; multiplier: number } {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    return { field: 1, multiplier: Math.max(first, 0) };
  }
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  // Edges are already counted by their connection's `first`.
  if (isListType(getNullableType(field.type)) && !getNamedType(field.type).name.endsWith('Edge')) {
    return { field: 1, multiplier: LIST_COST_MULTIPLIER };
  }
  return { field: 1, multiplier: 1 };
}
