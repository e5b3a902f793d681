import type { Store } from '../src/store/index.ts';
import { rawSqlOf } from './raw-sql.ts';

/** The message of every injected failure. */
export const INJECTED = 'injected';

export interface InjectedFailure {
  /** Which row writes fail: those of `table` of this kind. */
  table: string;
  when: 'insert' | 'update' | 'delete';
  /**
   * Only rows for which this SQL condition holds, over NEW (insert, update) or OLD (update, delete), in
   * SQL both engines read alike: `NEW.text LIKE '%word%'`, say.
   */
  where?: string;
  /**
   * PostgreSQL only: the SQLSTATE the failure is raised with (P0001, raise_exception, unless given), so
   * that it stands in for an error of the server's own: 53100 (disk_full), say. SQLite's RAISE sets none.
   */
  postgresErrorCode?: string;
}

let injected = 0;

/**
 * Makes every matching row write to `table` fail with a real database error (message "injected"),
 * raised by a trigger in the middle of the write, so that the code under test runs unchanged. On SQLite a
 * BEFORE trigger that RAISEs ABORT; on PostgreSQL a BEFORE … FOR EACH ROW trigger whose plpgsql function
 * raises an exception. `remove` takes it away again.
 */
export async function injectFailure(
  store: Store,
  { table, when, where, postgresErrorCode }: InjectedFailure,
): Promise<{ remove: () => Promise<void> }> {
  const raw = rawSqlOf(store);
  const name = `injected_failure_${++injected}`;
  const event = when.toUpperCase();
  if (raw.engine === 'sqlite') {
    if (postgresErrorCode) throw new Error('a failure injected into SQLite has no SQLSTATE');
    await raw.exec(
      `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} ${where ? `WHEN ${where}` : ''}
       BEGIN SELECT RAISE(ABORT, '${INJECTED}'); END`,
    );
    return { remove: () => raw.exec(`DROP TRIGGER ${name}`) };
  }
  await raw.exec(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '${INJECTED}' USING ERRCODE = '${postgresErrorCode ?? 'P0001'}'; END $$;
     CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW ${where ? `WHEN (${where})` : ''}
       EXECUTE FUNCTION ${name}()`,
  );
  return { remove: () => raw.exec(`DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}()`) };
}
