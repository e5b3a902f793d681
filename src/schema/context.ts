import { createLoaders, type Loaders } from '../loaders/index.ts';
import type { Store } from '../store/index.ts';

export interface Context {
  loaders: Loaders;
}

export function createContext(store: Store): Context {
  return { loaders: createLoaders(store) };
}
