import { createLoaders, type Loaders } from '../loaders/index.ts';
import type { Store } from '../store/index.ts';
import { type Access, ANONYMOUS } from './access.ts';

export interface Context {
  loaders: Loaders;
  /** What the request's credentials allow: check with `requireAdmin` from ./access.ts. */
  access: Access;
}

export function createContext(store: Store, access: Access = ANONYMOUS): Context {
  return { loaders: createLoaders(store), access };
}
