import pg from 'pg';
import { NUMBER_TYPES, type PgQueryable } from './postgres-sql.ts';

/**
 * How long a replica that failed is left alone before reads try it again: long enough that a restart
 * does not cost every read a failed attempt, short enough that reads move back soon after.
 */
const RETRY_AFTER_MS = 1_000;
/** How often a replica that is behind this process's writes is asked again how far it has replayed. */
const LAG_CHECK_MS = 5;
/** The replay position of a server that is not a standby: it has every write. */
const EVERYTHING = 1n << 64n;

/** A write-ahead-log position ("16/B374D848") as a number that compares. */
export function lsnValue(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Statements a hot standby can answer: reads that take no lock, call no sequence and write nothing. */
export function isReadOnlyStatement(text: string): boolean {
  return (
    /^\s*(?:SELECT|WITH|VALUES)\b/i.test(text) &&
    !/\b(?:INSERT|UPDATE|DELETE|MERGE|nextval|setval|pg_advisory\w*|txid_current)\b|\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY)\b/i.test(
      text,
    )
  );
}

/** Whether reads are going to the replica now, and why not when they are not. */
export type ReplicaState = 'replica' | 'behind' | 'unavailable';

export interface ReadRouting {
  /** Where the store's reads outside a transaction go: the replica when it has what they must see. */
  readonly reads: PgQueryable;
  /**
   * Called after a write committed on the primary: reads go to the primary until the replica has it.
   * Never throws: a write that committed answers success.
   */
  wrote(): Promise<void>;
  /** Where the next read would go. */
  state(): ReplicaState;
  close(): Promise<void>;
}

/**
 * Reads from a streaming replica, writes to the primary, and every read sees what this process has
 * seen committed. The primary's WAL position after each write (and after each look at the change log
 * that found other servers' writes) is a floor: a read goes to the replica only once the replica has
 * replayed past it, else to the primary. A replica that is down, restarting or cancels a read for a
 * recovery conflict costs nothing but the attempt: the read is answered by the primary.
 */
export function createReadRouting(
  primary: PgQueryable,
  replicaUrl: string,
  onUnavailable: (reason: string) => void = () => {},
): ReadRouting {
  const replica = new pg.Pool({ connectionString: replicaUrl, types: NUMBER_TYPES, max: 10 });
  // A replica that drops idle connections (a restart) must not end the process.
  replica.on('error', () => {});
  let floor = 0n;
  let replayed = -1n;
  let checkedAt = 0;
  let downUntil = 0;
  let checking: Promise<void> | undefined;

  const markDown = (error: unknown) => {
    if (Date.now() >= downUntil) onUnavailable(error instanceof Error ? error.message : String(error));
    downUntil = Date.now() + RETRY_AFTER_MS;
  };

  /** Asks the replica how far it has replayed; a server that is not in recovery has everything. */
  const checkReplay = () => {
    checking ??= (async () => {
      try {
        const { rows } = await replica.query(
          'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn',
        );
        const row = rows[0] as { standby: boolean; lsn: string | null } | undefined;
        replayed = row?.standby ? lsnValue(row.lsn ?? '0/0') : EVERYTHING;
      } catch (error) {
        markDown(error);
      } finally {
        checkedAt = Date.now();
        checking = undefined;
      }
    })();
    return checking;
  };

  const primaryPosition = async () => {
    const { rows } = await primary.query('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    return lsnValue(String((rows[0] as { lsn: string }).lsn));
  };

  async function replicaHasFloor(): Promise<boolean> {
    if (Date.now() < downUntil) return false;
    if (replayed >= floor) return true;
    if (Date.now() - checkedAt >= LAG_CHECK_MS) await checkReplay();
    return Date.now() >= downUntil && replayed >= floor;
  }

  const query = (async (config: pg.QueryConfig | string, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    if (!isReadOnlyStatement(text)) {
      const result = await primary.query(config as pg.QueryConfig, values);
      await routing.wrote();
      return result;
    }
    if (!(await replicaHasFloor())) return primary.query(config as pg.QueryConfig, values);
    try {
      return await replica.query(config as pg.QueryConfig, values);
    } catch (error) {
      // A statement the primary would refuse as well is refused by it again; anything else was the
      // replica's trouble (down, restarting, a read cancelled by replay), which the primary does not have.
      const code = (error as { code?: string }).code;
      if (!code || /^(?:08|57|53|58|XX)/.test(code)) markDown(error);
      return primary.query(config as pg.QueryConfig, values);
    }
  }) as PgQueryable['query'];

  const routing: ReadRouting = {
    reads: { query },
    async wrote() {
      try {
        const position = await primaryPosition();
        if (position > floor) floor = position;
      } catch (error) {
        // The write has committed and must answer so; without its position, the primary answers reads.
        markDown(error);
      }
    },
    state() {
      if (Date.now() < downUntil) return 'unavailable';
      return replayed >= floor ? 'replica' : 'behind';
    },
    close: () => replica.end(),
  };
  return routing;
}
