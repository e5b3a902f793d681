/** Counts the SQL statements a store runs: pass `onStatement` to `openStore`, read `count()`. */
export interface StatementCounter {
  onStatement(sql: string): void;
  /** Statements counted since creation or the last `reset`. */
  count(): number;
  /** Their SQL, in order, for a failure message. */
  statements(): readonly string[];
  reset(): void;
}

/**
 * The one statement counter of the tests. `ignore` leaves statements out of the count (the response
 * cache's version probe, which reads no table); `onCounted` sees each statement that is counted.
 */
export function statementCounter(
  options: { ignore?: (sql: string) => boolean; onCounted?: (sql: string) => void } = {},
): StatementCounter {
  let seen: string[] = [];
  return {
    onStatement(sql) {
      if (options.ignore?.(sql)) return;
      seen.push(sql);
      options.onCounted?.(sql);
    },
    count: () => seen.length,
    statements: () => seen,
    reset() {
      seen = [];
    },
  };
}
