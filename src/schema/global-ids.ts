import { InvalidInputError } from '../errors.ts';
import { decodeGlobalId } from './builder.ts';

const ENTITY_TYPES = new Set(['Person', 'Country', 'Organization', 'Place']);

/** The database id behind an entity's global id; BAD_USER_INPUT for malformed ids or ids of other types. */
export function entityIdArg(argument: string, globalId: string): number {
  const { typename, id } = decodeGlobalId(globalId);
  if (!ENTITY_TYPES.has(typename)) {
    throw new InvalidInputError(`"${argument}" must be the id of an entity, got the id of a ${typename}`);
  }
  return Number(id);
}

/** The database id behind a global id of one type. */
export function idOfType(argument: string, globalId: string, type: string): number {
  const { typename, id } = decodeGlobalId(globalId);
  if (typename !== type) {
    throw new InvalidInputError(`"${argument}" must be the id of a ${type}, got the id of a ${typename}`);
  }
  return Number(id);
}
