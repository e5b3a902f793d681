/** Rows back in the order of `keys`, `undefined` where a key has no row: what DataLoader expects. */
export function orderByKeys<K, R>(
  keys: readonly K[],
  rows: readonly R[],
  keyOf: (row: R) => K,
): (R | undefined)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key));
}

/** Rows grouped under each of `keys`, in key order; a key without rows gets an empty list. */
export function groupByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const key of keys) groups.set(key, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** Binds a list of keys as one parameter: SQL reads it back with json_each, whatever its length. */
export function keyList(keys: readonly (number | string)[]): string {
  return JSON.stringify(keys);
}
