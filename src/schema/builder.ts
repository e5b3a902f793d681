import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { InvalidInputError } from '../errors.ts';
import type { Context } from './context.ts';

// Types that have a global id; anything else in an id is a forged or foreign id.
const NODE_TYPES = new Set(['Article', 'Person', 'Country', 'Organization', 'Place', 'Event', 'Claim']);

/** Global ids are base64 of "Type:id": opaque to clients, yet they say which loader to use. */
function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const match = /^([A-Z][A-Za-z]+):(\d+)$/.exec(decoded);
  if (!match?.[1] || !match[2] || !NODE_TYPES.has(match[1])) {
    throw new InvalidInputError(`"${globalId}" is not a valid id`);
  }
  return { typename: match[1], id: match[2] };
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    ID: { Input: string; Output: string | number };
  };
}>({
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => Buffer.from(`${typename}:${id}`).toString('base64'),
    decodeGlobalID: decodeGlobalId,
    nodeTypeOptions: {
      description: 'Relay object identification: every node has a globally unique, opaque id.',
    },
  },
});

export { decodeGlobalId };

/** The schema's type parameters, for refs declared before they are implemented. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
