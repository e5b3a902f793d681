import type { ChangeLog, ChangesSince } from './change-log.ts';
import type { Db } from './open.ts';

/**
 * The graph's version: it changes whenever a write commits, through this connection or any other (a CLI
 * `ingest`, `seed` or `gen` run against the file the server reads). Checking it costs one pragma, so a cache
 * can check it on every request and read the change log only when it moved.
 */
export function createVersionStore(db: Db, changeLog: ChangeLog) {
  // data_version changes when another connection commits; this connection's own commits are counted here.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let ownWrites = 0;
  return {
    current: () => `${ownWrites}.${dataVersion.get() as number}`,
    /** Called after each committed write transaction of this connection. */
    bump: () => {
      ownWrites++;
    },
    /**
     * A cursor over committed writes, from now on: each poll answers what was touched since the previous
     * one, or null when nothing committed, and the graph version it saw (one pragma in all when nothing
     * moved). A commit by another connection that logged nothing (a writer that does not keep the log)
     * answers `everything`. A poll with `readLog` false (a cache holding nothing) only notes the move; the
     * next poll that reads the log then answers those writes too, which can only drop more than needed.
     */
    watch(): (readLog?: boolean) => { version: string; changes: ChangesSince | null } {
      let seenOwn = ownWrites;
      let seenData = dataVersion.get() as number;
      let seq = changeLog.latest();
      let unreadOther = false;
      return (readLog = true) => {
        const data = dataVersion.get() as number;
        const version = `${ownWrites}.${data}`;
        if (data === seenData && ownWrites === seenOwn) return { version, changes: null };
        const otherConnection = unreadOther || data !== seenData;
        if (!readLog) {
          unreadOther = otherConnection;
          seenData = data;
          seenOwn = ownWrites;
          return { version, changes: null };
        }
        unreadOther = false;
        seenData = data;
        seenOwn = ownWrites;
        const changes = changeLog.since(seq);
        seq = changes.seq;
        if (!changes.everything && !changes.nodes.length && otherConnection) {
          return { version, changes: { seq, everything: true } };
        }
        return { version, changes };
      };
    },
  };
}
