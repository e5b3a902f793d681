import type { ChangeLog, ChangesSince } from './change-log.ts';
import type { Db } from './open.ts';

/** What a poll of a change cursor answers: the graph version it saw, and what changed, if it read that. */
export interface ChangePoll {
  version: string;
  changes: ChangesSince | null;
}

/**
 * A cursor over committed writes: each call answers what was touched since the previous one, or null
 * changes when nothing committed. With `readLog` false it only notes that something moved.
 */
export type ChangeCursor = (readLog?: boolean) => Promise<ChangePoll>;

export interface GraphVersion {
  /** Changes with every committed write, from this process or another. */
  current(): string;
  /** Called after each committed write transaction of this connection, with its change-log row. */
  bump(seq: number | null): void;
  /** A cursor over what committed writes touch, from now on. */
  watch(): ChangeCursor;
}

/** How long a move of the version with nothing logged waits for the write that may have caused it. */
const WRITER_SETTLE_MS = 500;
const SETTLE_POLL_MS = 5;

/**
 * The graph's version: it changes whenever a write commits, through this connection or any other (a CLI
 * `ingest`, `seed` or `gen` run against the file the server reads). Checking it costs one pragma, so a cache
 * can check it on every request and read the change log only when it moved.
 */
export function createVersionStore(db: Db, changeLog: ChangeLog): GraphVersion {
  // data_version changes when another connection commits; this connection's own commits are counted here.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let ownWrites = 0;
  // The latest log row known committed: read once when the store opens, then moved by this connection's
  // own commits. A cursor starts there; rows other connections committed since are read again, which can
  // only drop more than needed.
  let knownSeq = changeLog.latest();
  /** The data version once it moves past `data`, or null when it stays for WRITER_SETTLE_MS. */
  async function nextMove(data: number): Promise<number | null> {
    for (let waited = 0; waited < WRITER_SETTLE_MS; waited += SETTLE_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      const now = dataVersion.get() as number;
      if (now !== data) return now;
    }
    return null;
  }
  return {
    current: () => `${ownWrites}.${dataVersion.get() as number}`,
    bump: (seq) => {
      ownWrites++;
      if (seq !== null) knownSeq = Math.max(knownSeq, seq);
    },
    /**
     * A cursor over committed writes, from now on: each poll answers what was touched since the previous
     * one, or null when nothing committed, and the graph version it saw (one pragma in all when nothing
     * moved). A commit by another connection that logged nothing (a writer that does not keep the log)
     * answers `everything`. A poll with `readLog` false (a cache holding nothing) moves past the writes
     * without reading what they touched: answers cached later were made after them.
     * Nothing but the pragma is read when the cursor is made.
     */
    watch() {
      let seenOwn = ownWrites;
      let seenData = dataVersion.get() as number;
      let seq = knownSeq;
      // Another connection may commit between the pragma and the log's read (a writer thread runs in
      // parallel): its rows are read then, and the next poll's empty read is not an unlogged write.
      let raced = false;
      const poll: ChangeCursor = async (readLog = true) => {
        const data = dataVersion.get() as number;
        const version = `${ownWrites}.${data}`;
        if (data === seenData && ownWrites === seenOwn) return { version, changes: null };
        const otherConnection = data !== seenData;
        seenData = data;
        seenOwn = ownWrites;
        const racedBefore = raced;
        if (!readLog) {
          // This connection's own commits are known without a read; another's need the log's end.
          seq = otherConnection ? changeLog.latest() : knownSeq;
          raced = otherConnection && dataVersion.get() !== data;
          return { version, changes: null };
        }
        const read = changeLog.since(seq);
        raced = dataVersion.get() !== data;
        let changes = await read;
        seq = changes.seq;
        if (!changes.everything && !changes.nodes.length && otherConnection && !racedBefore) {
          // The version also moves, with nothing committed, when a writer restarts the WAL at the start
          // of its transaction: wait for that commit before taking the move for an unlogged write.
          const committed = await nextMove(data);
          if (committed === null) return { version, changes: { seq, everything: true } };
          seenData = committed;
          changes = await changeLog.since(seq);
          seq = changes.seq;
          if (!changes.everything && !changes.nodes.length)
            return { version, changes: { seq, everything: true } };
          return { version: `${ownWrites}.${committed}`, changes };
        }
        return { version, changes };
      };
      return poll;
    },
  };
}
