import { DatabaseBusyError } from '../errors.ts';

/** Lets one transaction at a time use a connection; the others queue in arrival order. */
export interface WriteGate {
  /**
   * Waits for the connection, for at most `maxWaitMs`, and answers the function that hands it on.
   * Throws DatabaseBusyError when the wait runs out; nothing was written then.
   */
  acquire(maxWaitMs: number): Promise<() => void>;
}

/**
 * A transaction's work is asynchronous, so a second transaction on the same connection could begin in
 * the middle of the first and have its statements join it. The gate queues it instead. A wait that runs
 * out fails as busy, as a wait for another connection's write lock does, rather than hang: a transaction
 * that started another on the outer store instead of its own would otherwise wait for itself.
 */
export function createWriteGate(): WriteGate {
  let held = false;
  const waiting: (() => void)[] = [];
  const handOn = () => {
    const next = waiting.shift();
    if (next) next();
    else held = false;
  };
  return {
    acquire(maxWaitMs) {
      if (!held) {
        held = true;
        return Promise.resolve(once(handOn));
      }
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const turn = () => {
          clearTimeout(timer);
          resolve(once(handOn));
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(turn), 1);
          reject(new DatabaseBusyError(Math.round(performance.now() - started)));
        }, maxWaitMs);
        waiting.push(turn);
      });
    },
  };
}

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
