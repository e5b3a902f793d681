import type { Db } from './open.ts';

/**
 * The graph's version: it changes whenever a write commits, through this connection or any other (a
 * `seed` or `gen` run against the file the server reads). Caches key their entries by it, so a write makes
 * every cached answer unreachable without anyone having to know what the write touched.
 */
export function createVersionStore(db: Db) {
  // data_version changes when another connection commits; this connection's own commits are counted here.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let ownWrites = 0;
  return {
    current: () => `${ownWrites}.${dataVersion.get() as number}`,
    /** Called after each committed write transaction of this connection. */
    bump: () => {
      ownWrites++;
    },
  };
}
